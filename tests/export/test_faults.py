"""Reliability: rate limits, 5xx, drops, corruption and expiring URLs on the emulator."""

from __future__ import annotations

from pathlib import Path

from migrate.export import verify_export
from migrate.sandbox.twilio import TwilioEmulator

from .conftest import api_media_calls, export, media_requests, read_index, seed_standup, true_sha256


def _all_verified(emu: TwilioEmulator, dest: Path, count: int) -> None:
    rows = read_index(dest)
    assert len(rows) == count
    for row in rows:
        assert row["state"] == "verified", row
        assert row["sha256"] == true_sha256(emu, row["sid"])
    assert verify_export(str(dest)).exit_code == 0


def test_rate_limits_and_server_errors_are_retried(emu: TwilioEmulator, tmp_path: Path) -> None:
    seeded = seed_standup(emu)
    emu.faults.rate_429 = 0.2
    emu.faults.rate_5xx = 0.2
    emu.faults.retry_after = "0"
    summary = export(emu, tmp_path)
    assert (summary.copied, summary.failed) == (5, 0)
    statuses = {r.status for r in emu.requests}
    assert {429, 503} <= statuses
    _all_verified(emu, tmp_path, 5)
    assert seeded.room_sid


def test_retry_after_is_honoured_on_media(emu: TwilioEmulator, tmp_path: Path) -> None:
    seeded = seed_standup(emu)
    sid = seeded.recordings[0]
    emu.faults.inject(origin="media", path_contains=sid, status=429, retry_after="0.15", times=1)
    summary = export(emu, tmp_path)
    assert summary.failed == 0
    hits = media_requests(emu, sid)
    assert [r.status for r in hits][:2] == [429, 200]


def test_dropped_connections_resume_with_range(emu: TwilioEmulator, tmp_path: Path) -> None:
    seeded = seed_standup(emu, size=2 * 1024 * 1024)
    sid = seeded.recordings[1]
    emu.faults.inject_drop(path_contains=sid, times=2)
    summary = export(emu, tmp_path)
    assert summary.failed == 0
    statuses = [r.status for r in media_requests(emu, sid)]
    assert 206 in statuses  # resumed from where the body stopped, not restarted
    _all_verified(emu, tmp_path, 5)


def test_corrupted_body_with_true_etag_is_detected_and_refetched(
    emu: TwilioEmulator, tmp_path: Path
) -> None:
    seeded = seed_standup(emu)
    sid = seeded.recordings[2]
    emu.faults.inject_corrupt(path_contains=sid, times=1)
    summary = export(emu, tmp_path)
    assert summary.failed == 0
    assert len(media_requests(emu, sid)) == 2
    _all_verified(emu, tmp_path, 5)


def test_expired_url_fetches_a_fresh_one(emu: TwilioEmulator, tmp_path: Path) -> None:
    seeded = seed_standup(emu)
    sid = seeded.recordings[0]
    emu.faults.inject(origin="media", path_contains=sid, status=403, times=1)
    assert export(emu, tmp_path).failed == 0
    assert [r.status for r in media_requests(emu, sid)] == [403, 200]
    assert len(api_media_calls(emu, sid)) == 2
    _all_verified(emu, tmp_path, 5)


def test_really_expiring_urls(emu: TwilioEmulator, tmp_path: Path) -> None:
    # URLs live one second; a slow link and a drop make the resumed GET arrive too late.
    seeded = seed_standup(emu, size=3 * 1024 * 1024)
    sid = seeded.recordings[0]
    emu.faults.url_ttl = 1
    emu.faults.bandwidth = 1_500_000
    emu.faults.inject_drop(path_contains=sid, times=1)
    assert export(emu, tmp_path, concurrency=5).failed == 0
    assert 403 in [r.status for r in media_requests(emu, sid)]
    assert len(api_media_calls(emu, sid)) >= 2
    _all_verified(emu, tmp_path, 5)


def test_an_item_that_keeps_failing_is_listed_and_exit_1(
    emu: TwilioEmulator, tmp_path: Path
) -> None:
    seeded = seed_standup(emu)
    sid = seeded.recordings[3]
    emu.faults.inject_corrupt(path_contains=sid, times=100)
    summary = export(emu, tmp_path)
    assert (summary.copied, summary.failed, summary.exit_code) == (4, 1, 1)
    assert summary.failures[0].sid == sid and "MD5" in summary.failures[0].reason
    row = next(r for r in read_index(tmp_path) if r["sid"] == sid)
    assert row["state"] == "failed" and row["path"] is None
    assert not list((tmp_path / seeded.room_sid).glob(f"{sid}.mk?"))
    # The fault is gone: the next run copies only the failed item.
    emu.faults.injections.clear()
    emu.requests.clear()
    summary = export(emu, tmp_path)
    assert (summary.copied, summary.skipped_verified, summary.failed) == (1, 4, 0)
    assert {r.path.rsplit("/", 1)[-1].split(".")[0] for r in media_requests(emu)} == {sid}


def test_unreadable_room_costs_its_room_json_not_its_media(
    emu: TwilioEmulator, tmp_path: Path
) -> None:
    seeded = seed_standup(emu)
    emu.faults.inject(origin="api", path_contains="/Participants", status=404, times=1)
    summary = export(emu, tmp_path)
    assert (summary.copied, summary.failed) == (5, 1)
    assert summary.failures[0].sid == seeded.room_sid
    assert not (tmp_path / seeded.room_sid / "room.json").exists()
    summary = export(emu, tmp_path)
    assert (summary.skipped_verified, summary.failed) == (5, 0)
    assert (tmp_path / seeded.room_sid / "room.json").is_file()
    assert {r["room_name"] for r in read_index(tmp_path)} == {"standup"}
