"""``--dry-run``: what an export would copy, how long it would take, and the cutoff verdict.

The duration is the largest of three lower bounds, and the report names the one that
dominates:

- bandwidth: bytes over the smaller of ``concurrency`` x the rate one connection gets
  and the rate several connections measured together, when that shows a shared limit;
  plus each item's wait for its first byte, spread over the connections;
- requests: every REST read the run makes (list pages, one ``/Media`` per file, the
  room records) at Twilio's quota of ``TWILIO_READS_PER_SECOND`` per account;
- listing: the time the dry run's own listing took (a real run lists the same way,
  overlapped with copying).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace

import httpx

from mappings.limits import TWILIO_MEDIA_TTL_DEFAULT, TWILIO_READS_PER_SECOND
from migrate.errors import Twilio2ZoomError
from migrate.export.cutoff import cutoff_verdict
from migrate.export.destination import state_dir_for
from migrate.export.listing import (
    ListingReads,
    MediaItem,
    RoomItem,
    VideoSource,
    list_work,
    resolve_rooms,
)
from migrate.export.manifest import MANIFEST_NAME, Manifest
from migrate.export.models import DryRunReport, EstimateBound, ExportOptions
from migrate.export.rooms import FINAL_ROOM_STATUSES
from migrate.settings import Settings

SAMPLE_BYTES = 4 << 20
# Connections timed together; enough to see a shared limit, few enough to stay cheap
# (at most this many x SAMPLE_BYTES are downloaded).
PROBE_CONNECTIONS = 8
# Connections that together get less than this share of (n x one connection's rate) are
# sharing a limit: more connections will not raise the total past what was measured.
SATURATED = 0.8
# A room whose room.json a run writes costs a fetch, a participants page and its
# recording rules; a room the listing already returned skips the fetch, and a live
# room lists connected and reconnecting participants too.
ROOM_READS = 3
LIVE_ROOM_EXTRA_READS = 2
_SAMPLE_TIMEOUT = httpx.Timeout(30.0)


@dataclass(frozen=True)
class MeasuredRate:
    """What the sample downloads measured."""

    per_connection: float  # bytes/s on one connection
    first_byte_seconds: float  # from asking /Media to the first byte of media
    aggregate: float | None = None  # bytes/s of ``aggregate_connections`` together
    aggregate_connections: int = 1


@dataclass(frozen=True)
class Estimate:
    """The three bounds, the duration they give, and which one dominates."""

    bandwidth: float | None
    transfer_seconds: float
    request_floor_seconds: float
    listing_seconds: float
    seconds: float
    bound: EstimateBound


def link_rate(measured: MeasuredRate, concurrency: int) -> tuple[float, EstimateBound]:
    """Bytes/s the run can expect over ``concurrency`` connections, and what limits it."""
    connections = concurrency * measured.per_connection
    cap = measured.aggregate
    if cap is None:
        return connections, EstimateBound.CONNECTIONS
    # Measured with as many connections as the run uses, the aggregate is the rate;
    # measured with fewer, it caps the run only if those already stopped scaling.
    shared = measured.aggregate_connections >= concurrency or (
        cap < SATURATED * measured.aggregate_connections * measured.per_connection
    )
    if shared and cap < connections:
        return cap, EstimateBound.AGGREGATE
    return connections, EstimateBound.CONNECTIONS


def combine(
    *,
    bytes_to_copy: int,
    items: int,
    api_reads: int,
    concurrency: int,
    listing_seconds: float,
    measured: MeasuredRate | None,
    reads_per_second: float = TWILIO_READS_PER_SECOND,
) -> Estimate:
    """The duration as the largest lower bound; ``measured`` None means no rate is known."""
    bandwidth: float | None = None
    transfer = 0.0
    transfer_bound = EstimateBound.CONNECTIONS
    if measured is not None and items:
        bandwidth, transfer_bound = link_rate(measured, concurrency)
        waits = items * measured.first_byte_seconds / concurrency
        transfer = bytes_to_copy / bandwidth + waits
    requests = api_reads / reads_per_second
    # On a tie the earlier bound is named: transfer, then requests, then listing.
    bounds = [
        (transfer, transfer_bound),
        (requests, EstimateBound.REQUESTS),
        (listing_seconds, EstimateBound.LISTING),
    ]
    seconds, bound = max(bounds, key=lambda pair: pair[0])
    return Estimate(
        bandwidth=bandwidth,
        transfer_seconds=transfer,
        request_floor_seconds=requests,
        listing_seconds=listing_seconds,
        seconds=seconds,
        bound=bound if seconds > 0 else EstimateBound.NONE,
    )


async def estimate_export(
    settings: Settings,
    dest: str,
    options: ExportOptions,
    *,
    source: VideoSource | None = None,
    sample_bytes: int = SAMPLE_BYTES,
) -> DryRunReport:
    """List what would be copied (nothing is written to DEST) and estimate the duration."""
    if source is None:
        from migrate.twilio import AsyncTwilioVideoClient

        async with AsyncTwilioVideoClient.from_settings(settings) as client:
            return await estimate_export(
                settings, dest, options, source=client, sample_bytes=sample_bytes
            )

    report = DryRunReport(dest=dest)
    started = time.monotonic()
    largest = await _list(source, dest, options, report)
    report.listing_seconds = round(time.monotonic() - started, 3)
    measured = await _measure_or_explain(source, largest, options.concurrency, sample_bytes, report)
    estimate = combine(
        bytes_to_copy=report.bytes_to_copy,
        items=report.to_copy,
        api_reads=report.api_reads,
        concurrency=options.concurrency,
        listing_seconds=report.listing_seconds,
        measured=measured,
    )
    _fill(report, estimate, measured, options.concurrency)
    report.verdict = cutoff_verdict(report.estimated_seconds, settings.cutoff)
    return report


async def _list(
    source: VideoSource, dest: str, options: ExportOptions, report: DryRunReport
) -> MediaItem | None:
    """Count what a run would copy and the reads it would make; the largest item to copy."""
    manifest_path = state_dir_for(dest, options.state_dir) / MANIFEST_NAME
    manifest = Manifest(manifest_path) if manifest_path.is_file() else None
    listing = ListingReads()
    fetched_rooms: set[str] = set()  # rooms a media item makes the run fetch

    def room_pending(room_sid: str) -> bool:
        return manifest is None or manifest.room_status(room_sid) not in FINAL_ROOM_STATUSES

    largest: MediaItem | None = None
    try:
        room_sids = await resolve_rooms(source, options.rooms, listing) if options.rooms else None
        async for item in list_work(source, options, room_sids, listing):
            if isinstance(item, RoomItem):
                report.rooms += 1
                sid = item.room.sid
                if sid and sid not in fetched_rooms and room_pending(sid):
                    live = item.room.status == "in-progress"
                    report.room_reads += ROOM_READS - 1 + (LIVE_ROOM_EXTRA_READS if live else 0)
                continue
            if manifest is not None and manifest.is_verified(item.sid):
                report.already_verified += 1
                continue
            if item.room_sid and item.room_sid not in fetched_rooms and room_pending(item.room_sid):
                fetched_rooms.add(item.room_sid)
                report.room_reads += ROOM_READS
            if not item.has_media:
                report.not_completed += 1
                continue
            report.to_copy += 1
            report.bytes_to_copy += item.size or 0
            if largest is None or (item.size or 0) > (largest.size or 0):
                largest = item
    finally:
        if manifest is not None:
            manifest.close()
    report.listing_reads = listing.reads
    report.media_reads = report.to_copy
    report.api_reads = report.listing_reads + report.media_reads + report.room_reads
    return largest


async def _measure_or_explain(
    source: VideoSource,
    sample: MediaItem | None,
    concurrency: int,
    sample_bytes: int,
    report: DryRunReport,
) -> MeasuredRate | None:
    """The measured rate, or None with the reason in ``report.rate_source``."""
    if sample is None:
        report.rate_source = "nothing to copy"
        return None
    try:
        return await _measure(source, sample, concurrency, sample_bytes)
    except (Twilio2ZoomError, httpx.HTTPError) as exc:
        report.rate_source = f"not measured: the sample download failed ({type(exc).__name__})"
        return None


async def _measure(
    source: VideoSource, sample: MediaItem, concurrency: int, sample_bytes: int
) -> MeasuredRate:
    """Time ranged GETs of ``sample``: one alone, then up to PROBE_CONNECTIONS together.

    One ``/Media`` URL serves both: the parallel GETs read consecutive ranges, or the
    same first range when the item is too small to give each its own.
    """
    connections = min(concurrency, PROBE_CONNECTIONS)
    started = time.monotonic()
    url = await source.media_url(sample.sid, ttl=TWILIO_MEDIA_TTL_DEFAULT)
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    # Like the exporter's media client: no credentials, no redirects to follow.
    async with httpx.AsyncClient(timeout=_SAMPLE_TIMEOUT, limits=limits) as client:
        alone = await _timed_get(client, url, 0, sample_bytes)
        spread = (sample.size or 0) >= connections * sample_bytes
        together = (
            await asyncio.gather(
                *(
                    _timed_get(client, url, i * sample_bytes if spread else 0, sample_bytes)
                    for i in range(connections)
                )
            )
            if connections > 1
            else []
        )
    measured = MeasuredRate(
        per_connection=alone.rate, first_byte_seconds=alone.first_byte - started
    )
    if not together:
        return measured
    first = min(get.first_byte for get in together)
    last = max(get.ended for get in together)
    aggregate = sum(get.received for get in together) / max(last - first, 1e-6)
    return replace(measured, aggregate=aggregate, aggregate_connections=connections)


@dataclass(frozen=True)
class _TimedGet:
    received: int
    first_byte: float  # time.monotonic() when the response headers arrived
    ended: float

    @property
    def rate(self) -> float:
        return self.received / max(self.ended - self.first_byte, 1e-6)


async def _timed_get(client: httpx.AsyncClient, url: str, start: int, length: int) -> _TimedGet:
    headers = {"Range": f"bytes={start}-{start + length - 1}", "Accept-Encoding": "identity"}
    async with client.stream("GET", url, headers=headers) as response:
        response.raise_for_status()
        first_byte = time.monotonic()
        received = 0
        async for chunk in response.aiter_raw():
            received += len(chunk)
    return _TimedGet(received, first_byte, time.monotonic())


def _fill(
    report: DryRunReport, estimate: Estimate, measured: MeasuredRate | None, concurrency: int
) -> None:
    report.transfer_seconds = round(estimate.transfer_seconds, 1)
    report.request_floor_seconds = round(estimate.request_floor_seconds, 1)
    report.estimated_seconds = round(estimate.seconds, 1)
    report.bound = estimate.bound
    if measured is None or estimate.bandwidth is None:
        return
    report.per_connection_bytes_per_second = round(measured.per_connection, 1)
    report.first_byte_seconds = round(measured.first_byte_seconds, 3)
    if measured.aggregate is not None:
        report.aggregate_bytes_per_second = round(measured.aggregate, 1)
        report.aggregate_connections = measured.aggregate_connections
    report.rate_bytes_per_second = round(estimate.bandwidth, 1)
    one = f"{measured.per_connection / 2**20:.2f} MiB/s on one connection"
    if measured.aggregate is None:
        together = ""
    else:
        together = (
            f"; {measured.aggregate_connections} connections together "
            f"{measured.aggregate / 2**20:.2f} MiB/s"
        )
    report.rate_source = (
        f"sample downloads: {one} x {concurrency} connections{together}; "
        f"{measured.first_byte_seconds:.2f}s to the first byte"
    )
