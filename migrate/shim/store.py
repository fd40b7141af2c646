"""The shim's SID store: Twilio SIDs the shim handed out, mapped back to Zoom ids.

SIDs are derived one-way from Zoom ids (``mappings.sids``), so going back needs either
this store or a Zoom lookup (list and compare derived SIDs, see
``migrate.shim.rest.video.v1._resolve``). The store is a small SQLite file shared by
every process of an application; its path comes from ``TWILIO2ZOOM_SHIM_STORE``
(default ``~/.twilio2zoom/shim.sqlite3``). It also keeps each room's status callback,
which the webhook bridge reads to route Zoom events (:func:`status_callback_for_session`),
and the Twilio storage settings last set, which Zoom has no field for (credential SIDs,
the S3 key prefix).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STORE_ENV = "TWILIO2ZOOM_SHIM_STORE"
DEFAULT_STORE_PATH = Path("~/.twilio2zoom/shim.sqlite3")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    sid TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    unique_name TEXT NOT NULL,
    status_callback TEXT,
    status_callback_method TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rooms_by_session ON rooms (session_id);
CREATE INDEX IF NOT EXISTS rooms_by_name ON rooms (unique_name, created_at);
CREATE TABLE IF NOT EXISTS recordings (
    sid TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    file_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS storage_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    set_via TEXT NOT NULL,
    settings TEXT NOT NULL,
    location_id TEXT,
    date_updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS recording_rules (
    room_sid TEXT PRIMARY KEY,
    rules TEXT NOT NULL,
    recording INTEGER NOT NULL,
    date_created TEXT NOT NULL,
    date_updated TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class RoomRecord:
    """A room the shim created (or resolved): its SID, Zoom session and creation options."""

    sid: str
    session_id: str
    unique_name: str
    status_callback: str | None
    status_callback_method: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class StoredRules:
    """The recording rules last set on a room through the shim."""

    rules: list[dict[str, Any]]
    recording: bool
    date_created: dt.datetime
    date_updated: dt.datetime


@dataclass(frozen=True)
class StoredStorage:
    """The storage settings last set through the shim (Zoom has one for all recordings).

    ``set_via`` is the Twilio resource used (``recording_settings`` or
    ``composition_settings``); ``settings`` holds its snake_case Twilio fields, never an
    AWS secret; ``location_id`` is the Zoom storage location selected, None when off.
    """

    set_via: str
    settings: dict[str, Any]
    location_id: str | None
    date_updated: dt.datetime


@dataclass(frozen=True)
class StatusCallback:
    """Where the bridge sends a room's Twilio-style status callbacks."""

    room_sid: str
    unique_name: str
    url: str
    method: str


def store_path(environment: Mapping[str, str] | None = None) -> Path:
    """The store file named by ``TWILIO2ZOOM_SHIM_STORE``, else the default under the home."""
    env = os.environ if environment is None else environment
    return Path(env.get(STORE_ENV) or DEFAULT_STORE_PATH).expanduser()


