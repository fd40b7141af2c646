"""The dry-run estimate: bandwidth and request bounds, and what a real run then costs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from mappings.limits import TWILIO_READS_PER_SECOND
from migrate.export import EstimateBound, ExportOptions, estimate_export
from migrate.export.estimate import MeasuredRate, combine, link_rate
from migrate.export.listing import ListingReads
from migrate.sandbox.twilio import TwilioEmulator

from .conftest import emulator_settings, export

MIB = 2**20


def test_per_connection_rate_times_concurrency_without_an_aggregate() -> None:
    one = MeasuredRate(per_connection=10 * MIB, first_byte_seconds=0.2)
    assert link_rate(one, 32) == (320 * MIB, EstimateBound.CONNECTIONS)


def test_aggregate_that_still_scales_is_not_a_cap() -> None:
    # 8 connections got 7.6x one connection's rate: no shared limit seen yet.
    scaling = MeasuredRate(10 * MIB, 0.2, aggregate=76 * MIB, aggregate_connections=8)
    assert link_rate(scaling, 32) == (320 * MIB, EstimateBound.CONNECTIONS)


def test_saturated_aggregate_caps_the_rate() -> None:
    # 8 connections together got only 40 MiB/s (half of 8 x 10): the link is shared.
    saturated = MeasuredRate(10 * MIB, 0.2, aggregate=40 * MIB, aggregate_connections=8)
    assert link_rate(saturated, 32) == (40 * MIB, EstimateBound.AGGREGATE)
    # Below the aggregate, the connections themselves are the limit.
    assert link_rate(saturated, 2) == (20 * MIB, EstimateBound.CONNECTIONS)


def test_aggregate_measured_at_full_concurrency_is_the_rate() -> None:
    slower = MeasuredRate(10 * MIB, 0.2, aggregate=70 * MIB, aggregate_connections=8)
    assert link_rate(slower, 8) == (70 * MIB, EstimateBound.AGGREGATE)
    faster = MeasuredRate(10 * MIB, 0.2, aggregate=90 * MIB, aggregate_connections=8)
    assert link_rate(faster, 8) == (80 * MIB, EstimateBound.CONNECTIONS)


def test_many_small_files_are_bound_by_the_read_quota() -> None:
    measured = MeasuredRate(10 * MIB, 0.2)
    reads = 100_000 + 1_000 + 3_000  # one /Media per file, list pages, room records
    estimate = combine(
        bytes_to_copy=100_000 * MIB,
        items=100_000,
        api_reads=reads,
        concurrency=32,
        listing_seconds=30.0,
        measured=measured,
    )
    # Bandwidth: 100,000 MiB at 320 MiB/s, plus 0.2 s per item over 32 connections.
    assert estimate.transfer_seconds == pytest.approx(312.5 + 625.0)
    assert estimate.request_floor_seconds == pytest.approx(reads / TWILIO_READS_PER_SECOND)
    assert estimate.request_floor_seconds == pytest.approx(1300.0)
    assert (estimate.seconds, estimate.bound) == (estimate.request_floor_seconds, "requests")


def test_large_files_are_bound_by_bandwidth() -> None:
    # 8 connections together got 50 MiB/s, under 0.8 x 8 x 10: a shared limit.
    saturated = MeasuredRate(10 * MIB, 0.5, aggregate=50 * MIB, aggregate_connections=8)
    estimate = combine(
        bytes_to_copy=1_000 * 1024 * MIB,
        items=1_000,
        api_reads=1_100,
        concurrency=32,
        listing_seconds=2.0,
        measured=saturated,
    )
    assert estimate.bandwidth == 50 * MIB
    assert estimate.transfer_seconds == pytest.approx(20_480 + 1_000 * 0.5 / 32)
    assert estimate.request_floor_seconds == pytest.approx(1_100 / 80)
    assert (estimate.seconds, estimate.bound) == (estimate.transfer_seconds, "aggregate")


def test_without_a_rate_the_request_floor_and_listing_still_count() -> None:
    slow_listing = combine(
        bytes_to_copy=MIB,
        items=1,
        api_reads=160,
        concurrency=4,
        listing_seconds=9.0,
        measured=None,
    )
    assert (slow_listing.bandwidth, slow_listing.transfer_seconds) == (None, 0.0)
    assert (slow_listing.seconds, slow_listing.bound) == (9.0, EstimateBound.LISTING)
    quota = combine(
        bytes_to_copy=MIB,
        items=1,
        api_reads=800,
        concurrency=4,
        listing_seconds=9.0,
        measured=None,
    )
    assert (quota.seconds, quota.bound) == (10.0, EstimateBound.REQUESTS)
    nothing = combine(
        bytes_to_copy=0,
        items=0,
        api_reads=0,
        concurrency=4,
        listing_seconds=0.0,
        measured=None,
    )
    assert (nothing.seconds, nothing.bound) == (0.0, EstimateBound.NONE)


def test_list_pages_are_counted_from_items() -> None:
    reads = ListingReads()
    for items in (0, 1, 100, 101, 250):
        reads.add_list(items, 100)
    assert reads.reads == 1 + 1 + 1 + 2 + 3


def test_dry_run_counts_the_reads_a_real_run_makes(emu: TwilioEmulator, tmp_path: Path) -> None:
    state = emu.state
    room = state.add_room("many", status="completed")
    person = state.add_participant(room.sid, "p")
    for _ in range(250):
        state.add_recording(room.sid, person.sid, size=1024)
    state.add_room("empty", status="completed")  # listed for metadata: its own reads
    report = asyncio.run(
        estimate_export(
            emulator_settings(emu),
            str(tmp_path),
            ExportOptions(concurrency=16, show_progress=False),
        )
    )
    # Recordings: 3 pages + 1 (deleted); compositions: 1 + 1; rooms: 1 per status;
    # account records: hooks + two settings.
    assert report.listing_reads == 3 + 1 + 1 + 1 + 3 + 3
    assert report.media_reads == 250
    assert report.room_reads == 3 + 2  # fetched for its recordings; listed only
    assert report.api_reads == 12 + 250 + 5
    assert report.request_floor_seconds == pytest.approx(267 / 80, abs=0.05)
    assert report.aggregate_connections == 8 and report.aggregate_bytes_per_second
    assert report.per_connection_bytes_per_second
    # 250 KiB over loopback takes no time; 267 reads at 80/s take 3.3 s.
    assert report.bound == EstimateBound.REQUESTS
    assert report.estimated_seconds == report.request_floor_seconds

    emu.requests.clear()
    assert export(emu, tmp_path, concurrency=16).copied == 250
    api_reads = [r for r in emu.requests if r.origin == "api" and r.method == "GET"]
    assert len(api_reads) == report.api_reads


def test_dry_run_names_a_bandwidth_bound_for_large_files(
    emu: TwilioEmulator, tmp_path: Path
) -> None:
    state = emu.state
    room = state.add_room("big", status="completed")
    person = state.add_participant(room.sid, "p")
    for _ in range(2):
        state.add_recording(room.sid, person.sid, size=16 * MIB)
    emu.faults.bandwidth = 4 * MIB  # per connection
    report = asyncio.run(
        estimate_export(
            emulator_settings(emu),
            str(tmp_path),
            ExportOptions(concurrency=2, show_progress=False),
            sample_bytes=MIB,
        )
    )
    assert report.bound in (EstimateBound.CONNECTIONS, EstimateBound.AGGREGATE)
    assert report.estimated_seconds == report.transfer_seconds
    # About 32 MiB at 2 x 4 MiB/s; loose bounds, the machine is shared.
    assert 2.0 < report.transfer_seconds < 12.0
    assert report.rate_bytes_per_second is not None
    assert report.rate_bytes_per_second <= 2 * report.per_connection_bytes_per_second + 1
