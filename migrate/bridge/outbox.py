"""The durable queue between the webhook handler and the delivery worker (SQLite, WAL).

Two tables: ``webhooks`` (one row per distinct Zoom event; its key makes redeliveries
idempotent) and ``callbacks`` (one row per Twilio callback to send, kept after delivery
or failure with its outcome). Each callback carries a per-room ordinal ``seq``; the
worker only takes the oldest pending callback of each room, so a room's callbacks
arrive in order while other rooms proceed. Handler and worker may use separate
instances (and processes) on the same file.

Delivered callbacks and the event keys that led to them are kept for a retention
period (:meth:`Outbox.prune`), long enough that a Zoom redelivery still finds its key.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from migrate.errors import ConfigError
from migrate.lifecycle import Closing

DAY = 86_400.0
# Zoom redelivers an event up to sum(migrate.zoom.webhooks.WEBHOOK_RETRY_DELAYS), about 85
# minutes, after its first try, and the key that recognises the redelivery goes with the
# pruned rows. A day leaves a wide margin over that window (and over clock skew).
MIN_RETENTION = DAY
DEFAULT_RETENTION = 7 * DAY
# Rows deleted per transaction: each batch holds the write lock only briefly, so a webhook
# arriving during a large prune is still queued (and answered) well inside Zoom's 3 s.
PRUNE_BATCH = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS webhooks (
    key TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    session_id TEXT,
    outcome TEXT NOT NULL,
    received_at REAL NOT NULL,
    duplicates INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS callbacks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_key TEXT NOT NULL REFERENCES webhooks (key),
    room_sid TEXT NOT NULL,
    seq INTEGER NOT NULL,
    event TEXT NOT NULL,
    url TEXT NOT NULL,
    method TEXT NOT NULL,
    params TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    http_status INTEGER,
    finished_at REAL,
    UNIQUE (room_sid, seq)
);
CREATE INDEX IF NOT EXISTS callbacks_by_state ON callbacks (status, room_sid, id);
CREATE INDEX IF NOT EXISTS callbacks_by_webhook ON callbacks (webhook_key);
CREATE INDEX IF NOT EXISTS webhooks_by_age ON webhooks (received_at);
"""

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


@dataclass(frozen=True)
class NewCallback:
    """A callback the handler queues: its room, event, destination and form parameters."""

    room_sid: str
    event: str
    url: str
    method: str
    params: dict[str, str]


@dataclass(frozen=True)
class QueuedCallback:
    """A pending callback as the worker sees it."""

    id: int
    webhook_key: str
    room_sid: str
    seq: int
    event: str
    url: str
    method: str
    params: dict[str, str]
    attempts: int
    created_at: float


@dataclass(frozen=True)
class FinishedCallback:
    """A delivered or failed callback with its outcome (for inspection and tests)."""

    id: int
    room_sid: str
    seq: int
    event: str
    url: str
    status: str
    attempts: int
    http_status: int | None
    last_error: str | None


@dataclass(frozen=True)
class OutboxCounts:
    """Totals for ``/stats`` and the log."""

    pending: int
    delivered: int
    failed: int
    received: int
    ignored: int
    duplicates: int

    def as_dict(self) -> dict[str, int]:
        """The counts as a JSON-ready mapping."""
        return {
            "pending": self.pending,
            "delivered": self.delivered,
            "failed": self.failed,
            "received": self.received,
            "ignored": self.ignored,
            "duplicates": self.duplicates,
        }


@dataclass(frozen=True)
class PruneResult:
    """What :meth:`Outbox.prune` deleted: delivered callbacks and event (dedupe) keys."""

    callbacks: int
    webhooks: int


def check_retention(seconds: float) -> float:
    """``seconds`` if it is a usable retention, else a :class:`ConfigError`.

    Shorter than :data:`MIN_RETENTION` would forget an event's key while Zoom may still
    redeliver it, and the redelivery would be forwarded a second time.
    """
    if not seconds >= MIN_RETENTION:
        raise ConfigError(
            f"the outbox retention must be at least {MIN_RETENTION / DAY:g} day, "
            f"got {seconds / DAY:g} days"
        )
    return seconds


