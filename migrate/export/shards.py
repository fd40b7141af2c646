"""State written by Dask tasks into DEST itself: one manifest shard (and index shard) per batch.

Workers cannot reach the client's manifest (it is SQLite on the client's disk), but they
all write to DEST. Each batch writes ``DEST/.twilio2zoom/shards/<batch>.index.jsonl`` and
then ``<batch>.json``; the latter's presence means the batch finished. Writes replace
whole files, so a batch run twice (Dask runs a task at least once) leaves one shard.

The client merges shards into its manifest: from task results as they arrive, and from
DEST at the start of every run, so a run killed before merging, or one started on
another machine, still skips what any worker verified.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from pydantic import BaseModel, ValidationError

from migrate.export.destination import Destination
from migrate.export.index import index_record
from migrate.export.layout import STATE_FOLDER
from migrate.export.manifest import ItemRecord, Manifest, RoomRecord
from migrate.export.models import ItemState

SHARDS_FOLDER = f"{STATE_FOLDER}/shards"
_MANIFEST_SUFFIX = ".json"
_INDEX_SUFFIX = ".index.jsonl"


class Shard(BaseModel):
    """What one batch recorded: its items and the rooms whose ``room.json`` it wrote."""

    batch: str
    worker: str
    items: list[ItemRecord]
    rooms: list[RoomRecord]


def shard_from_manifest(
    manifest: Manifest, batch: str, worker: str, skip_rooms: Iterable[str] = ()
) -> Shard:
    """The shard of a batch whose outcomes are in ``manifest`` (a worker's scratch one)."""
    skipped = set(skip_rooms)
    return Shard(
        batch=batch,
        worker=worker,
        items=list(manifest.items()),
        rooms=[room for room in manifest.rooms() if room.sid not in skipped],
    )


async def write_shard(dest: Destination, shard: Shard, manifest: Manifest) -> None:
    """Write the index shard, then the manifest shard (which marks the batch done)."""
    lines = [json.dumps(index_record(row), ensure_ascii=False) for row in manifest.index_rows()]
    index = "".join(line + "\n" for line in lines).encode()
    await dest.write_bytes(f"{SHARDS_FOLDER}/{shard.batch}{_INDEX_SUFFIX}", index)
    await dest.write_bytes(
        f"{SHARDS_FOLDER}/{shard.batch}{_MANIFEST_SUFFIX}", shard.model_dump_json().encode()
    )


def merge_shard(manifest: Manifest, shard: Shard) -> None:
    """Fold ``shard`` into ``manifest``: a verified item is never downgraded.

    Shards may arrive in any order (and a batch may have run twice, once failing an
    item another attempt verified), so "verified wins" keeps the merge order-free.
    """
    for record in shard.items:
        if record.state is not ItemState.VERIFIED and manifest.is_verified(record.sid):
            continue
        manifest.put(record)
    for room in shard.rooms:
        manifest.put_room(room.sid, room.unique_name, room.status, room.participants)
    manifest.add_shard(shard.batch)


async def merge_new_shards(manifest: Manifest, dest: Destination) -> int:
    """Merge every shard in DEST not merged before; return how many were merged.

    An unreadable shard (cut short by a full disk, edited by hand) is left alone: its
    items are simply copied again.
    """
    merged = 0
    for name in await dest.list_names(SHARDS_FOLDER):
        if not name.endswith(_MANIFEST_SUFFIX) or name.endswith(_INDEX_SUFFIX):
            continue
        batch = name.removesuffix(_MANIFEST_SUFFIX)
        if manifest.has_shard(batch):
            continue
        try:
            with dest.open_read(f"{SHARDS_FOLDER}/{name}") as handle:
                shard = Shard.model_validate_json(handle.read())
        except (FileNotFoundError, ValidationError):
            continue
        merge_shard(manifest, shard)
        merged += 1
    return merged
