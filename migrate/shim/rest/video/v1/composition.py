"""Counterpart of ``twilio.rest.video.v1.composition``: Zoom composite recording files.

Zoom has no composition API: the account's cloud-recording settings decide, before a
session is recorded, which composite files it yields (gallery view, active speaker,
shared screen, audio only...). ``mappings.compositions`` says which Twilio composition
each such file is, so:

* ``list`` / ``stream`` / ``page`` / ``fetch`` show every composite file that stands for
  a composition (``GET /videosdk/recordings`` or ``GET /videosdk/sessions/{id}/recordings``),
  with a CJ SID derived by ``mappings.sids.composition_sid``;
* ``create(room_sid, ...)`` succeeds only when the parameters map to one Zoom file
  (``exact`` or ``approximate``) and the room's recording has that file; it returns the
  file, already completed. Anything else raises
  :class:`~migrate.shim.errors.ShimNotSupportedError` naming the alternative: compose
  locally from the exported tracks;
* ``delete`` moves the file to Zoom's trash (recoverable). The same file is also listed as
  a recording, so it leaves both lists, as one file on Zoom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from mappings.compositions import composition_file, composition_gaps, map_composition
from mappings.errors import MappingError
from migrate.shim.base.exceptions import TwilioRestException
from migrate.shim.base.instance_resource import InstanceResource
from migrate.shim.base.list_resource import ListResource
from migrate.shim.errors import (
    call_zoom,
    docs_link,
    not_found,
    not_supported,
    rest_error,
    warn_compat,
    zoom_errors,
)
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1 import _views
from migrate.shim.rest.video.v1._async import with_async_methods
from migrate.shim.rest.video.v1._recordings import (
    FoundFile,
    account_files,
    find_file,
    session_files,
)
from migrate.shim.rest.video.v1._resolve import resolve_room

_CATALOG_KEY = "video.compositions"
_CALL = "client.video.v1.compositions"
_URI = "/Compositions"
# twilio-python's keyword for each CreateComposition parameter.
_KEYWORDS: Mapping[str, str] = {
    "RoomSid": "room_sid",
    "VideoLayout": "video_layout",
    "AudioSources": "audio_sources",
    "AudioSourcesExcluded": "audio_sources_excluded",
    "Resolution": "resolution",
    "Format": "format",
    "StatusCallback": "status_callback",
    "StatusCallbackMethod": "status_callback_method",
    "Trim": "trim",
}


@with_async_methods
class CompositionInstance(InstanceResource):
    """A composition with Twilio's attributes, backed by a Zoom composite recording file."""

    class Status:
        ENQUEUED = "enqueued"
        PROCESSING = "processing"
        COMPLETED = "completed"
        DELETED = "deleted"
        FAILED = "failed"

    class Format:
        MP4 = "mp4"
        WEBM = "webm"

    account_sid: str
    status: str
    date_created: dt.datetime | None
    date_completed: dt.datetime | None
    date_deleted: dt.datetime | None
    sid: str
    room_sid: str
    audio_sources: list[str]
    audio_sources_excluded: list[str]
    video_layout: dict[str, Any]
    resolution: str | None
    trim: bool
    format: str
    bitrate: int | None
    size: int | None
    duration: int | None
    media_external_location: str | None
    status_callback: str | None
    status_callback_method: str | None
    url: str
    links: dict[str, str]

    def __init__(self, backend: ZoomBackend, properties: dict[str, Any]) -> None:
        super().__init__(properties)
        self._backend = backend

    @property
    def _proxy(self) -> CompositionContext:
        return CompositionContext(self._backend, self.sid)

    def fetch(self) -> CompositionInstance:
        """Fetch the composition again."""
        return self._proxy.fetch()

    def delete(self) -> bool:
        """Move the Zoom file to the trash."""
        return self._proxy.delete()


