"""Counterpart of ``twilio.rest.video.v1.room.room_recording``: a session's recording files.

list -> ``GET /videosdk/sessions/{id}/recordings``; delete -> ``DELETE
.../recordings/{fileId}`` (Zoom's trash, so nothing is lost irrecoverably).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from migrate.shim.base.list_resource import ListResource
from migrate.shim.errors import call_zoom, zoom_errors
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1 import _views
from migrate.shim.rest.video.v1._async import with_async_methods
from migrate.shim.rest.video.v1._recordings import find_file, session_files
from migrate.shim.rest.video.v1._resolve import ResolvedRoom
from migrate.shim.rest.video.v1.recording import RecordingInstanceBase

RoomResolver = Callable[[], ResolvedRoom]


@with_async_methods
class RoomRecordingInstance(RecordingInstanceBase):
    """A recording of one room, with Twilio's attributes."""

    room_sid: str

    def __init__(
        self, backend: ZoomBackend, room: RoomResolver, properties: dict[str, Any]
    ) -> None:
        super().__init__(backend, properties)
        self._room = room

    @property
    def _proxy(self) -> RoomRecordingContext:
        return RoomRecordingContext(self._backend, self._room, self.sid)

    def fetch(self) -> RoomRecordingInstance:
        """Fetch the recording again."""
        return self._proxy.fetch()

    def delete(self) -> bool:
        """Move the Zoom file to the trash; True as twilio returns on 204."""
        return self._proxy.delete()


@with_async_methods
class RoomRecordingContext:
    """``rooms(sid).recordings(RT...)``."""

    def __init__(self, backend: ZoomBackend, room: RoomResolver, sid: str) -> None:
        self._backend = backend
        self._room = room
        self._sid = sid

    def _uri(self) -> str:
        return f"/Rooms/{self._room().sid}/Recordings/{self._sid}"

    def fetch(self) -> RoomRecordingInstance:
        """The recording, found in the room's Zoom recording files."""
        room = self._room()
        found = find_file(self._backend, self._sid, self._uri(), room.session_id)
        view = _views.recording_view(self._backend, found, room_level=True)
        return RoomRecordingInstance(self._backend, self._room, view)

    def delete(self) -> bool:
        """Trash the Zoom recording file."""
        room = self._room()
        found = find_file(self._backend, self._sid, self._uri(), room.session_id)
        call_zoom(
            lambda: self._backend.zoom.delete_recording_file(
                found.session.session_id, found.file.id
            ),
            self._uri(),
            "DELETE",
            "delete",
        )
        return True


@with_async_methods
class RoomRecordingList(ListResource[RoomRecordingInstance]):
    """``rooms(sid).recordings``."""

    filters = ("status", "source_sid", "date_created_after", "date_created_before")

    def __init__(self, backend: ZoomBackend, room: RoomResolver) -> None:
        self._backend = backend
        self._room = room

    def _records(
        self,
        status: str | None,
        source_sid: str | None,
        date_created_after: dt.datetime | None,
        date_created_before: dt.datetime | None,
    ) -> Callable[[int], Iterator[RoomRecordingInstance]]:
        def records(page_size: int) -> Iterator[RoomRecordingInstance]:
            room = self._room()
            with zoom_errors(f"/Rooms/{room.sid}/Recordings"):
                for found in session_files(self._backend, room.session_id):
                    view = _views.recording_view(self._backend, found, room_level=True)
                    if _views.recording_matches(
                        view,
                        status,
                        source_sid,
                        None,
                        date_created_after,
                        date_created_before,
                        None,
                    ):
                        yield RoomRecordingInstance(self._backend, self._room, view)

        return records

    def get(self, sid: str) -> RoomRecordingContext:
        """The recording with this RT SID."""
        return RoomRecordingContext(self._backend, self._room, sid)

    def __call__(self, sid: str) -> RoomRecordingContext:
        return self.get(sid)
