"""From a Twilio room SID or unique name to the Zoom session it stands for.

Order: the SID store (filled by this or another process), then Zoom itself (list
sessions through ``mappings.rooms.map_room_list`` and compare derived SIDs, or filter by
session name). A room found on Zoom is written to the store, so the next lookup is local.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from mappings.rooms import map_room_list
from mappings.sids import ROOM, is_sid, room_sid
from migrate.shim.errors import not_found, zoom_errors
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.store import RoomRecord
from migrate.zoom.errors import ZoomApiError
from migrate.zoom.models import SessionDetail, SessionSummary


@dataclass(frozen=True)
class ResolvedRoom:
    """A room's SID, its Zoom session id, and what the store knows about it."""

    sid: str
    session_id: str
    record: RoomRecord | None


def today() -> dt.date:
    """The current UTC date (Zoom list ranges are UTC dates)."""
    return dt.datetime.now(dt.UTC).date()


def room_sessions(
    backend: ZoomBackend,
    *,
    status: str | None = None,
    unique_name: str | None = None,
    date_created_after: dt.datetime | None = None,
    date_created_before: dt.datetime | None = None,
    page_size: int | None = None,
) -> Iterator[SessionSummary]:
    """The Zoom sessions a Twilio room list would cover, lazily (query from mappings.rooms)."""
    query = map_room_list(
        today=today(),
        status=status,
        unique_name=unique_name,
        date_created_after=date_created_after,
        date_created_before=date_created_before,
    )
    if query.empty:
        return
    yield from backend.zoom.list_sessions(
        type=query.session_type,
        from_=query.from_date,
        to=query.to_date,
        session_name=query.session_name,
        page_size=page_size or query.page_size,
    )


def remember(backend: ZoomBackend, session: SessionSummary | SessionDetail) -> RoomRecord:
    """Store a session found on Zoom (a stored name and callback win) and return its record."""
    known = backend.store.room_for_session(session.id)
    if known is not None:
        return known
    record = RoomRecord(
        sid=room_sid(session.id),
        session_id=session.id,
        unique_name=session.session_name,
        status_callback=None,
        status_callback_method=None,
        created_at=session.start_time or dt.datetime.now(dt.UTC),
    )
    backend.store.remember_room(record)
    return record


def resolve_room(backend: ZoomBackend, sid_or_name: str) -> ResolvedRoom:
    """The Zoom session for an RM SID or an in-progress room's unique name; else Twilio's 404."""
    uri = f"/Rooms/{sid_or_name}"
    if not is_sid(sid_or_name, ROOM):
        return _resolve_name(backend, sid_or_name, uri)
    record = backend.store.room(sid_or_name)
    if record is not None:
        return ResolvedRoom(record.sid, record.session_id, record)
    with zoom_errors(uri):
        for status in ("in-progress", "completed"):
            for session in room_sessions(backend, status=status):
                if room_sid(session.id) == sid_or_name:
                    record = remember(backend, session)
                    return ResolvedRoom(record.sid, record.session_id, record)
    raise not_found(uri)


def _resolve_name(backend: ZoomBackend, unique_name: str, uri: str) -> ResolvedRoom:
    # Twilio addresses a room by name only while it is in progress.
    with zoom_errors(uri):
        for record in backend.store.rooms_named(unique_name):
            try:
                detail = backend.zoom.get_session(record.session_id)
            except ZoomApiError as exc:
                if exc.status == 404:  # deleted on Zoom since; an older room may still be live
                    continue
                raise
            if detail.end_time is None:
                return ResolvedRoom(record.sid, record.session_id, record)
        for session in room_sessions(backend, status="in-progress", unique_name=unique_name):
            if session.end_time is None:
                record = remember(backend, session)
                return ResolvedRoom(record.sid, record.session_id, record)
    raise not_found(uri)
