"""Counterpart of ``twilio.rest.video.v1.recording``: the account's Zoom recording files.

list -> ``GET /videosdk/recordings`` (date windows); fetch -> the SID store, then
``GET /videosdk/sessions/{id}/recordings``; delete -> Zoom's trash. ``links["media"]`` is
the Zoom ``download_url`` (fetch it with a Bearer download token, see docs/shim.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from migrate.shim.base.instance_resource import InstanceResource
from migrate.shim.base.list_resource import ListResource
from migrate.shim.errors import call_zoom, zoom_errors
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1 import _views
from migrate.shim.rest.video.v1._async import with_async_methods
from migrate.shim.rest.video.v1._recordings import account_files, find_file


class RecordingInstanceBase(InstanceResource):
    """Attributes shared by account-level and room-level recordings."""

    class Status:
        PROCESSING = "processing"
        COMPLETED = "completed"
        DELETED = "deleted"
        FAILED = "failed"

    class Type:
        AUDIO = "audio"
        VIDEO = "video"
        DATA = "data"

    account_sid: str
    status: str
    date_created: dt.datetime | None
    sid: str
    source_sid: str
    size: int | None
    url: str
    type: str
    duration: int | None
    container_format: str | None
    codec: str | None
    grouping_sids: dict[str, str]
    track_name: str | None
    offset: int | None
    media_external_location: str | None
    links: dict[str, str]

    def __init__(self, backend: ZoomBackend, properties: dict[str, Any]) -> None:
        super().__init__(properties)
        self._backend = backend


@with_async_methods
class RecordingInstance(RecordingInstanceBase):
    """An account-level recording, with Twilio's attributes."""

    status_callback: str | None
    status_callback_method: str | None

    @property
    def _proxy(self) -> RecordingContext:
        return RecordingContext(self._backend, self.sid)

    def fetch(self) -> RecordingInstance:
        """Fetch the recording again."""
        return self._proxy.fetch()

    def delete(self) -> bool:
        """Move the Zoom file to the trash."""
        return self._proxy.delete()


@with_async_methods
class RecordingContext:
    """``recordings(RT...)``."""

    def __init__(self, backend: ZoomBackend, sid: str) -> None:
        self._backend = backend
        self._sid = sid
        self._uri = f"/Recordings/{sid}"

    def fetch(self) -> RecordingInstance:
        """The recording behind the RT SID."""
        found = find_file(self._backend, self._sid, self._uri)
        return RecordingInstance(self._backend, _views.recording_view(self._backend, found))

    def delete(self) -> bool:
        """Trash the Zoom recording file (recoverable on Zoom); True as on a Twilio 204."""
        found = find_file(self._backend, self._sid, self._uri)
        call_zoom(
            lambda: self._backend.zoom.delete_recording_file(
                found.session.session_id, found.file.id
            ),
            self._uri,
            "DELETE",
            "delete",
        )
        return True


@with_async_methods
class RecordingList(ListResource[RecordingInstance]):
    """``client.video.v1.recordings``."""

    filters = (
        "status",
        "source_sid",
        "grouping_sid",
        "date_created_after",
        "date_created_before",
        "media_type",
    )

    def __init__(self, backend: ZoomBackend) -> None:
        self._backend = backend
        self._uri = "/Recordings"

    def _records(
        self,
        status: str | None,
        source_sid: str | None,
        grouping_sid: Sequence[str] | None,
        date_created_after: dt.datetime | None,
        date_created_before: dt.datetime | None,
        media_type: str | None,
    ) -> Callable[[int], Iterator[RecordingInstance]]:
        def records(page_size: int) -> Iterator[RecordingInstance]:
            with zoom_errors(self._uri):
                for found in account_files(
                    self._backend,
                    date_created_after.date() if date_created_after else None,
                    date_created_before.date() if date_created_before else None,
                    page_size,
                ):
                    view = _views.recording_view(self._backend, found)
                    if _views.recording_matches(
                        view,
                        status,
                        source_sid,
                        grouping_sid,
                        date_created_after,
                        date_created_before,
                        media_type,
                    ):
                        yield RecordingInstance(self._backend, view)

        return records

    def get(self, sid: str) -> RecordingContext:
        """The recording with this RT SID."""
        return RecordingContext(self._backend, sid)

    def __call__(self, sid: str) -> RecordingContext:
        return self.get(sid)
