"""Shared by recordings and compositions: finding Zoom recording files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from mappings import limits
from mappings.sids import composition_sid, recording_sid
from migrate.shim.errors import not_found, zoom_errors
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1._resolve import today
from migrate.zoom.errors import ZoomApiError
from migrate.zoom.models import RecordingFile, SessionRecordings


@dataclass(frozen=True)
class FoundFile:
    """One Zoom recording file with the session it belongs to."""

    session: SessionRecordings
    file: RecordingFile

    @property
    def sid(self) -> str:
        """The file's RT SID."""
        return recording_sid(self.session.session_id, self.file.id)

    @property
    def composition_sid(self) -> str:
        """The CJ SID the file has when it stands for a composition."""
        return composition_sid(self.session.session_id, self.file.id)


def session_files(backend: ZoomBackend, session_id: str) -> Iterator[FoundFile]:
    """Files of one session; a session without recordings has none (Zoom answers 404)."""
    try:
        session = backend.zoom.get_session_recordings(session_id, include_download_token=False)
    except ZoomApiError as exc:
        if exc.status == 404:
            return
        raise
    for item in session.all_files():
        yield FoundFile(session, item)


def account_files(
    backend: ZoomBackend,
    after: dt.date | None = None,
    before: dt.date | None = None,
    page_size: int | None = None,
) -> Iterator[FoundFile]:
    """Every recording file of the account in a date range (default: what Zoom keeps)."""
    end = before or today()
    start = after or end - dt.timedelta(days=limits.ZOOM_SESSION_RETENTION_DAYS)
    for session in backend.zoom.list_recordings(from_=start, to=end, page_size=page_size):
        for item in session.all_files():
            yield FoundFile(session, item)


def find_file(backend: ZoomBackend, sid: str, uri: str, session_id: str | None = None) -> FoundFile:
    """The file behind an RT or CJ SID: the store, the given session, else an account scan.

    The prefixes differ, so an RT SID only ever matches a recording and a CJ SID only a
    composition.
    """
    known = backend.store.recording(sid)
    with zoom_errors(uri):
        if known is not None or session_id is not None:
            candidates = session_files(backend, known[0] if known else str(session_id))
        else:
            candidates = account_files(backend)
        for found in candidates:
            if sid in (found.sid, found.composition_sid):
                return found
    raise not_found(uri)
