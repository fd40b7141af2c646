"""``export --scheduler ADDRESS`` / ``--workers N``: the same export, spread over Dask workers.

The client lists (as a single-process run does), skips what its manifest has verified,
groups the rest by room into batches of ``batch_items`` and keeps a bounded number of
them submitted; each batch is one task (:func:`migrate.export.batch.run_batch`). Results
are merged into the client's manifest as they arrive, and the index is written at the
end, as today. Workers report bytes and items as Dask events for the progress bar.

Dask is an optional extra; without it these options stop with one line saying what to
install. See docs/export.md, "On a Dask cluster".
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

from migrate.cutoff import cutoff_status
from migrate.errors import ConfigError, Twilio2ZoomError
from migrate.export.batch import BatchPayload, BatchResult, run_batch
from migrate.export.destination import is_remote, open_destination, state_dir_for
from migrate.export.index import write_index
from migrate.export.listing import (
    MediaItem,
    RoomItem,
    VideoSource,
    WorkItem,
    list_work,
    resolve_rooms,
)
from migrate.export.manifest import (
    MANIFEST_NAME,
    RUN_FINISHED,
    RUN_INTERRUPTED,
    RUN_RUNNING,
    Manifest,
)
from migrate.export.media_item import Tally, item_record
from migrate.export.models import ExportOptions, ExportSummary, ItemState, WorkerTotals
from migrate.export.pipeline import summarize, until_signalled
from migrate.export.progress import ProgressView, progress_for
from migrate.export.rooms import FINAL_ROOM_STATUSES
from migrate.export.shards import merge_new_shards, merge_shard
from migrate.redact import redact
from migrate.retry import RetryPolicy
from migrate.settings import Settings

INSTALL_HINT = "python -m pip install 'twilio2zoom[dask]'"
# Batches submitted per worker thread beyond the one it runs: the next is already there
# when one ends, and listing waits (memory stays flat) when workers fall behind.
QUEUED_PER_THREAD = 1


def require_dask() -> None:
    """Raise :class:`ConfigError` naming the install command when Dask is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ConfigError(f"--workers and --scheduler need Dask: {INSTALL_HINT}") from None


def reachability_note(dest: str, options: ExportOptions) -> str | None:
    """A warning when workers of a remote cluster may not see a local-path DEST."""
    if options.scheduler and not is_remote(dest):
        return (
            f"note: {dest} is a local path; every Dask worker must reach it at the same path "
            "(a shared filesystem), or use object storage (s3://...)"
        )
    return None


async def run_on_dask(
    settings: Settings,
    dest: str,
    options: ExportOptions,
    *,
    source: VideoSource,
    policy: RetryPolicy | None = None,
) -> ExportSummary:
    """Copy the selected archive to ``dest`` on a Dask cluster; the totals as for one process."""
    require_dask()
    username, password = settings.twilio_basic_auth()  # missing credentials fail here
    state = state_dir_for(dest, options.state_dir)
    started = time.monotonic()
    # The cluster first: an unreachable scheduler stops the run before DEST is touched.
    async with _client(options) as client:
        destination = open_destination(dest, options.storage_options, options.state_dir)
        with Manifest(state / MANIFEST_NAME) as manifest:
            manifest.set_last_export(RUN_RUNNING)  # a killed run leaves it so; verify says it
            await merge_new_shards(manifest, destination)
            run = _Run(
                source=source,
                options=options,
                manifest=manifest,
                progress=progress_for(options.show_progress, settings.cutoff),
                template=_template(settings, dest, options, policy, username, password),
            )
            try:
                interrupted = await until_signalled(run.drive(client))
            finally:
                run.progress.close()
            await write_index(manifest, destination)
            complete = not interrupted and not run.tally.listing_stopped
            manifest.set_last_export(RUN_FINISHED if complete else RUN_INTERRUPTED)
    summary = summarize(destination, run.tally, len(run.rooms), started, interrupted)
    summary.stamp(cutoff_status(settings.cutoff))
    return summary.model_copy(update={"workers": run.workers})


def _template(
    settings: Settings,
    dest: str,
    options: ExportOptions,
    policy: RetryPolicy | None,
    username: str,
    password: str,
) -> BatchPayload:
    from pydantic import SecretStr

    local_dest = not is_remote(dest)
    if options.workers:
        # A local cluster shares this machine: the client's state folder is theirs too.
        state_dir: str | None = str(state_dir_for(dest, options.state_dir).resolve())
    else:
        state_dir = None  # each worker's own default (inside a shared DEST, or its home)
    return BatchPayload(
        batch="",
        topic="",
        dest=str(state_dir_for(dest).parent.resolve()) if local_dest else dest,
        state_dir=state_dir,
        storage_options=dict(options.storage_options),
        username=username,
        password=SecretStr(password),
        base_url=settings.twilio_video_base_url,
        items=(),
        final_rooms=frozenset(),
        concurrency=options.concurrency,
        bwlimit=options.bwlimit,
        policy=policy or RetryPolicy(),
    )