@with_async_methods
class CompositionContext:
    """``compositions(CJ...)``."""

    def __init__(self, backend: ZoomBackend, sid: str) -> None:
        self._backend = backend
        self._sid = sid
        self._uri = f"{_URI}/{sid}"

    def _find(self) -> FoundFile:
        found = find_file(self._backend, self._sid, self._uri)
        if found.composition_sid != self._sid or not _views.is_composition(found):
            raise not_found(self._uri)
        return found

    def fetch(self) -> CompositionInstance:
        """The composition behind the CJ SID."""
        found = self._find()
        return CompositionInstance(self._backend, _views.composition_view(self._backend, found))

    def delete(self) -> bool:
        """Trash the Zoom file (recoverable on Zoom); True as on a Twilio 204."""
        found = self._find()
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
class CompositionList(ListResource[CompositionInstance]):
    """``client.video.v1.compositions``: Zoom composite files, of the account or one room."""

    filters = ("status", "date_created_after", "date_created_before", "room_sid")

    def __init__(self, backend: ZoomBackend) -> None:
        self._backend = backend

    def create(
        self,
        room_sid: str,
        video_layout: Mapping[str, Any] | None = None,
        audio_sources: list[str] | None = None,
        audio_sources_excluded: list[str] | None = None,
        resolution: str | None = None,
        format: str | None = None,
        status_callback: str | None = None,
        status_callback_method: str | None = None,
        trim: bool | None = None,
    ) -> CompositionInstance:
        """The room's Zoom composite file these parameters describe, as a completed composition.

        Invalid parameters are Twilio's 400. Parameters that no single Zoom file matches,
        or a room whose recording lacks the file, raise
        :class:`~migrate.shim.errors.ShimNotSupportedError`; each approximation warns.
        """
        call = f"{_CALL}.create()"
        given: dict[str, object] = {
            "RoomSid": room_sid,
            "VideoLayout": video_layout,
            "AudioSources": audio_sources,
            "AudioSourcesExcluded": audio_sources_excluded,
            "Resolution": resolution,
            "Format": format,
            "StatusCallback": status_callback,
            "StatusCallbackMethod": status_callback_method,
            "Trim": trim,
        }
        try:
            mapping = map_composition(given)
        except MappingError as exc:
            raise rest_error(400, _URI, f"Unable to create record: {exc}", "POST") from None
        wanted = composition_file(mapping)
        if wanted is None:
            gaps = "; ".join(
                f"{_KEYWORDS[row.param]}={row.value!r}: {row.notes}"
                for row in composition_gaps(mapping)
            )
            raise not_supported(_CATALOG_KEY, call, _URI, "POST", reason=gaps)
        room = resolve_room(self._backend, room_sid)
        with zoom_errors(_URI, "POST", "create"):
            found = next(
                (
                    f
                    for f in session_files(self._backend, room.session_id)
                    if f.file.recording_type == wanted
                    and f.file.deleted_time is None
                    and _views.is_composition(f)
                ),
                None,
            )
        if found is None:
            raise not_supported(
                _CATALOG_KEY,
                call,
                _URI,
                "POST",
                reason=(
                    f"room {room.sid} has no Zoom {wanted} recording file (Zoom makes one "
                    "only when the account's cloud-recording settings enable that layout "
                    "before the session is recorded)"
                ),
            )
        link = docs_link(_CATALOG_KEY)
        for row in mapping.params:
            if row.fidelity != "exact":
                warn_compat(
                    f"compositions.create({_KEYWORDS[row.param]}={row.value!r}) is "
                    f"approximated: {row.zoom}. {row.notes} (see {link})"
                )
        for note in mapping.notes:
            warn_compat(f"compositions.create: {note} (see {link})")
        return CompositionInstance(self._backend, _views.composition_view(self._backend, found))

    def _records(
        self,
        status: str | None,
        date_created_after: dt.datetime | None,
        date_created_before: dt.datetime | None,
        room_sid: str | None,
    ) -> Callable[[int], Iterator[CompositionInstance]]:
        def records(page_size: int) -> Iterator[CompositionInstance]:
            after, before = date_created_after, date_created_before
            with zoom_errors(_URI):
                for found in self._files(after, before, room_sid, page_size):
                    if not _views.is_composition(found):
                        continue
                    view = _views.composition_view(self._backend, found)
                    if _views.composition_matches(view, status, after, before):
                        yield CompositionInstance(self._backend, view)

        return records

    def _files(
        self,
        after: dt.datetime | None,
        before: dt.datetime | None,
        room_sid: str | None,
        page_size: int,
    ) -> Iterator[FoundFile]:
        if room_sid is None:
            return account_files(
                self._backend,
                after.date() if after else None,
                before.date() if before else None,
                page_size,
            )
        try:
            room = resolve_room(self._backend, room_sid)
        except TwilioRestException as exc:
            if exc.status == 404:  # Twilio lists nothing for a room it does not know
                return iter(())
            raise
        return session_files(self._backend, room.session_id)

    def get(self, sid: str) -> CompositionContext:
        """The composition with this CJ SID."""
        return CompositionContext(self._backend, sid)

    def __call__(self, sid: str) -> CompositionContext:
        return self.get(sid)
