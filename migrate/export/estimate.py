"""``--dry-run``: what an export would copy, how long it would take, and the cutoff verdict.

The rate comes from timing a sample download (the first bytes of the largest item to
copy) on one connection; the estimate assumes ``concurrency`` connections each get that
rate, and that listing overlaps downloading as it does in a real run.
"""

from __future__ import annotations

import time

import httpx

from mappings.limits import TWILIO_MEDIA_TTL_DEFAULT
from migrate.errors import Twilio2ZoomError
from migrate.export.cutoff import cutoff_verdict
from migrate.export.destination import state_dir_for
from migrate.export.manifest import MANIFEST_NAME, Manifest
from migrate.export.models import DryRunReport, ExportOptions
from migrate.export.plan import MediaItem, RoomItem, VideoSource, list_work, resolve_rooms
from migrate.settings import Settings

SAMPLE_BYTES = 4 << 20
_SAMPLE_TIMEOUT = httpx.Timeout(30.0)


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

    manifest_path = state_dir_for(dest, options.state_dir) / MANIFEST_NAME
    manifest = Manifest(manifest_path) if manifest_path.is_file() else None
    report = DryRunReport(dest=dest)
    largest: MediaItem | None = None
    started = time.monotonic()
    try:
        room_sids = await resolve_rooms(source, options.rooms) if options.rooms else None
        async for item in list_work(source, options, room_sids):
            if isinstance(item, RoomItem):
                report.rooms += 1
            elif manifest is not None and manifest.is_verified(item.sid):
                report.already_verified += 1
            elif not item.has_media:
                report.not_completed += 1
            else:
                report.to_copy += 1
                report.bytes_to_copy += item.size or 0
                if largest is None or (item.size or 0) > (largest.size or 0):
                    largest = item
    finally:
        if manifest is not None:
            manifest.close()
    report.listing_seconds = round(time.monotonic() - started, 3)
    transfer = await _transfer_seconds(source, report, largest, options.concurrency, sample_bytes)
    report.estimated_seconds = round(max(report.listing_seconds, transfer), 1)
    report.verdict = cutoff_verdict(report.estimated_seconds, settings.cutoff)
    return report


async def _transfer_seconds(
    source: VideoSource,
    report: DryRunReport,
    sample: MediaItem | None,
    concurrency: int,
    sample_bytes: int,
) -> float:
    """Seconds to move ``report.bytes_to_copy``; also fills the report's rate fields."""
    if sample is None:
        report.rate_source = "nothing to copy"
        return 0.0
    try:
        per_item, rate = await _sample(source, sample.sid, sample_bytes)
    except (Twilio2ZoomError, httpx.HTTPError) as exc:
        report.rate_source = f"listing only: the sample download failed ({type(exc).__name__})"
        return 0.0
    report.rate_bytes_per_second = round(rate * concurrency, 1)
    report.rate_source = (
        f"sample download of {sample.sid} ({rate / 2**20:.2f} MiB/s on one connection, "
        f"{per_item:.2f}s to reach the first byte) x {concurrency} connections"
    )
    return (report.bytes_to_copy / rate + report.to_copy * per_item) / concurrency


async def _sample(source: VideoSource, sid: str, sample_bytes: int) -> tuple[float, float]:
    """(seconds from /Media to the first byte, bytes per second) for one ranged GET."""
    started = time.monotonic()
    url = await source.media_url(sid, ttl=TWILIO_MEDIA_TTL_DEFAULT)
    async with (
        httpx.AsyncClient(timeout=_SAMPLE_TIMEOUT) as client,
        client.stream("GET", url, headers={"Range": f"bytes=0-{sample_bytes - 1}"}) as response,
    ):
        response.raise_for_status()
        first_byte = time.monotonic()
        received = 0
        async for chunk in response.aiter_raw():
            received += len(chunk)
    elapsed = max(time.monotonic() - first_byte, 1e-6)
    return first_byte - started, received / elapsed
