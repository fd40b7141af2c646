"""Counterpart of ``twilio.rest.video.v1.room``: rooms are Zoom sessions.

create -> ``POST /videosdk/sessions``; fetch -> ``GET /videosdk/sessions/{id}``;
update(status="completed") -> ``PUT /videosdk/sessions/{id}/status`` ``{"action": "end"}``;
list -> ``GET /videosdk/sessions?type=live|past``. Parameters and views come from
``mappings.rooms``; every parameter Zoom cannot honour raises a warning or an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from mappings.errors import MappingError
from mappings.rooms import map_room_status_update
from mappings.sids import room_sid
from migrate.shim.base.instance_resource import InstanceResource
from migrate.shim.base.list_resource import ListResource
from migrate.shim.errors import call_zoom, rest_error, zoom_errors
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1 import _views
from migrate.shim.rest.video.v1._async import with_async_methods
from migrate.shim.rest.video.v1._resolve import ResolvedRoom, resolve_room, room_sessions
from migrate.shim.rest.video.v1.room.participant import ParticipantList
from migrate.shim.rest.video.v1.room.recording_rules import RecordingRulesList
from migrate.shim.rest.video.v1.room.room_recording import RoomRecordingList
from migrate.shim.rest.video.v1.room.transcriptions import TranscriptionsList
from migrate.shim.store import RoomRecord


@with_async_methods
class RoomInstance(InstanceResource):
    """A room with Twilio's attributes, backed by a Zoom session."""

    class RoomStatus:
        IN_PROGRESS = "in-progress"
        COMPLETED = "completed"
        FAILED = "failed"

    class RoomType:
        GO = "go"
        PEER_TO_PEER = "peer-to-peer"
        GROUP = "group"
        GROUP_SMALL = "group-small"

    class VideoCodec:
        VP8 = "VP8"
        H264 = "H264"

    sid: str
    status: str
    date_created: dt.datetime | None
    date_updated: dt.datetime | None
    account_sid: str
    enable_turn: bool | None
    unique_name: str
    status_callback: str | None
    status_callback_method: str | None
    end_time: dt.datetime | None
    duration: int | None
    type: str
    max_participants: int | None
    max_participant_duration: int | None
    max_concurrent_published_tracks: int | None
    record_participants_on_connect: bool | None
    video_codecs: list[str] | None
    media_region: str | None
    audio_only: bool | None
    empty_room_timeout: int | None
    unused_room_timeout: int | None
    large_room: bool | None
    url: str
    links: dict[str, str]

    def __init__(self, backend: ZoomBackend, properties: dict[str, Any]) -> None:
        super().__init__(properties)
        self._backend = backend

    @property
    def _proxy(self) -> RoomContext:
        return RoomContext(self._backend, self.sid)

    def fetch(self) -> RoomInstance:
        """Fetch the room again."""
        return self._proxy.fetch()

    def update(self, status: str) -> RoomInstance:
        """``status="completed"`` ends the Zoom session."""
        return self._proxy.update(status)

    @property
    def participants(self) -> ParticipantList:
        """The room's participants (Zoom session users)."""
        return self._proxy.participants

    @property
    def recording_rules(self) -> RecordingRulesList:
        """The room's recording rules."""
        return self._proxy.recording_rules

    @property
    def recordings(self) -> RoomRecordingList:
        """The room's recordings (Zoom cloud recording files)."""
        return self._proxy.recordings

    @property
    def transcriptions(self) -> TranscriptionsList:
        """Not on Zoom's REST API; calls raise with the alternative."""
        return self._proxy.transcriptions