class SidStore:
    """SQLite-backed map of SIDs to Zoom ids; safe to share between threads and processes."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        # Autocommit; WAL lets several processes of one app read while one writes.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    def remember_room(self, room: RoomRecord) -> None:
        """Insert or refresh a room; a known callback is kept when the new record has none."""
        with self._lock:
            self._db.execute(
                "INSERT INTO rooms VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(sid) DO UPDATE SET "
                "status_callback = COALESCE(excluded.status_callback, rooms.status_callback), "
                "status_callback_method = COALESCE(excluded.status_callback_method, "
                "rooms.status_callback_method)",
                (
                    room.sid,
                    room.session_id,
                    room.unique_name,
                    room.status_callback,
                    room.status_callback_method,
                    room.created_at.astimezone(dt.UTC).isoformat(),
                ),
            )

    def room(self, sid: str) -> RoomRecord | None:
        """The room with this RM SID, if the store knows it."""
        return self._one_room("SELECT * FROM rooms WHERE sid = ?", (sid,))

    def room_for_session(self, session_id: str) -> RoomRecord | None:
        """The room standing for a Zoom session id, if the store knows it."""
        return self._one_room("SELECT * FROM rooms WHERE session_id = ?", (session_id,))

    def rooms_named(self, unique_name: str) -> list[RoomRecord]:
        """Rooms created with this unique name, newest first (names are reused over time)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM rooms WHERE unique_name = ? ORDER BY created_at DESC",
                (unique_name,),
            ).fetchall()
        return [_room(row) for row in rows]

    def remember_recording(self, sid: str, session_id: str, file_id: str) -> None:
        """Record which Zoom session and file an RT SID stands for."""
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO recordings VALUES (?, ?, ?)", (sid, session_id, file_id)
            )

    def recording(self, sid: str) -> tuple[str, str] | None:
        """``(session_id, file_id)`` of an RT SID, if the store knows it."""
        with self._lock:
            row = self._db.execute(
                "SELECT session_id, file_id FROM recordings WHERE sid = ?", (sid,)
            ).fetchone()
        return (row[0], row[1]) if row else None

    def remember_rules(self, room_sid: str, rules: list[dict[str, Any]], recording: bool) -> None:
        """Keep the rules set on a room (Zoom stores none) and whether they record."""
        now = dt.datetime.now(dt.UTC).isoformat()
        with self._lock:
            self._db.execute(
                "INSERT INTO recording_rules VALUES (?, ?, ?, ?, ?) ON CONFLICT(room_sid) DO "
                "UPDATE SET rules = excluded.rules, recording = excluded.recording, "
                "date_updated = excluded.date_updated",
                (room_sid, json.dumps(rules), int(recording), now, now),
            )

    def rules(self, room_sid: str) -> StoredRules | None:
        """The rules last set on a room, if any."""
        with self._lock:
            row = self._db.execute(
                "SELECT rules, recording, date_created, date_updated FROM recording_rules "
                "WHERE room_sid = ?",
                (room_sid,),
            ).fetchone()
        if row is None:
            return None
        return StoredRules(
            json.loads(row[0]),
            bool(row[1]),
            dt.datetime.fromisoformat(row[2]),
            dt.datetime.fromisoformat(row[3]),
        )

    def remember_storage(
        self, set_via: str, settings: Mapping[str, Any], location_id: str | None
    ) -> None:
        """Keep the storage settings just applied on Zoom (one row: Zoom has one setting)."""
        now = dt.datetime.now(dt.UTC).isoformat()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO storage_settings VALUES (1, ?, ?, ?, ?)",
                (set_via, json.dumps(dict(settings)), location_id, now),
            )

    def storage(self) -> StoredStorage | None:
        """The storage settings last set through the shim, if any."""
        with self._lock:
            row = self._db.execute(
                "SELECT set_via, settings, location_id, date_updated FROM storage_settings"
            ).fetchone()
        if row is None:
            return None
        return StoredStorage(row[0], json.loads(row[1]), row[2], dt.datetime.fromisoformat(row[3]))

    def _one_room(self, query: str, args: tuple[str, ...]) -> RoomRecord | None:
        with self._lock:
            row = self._db.execute(query, args).fetchone()
        return _room(row) if row else None


def _room(row: tuple[str, str, str, str | None, str | None, str]) -> RoomRecord:
    sid, session_id, unique_name, callback, method, created = row
    return RoomRecord(
        sid, session_id, unique_name, callback, method, dt.datetime.fromisoformat(created)
    )


def open_store(path: Path | None = None) -> SidStore:
    """Open the store at ``path`` or at :func:`store_path`."""
    return SidStore(path or store_path())


def status_callback_for_session(session_id: str, path: Path | None = None) -> StatusCallback | None:
    """The status callback given when the room for this Zoom session was created.

    The webhook bridge calls this for each Zoom event; None means "no callback set".
    """
    store = open_store(path)
    try:
        room = store.room_for_session(session_id)
    finally:
        store.close()
    if room is None or not room.status_callback:
        return None
    return StatusCallback(
        room_sid=room.sid,
        unique_name=room.unique_name,
        url=room.status_callback,
        method=(room.status_callback_method or "POST").upper(),
    )
