"""One Dask task: export a batch of work items on a worker with the ordinary pipeline.

The worker builds its own Twilio client from the credentials in the payload, asks
``/Media`` for each file when it starts it (pre-signed URLs expire), downloads, checks and
publishes exactly as a single-process run does, into a scratch manifest, and finally
writes that manifest as a shard into DEST (:mod:`migrate.export.shards`).

Running a batch twice is harmless: finished files are replaced whole by identical ones,
a part being written by a live process is locked, a part left by a dead one is resumed,
and the shard is written under the batch's name.

The payload carries secrets (Twilio credentials, maybe storage options) and Dask prints
a failed task's arguments in its logs: the payload's repr names only the batch, and
every error leaves the task as a one-line message with the secrets scrubbed.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from pydantic import SecretStr

from migrate.export.bwlimit import process_bucket
from migrate.export.destination import open_destination
from migrate.export.listing import WorkItem
from migrate.export.manifest import MANIFEST_NAME, Manifest
from migrate.export.media_item import ItemExporter, Tally
from migrate.export.models import FailedItem
from migrate.export.pipeline import drain, media_client_for
from migrate.export.rooms import RoomCatalog
from migrate.export.shards import Shard, shard_from_manifest, write_shard
from migrate.redact import redact
from migrate.retry import RetryPolicy

if TYPE_CHECKING:
    from migrate.twilio import AsyncTwilioVideoClient

_T = TypeVar("_T")

# Worker progress goes to the client at most this often (plus once at the end).
EVENT_INTERVAL_SECONDS = 0.25


@dataclass(frozen=True, repr=False)
class BatchPayload:
    """Everything a worker needs for one batch (secrets included; see the module doc)."""

    batch: str
    topic: str
    dest: str
    state_dir: str | None
    storage_options: dict[str, str]
    username: str
    password: SecretStr
    base_url: str
    items: tuple[WorkItem, ...]
    final_rooms: frozenset[str]
    concurrency: int
    bwlimit: int | None
    policy: RetryPolicy

    def __repr__(self) -> str:
        return f"BatchPayload({self.batch}, {len(self.items)} items)"

    def secrets(self) -> list[str]:
        """Values to scrub from anything leaving the task."""
        return [self.password.get_secret_value(), *self.storage_options.values()]


@dataclass
class BatchResult:
    """What the batch did: counts for the summary and the shard for the manifest."""

    batch: str
    worker: str
    copied: int
    skipped_verified: int
    not_completed: int
    failed: int
    bytes_copied: int
    failures: list[FailedItem]
    shard: Shard


class BatchError(Exception):
    """A batch stopped by something other than one item (disk full, DEST unreachable)."""


def run_batch(payload: BatchPayload) -> BatchResult:
    """The Dask task: export ``payload.items`` and return the outcome."""
    worker, send = _this_worker()
    events = WorkerEvents(payload.topic, payload.batch, send)
    try:
        return _runtime().run(_run(payload, worker, events))
    except Exception as exc:
        # A new exception without cause or context: neither the payload nor a secret
        # inside the original message travels to the client or into Dask's logs.
        message = redact(f"{type(exc).__name__}: {exc}", payload.secrets())
        raise BatchError(f"batch {payload.batch} on {worker}: {message}") from None


async def _run(payload: BatchPayload, worker: str, events: WorkerEvents) -> BatchResult:
    dest = open_destination(payload.dest, payload.storage_options, payload.state_dir)
    tally = Tally()
    events.tally = tally
    runtime = _runtime()
    with (
        tempfile.TemporaryDirectory(prefix="twilio2zoom-batch-") as scratch,
        Manifest(Path(scratch) / MANIFEST_NAME) as manifest,
    ):
        # Rooms the client already has final records of are not fetched again.
        for room_sid in payload.final_rooms:
            manifest.put_room(room_sid, None, "completed", [])
        source = runtime.source(payload)
        rooms = RoomCatalog(source, dest, manifest, tally.fail)
        exporter = ItemExporter(
            source=source,
            media_client=runtime.media_client(payload.concurrency),
            dest=dest,
            manifest=manifest,
            rooms=rooms,
            policy=payload.policy,
            progress=events,
            tally=tally,
            limiter=process_bucket(payload.bwlimit),
        )
        await drain(_each(payload.items), payload.concurrency, exporter)
        shard = shard_from_manifest(manifest, payload.batch, worker, payload.final_rooms)
        await write_shard(dest, shard, manifest)
    events.close()
    return BatchResult(
        batch=payload.batch,
        worker=worker,
        copied=tally.copied,
        skipped_verified=tally.skipped_verified,
        not_completed=tally.not_completed,
        failed=tally.failed,
        bytes_copied=tally.bytes_copied,
        failures=tally.failures,
        shard=shard,
    )


async def _each(items: tuple[WorkItem, ...]) -> AsyncIterator[WorkItem]:
    for item in items:
        yield item


Send = Callable[[str, dict[str, int | str]], None]


def _this_worker() -> tuple[str, Send | None]:
    """This worker's address and its ``log_event`` (looked up in the task's own thread)."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return "local", None  # called outside a Dask worker (tests, a plain process)
    return str(worker.address), worker.log_event


