"""The index at DEST's root: every item as JSON lines and CSV, readable without this tool.

It lets a person find "Alice's audio from the 3 March standup": room name, participant
identity, track name, kind, status, bytes, SHA-256 and relative path per item. It is
rebuilt from the manifest at the end of every run, streaming row by row.
"""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path
from typing import Any

from migrate.export.destination import Destination
from migrate.export.layout import INDEX_CSV, INDEX_JSONL
from migrate.export.manifest import IndexRow, Manifest

COLUMNS = (
    "sid",
    "type",
    "room_sid",
    "room_name",
    "participant_sid",
    "participant_identity",
    "track_name",
    "kind",
    "status",
    "state",
    "reason",
    "date_created",
    "bytes",
    "sha256",
    "path",
)


def index_record(row: IndexRow) -> dict[str, Any]:
    """One index entry."""
    item = row.item
    return {
        "sid": item.sid,
        "type": item.kind,
        "room_sid": item.room_sid,
        "room_name": row.room_name,
        "participant_sid": item.participant_sid,
        "participant_identity": row.participant_identity,
        "track_name": item.track_name,
        "kind": item.media_kind,
        "status": item.status,
        "state": str(item.state),
        "reason": item.reason,
        "date_created": item.date_created,
        "bytes": item.bytes,
        "sha256": item.sha256,
        "path": item.path,
    }


async def write_index(manifest: Manifest, dest: Destination) -> None:
    """Write ``index.jsonl`` and ``index.csv`` to DEST (each replaces the old one whole)."""
    token = uuid.uuid4().hex
    jsonl_temp = dest.staging / f"index-{token}.jsonl"
    csv_temp = dest.staging / f"index-{token}.csv"
    _write_local(manifest, jsonl_temp, csv_temp)
    await dest.publish_file(jsonl_temp, INDEX_JSONL)
    await dest.publish_file(csv_temp, INDEX_CSV)


def _write_local(manifest: Manifest, jsonl_path: Path, csv_path: Path) -> None:
    with (
        jsonl_path.open("w", encoding="utf-8") as jsonl,
        csv_path.open("w", encoding="utf-8", newline="") as csv_file,
    ):
        writer = csv.DictWriter(csv_file, fieldnames=COLUMNS)
        writer.writeheader()
        for row in manifest.index_rows():
            record = index_record(row)
            jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
            writer.writerow({key: _csv_safe(value) for key, value in record.items()})


# A cell starting with one of these runs as a formula when a spreadsheet opens the CSV;
# identities, room and track names are user text, so such cells get a leading quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
