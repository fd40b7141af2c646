"""Export one recording or composition: skip, record, or download, verify and publish."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

import httpx

from mappings.limits import TWILIO_MEDIA_TTL_MAX
from migrate.errors import Twilio2ZoomError
from migrate.export.destination import Destination
from migrate.export.download import discard_part, download_media
from migrate.export.layout import checked_sid, media_path, partial_name, resource_json_path
from migrate.export.listing import MediaItem, VideoSource
from migrate.export.manifest import ItemRecord, Manifest
from migrate.export.models import FailedItem, ItemState
from migrate.export.progress import ProgressView
from migrate.export.rooms import RoomCatalog
from migrate.redact import redact
from migrate.retry import RetryPolicy

# Failures listed in the summary; the manifest and the index hold all of them.
SUMMARY_FAILURES_MAX = 1000


@dataclass
class Tally:
    """Running totals of one run."""

    copied: int = 0
    skipped_verified: int = 0
    not_completed: int = 0
    failed: int = 0
    bytes_copied: int = 0
    failures: list[FailedItem] = field(default_factory=list)

    def fail(self, sid: str, reason: str) -> None:
        """Count a failure; the first few are kept for the summary (the index has all)."""
        self.failed += 1
        if len(self.failures) < SUMMARY_FAILURES_MAX:
            self.failures.append(FailedItem(sid=sid, reason=reason))


@dataclass(frozen=True)
class ItemExporter:
    """Everything one item needs; shared by all workers of a run."""

    source: VideoSource
    media_client: httpx.AsyncClient
    dest: Destination
    manifest: Manifest
    rooms: RoomCatalog
    policy: RetryPolicy
    progress: ProgressView
    tally: Tally

    async def export(self, item: MediaItem) -> None:
        """Copy ``item`` unless an earlier run verified it; record the outcome."""
        if item.sid and self.manifest.is_verified(item.sid):
            self.tally.skipped_verified += 1
            return
        try:
            await self._export(item)
        except Twilio2ZoomError as exc:
            reason = redact(str(exc))
            self.tally.fail(item.sid, reason)
            self.manifest.put(_record(item, ItemState.FAILED, reason=reason))

    async def _export(self, item: MediaItem) -> None:
        checked_sid(item.sid)
        if not item.room_sid:
            raise Twilio2ZoomError(f"{item.kind} has no room SID; cannot place it")
        # The room's metadata is fetched while the media streams, not before it; the
        # catalog reports its own failures, so awaiting it here never raises.
        room_task = self.rooms.start(item.room_sid)
        try:
            await self._export_with_room(item)
        finally:
            if room_task is not None:
                await asyncio.shield(room_task)

    async def _export_with_room(self, item: MediaItem) -> None:
        resource = json.dumps(item.resource, indent=2, ensure_ascii=False).encode()
        if not item.has_media:
            await self.dest.write_bytes(resource_json_path(item.room_sid, item.sid), resource)
            self.tally.not_completed += 1
            reason = f"status is {item.status}: Twilio has no media for it"
            self.manifest.put(_record(item, ItemState.NOT_COMPLETED, reason=reason))
            return
        final = media_path(item.room_sid, item.sid, item.ext or "")

        async def fresh_url() -> str:
            return await self.source.media_url(item.sid, ttl=TWILIO_MEDIA_TTL_MAX)

        part_path = self.dest.staging / partial_name(item.sid)
        got = await download_media(
            self.media_client,
            fresh_url,
            part_path,
            policy=self.policy,
            expected_size=item.size,
            on_bytes=self.progress.advance,
        )
        # The resource JSON goes first: a media file under its final name always has it.
        await self.dest.write_bytes(resource_json_path(item.room_sid, item.sid), resource)
        await self.dest.publish_file(got.path, final)
        discard_part(part_path)  # the part itself was moved; this drops what sat beside it
        self.manifest.put(
            _record(item, ItemState.VERIFIED, size=got.size, sha256=got.sha256, path=final)
        )
        self.tally.copied += 1
        self.tally.bytes_copied += got.size


def _record(
    item: MediaItem,
    state: ItemState,
    *,
    reason: str | None = None,
    size: int | None = None,
    sha256: str | None = None,
    path: str | None = None,
) -> ItemRecord:
    return ItemRecord(
        sid=item.sid,
        kind=item.kind,
        room_sid=item.room_sid,
        state=state,
        status=item.status,
        reason=reason,
        bytes=size if size is not None else item.size,
        sha256=sha256,
        path=path,
        participant_sid=item.participant_sid,
        track_name=item.track_name,
        media_kind=item.media_kind,
        date_created=item.date_created,
    )