class _Runtime:
    """One event loop per worker process, and the HTTP clients every batch shares.

    Batches come and go; connections, TLS set-up and the ``--concurrency`` connection
    pool stay, so a small batch costs little more than its downloads. Several batches
    on one worker (several threads) share one pool of ``--concurrency`` connections.
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        thread = threading.Thread(target=self._loop.run_forever, name="twilio2zoom", daemon=True)
        thread.start()
        self._sources: dict[tuple[str, str, str, RetryPolicy], AsyncTwilioVideoClient] = {}
        self._media: dict[int, httpx.AsyncClient] = {}

    def run(self, work: Coroutine[Any, Any, _T]) -> _T:
        """Run ``work`` on the loop; block this (task) thread until it ends."""
        return asyncio.run_coroutine_threadsafe(work, self._loop).result()

    def source(self, payload: BatchPayload) -> AsyncTwilioVideoClient:
        """The Twilio client for the payload's account (called on the loop)."""
        from migrate.twilio import AsyncTwilioVideoClient

        password = payload.password.get_secret_value()
        # The key holds a digest, not the secret: it only tells accounts apart.
        digest = hashlib.sha256(password.encode()).hexdigest()
        key = (payload.username, digest, payload.base_url, payload.policy)
        client = self._sources.get(key)
        if client is None:
            client = AsyncTwilioVideoClient(
                payload.username, password, base_url=payload.base_url, retry=payload.policy
            )
            self._sources[key] = client
        return client

    def media_client(self, concurrency: int) -> httpx.AsyncClient:
        """The credential-free media client with ``concurrency`` connections."""
        client = self._media.get(concurrency)
        if client is None:
            client = self._media[concurrency] = media_client_for(concurrency)
        return client


_RUNTIME: _Runtime | None = None
_RUNTIME_LOCK = threading.Lock()


def _runtime() -> _Runtime:
    global _RUNTIME
    with _RUNTIME_LOCK:
        if _RUNTIME is None:
            _RUNTIME = _Runtime()
        return _RUNTIME


@dataclass
class WorkerEvents:
    """A :class:`ProgressView` that reports to the client as Dask events on ``topic``.

    Sent as deltas (bytes, items, failures since the last event), at most every
    ``EVENT_INTERVAL_SECONDS``: the client adds them to its one progress bar.
    """

    topic: str
    batch: str
    send: Send | None = None
    tally: Tally | None = None
    _bytes: int = 0
    _items: int = 0
    _failed_sent: int = 0
    _last: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def found(self, nbytes: int) -> None:
        """The client counts what is listed; nothing to do here."""

    def advance(self, nbytes: int) -> None:
        """Count received bytes."""
        self._bytes += nbytes
        self._maybe_send()

    def item_done(self) -> None:
        """Count a finished item."""
        self._items += 1
        self._maybe_send()

    def close(self) -> None:
        """Send what is left."""
        self._send()

    def _maybe_send(self) -> None:
        if time.monotonic() - self._last >= EVENT_INTERVAL_SECONDS:
            self._send()

    def _send(self) -> None:
        with self._lock:
            failed = self.tally.failed if self.tally else 0
            message: dict[str, int | str] = {
                "batch": self.batch,
                "bytes": self._bytes,
                "items": self._items,
                "failed": failed - self._failed_sent,
            }
            self._bytes = self._items = 0
            self._failed_sent = failed
            self._last = time.monotonic()
        if self.send is not None and (message["bytes"] or message["items"] or message["failed"]):
            self.send(self.topic, message)