class Outbox(Closing):
    """One connection to the queue file; safe to share between threads.

    A path that cannot be opened as the queue is a :class:`ConfigError`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode; explicit transactions where several statements must agree.
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")  # a 200 to Zoom: the row is on disk
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open the outbox {path}: {exc}") from None

    def close(self) -> None:
        """Close the connection; the file keeps every row."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- handler side ------------------------------------------------------------------
    def enqueue(
        self,
        key: str,
        event: str,
        session_id: str | None,
        callbacks: Sequence[NewCallback],
        now: float,
    ) -> bool:
        """Record a Zoom event and queue its callbacks in one transaction.

        Returns False (and queues nothing) when an event with this key was seen before;
        the duplicate is counted. An event without callbacks is recorded as ``ignored``.
        """
        outcome = "queued" if callbacks else "ignored"
        with self._transaction() as db:
            inserted = db.execute(
                "INSERT INTO webhooks (key, event, session_id, outcome, received_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                (key, event, session_id, outcome, now),
            ).rowcount
            if not inserted:
                db.execute("UPDATE webhooks SET duplicates = duplicates + 1 WHERE key = ?", (key,))
                return False
            for callback in callbacks:
                (seq,) = db.execute(
                    "SELECT COALESCE(MAX(seq) + 1, 0) FROM callbacks WHERE room_sid = ?",
                    (callback.room_sid,),
                ).fetchone()
                db.execute(
                    "INSERT INTO callbacks (webhook_key, room_sid, seq, event, url, method, "
                    "params, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        callback.room_sid,
                        seq,
                        callback.event,
                        callback.url,
                        callback.method,
                        json.dumps(callback.params),
                        now,
                        now,
                    ),
                )
        return True

    # --- worker side -------------------------------------------------------------------
    def due(self, now: float, limit: int = 50) -> list[QueuedCallback]:
        """The oldest pending callback of each room, when its next attempt is due."""
        with self._lock:
            rows = self._db.execute(
                "SELECT c.id, c.webhook_key, c.room_sid, c.seq, c.event, c.url, c.method, "
                "c.params, c.attempts, c.created_at FROM callbacks c "
                "WHERE c.status = 'pending' AND c.next_attempt_at <= ? AND c.id = ("
                "  SELECT MIN(p.id) FROM callbacks p"
                "  WHERE p.room_sid = c.room_sid AND p.status = 'pending'"
                ") ORDER BY c.id LIMIT ?",
                (now, limit),
            ).fetchall()
        return [
            QueuedCallback(
                id=row[0],
                webhook_key=row[1],
                room_sid=row[2],
                seq=row[3],
                event=row[4],
                url=row[5],
                method=row[6],
                params=json.loads(row[7]),
                attempts=row[8],
                created_at=row[9],
            )
            for row in rows
        ]

    def mark_delivered(self, callback_id: int, http_status: int, now: float) -> None:
        """The target accepted the callback."""
        self._finish(callback_id, DELIVERED, http_status, None, now)

    def mark_failed(
        self, callback_id: int, reason: str, now: float, http_status: int | None = None
    ) -> None:
        """Stop trying; the row stays, with the reason, for :meth:`requeue_failed`."""
        self._finish(callback_id, FAILED, http_status, reason, now)

    def retry_later(self, callback_id: int, when: float, error: str) -> None:
        """Count a failed attempt and schedule the next one."""
        with self._lock:
            self._db.execute(
                "UPDATE callbacks SET attempts = attempts + 1, next_attempt_at = ?, "
                "last_error = ? WHERE id = ? AND status = 'pending'",
                (when, error, callback_id),
            )

    def _finish(
        self, callback_id: int, status: str, http_status: int | None, error: str | None, now: float
    ) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE callbacks SET status = ?, attempts = attempts + 1, http_status = ?, "
                "last_error = COALESCE(?, last_error), finished_at = ? "
                "WHERE id = ? AND status = 'pending'",
                (status, http_status, error, now, callback_id),
            )

    def requeue_failed(self, now: float) -> int:
        """Make every failed callback pending again (e.g. after fixing the target)."""
        with self._lock:
            return self._db.execute(
                "UPDATE callbacks SET status = 'pending', next_attempt_at = ?, created_at = ?, "
                "finished_at = NULL WHERE status = 'failed'",
                (now, now),
            ).rowcount

    # --- housekeeping ------------------------------------------------------------------
    def prune(self, now: float, retention: float = DEFAULT_RETENTION) -> PruneResult:
        """Delete delivered callbacks finished, and event keys received, before ``now - retention``.

        Pending and failed callbacks stay, and so do the keys of their events. The newest
        callback of each room stays too: the next callback's SequenceNumber continues from
        it rather than starting again at 0. ``retention`` is checked by
        :func:`check_retention`. Deletes in short batches, so it may run beside a live bridge.
        """
        cutoff = now - check_retention(retention)
        callbacks = self._delete_in_batches(
            "DELETE FROM callbacks WHERE id IN ("
            "  SELECT c.id FROM callbacks c"
            "  WHERE c.status = 'delivered' AND c.finished_at < ? AND c.seq < ("
            "    SELECT MAX(n.seq) FROM callbacks n WHERE n.room_sid = c.room_sid"
            "  ) LIMIT ?"
            ")",
            cutoff,
        )
        webhooks = self._delete_in_batches(
            "DELETE FROM webhooks WHERE key IN ("
            "  SELECT w.key FROM webhooks w WHERE w.received_at < ? AND NOT EXISTS ("
            "    SELECT 1 FROM callbacks c WHERE c.webhook_key = w.key"
            "  ) LIMIT ?"
            ")",
            cutoff,
        )
        return PruneResult(callbacks, webhooks)

    def _delete_in_batches(self, statement: str, cutoff: float) -> int:
        total = 0
        while True:
            with self._transaction() as db:
                deleted = db.execute(statement, (cutoff, PRUNE_BATCH)).rowcount
            total += deleted
            if deleted < PRUNE_BATCH:
                return total

    # --- inspection --------------------------------------------------------------------
    def counts(self) -> OutboxCounts:
        """Pending, delivered and failed callbacks; received, ignored and duplicate events."""
        with self._lock:
            by_status = dict(
                self._db.execute("SELECT status, COUNT(*) FROM callbacks GROUP BY status")
            )
            received, ignored, duplicates = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(outcome = 'ignored'), 0), "
                "COALESCE(SUM(duplicates), 0) FROM webhooks"
            ).fetchone()
        return OutboxCounts(
            pending=by_status.get(PENDING, 0),
            delivered=by_status.get(DELIVERED, 0),
            failed=by_status.get(FAILED, 0),
            received=received,
            ignored=ignored,
            duplicates=duplicates,
        )

    def finished(self) -> list[FinishedCallback]:
        """Delivered and failed callbacks, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, room_sid, seq, event, url, status, attempts, http_status, last_error "
                "FROM callbacks WHERE status != 'pending' ORDER BY id"
            ).fetchall()
        return [FinishedCallback(*row) for row in rows]

    def ping(self) -> None:
        """Raise :class:`sqlite3.Error` when the queue file cannot be read."""
        with self._lock:
            self._db.execute("SELECT 1 FROM callbacks LIMIT 1").fetchall()
