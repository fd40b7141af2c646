"""Counterpart of ``twilio.rest.video.v1.room.participant``: participants are Zoom users.

list -> ``GET /videosdk/sessions/{id}/users?type=live|past`` (status and identity are
filtered here); fetch -> the same list, matched by PA SID or identity (Zoom has no
single-user GET); update(status="disconnected") -> ``PATCH .../events`` ``user.remove``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from mappings.names import user_key_for
from mappings.sids import PARTICIPANT, is_sid
from migrate.shim.base.instance_resource import InstanceResource
from migrate.shim.base.list_resource import ListResource
from migrate.shim.errors import call_zoom, not_found, rest_error, zoom_errors
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1 import _views
from migrate.shim.rest.video.v1._async import with_async_methods
from migrate.shim.rest.video.v1._resolve import ResolvedRoom
from migrate.shim.rest.video.v1._unsupported import UnsupportedResource
from migrate.zoom.models import SessionUser

RoomResolver = Callable[[], ResolvedRoom]


@with_async_methods
class ParticipantInstance(InstanceResource):
    """A participant with Twilio's attributes, backed by a Zoom session user."""

    class Status:
        CONNECTED = "connected"
        DISCONNECTED = "disconnected"
        RECONNECTING = "reconnecting"

    sid: str
    room_sid: str
    account_sid: str
    status: str
    identity: str
    date_created: dt.datetime | None
    date_updated: dt.datetime | None
    start_time: dt.datetime | None
    end_time: dt.datetime | None
    duration: int | None
    url: str
    links: dict[str, str]

    def __init__(
        self, backend: ZoomBackend, room: RoomResolver, properties: dict[str, Any]
    ) -> None:
        super().__init__(properties)
        self._backend = backend
        self._room = room

    @property
    def _proxy(self) -> ParticipantContext:
        return ParticipantContext(self._backend, self._room, self.sid)

    def fetch(self) -> ParticipantInstance:
        """Fetch the participant again."""
        return self._proxy.fetch()

    def update(self, status: str | None = None) -> ParticipantInstance:
        """``status="disconnected"`` removes the user from the Zoom session."""
        return self._proxy.update(status)

    @property
    def published_tracks(self) -> UnsupportedResource:
        """Zoom has no track objects; calls raise with the alternative."""
        return self._proxy.published_tracks

    @property
    def subscribed_tracks(self) -> UnsupportedResource:
        """Zoom has no track subscriptions; calls raise with the alternative."""
        return self._proxy.subscribed_tracks

    @property
    def subscribe_rules(self) -> UnsupportedResource:
        """Zoom has no server-side subscribe rules; calls raise with the alternative."""
        return self._proxy.subscribe_rules

    @property
    def anonymize(self) -> UnsupportedResource:
        """Zoom cannot anonymize a user; calls raise with the alternative."""
        return self._proxy.anonymize


@with_async_methods
class ParticipantContext:
    """``rooms(sid).participants(sid_or_identity)``."""

    def __init__(self, backend: ZoomBackend, room: RoomResolver, sid: str) -> None:
        self._backend = backend
        self._room = room
        self._sid = sid

    def _uri(self) -> str:
        return f"/Rooms/{self._room().sid}/Participants/{self._sid}"

    def _find(self) -> tuple[ResolvedRoom, SessionUser]:
        room = self._room()
        uri = self._uri()
        wanted_key = None if is_sid(self._sid, PARTICIPANT) else user_key_for(self._sid)
        with zoom_errors(uri):
            for zoom_type in _views.user_list_types(self._backend, room):
                for user in self._backend.zoom.list_session_users(room.session_id, type=zoom_type):
                    if _views.participant_sid_for(room, user) == self._sid or (
                        wanted_key is not None and user.user_key == wanted_key
                    ):
                        return room, user
        raise not_found(uri)

    def fetch(self) -> ParticipantInstance:
        """The participant (found by PA SID or identity in the session's user list)."""
        room, user = self._find()
        return ParticipantInstance(
            self._backend, self._room, _views.participant_view(self._backend, room, user)
        )

    def update(self, status: str | None = None) -> ParticipantInstance:
        """Disconnect the participant: Zoom ``user.remove`` by ``participant_uuid``."""
        uri = self._uri()
        if status != ParticipantInstance.Status.DISCONNECTED:
            raise rest_error(
                400,
                uri,
                f"Participant status can only be set to disconnected, not {status!r}",
                "POST",
            )
        room, user = self._find()
        if user.leave_time is None:
            params = {"participant_uuid": user.participant_uuid}
            call_zoom(
                lambda: self._backend.zoom.session_event(room.session_id, "user.remove", params),
                uri,
                "POST",
                "update",
            )
            # A live Zoom session lists present users only; answer as Twilio does.
            user = user.model_copy(update={"leave_time": dt.datetime.now(dt.UTC)})
        view = _views.participant_view(self._backend, room, user)
        return ParticipantInstance(self._backend, self._room, view)

    @property
    def published_tracks(self) -> UnsupportedResource:
        """Zoom has no track objects."""
        return UnsupportedResource(
            "video.published_tracks",
            "participants(sid).published_tracks",
            self._uri() + "/PublishedTracks",
        )

    @property
    def subscribed_tracks(self) -> UnsupportedResource:
        """Zoom has no track subscriptions."""
        return UnsupportedResource(
            "video.subscribed_tracks",
            "participants(sid).subscribed_tracks",
            self._uri() + "/SubscribedTracks",
        )

    @property
    def subscribe_rules(self) -> UnsupportedResource:
        """Zoom has no server-side subscribe rules."""
        return UnsupportedResource(
            "video.subscribe_rules",
            "participants(sid).subscribe_rules",
            self._uri() + "/SubscribeRules",
        )

    @property
    def anonymize(self) -> UnsupportedResource:
        """Zoom cannot anonymize a user after the fact."""
        return UnsupportedResource(
            "video.participants.anonymize",
            "participants(sid).anonymize",
            self._uri() + "/Anonymize",
        )


@with_async_methods
class ParticipantList(ListResource[ParticipantInstance]):
    """``rooms(sid).participants``."""

    filters = ("status", "identity", "date_created_after", "date_created_before")

    def __init__(self, backend: ZoomBackend, room: RoomResolver) -> None:
        self._backend = backend
        self._room = room

    def _records(
        self,
        status: str | None,
        identity: str | None,
        date_created_after: dt.datetime | None,
        date_created_before: dt.datetime | None,
    ) -> Callable[[int], Iterator[ParticipantInstance]]:
        def records(page_size: int) -> Iterator[ParticipantInstance]:
            room = self._room()
            with zoom_errors(f"/Rooms/{room.sid}/Participants"):
                for zoom_type in _views.user_list_types(self._backend, room, status):
                    users = self._backend.zoom.list_session_users(
                        room.session_id, type=zoom_type, page_size=page_size
                    )
                    for user in users:
                        view = _views.participant_view(self._backend, room, user)
                        if _views.participant_matches(
                            view, status, identity, date_created_after, date_created_before
                        ):
                            yield ParticipantInstance(self._backend, self._room, view)

        return records

    def get(self, sid: str) -> ParticipantContext:
        """The participant with this PA SID or identity."""
        return ParticipantContext(self._backend, self._room, sid)

    def __call__(self, sid: str) -> ParticipantContext:
        return self.get(sid)