@with_async_methods
class RoomContext:
    """``rooms(sid_or_unique_name)``: resolves to a Zoom session on first use."""

    def __init__(self, backend: ZoomBackend, sid: str) -> None:
        self._backend = backend
        self._solution = {"sid": sid}
        self._uri = f"/Rooms/{sid}"
        self._resolved: ResolvedRoom | None = None

    def _room(self) -> ResolvedRoom:
        if self._resolved is None:
            self._resolved = resolve_room(self._backend, self._solution["sid"])
        return self._resolved

    def fetch(self) -> RoomInstance:
        """The room, from ``GET /videosdk/sessions/{id}``."""
        room = self._room()
        detail = call_zoom(lambda: self._backend.zoom.get_session(room.session_id), self._uri)
        return RoomInstance(self._backend, _views.room_view(self._backend, detail, room.record))

    def update(self, status: str) -> RoomInstance:
        """End the room (``status="completed"``); other statuses cannot be set on Zoom.

        ``mappings.rooms.map_room_status_update`` decides: end the session, or delete it
        when nobody ever joined (Zoom cannot end a pre-registered session).
        """
        try:
            map_room_status_update(status)
        except MappingError as exc:
            raise rest_error(400, self._uri, f"Unable to update record: {exc}", "POST") from None
        room = self._room()
        zoom = self._backend.zoom
        with zoom_errors(self._uri, "POST", "update"):
            detail = zoom.get_session(room.session_id)
            if detail.end_time is None and detail.start_time is not None:
                zoom.end_session(room.session_id)
                detail = zoom.get_session(room.session_id)
            elif detail.start_time is None:
                # The decision's ``unstarted`` request; the room then reads as completed.
                zoom.delete_session(room.session_id)
                return RoomInstance(
                    self._backend, _views.room_view(self._backend, detail, room.record, ended=True)
                )
        return RoomInstance(self._backend, _views.room_view(self._backend, detail, room.record))

    @property
    def participants(self) -> ParticipantList:
        """The room's participants."""
        return ParticipantList(self._backend, self._room)

    @property
    def recording_rules(self) -> RecordingRulesList:
        """The room's recording rules."""
        return RecordingRulesList(self._backend, self._room)

    @property
    def recordings(self) -> RoomRecordingList:
        """The room's recordings."""
        return RoomRecordingList(self._backend, self._room)

    @property
    def transcriptions(self) -> TranscriptionsList:
        """Transcriptions: not on Zoom's REST API."""
        return TranscriptionsList(self._solution["sid"])

    def __repr__(self) -> str:
        return f"<Twilio.Video.V1.RoomContext sid={self._solution['sid']}>"


@with_async_methods
class RoomList(ListResource[RoomInstance]):
    """``client.video.v1.rooms``; lists default to in-progress rooms, as on Twilio."""

    filters = ("status", "unique_name", "date_created_after", "date_created_before")

    def __init__(self, backend: ZoomBackend) -> None:
        self._backend = backend
        self._uri = "/Rooms"

    def create(
        self,
        enable_turn: bool | None = None,
        type: str | None = None,
        unique_name: str | None = None,
        status_callback: str | None = None,
        status_callback_method: str | None = None,
        max_participants: int | None = None,
        record_participants_on_connect: bool | None = None,
        transcribe_participants_on_connect: bool | None = None,
        video_codecs: list[str] | None = None,
        media_region: str | None = None,
        recording_rules: object | None = None,
        transcriptions_configuration: dict[str, object] | None = None,
        audio_only: bool | None = None,
        max_participant_duration: int | None = None,
        empty_room_timeout: int | None = None,
        unused_room_timeout: int | None = None,
        large_room: bool | None = None,
    ) -> RoomInstance:
        """Pre-register a Zoom session for the room (it starts when the first user joins)."""
        given = {k: v for k, v in locals().items() if k != "self" and v is not None}
        plan = _views.plan_create(given, self._uri)
        created = call_zoom(
            lambda: self._backend.zoom.create_session(
                plan.session_name, auto_recording=plan.auto_recording
            ),
            self._uri,
            "POST",
            "create",
        )
        record = RoomRecord(
            sid=room_sid(created.session_id),
            session_id=created.session_id,
            unique_name=plan.unique_name,
            status_callback=status_callback,
            status_callback_method=status_callback_method,
            created_at=created.created_at or dt.datetime.now(dt.UTC),
        )
        self._backend.store.remember_room(record)
        return RoomInstance(self._backend, _views.room_view(self._backend, created, record))

    def _records(
        self,
        status: str | None,
        unique_name: str | None,
        date_created_after: dt.datetime | None,
        date_created_before: dt.datetime | None,
    ) -> Callable[[int], Iterator[RoomInstance]]:
        def records(page_size: int) -> Iterator[RoomInstance]:
            with zoom_errors(self._uri):
                for session in room_sessions(
                    self._backend,
                    status=status,
                    unique_name=unique_name,
                    date_created_after=date_created_after,
                    date_created_before=date_created_before,
                    page_size=page_size,
                ):
                    record = self._backend.store.room_for_session(session.id)
                    view = _views.room_view(self._backend, session, record)
                    if _views.room_matches(
                        view, unique_name, date_created_after, date_created_before
                    ):
                        yield RoomInstance(self._backend, view)

        return records

    def get(self, sid: str) -> RoomContext:
        """The room with this SID or unique name."""
        return RoomContext(self._backend, sid)

    def __call__(self, sid: str) -> RoomContext:
        return self.get(sid)

    def __repr__(self) -> str:
        return "<Twilio.Video.V1.RoomList>"
