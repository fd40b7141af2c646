"""Asynchronous Twilio Video v1 client: thin transport over the shared operations."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from types import TracebackType
from typing import Self, TypeVar, Unpack

import httpx

from mappings.limits import TWILIO_MEDIA_TTL_MAX
from migrate.retry import RetryPolicy
from migrate.settings import Settings
from migrate.twilio import operations as ops
from migrate.twilio.calls import Call, ListCall, Pager
from migrate.twilio.core import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_TIMEOUT,
    BaseTwilioClient,
)
from migrate.twilio.models import (
    Composition,
    CompositionHook,
    CompositionSettings,
    Participant,
    ParticipantStatus,
    PublishedTrack,
    Recording,
    RecordingRule,
    RecordingRules,
    RecordingSettings,
    ResourceT,
    Room,
    RoomRecording,
    RoomStatus,
    SubscribedTrack,
    SubscribeRule,
    SubscribeRules,
    Transcription,
)
from migrate.twilio.operations import JsonObject, MediaSource

T = TypeVar("T")


class AsyncTwilioVideoClient(BaseTwilioClient):
    """Twilio Video v1 REST client (asyncio). Use ``async with`` or await :meth:`aclose`.

    ``username``/``password`` are an API key SID and secret (preferred) or an account SID
    and auth token. Lists are lazy async iterators holding one page at a time.
    """

    def __init__(
        self,
        username: str,
        password: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        http2: bool = True,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            username,
            password,
            base_url=base_url,
            timeout=timeout,
            retry=retry,
            http2=http2,
            max_connections=max_connections,
        )
        self._http = httpx.AsyncClient(**self._httpx_options, transport=transport)

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        """A client with the settings' credentials (API key pair preferred) and base URL."""
        username, password = settings.twilio_basic_auth()
        return cls(username, password, base_url=settings.twilio_video_base_url)

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _run(self, call: Call[T]) -> T:
        request = self._http.build_request(**self._request_args(call))
        attempt = 1
        while True:
            try:
                response = await self._http.send(request)
            except httpx.TransportError as error:
                delay = self._wait_after_error(request, attempt, error)
            else:
                maybe_delay = self._wait_after_response(request, attempt, response)
                if maybe_delay is None:
                    return self._result(call, response)
                delay = maybe_delay
            await asyncio.sleep(delay)
            attempt += 1

    async def _iterate(self, listing: ListCall[ResourceT]) -> AsyncIterator[ResourceT]:
        pager = Pager(listing)
        while (call := pager.next_call()) is not None:
            for item in pager.take(await self._run(call)):
                yield item

    # --- rooms ------------------------------------------------------------------------

    def list_rooms(self, **filters: Unpack[ops.RoomFilters]) -> AsyncIterator[Room]:
        """Rooms, lazily; Twilio lists only in-progress rooms unless ``status`` is given."""
        return self._iterate(ops.list_rooms(**filters))

    async def fetch_room(self, sid_or_unique_name: str) -> Room:
        """One room by SID, or by unique name while it is in progress."""
        return await self._run(ops.fetch_room(sid_or_unique_name))

    async def create_room(self, **params: Unpack[ops.RoomParams]) -> Room:
        """Create a room."""
        return await self._run(ops.create_room(**params))

    async def update_room(self, sid: str, status: RoomStatus) -> Room:
        """Set a room's status (``completed`` ends it)."""
        return await self._run(ops.update_room(sid, status))

    # --- participants and tracks ------------------------------------------------------

    def list_participants(
        self, room_sid: str, **filters: Unpack[ops.ParticipantFilters]
    ) -> AsyncIterator[Participant]:
        """A room's participants, lazily."""
        return self._iterate(ops.list_participants(room_sid, **filters))

    async def fetch_participant(self, room_sid: str, sid_or_identity: str) -> Participant:
        """One participant by SID or identity."""
        return await self._run(ops.fetch_participant(room_sid, sid_or_identity))

    async def update_participant(
        self, room_sid: str, sid: str, status: ParticipantStatus
    ) -> Participant:
        """Set a participant's status (``disconnected`` removes them)."""
        return await self._run(ops.update_participant(room_sid, sid, status))

    async def anonymize_participant(self, room_sid: str, sid: str) -> Participant:
        """Replace a participant's identity with its SID."""
        return await self._run(ops.anonymize_participant(room_sid, sid))

    def list_published_tracks(
        self, room_sid: str, participant_sid: str, **options: Unpack[ops.PageOptions]
    ) -> AsyncIterator[PublishedTrack]:
        """Tracks a participant publishes, lazily."""
        return self._iterate(ops.list_published_tracks(room_sid, participant_sid, **options))

    async def fetch_published_track(
        self, room_sid: str, participant_sid: str, sid: str
    ) -> PublishedTrack:
        """One published track."""
        return await self._run(ops.fetch_published_track(room_sid, participant_sid, sid))

    def list_subscribed_tracks(
        self, room_sid: str, participant_sid: str, **options: Unpack[ops.PageOptions]
    ) -> AsyncIterator[SubscribedTrack]:
        """Tracks a participant subscribes to, lazily."""
        return self._iterate(ops.list_subscribed_tracks(room_sid, participant_sid, **options))

    async def fetch_subscribed_track(
        self, room_sid: str, participant_sid: str, sid: str
    ) -> SubscribedTrack:
        """One subscribed track (by its ``MT`` SID)."""
        return await self._run(ops.fetch_subscribed_track(room_sid, participant_sid, sid))

    async def fetch_subscribe_rules(self, room_sid: str, participant_sid: str) -> SubscribeRules:
        """A participant's subscribe rules."""
        return await self._run(ops.fetch_subscribe_rules(room_sid, participant_sid))

    async def update_subscribe_rules(
        self, room_sid: str, participant_sid: str, rules: Sequence[SubscribeRule | JsonObject]
    ) -> SubscribeRules:
        """Replace a participant's subscribe rules."""
        return await self._run(ops.update_subscribe_rules(room_sid, participant_sid, rules))

    # --- recording rules and recordings -----------------------------------------------

    async def fetch_recording_rules(self, room_sid: str) -> RecordingRules:
        """A room's recording rules."""
        return await self._run(ops.fetch_recording_rules(room_sid))

    async def update_recording_rules(
        self, room_sid: str, rules: Sequence[RecordingRule | JsonObject]
    ) -> RecordingRules:
        """Replace a room's recording rules."""
        return await self._run(ops.update_recording_rules(room_sid, rules))

    def list_recordings(self, **filters: Unpack[ops.RecordingFilters]) -> AsyncIterator[Recording]:
        """The account's recordings, lazily (deleted ones only with ``status="deleted"``)."""
        return self._iterate(ops.list_recordings(**filters))

    async def fetch_recording(self, sid: str) -> Recording:
        """One recording."""
        return await self._run(ops.fetch_recording(sid))

    async def delete_recording(self, sid: str) -> None:
        """Delete a recording's media."""
        await self._run(ops.delete_recording(sid))

    def list_room_recordings(
        self, room_sid: str, **filters: Unpack[ops.RoomRecordingFilters]
    ) -> AsyncIterator[RoomRecording]:
        """A room's recordings, lazily."""
        return self._iterate(ops.list_room_recordings(room_sid, **filters))

    async def fetch_room_recording(self, room_sid: str, sid: str) -> RoomRecording:
        """One recording of a room."""
        return await self._run(ops.fetch_room_recording(room_sid, sid))

    async def delete_room_recording(self, room_sid: str, sid: str) -> None:
        """Delete one recording of a room."""
        await self._run(ops.delete_room_recording(room_sid, sid))

    # --- compositions and hooks -------------------------------------------------------

    def list_compositions(
        self, **filters: Unpack[ops.CompositionFilters]
    ) -> AsyncIterator[Composition]:
        """The account's compositions, lazily."""
        return self._iterate(ops.list_compositions(**filters))

    async def create_composition(
        self, room_sid: str, **params: Unpack[ops.CompositionParams]
    ) -> Composition:
        """Compose a room's recordings."""
        return await self._run(ops.create_composition(room_sid, **params))

    async def fetch_composition(self, sid: str) -> Composition:
        """One composition."""
        return await self._run(ops.fetch_composition(sid))

    async def delete_composition(self, sid: str) -> None:
        """Delete a composition's media."""
        await self._run(ops.delete_composition(sid))

    def list_composition_hooks(
        self, **filters: Unpack[ops.CompositionHookFilters]
    ) -> AsyncIterator[CompositionHook]:
        """The account's composition hooks, lazily."""
        return self._iterate(ops.list_composition_hooks(**filters))

    async def create_composition_hook(
        self, friendly_name: str, **params: Unpack[ops.CompositionHookParams]
    ) -> CompositionHook:
        """Create a composition hook."""
        return await self._run(ops.create_composition_hook(friendly_name, **params))

    async def fetch_composition_hook(self, sid: str) -> CompositionHook:
        """One composition hook."""
        return await self._run(ops.fetch_composition_hook(sid))

    async def update_composition_hook(
        self, sid: str, friendly_name: str, **params: Unpack[ops.CompositionHookParams]
    ) -> CompositionHook:
        """Update a composition hook (the spec requires ``friendly_name``)."""
        return await self._run(ops.update_composition_hook(sid, friendly_name, **params))

    async def delete_composition_hook(self, sid: str) -> None:
        """Delete a composition hook."""
        await self._run(ops.delete_composition_hook(sid))

    # --- storage settings -------------------------------------------------------------

    async def fetch_recording_settings(self) -> RecordingSettings:
        """The account's recording storage settings."""
        return await self._run(ops.fetch_recording_settings())

    async def create_recording_settings(
        self, **params: Unpack[ops.StorageSettingsParams]
    ) -> RecordingSettings:
        """Set the account's recording storage settings."""
        return await self._run(ops.create_recording_settings(**params))

    async def fetch_composition_settings(self) -> CompositionSettings:
        """The account's composition storage settings."""
        return await self._run(ops.fetch_composition_settings())

    async def create_composition_settings(
        self, **params: Unpack[ops.StorageSettingsParams]
    ) -> CompositionSettings:
        """Set the account's composition storage settings."""
        return await self._run(ops.create_composition_settings(**params))

    # --- transcriptions ---------------------------------------------------------------

    def list_transcriptions(
        self, room_sid: str, **options: Unpack[ops.PageOptions]
    ) -> AsyncIterator[Transcription]:
        """A room's transcriptions, lazily."""
        return self._iterate(ops.list_transcriptions(room_sid, **options))

    async def create_transcription(
        self, room_sid: str, **params: Unpack[ops.TranscriptionParams]
    ) -> Transcription:
        """Start transcribing a room."""
        return await self._run(ops.create_transcription(room_sid, **params))

    async def fetch_transcription(self, room_sid: str, ttid: str) -> Transcription:
        """One transcription of a room."""
        return await self._run(ops.fetch_transcription(room_sid, ttid))

    async def update_transcription(
        self, room_sid: str, ttid: str, **params: Unpack[ops.TranscriptionParams]
    ) -> Transcription:
        """Change a transcription (e.g. ``status="stopped"``)."""
        return await self._run(ops.update_transcription(room_sid, ttid, **params))

    # --- media ------------------------------------------------------------------------

    async def media_url(
        self, resource_or_sid: MediaSource, *, ttl: int = TWILIO_MEDIA_TTL_MAX
    ) -> str:
        """The temporary download URL of a recording or composition (not followed).

        The URL is pre-signed: fetch it without Twilio credentials, within ``ttl`` seconds.
        """
        return await self._run(ops.media_url(resource_or_sid, ttl))
