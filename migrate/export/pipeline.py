"""The export run: listing feeds a bounded queue that ``concurrency`` workers drain.

Listing overlaps downloading, memory stays flat (the queue is bounded, files stream to
disk, the manifest is committed item by item), and SIGINT/SIGTERM stop the run cleanly:
finished items stay verified, partial downloads stay staged for the next run to resume.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import httpx

from migrate.errors import Twilio2ZoomError
from migrate.export.destination import Destination, open_destination, state_dir_for
from migrate.export.index import write_index
from migrate.export.listing import (
    MediaItem,
    RoomItem,
    VideoSource,
    WorkItem,
    list_work,
    resolve_rooms,
)
from migrate.export.manifest import MANIFEST_NAME, Manifest
from migrate.export.media_item import ItemExporter, Tally
from migrate.export.models import ExportOptions, ExportSummary
from migrate.export.progress import progress_for
from migrate.export.rooms import RoomCatalog
from migrate.redact import redact
from migrate.retry import RetryPolicy
from migrate.settings import Settings

_MEDIA_TIMEOUT = httpx.Timeout(connect=15.0, read=60.0, write=60.0, pool=None)
_STOP = object()


async def run_export(
    settings: Settings,
    dest: str,
    options: ExportOptions,
    *,
    source: VideoSource | None = None,
    policy: RetryPolicy | None = None,
) -> ExportSummary:
    """Copy the selected archive to ``dest`` and return the totals.

    Credentials are checked before anything is touched (a missing one raises
    :class:`migrate.errors.MissingCredentialError`). ``source`` replaces the Twilio
    client built from ``settings`` (tests, other callers).
    """
    if source is None:
        from migrate.twilio import AsyncTwilioVideoClient

        async with AsyncTwilioVideoClient.from_settings(settings) as client:
            return await run_export(settings, dest, options, source=client, policy=policy)

    destination = open_destination(dest, options.storage_options, options.state_dir)
    state = state_dir_for(dest, options.state_dir)
    progress = progress_for(options.show_progress, settings.cutoff)
    started = time.monotonic()
    tally = Tally()
    with Manifest(state / MANIFEST_NAME) as manifest:
        rooms = RoomCatalog(source, destination, manifest, tally.fail)
        try:
            async with _media_client(options.concurrency) as media_client:
                exporter = ItemExporter(
                    source=source,
                    media_client=media_client,
                    dest=destination,
                    manifest=manifest,
                    rooms=rooms,
                    policy=policy or RetryPolicy(),
                    progress=progress,
                    tally=tally,
                )
                interrupted = await _until_signalled(_drain(source, options, exporter))
        finally:
            progress.close()
        await write_index(manifest, destination)
    return _summary(destination, tally, rooms.written, started, interrupted)


def _media_client(concurrency: int) -> httpx.AsyncClient:
    # No auth, no cookies and no redirects: this client only ever talks to the
    # storage host named by a pre-signed URL, which must never see Twilio credentials.
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(timeout=_MEDIA_TIMEOUT, limits=limits, follow_redirects=False)


async def _drain(source: VideoSource, options: ExportOptions, exporter: ItemExporter) -> None:
    queue: asyncio.Queue[WorkItem | object] = asyncio.Queue(maxsize=options.concurrency * 2)
    room_sids = await resolve_rooms(source, options.rooms) if options.rooms else None

    async def produce() -> None:
        try:
            async for item in list_work(source, options, room_sids):
                if isinstance(item, MediaItem):
                    exporter.progress.found(_bytes_to_copy(item, exporter))
                await queue.put(item)
        except Twilio2ZoomError as exc:
            # What was listed still gets copied; the rest waits for the next run.
            exporter.tally.fail("listing", f"listing stopped: {redact(str(exc))}")
        # Not in a ``finally``: when a worker fails, the task group cancels this task,
        # and waiting to put into a full queue that nobody drains would hang the run.
        for _ in range(options.concurrency):
            await queue.put(_STOP)

    async def work() -> None:
        while (item := await queue.get()) is not _STOP:
            if isinstance(item, RoomItem):
                if item.room.sid:
                    await exporter.rooms.ensure(item.room.sid, item.room)
            elif isinstance(item, MediaItem):
                await exporter.export(item)
                exporter.progress.item_done()

    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(produce())
            for _ in range(options.concurrency):
                group.create_task(work())
    except ExceptionGroup as errors:
        # Surface the first real error (disk full, ...) rather than the group.
        raise errors.exceptions[0] from None


def _bytes_to_copy(item: MediaItem, exporter: ItemExporter) -> int:
    """What ``item`` adds to the progress total: nothing if it has no media or is done."""
    if not item.has_media or exporter.manifest.is_verified(item.sid):
        return 0
    return item.size or 0


async def _until_signalled(work: Coroutine[Any, Any, None]) -> bool:
    """Run ``work``; return True if SIGINT or SIGTERM cancelled it first."""
    task = asyncio.ensure_future(work)
    signalled = False

    def stop() -> None:
        nonlocal signalled
        signalled = True
        task.cancel()

    with _signal_handlers(stop):
        try:
            await task
        except asyncio.CancelledError:
            if not signalled:
                raise
    return signalled


@contextlib.contextmanager
def _signal_handlers(callback: Callable[[], None]) -> Iterator[None]:
    # Signal handlers can only be installed from the main thread (not in tests that
    # run the export in a worker thread, nor on platforms without them).
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, callback)
                installed.append(sig)
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


def _summary(
    dest: Destination, tally: Tally, rooms: int, started: float, interrupted: bool
) -> ExportSummary:
    return ExportSummary(
        dest=dest.url,
        copied=tally.copied,
        skipped_verified=tally.skipped_verified,
        not_completed=tally.not_completed,
        failed=tally.failed,
        rooms=rooms,
        bytes_copied=tally.bytes_copied,
        seconds=round(time.monotonic() - started, 3),
        interrupted=interrupted,
        failures=tally.failures,
    )
