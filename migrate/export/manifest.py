"""The export manifest: SQLite in WAL mode, one row per item, committed as each item ends.

A run that is killed at any moment leaves a consistent manifest; the next run reads it
to skip verified items without a single media request.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from migrate.export.models import ItemState
from migrate.lifecycle import Closing

MANIFEST_NAME = "manifest.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    sid TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    room_sid TEXT NOT NULL,
    state TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    bytes INTEGER,
    sha256 TEXT,
    path TEXT,
    participant_sid TEXT,
    track_name TEXT,
    media_kind TEXT,
    date_created TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_state ON items(state);
CREATE TABLE IF NOT EXISTS rooms (
    sid TEXT PRIMARY KEY,
    unique_name TEXT,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    sid TEXT PRIMARY KEY,
    room_sid TEXT NOT NULL,
    identity TEXT
);
CREATE TABLE IF NOT EXISTS verify_findings (
    sid TEXT PRIMARY KEY,
    problem TEXT NOT NULL,
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS shards (
    name TEXT PRIMARY KEY
);
"""

# ``runs.last_export``: "running" from the start of an export run until it ends, then
# "finished" or "interrupted". A killed run leaves "running".
RUN_RUNNING = "running"
RUN_FINISHED = "finished"
RUN_INTERRUPTED = "interrupted"
_LAST_EXPORT = "last_export"


@dataclass(frozen=True)
class ItemRecord:
    """What the manifest knows about one recording or composition."""

    sid: str
    kind: str
    room_sid: str
    state: ItemState
    status: str
    reason: str | None = None
    bytes: int | None = None
    sha256: str | None = None
    path: str | None = None
    participant_sid: str | None = None
    track_name: str | None = None
    media_kind: str | None = None
    date_created: str | None = None


@dataclass(frozen=True)
class RoomRecord:
    """A room whose ``room.json`` was written, with its participants' SIDs and identities."""

    sid: str
    unique_name: str | None
    status: str
    participants: list[tuple[str, str]]


@dataclass(frozen=True)
class IndexRow:
    """An item joined with its room name and participant identity, for the index."""

    item: ItemRecord
    room_name: str | None
    participant_identity: str | None


