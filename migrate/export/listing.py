"""What to copy: the listings an export walks, turned into work items.

Recordings come from the account list (PageSize 100, date filters); compositions from
theirs; rooms are listed per status because the Rooms list defaults to in-progress.
Deleted items are hidden from lists unless asked for, so ``Status=deleted`` is listed
too: they are recorded, not downloaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from mappings.limits import TWILIO_PAGE_SIZE_MAX, TWILIO_PAGE_SIZE_MAX_MEDIA_LISTS
from migrate.errors import ConfigError
from migrate.export.layout import SID_PATTERN
from migrate.export.models import ExportOptions, What
from migrate.twilio import AsyncTwilioVideoClient
from migrate.twilio.models import (
    Composition,
    CompositionStatus,
    Recording,
    RecordingStatus,
    Room,
    RoomStatus,
)

ROOM_STATUSES: tuple[RoomStatus, ...] = ("in-progress", "completed", "failed")
# None lists every status but deleted; deleted items appear only when asked for.
RECORDING_LISTS: tuple[RecordingStatus | None, ...] = (None, "deleted")
COMPOSITION_LISTS: tuple[CompositionStatus | None, ...] = (None, "deleted")
COMPLETED = "completed"

Kind = Literal["recording", "composition"]


# The exporter talks to Twilio through this client; tests point it at the emulator.
VideoSource = AsyncTwilioVideoClient


@dataclass(frozen=True)
class MediaItem:
    """One recording or composition as listed, with what the index needs."""

    sid: str
    kind: Kind
    room_sid: str
    status: str
    ext: str | None
    size: int | None
    participant_sid: str | None
    track_name: str | None
    media_kind: str
    date_created: str | None
    resource: dict[str, Any]

    @property
    def has_media(self) -> bool:
        """Only completed items have media (docs/export.md)."""
        return self.status == COMPLETED


@dataclass(frozen=True)
class RoomItem:
    """A room whose ``room.json`` the export writes."""

    room: Room


WorkItem = MediaItem | RoomItem
_T = TypeVar("_T")


@dataclass
class ListingReads:
    """REST reads a listing costs: one per page of each list, one per single fetch.

    Pages are counted from the items each list returned (the client hides pages), so a
    list whose last page is exactly full may cost one read more than counted.
    """

    reads: int = 0

    def add_list(self, items: int, page_size: int) -> None:
        """Count the pages of one list of ``items`` items (an empty list is one page)."""
        self.reads += max(1, -(-items // page_size))


async def _counted(
    items: AsyncIterator[_T], page_size: int, reads: ListingReads | None
) -> AsyncIterator[_T]:
    """Yield ``items``; once the list is exhausted, add its pages to ``reads``."""
    count = 0
    async for item in items:
        count += 1
        yield item
    if reads is not None:
        reads.add_list(count, page_size)


def _json(resource: BaseModel) -> dict[str, Any]:
    return resource.model_dump(mode="json", exclude_none=True)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def recording_item(recording: Recording) -> MediaItem:
    """A recording: room and participant come from ``grouping_sids``."""
    grouping = recording.grouping_sids or {}
    return MediaItem(
        sid=recording.sid or "",
        kind="recording",
        room_sid=str(grouping.get("room_sid") or ""),
        status=recording.status or "unknown",
        ext=recording.container_format,
        size=recording.size,
        participant_sid=_opt(grouping.get("participant_sid")),
        track_name=recording.track_name,
        media_kind=recording.type or "unknown",
        date_created=_iso(recording.date_created),
        resource=_json(recording),
    )


def composition_item(composition: Composition) -> MediaItem:
    """A composition: its extension is its ``format``."""
    return MediaItem(
        sid=composition.sid or "",
        kind="composition",
        room_sid=composition.room_sid or "",
        status=composition.status or "unknown",
        ext=composition.format,
        size=composition.size,
        participant_sid=None,
        track_name=None,
        media_kind="composition",
        date_created=_iso(composition.date_created),
        resource=_json(composition),
    )


def _opt(value: object) -> str | None:
    return str(value) if value else None


async def resolve_rooms(
    source: VideoSource, names: tuple[str, ...], reads: ListingReads | None = None
) -> list[str]:
    """Room SIDs for ``--room`` values: SIDs as given, unique names looked up in every status.

    A unique name is reused once its room ends, so one name can match many rooms.
    ``reads``, when given, counts the API reads made.
    """
    sids: list[str] = []
    for name in names:
        if SID_PATTERN.fullmatch(name):
            sids.append(name)
            continue
        found: list[str] = []
        for status in ROOM_STATUSES:
            rooms = source.list_rooms(
                status=status, unique_name=name, page_size=TWILIO_PAGE_SIZE_MAX
            )
            async for room in _counted(rooms, TWILIO_PAGE_SIZE_MAX, reads):
                found += [room.sid] if room.sid else []
        if not found:
            raise ConfigError(f"--room {name!r}: no room has this SID or unique name")
        sids += found
    return list(dict.fromkeys(sids))


async def list_work(
    source: VideoSource,
    options: ExportOptions,
    room_sids: list[str] | None,
    reads: ListingReads | None = None,
) -> AsyncIterator[WorkItem]:
    """Every room, recording and composition the options select, lazily, page by page.

    ``room_sids`` is the resolved ``--room`` filter, or None for the whole account.
    ``reads``, when given, counts the API reads the listing made.
    """
    media_page = TWILIO_PAGE_SIZE_MAX_MEDIA_LISTS
    after, before = options.created_after, options.created_before
    # One listing per selected room (GroupingSid / RoomSid filter), or one for all.
    selected: list[str | None] = list(room_sids) if room_sids is not None else [None]
    if What.RECORDINGS in options.what:
        for recording_status in RECORDING_LISTS:
            for room_sid in selected:
                recordings = source.list_recordings(
                    status=recording_status,
                    grouping_sid=[room_sid] if room_sid else [],
                    page_size=media_page,
                    date_created_after=after,
                    date_created_before=before,
                )
                async for recording in _counted(recordings, media_page, reads):
                    yield recording_item(recording)
    if What.COMPOSITIONS in options.what:
        for composition_status in COMPOSITION_LISTS:
            for room_sid in selected:
                compositions = source.list_compositions(
                    status=composition_status,
                    room_sid=room_sid,
                    page_size=media_page,
                    date_created_after=after,
                    date_created_before=before,
                )
                async for composition in _counted(compositions, media_page, reads):
                    yield composition_item(composition)
    # Rooms last: media downloads start sooner, and rooms that recordings pointed at
    # are already written by then.
    if What.METADATA in options.what:
        async for room in _rooms(source, room_sids, after, before, reads):
            yield RoomItem(room)


async def _rooms(
    source: VideoSource,
    room_sids: list[str] | None,
    after: dt.datetime | None,
    before: dt.datetime | None,
    reads: ListingReads | None,
) -> AsyncIterator[Room]:
    if room_sids is not None:
        for sid in room_sids:
            if reads is not None:
                reads.reads += 1
            yield await source.fetch_room(sid)
        return
    for status in ROOM_STATUSES:
        rooms = source.list_rooms(
            status=status,
            page_size=TWILIO_PAGE_SIZE_MAX,
            date_created_after=after,
            date_created_before=before,
        )
        async for room in _counted(rooms, TWILIO_PAGE_SIZE_MAX, reads):
            yield room
