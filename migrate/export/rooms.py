"""``room.json`` per room (room, participants, recording rules) and the names the index shows.

Each room is written once per run, however many recordings point at it; a room that
had already ended when an earlier run wrote it is not fetched again.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from mappings.limits import TWILIO_PAGE_SIZE_MAX
from migrate.errors import Twilio2ZoomError
from migrate.export.destination import Destination
from migrate.export.layout import room_json_path
from migrate.export.listing import VideoSource
from migrate.export.manifest import Manifest
from migrate.redact import redact
from migrate.twilio.errors import TwilioApiError
from migrate.twilio.models import Participant, ParticipantStatus, Room

# Rooms in these states change no more, so an earlier run's room.json is final.
FINAL_ROOM_STATUSES = frozenset({"completed", "failed"})


class RoomCatalog:
    """Writes each room's ``room.json`` and records its names in the manifest."""

    def __init__(
        self,
        source: VideoSource,
        dest: Destination,
        manifest: Manifest,
        on_error: Callable[[str, str], None],
    ) -> None:
        self._source = source
        self._dest = dest
        self._manifest = manifest
        self._on_error = on_error
        self._done: set[str] = set()
        self._inflight: dict[str, asyncio.Task[None]] = {}

    @property
    def written(self) -> int:
        """Rooms handled by this run."""
        return len(self._done)

    async def ensure(self, room_sid: str, room: Room | None = None) -> None:
        """Make sure ``room_sid`` has its ``room.json``; concurrent callers share one fetch."""
        task = self.start(room_sid, room)
        if task is not None:
            await asyncio.shield(task)

    def start(self, room_sid: str, room: Room | None = None) -> asyncio.Task[None] | None:
        """Begin writing ``room.json`` in the background; None when it is already done."""
        if room_sid in self._done or self._manifest.room_status(room_sid) in FINAL_ROOM_STATUSES:
            return None
        task = self._inflight.get(room_sid)
        if task is None:
            task = asyncio.create_task(self._export(room_sid, room))
            self._inflight[room_sid] = task
            task.add_done_callback(lambda _: self._inflight.pop(room_sid, None))
        return task

    async def _export(self, room_sid: str, room: Room | None) -> None:
        # A room that cannot be read costs its room.json, never its media: the failure
        # is reported and the room is tried again by the next run.
        try:
            await self._write(room_sid, room)
        except Twilio2ZoomError as exc:
            self._on_error(room_sid, f"room metadata: {redact(str(exc))}")
        self._done.add(room_sid)

    async def _write(self, room_sid: str, room: Room | None) -> None:
        if room is None:
            room = await self._source.fetch_room(room_sid)
        participants = await self._participants(room_sid, room.status)
        try:
            rules = (await self._source.fetch_recording_rules(room_sid)).model_dump(
                mode="json", exclude_none=True
            )
        except TwilioApiError:
            rules = None  # not every room type has recording rules
        document = {
            "room": room.model_dump(mode="json", exclude_none=True),
            "participants": [p.model_dump(mode="json", exclude_none=True) for p in participants],
            "recording_rules": rules,
        }
        data = json.dumps(document, indent=2, ensure_ascii=False).encode()
        await self._dest.write_bytes(room_json_path(room_sid), data)
        self._manifest.put_room(
            room_sid,
            room.unique_name,
            room.status or "unknown",
            [(p.sid, p.identity or "") for p in participants if p.sid],
        )

    async def _participants(self, room_sid: str, room_status: str | None) -> list[Participant]:
        # The participant list defaults to "connected" in live rooms; ended rooms only
        # have disconnected participants, so list each status that can exist.
        statuses: list[ParticipantStatus] = ["disconnected"]
        if room_status == "in-progress":
            statuses[:0] = ["connected", "reconnecting"]
        found: dict[str, Participant] = {}
        for status in statuses:
            async for participant in self._source.list_participants(
                room_sid, status=status, page_size=TWILIO_PAGE_SIZE_MAX
            ):
                found[participant.sid or str(len(found))] = participant
        return list(found.values())