@contextlib.asynccontextmanager
async def _client(options: ExportOptions) -> AsyncIterator[Any]:
    import logging

    from distributed import Client, LocalCluster

    if options.workers:
        async with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=options.workers,
                threads_per_worker=1,
                processes=True,
                asynchronous=True,
                dashboard_address=":0",
                # A worker's trouble reaches the summary as its batch's failure; its
                # logs would only add shutdown noise (connections closing) on Ctrl-C.
                silence_logs=logging.CRITICAL,
                # Workers import the exporter while the client lists, not on their first task.
                preload=["migrate.export.batch"],
            ) as cluster,
            Client(cluster, asynchronous=True) as client,  # type: ignore[no-untyped-call]
        ):
            yield client
        return
    try:
        # Waits up to Dask's own connect timeout (distributed.comm.timeouts.connect).
        client = await Client(options.scheduler, asynchronous=True)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {options.scheduler}: {redact(str(exc))}"
        ) from None
    try:
        yield client
    finally:
        await client.close()


@dataclass
class _Run:
    """One run's dispatch: listing in, batches out, results merged."""

    source: VideoSource
    options: ExportOptions
    manifest: Manifest
    progress: ProgressView
    template: BatchPayload
    tally: Tally = field(default_factory=Tally)
    workers: dict[str, WorkerTotals] = field(default_factory=dict)
    rooms: set[str] = field(default_factory=set)
    _run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    _sequence: int = 0
    _inflight: dict[asyncio.Task[BatchResult], BatchPayload] = field(default_factory=dict)
    # Submitted, unfinished batches per room (bounded by the in-flight limit).
    _room_refs: Counter[str] = field(default_factory=Counter)
    _batches: _RoomBatches = field(init=False)

    @property
    def topic(self) -> str:
        """The Dask event topic of this run's progress."""
        return f"twilio2zoom-progress-{self._run_id}"

    async def drive(self, client: Any) -> None:
        """List, submit, collect; return when every batch is merged."""
        client.subscribe_topic(self.topic, self._on_event)
        threads = await _threads(client)
        limit = max(2, threads * (1 + QUEUED_PER_THREAD))
        self._batches = _RoomBatches(self.options.batch_items, self.options.concurrency, threads)
        try:
            room_sids = None
            if self.options.rooms:
                room_sids = await resolve_rooms(self.source, self.options.rooms)
            try:
                async for item in list_work(self.source, self.options, room_sids):
                    if not self._wanted(item):
                        continue
                    for batch in self._batches.add(item):
                        await self._submit(client, batch, limit)
                    # An idle worker gets a smaller batch (enough to fill its connections)
                    # rather than wait for a full one: small exports spread too.
                    if (
                        len(self._inflight) < threads
                        and self._batches.count >= self.options.concurrency
                    ):
                        await self._submit(client, self._batches.take(), limit)
            except Twilio2ZoomError as exc:
                # What was listed still gets copied; the rest waits for the next run.
                self.tally.listing_stopped = True
                self.tally.fail("listing", f"listing stopped: {redact(str(exc))}")
            for batch in self._batches.rest():
                await self._submit(client, batch, limit)
            while self._inflight:
                await self._collect_one()
        finally:
            for task in self._inflight:
                task.cancel()
            client.unsubscribe_topic(self.topic)

    def _wanted(self, item: WorkItem) -> bool:
        """Count ``item`` for the progress bar; False when it needs no worker."""
        if isinstance(item, RoomItem):
            sid = item.room.sid or ""
            # A batch holding the room's media writes its room.json anyway.
            busy = self._room_refs[sid] > 0 or self._batches.holds(sid)
            return (
                bool(sid) and not busy and self.manifest.room_status(sid) not in FINAL_ROOM_STATUSES
            )
        if item.sid and self.manifest.is_verified(item.sid):
            self.tally.skipped_verified += 1
            self.progress.found(0)
            self.progress.item_done()
            return False
        self.progress.found(item.size or 0 if item.has_media else 0)
        if item.sid:  # verify reports it until a batch copies it
            self.manifest.record_listed(item_record(item, ItemState.PENDING))
        return True

    async def _submit(self, client: Any, items: list[WorkItem], limit: int) -> None:
        while len(self._inflight) >= limit:
            await self._collect_one()
        self._sequence += 1
        batch = f"{self._run_id}-{self._sequence:06d}"
        room_sids = {_room_of(item) for item in items}
        final = frozenset(
            sid for sid in room_sids if self.manifest.room_status(sid) in FINAL_ROOM_STATUSES
        )
        payload = replace(
            self.template, batch=batch, topic=self.topic, items=tuple(items), final_rooms=final
        )
        # The key names the batch only: keys show on the dashboard and in every log.
        future = client.submit(run_batch, payload, key=f"twilio2zoom-batch-{batch}", pure=False)
        task = asyncio.ensure_future(_result(future))
        self._inflight[task] = payload
        self._room_refs.update(room_sids)  # one reference per batch and room

    async def _collect_one(self) -> None:
        done, _ = await asyncio.wait(self._inflight, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            payload = self._inflight.pop(task)
            for room_sid in {_room_of(item) for item in payload.items}:
                self._room_refs[room_sid] -= 1
                if self._room_refs[room_sid] <= 0:
                    del self._room_refs[room_sid]
            try:
                result = task.result()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the task failed for good (e.g. its workers kept dying)
                self._fail_batch(payload, _reason(exc, payload))
                continue
            self._merge(result)

    def _merge(self, result: BatchResult) -> None:
        merge_shard(self.manifest, result.shard)
        tally = self.tally
        tally.copied += result.copied
        tally.skipped_verified += result.skipped_verified
        tally.not_completed += result.not_completed
        tally.bytes_copied += result.bytes_copied
        for failure in result.failures:
            tally.fail(failure.sid, failure.reason)
        self.rooms.update(room.sid for room in result.shard.rooms)
        totals = self.workers.setdefault(result.worker, WorkerTotals())
        totals.items += result.copied + result.not_completed + result.failed
        totals.bytes += result.bytes_copied
        totals.failed += result.failed

    def _fail_batch(self, payload: BatchPayload, reason: str) -> None:
        for item in payload.items:
            if isinstance(item, MediaItem):
                self.tally.fail(item.sid, reason)
                if not self.manifest.is_verified(item.sid):
                    self.manifest.put(item_record(item, ItemState.FAILED, reason=reason))
                self.progress.item_done()
            elif item.room.sid:
                self.tally.fail(item.room.sid, f"room metadata: {reason}")

    def _on_event(self, event: tuple[float, dict[str, Any]]) -> None:
        message = event[1]
        self.progress.advance(int(message.get("bytes", 0)))
        for _ in range(int(message.get("items", 0))):
            self.progress.item_done()


async def _result(future: Any) -> BatchResult:
    result: BatchResult = await future
    return result


async def _threads(client: Any) -> int:
    # An asynchronous client's scheduler_info() is a cache without workers; ask afresh.
    info = await client.scheduler.identity(n_workers=-1)
    workers = info.get("workers", {})
    return sum(int(w.get("nthreads", 1)) for w in workers.values()) or 1


def _reason(exc: BaseException, payload: BatchPayload) -> str:
    name = type(exc).__name__
    text = str(exc) if name == "BatchError" else f"{name}: {exc}"
    return redact(f"batch did not finish: {text}", payload.secrets())


def _room_of(item: WorkItem) -> str:
    return item.room_sid if isinstance(item, MediaItem) else item.room.sid or ""


class _RoomBatches:
    """Groups listed items by room into batches.

    A batch takes whole rooms, largest first; a room larger than a batch is cut. Batches
    grow with what was listed so far, from ``smallest`` (one worker's connections) to
    ``largest`` items: in a small export every worker gets a share, and the last batches
    (which nobody can help with) stay short; in a large one each task carries enough to
    make its fixed cost small. At most about ``largest`` items wait here.
    """

    def __init__(self, largest: int, smallest: int, parts: int) -> None:
        self._largest = largest
        self._smallest = min(smallest, largest)
        self._parts = max(1, parts)
        self._rooms: dict[str, list[WorkItem]] = {}
        self._count = 0
        self._seen = 0

    @property
    def _size(self) -> int:
        # About a quarter of each worker's share of what is known so far.
        share = self._seen // (4 * self._parts)
        return max(self._smallest, min(self._largest, share))

    @property
    def count(self) -> int:
        """Items waiting."""
        return self._count

    def holds(self, room_sid: str) -> bool:
        """True when items of ``room_sid`` wait here."""
        return room_sid in self._rooms

    def add(self, item: WorkItem) -> list[list[WorkItem]]:
        """Take ``item``; return the batches that are now full."""
        self._rooms.setdefault(_room_of(item), []).append(item)
        self._count += 1
        self._seen += 1
        batches = []
        while self._count >= self._size:
            batches.append(self.take())
        return batches

    def rest(self) -> list[list[WorkItem]]:
        """What is left once listing ends, split over the workers so none waits for one
        that got it all."""
        size = min(self._size, max(1, -(-self._count // self._parts)))
        batches = []
        while self._count:
            batches.append(self.take(size))
        return batches

    def take(self, size: int | None = None) -> list[WorkItem]:
        """The next batch: whole rooms, largest first, up to ``size`` (the batch size)."""
        size = size or self._size
        batch: list[WorkItem] = []
        for room in sorted(self._rooms, key=lambda r: len(self._rooms[r]), reverse=True):
            room_items = self._rooms[room]
            taken = room_items[: size - len(batch)]
            batch += taken
            del room_items[: len(taken)]
            if not room_items:
                del self._rooms[room]
            if len(batch) >= size:
                break
        self._count -= len(batch)
        return batch