class Manifest(Closing):
    """State of one export destination. Use as a context manager; not thread-safe."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable across a killed process in WAL mode; only power loss can
        # drop the last commits, and those items are simply fetched again.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def get(self, sid: str) -> ItemRecord | None:
        """The row of ``sid``, if any."""
        row = self._db.execute(_SELECT_ITEMS + " WHERE sid = ?", (sid,)).fetchone()
        return _item(row) if row else None

    def is_verified(self, sid: str) -> bool:
        """True when ``sid`` was copied and verified, and no ``export verify`` since found
        its file missing or changed."""
        row = self._db.execute(
            "SELECT 1 FROM items WHERE sid = ? AND state = ? "
            "AND sid NOT IN (SELECT sid FROM verify_findings)",
            (sid, ItemState.VERIFIED),
        ).fetchone()
        return row is not None

    def record_listed(self, record: ItemRecord) -> None:
        """Record a listed item as pending, unless the manifest already knows it."""
        self._db.execute(
            "INSERT OR IGNORE INTO items (sid, kind, room_sid, state, status, bytes, "
            "participant_sid, track_name, media_kind, date_created, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.sid,
                record.kind,
                record.room_sid,
                str(ItemState.PENDING),
                record.status,
                record.bytes,
                record.participant_sid,
                record.track_name,
                record.media_kind,
                record.date_created,
                _now(),
            ),
        )

    def set_finding(self, sid: str, problem: str | None) -> None:
        """What ``export verify`` found wrong with ``sid``'s file (None: nothing).

        Kept apart from the item's row, so the row (and the index built from it) still
        says what the export did, and a later verify checks the item all the same.
        """
        if problem is None:
            self._db.execute("DELETE FROM verify_findings WHERE sid = ?", (sid,))
        else:
            self._db.execute(
                "INSERT OR REPLACE INTO verify_findings (sid, problem, checked_at) "
                "VALUES (?, ?, ?)",
                (sid, problem, _now()),
            )

    def set_last_export(self, state: str) -> None:
        """Record how the latest export run stands (``RUN_*``)."""
        self._db.execute(
            "INSERT OR REPLACE INTO runs (key, value) VALUES (?, ?)", (_LAST_EXPORT, state)
        )

    def last_export(self) -> str | None:
        """How the latest export run stands, or None when no run was recorded."""
        row = self._db.execute("SELECT value FROM runs WHERE key = ?", (_LAST_EXPORT,)).fetchone()
        return str(row[0]) if row else None

    def put(self, record: ItemRecord) -> None:
        """Insert or replace the row of ``record.sid`` and commit.

        A new outcome supersedes what ``export verify`` found about the old file.
        """
        values = (
            record.sid,
            record.kind,
            record.room_sid,
            str(record.state),
            record.status,
            record.reason,
            record.bytes,
            record.sha256,
            record.path,
            record.participant_sid,
            record.track_name,
            record.media_kind,
            record.date_created,
            _now(),
        )
        # One transaction: a kill between the two must not leave a changed file
        # looking verified.
        with self._transaction():
            self._db.execute(_UPSERT_ITEM, values)
            self._db.execute("DELETE FROM verify_findings WHERE sid = ?", (record.sid,))

    def room_status(self, room_sid: str) -> str | None:
        """The room status recorded when its ``room.json`` was last written."""
        row = self._db.execute("SELECT status FROM rooms WHERE sid = ?", (room_sid,)).fetchone()
        return str(row[0]) if row else None

    def put_room(
        self,
        room_sid: str,
        unique_name: str | None,
        status: str,
        participants: list[tuple[str, str]],
    ) -> None:
        """Record a room and its participants (``(sid, identity)`` pairs) in one transaction."""
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO rooms (sid, unique_name, status, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (room_sid, unique_name, status, _now()),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO participants (sid, room_sid, identity) VALUES (?, ?, ?)",
                [(sid, room_sid, identity) for sid, identity in participants],
            )

    def rooms(self) -> Iterator[RoomRecord]:
        """Every room with its participants, in SID order."""
        rooms = self._db.execute(
            "SELECT sid, unique_name, status FROM rooms ORDER BY sid"
        ).fetchall()
        for sid, unique_name, status in rooms:
            people = self._db.execute(
                "SELECT sid, identity FROM participants WHERE room_sid = ? ORDER BY sid", (sid,)
            )
            yield RoomRecord(
                sid=str(sid),
                unique_name=_opt_str(unique_name),
                status=str(status),
                participants=[(str(p), str(i or "")) for p, i in people],
            )

    def has_shard(self, name: str) -> bool:
        """True when the shard ``name`` (written by a Dask task) was merged already."""
        row = self._db.execute("SELECT 1 FROM shards WHERE name = ?", (name,)).fetchone()
        return row is not None

    def add_shard(self, name: str) -> None:
        """Remember that the shard ``name`` is merged."""
        self._db.execute("INSERT OR IGNORE INTO shards (name) VALUES (?)", (name,))

    def count(self, state: ItemState) -> int:
        """How many items are in ``state``."""
        row = self._db.execute("SELECT COUNT(*) FROM items WHERE state = ?", (state,)).fetchone()
        return int(row[0])

    def room_count(self) -> int:
        """How many rooms have a ``room.json``."""
        return int(self._db.execute("SELECT COUNT(*) FROM rooms").fetchone()[0])

    def items(self, state: ItemState | None = None) -> Iterator[ItemRecord]:
        """Rows in SID order, read lazily."""
        if state is None:
            rows = self._db.execute(_SELECT_ITEMS + " ORDER BY sid")
        else:
            rows = self._db.execute(_SELECT_ITEMS + " WHERE state = ? ORDER BY sid", (str(state),))
        for row in rows:
            yield _item(row)

    def index_rows(self) -> Iterator[IndexRow]:
        """Every item with its room name and participant identity, read lazily."""
        for row in self._db.execute(_SELECT_INDEX):
            yield IndexRow(_item(row[:_WIDTH]), row[_WIDTH], row[_WIDTH + 1])

    def _transaction(self) -> sqlite3.Connection:
        # In autocommit mode the connection context manager does not open a
        # transaction, so BEGIN explicitly; the context manager commits or rolls back.
        self._db.execute("BEGIN")
        return self._db


# Column lists are written out (not formatted in) so every statement is a literal.
_WIDTH = 13
_SELECT_ITEMS = (
    "SELECT sid, kind, room_sid, state, status, reason, bytes, sha256, path, "
    "participant_sid, track_name, media_kind, date_created FROM items"
)
_UPSERT_ITEM = (
    "INSERT OR REPLACE INTO items (sid, kind, room_sid, state, status, reason, bytes, sha256, "
    "path, participant_sid, track_name, media_kind, date_created, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SELECT_INDEX = (
    "SELECT i.sid, i.kind, i.room_sid, i.state, i.status, i.reason, i.bytes, i.sha256, i.path, "
    "i.participant_sid, i.track_name, i.media_kind, i.date_created, r.unique_name, p.identity "
    "FROM items i LEFT JOIN rooms r ON r.sid = i.room_sid "
    "LEFT JOIN participants p ON p.sid = i.participant_sid "
    "ORDER BY i.room_sid, i.date_created, i.sid"
)


def _item(row: tuple[object, ...] | sqlite3.Row) -> ItemRecord:
    (sid, kind, room_sid, state, status, reason, size, sha, path, psid, track, mkind, created) = row
    return ItemRecord(
        sid=str(sid),
        kind=str(kind),
        room_sid=str(room_sid),
        state=ItemState(str(state)),
        status=str(status),
        reason=_opt_str(reason),
        bytes=int(size) if isinstance(size, int) else None,
        sha256=_opt_str(sha),
        path=_opt_str(path),
        participant_sid=_opt_str(psid),
        track_name=_opt_str(track),
        media_kind=_opt_str(mkind),
        date_created=_opt_str(created),
    )


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
