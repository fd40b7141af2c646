"""The exporter against the Twilio emulator over loopback sockets."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from migrate.cli.app import run
from migrate.export import ExportOptions, estimate_export, verify_export
from migrate.sandbox.twilio import TwilioEmulator

from .conftest import (
    api_media_calls,
    emulator_settings,
    export,
    final_media_files,
    media_requests,
    read_index,
    seed_standup,
    true_sha256,
)


def test_layout_index_and_hashes(emu: TwilioEmulator, tmp_path: Path) -> None:
    seeded = seed_standup(emu)
    summary = export(emu, tmp_path)
    assert (summary.copied, summary.failed, summary.exit_code) == (5, 0, 0)

    room_dir = tmp_path / seeded.room_sid
    room_doc = json.loads((room_dir / "room.json").read_text())
    assert room_doc["room"]["unique_name"] == "standup"
    assert {p["identity"] for p in room_doc["participants"]} == {"alice", "bob"}
    for sid in seeded.recordings + seeded.compositions:
        [media] = list(room_dir.glob(f"{sid}.*[!n]"))  # the media, not the .json
        resource = json.loads((room_dir / f"{sid}.json").read_text())
        assert resource["sid"] == sid
        expected_ext = resource.get("container_format") or resource.get("format")
        assert media.suffix == f".{expected_ext}"

    rows = {row["sid"]: row for row in read_index(tmp_path)}
    assert set(rows) == set(seeded.recordings + seeded.compositions)
    alice_audio = next(r for r in rows.values() if r["track_name"] == "alice-audio")
    assert alice_audio["room_name"] == "standup"
    assert alice_audio["participant_identity"] == "alice"
    assert alice_audio["kind"] == "audio"
    for sid, row in rows.items():
        assert row["state"] == "verified" and row["status"] == "completed"
        assert row["sha256"] == true_sha256(emu, sid)
        assert (tmp_path / row["path"]).stat().st_size == row["bytes"]
    with (tmp_path / "index.csv").open(newline="", encoding="utf-8") as handle:
        assert {r["sid"] for r in csv.DictReader(handle)} == set(rows)


def test_second_run_makes_no_media_requests(emu: TwilioEmulator, tmp_path: Path) -> None:
    seed_standup(emu)
    export(emu, tmp_path)
    emu.requests.clear()
    summary = export(emu, tmp_path)
    assert (summary.copied, summary.skipped_verified) == (0, 5)
    assert media_requests(emu) == []
    assert not [r for r in emu.requests if r.path.endswith("/Media")]


def test_track_names_never_reach_paths(emu: TwilioEmulator, tmp_path: Path) -> None:
    state = emu.state
    room = state.add_room("../../room", status="completed")
    person = state.add_participant(room.sid, "../../../etc/passwd")
    names = ["../../x", "a/b/c", "日本語 🎥", "..", "C:\\evil"]
    for name in names:
        state.add_recording(room.sid, person.sid, track_name=name, size=4096)
    dest = tmp_path / "dest"
    assert export(emu, dest).copied == len(names)
    outside = [p for p in tmp_path.rglob("*") if dest not in p.parents and p != dest]
    assert outside == []
    for path in final_media_files(dest):
        assert path.parent.name == room.sid and path.stem.startswith("RT")
    assert sorted(r["track_name"] for r in read_index(dest)) == sorted(names)


def test_csv_index_cells_cannot_run_as_spreadsheet_formulas(
    emu: TwilioEmulator, tmp_path: Path
) -> None:
    room = emu.state.add_room('=HYPERLINK("http://x")', status="completed")
    person = emu.state.add_participant(room.sid, "+cmd|' /C calc'!A0")
    emu.state.add_recording(room.sid, person.sid, track_name="@SUM(1)", size=4096)
    export(emu, tmp_path)
    with (tmp_path / "index.csv").open(newline="", encoding="utf-8") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["room_name"].startswith("'=")
    assert row["participant_identity"].startswith("'+")
    assert row["track_name"] == "'@SUM(1)"
    # The JSON index keeps the exact text: it is data, not a spreadsheet.
    [record] = read_index(tmp_path)
    assert record["track_name"] == "@SUM(1)"


def test_empty_account(emu: TwilioEmulator, tmp_path: Path) -> None:
    summary = export(emu, tmp_path)
    assert summary.model_dump(include={"copied", "failed", "not_completed"}) == {
        "copied": 0,
        "failed": 0,
        "not_completed": 0,
    }
    assert summary.exit_code == 0
    assert read_index(tmp_path) == []
    assert (tmp_path / "index.csv").read_text().startswith("sid,")


def test_items_without_media_are_recorded_not_downloaded(
    emu: TwilioEmulator, tmp_path: Path
) -> None:
    state = emu.state
    state.options.composition_step_seconds = 3600  # the composition stays enqueued
    room = state.add_room("r", status="completed")
    person = state.add_participant(room.sid, "p")
    sids = {
        status: state.add_recording(room.sid, person.sid, status=status, size=2048).sid
        for status in ("processing", "failed", "deleted")
    }
    enqueued = state.add_composition(room.sid, status="enqueued").sid
    summary = export(emu, tmp_path)
    assert (summary.not_completed, summary.failed, summary.exit_code) == (4, 0, 0)
    for sid in [*sids.values(), enqueued]:
        assert media_requests(emu, sid) == [] and api_media_calls(emu, sid) == []
    rows = {r["sid"]: r for r in read_index(tmp_path)}
    for status, sid in sids.items():
        assert rows[sid]["state"] == "not_completed" and status in rows[sid]["reason"]
        assert (tmp_path / room.sid / f"{sid}.json").is_file()
    assert list(final_media_files(tmp_path)) == []


def test_pagination_across_many_pages(emu: TwilioEmulator, tmp_path: Path) -> None:
    state = emu.state
    room = state.add_room("big", status="completed")
    person = state.add_participant(room.sid, "p")
    for _ in range(250):
        state.add_recording(room.sid, person.sid, size=1024)
    summary = export(emu, tmp_path, concurrency=8)
    assert summary.copied == 250
    pages = [r for r in emu.requests if r.origin == "api" and r.path == "/v1/Recordings"]
    assert len(pages) >= 3 + 1  # three pages of 100, plus the deleted listing
    assert len(read_index(tmp_path)) == 250


def test_filters_room_and_what(emu: TwilioEmulator, tmp_path: Path) -> None:
    first = seed_standup(emu, name="standup")
    other = seed_standup(emu, name="retro")
    summary = export(emu, tmp_path, rooms=("retro",), what=frozenset({"recordings"}))
    assert summary.copied == len(other.recordings)
    assert not (tmp_path / first.room_sid).exists()
    assert {r["sid"] for r in read_index(tmp_path)} == set(other.recordings)


def test_cli_export_then_verify_detects_flip_and_missing(
    emu: TwilioEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seeded = seed_standup(emu)
    for key, value in emu.env().items():
        monkeypatch.setenv(key, value)
    assert run(["export", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["copied"] == 5
    assert run(["export", "verify", str(tmp_path)]) == 0

    rows = {r["sid"]: r for r in read_index(tmp_path)}
    flipped = tmp_path / rows[seeded.recordings[0]]["path"]
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    (tmp_path / rows[seeded.compositions[0]]["path"]).unlink()
    capsys.readouterr()
    assert run(["export", "verify", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert seeded.recordings[0] in out and "SHA-256" in out
    assert seeded.compositions[0] in out and "missing" in out
    # verify marked both for fetching again; the next export repairs the tree.
    assert run(["export", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["copied"] == 2
    report = verify_export(str(tmp_path))
    assert (report.checked, report.ok, report.problems) == (5, 5, [])


def test_dry_run_counts_and_cutoff_verdict(
    emu: TwilioEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed_standup(emu, size=512 * 1024)
    for key, value in emu.env().items():
        monkeypatch.setenv(key, value)
    dest = tmp_path / "dest"
    monkeypatch.setenv("TWILIO2ZOOM_NOW", "2026-11-23T12:00:00+00:00")
    monkeypatch.setenv("TWILIO2ZOOM_CUTOFF", "2999-01-01")
    assert run(["export", str(dest), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["to_copy"] == 5 and report["bytes_to_copy"] == 5 * 512 * 1024
    assert report["verdict"]["before_cutoff"] is True
    assert (report["cutoff"], report["cutoff_passed"], report["days_left"]) == (
        "2999-01-01",
        False,
        (dt.date(2999, 1, 1) - dt.date(2026, 11, 23)).days,
    )
    assert report["rate_bytes_per_second"] > 0 and "sample download" in report["rate_source"]
    assert not dest.exists()  # a dry run writes nothing

    # A cutoff still ahead that the estimate misses: the one case that exits 1.
    monkeypatch.setenv("TWILIO2ZOOM_NOW", "2026-12-04T23:59:59.999+00:00")
    monkeypatch.setenv("TWILIO2ZOOM_CUTOFF", "2026-12-05")
    assert run(["export", str(dest), "--dry-run"]) == 1
    text = capsys.readouterr().out
    assert "AFTER the cutoff 2026-12-05 (1 day left)" in text and "5 items" in text
    assert "API reads:" in text and "at 80/s" in text and "bound by" in text

    # A cutoff already passed is said plainly and changes nothing.
    monkeypatch.setenv("TWILIO2ZOOM_NOW", "2027-01-01T00:00:00+00:00")
    assert run(["export", str(dest), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["cutoff_passed"], report["days_left"]) == (True, None)
    assert report["verdict"]["before_cutoff"] is None


def test_dry_run_counts_already_verified(emu: TwilioEmulator, tmp_path: Path) -> None:
    seed_standup(emu)
    export(emu, tmp_path, what=frozenset({"recordings"}))
    report = asyncio.run(
        estimate_export(emulator_settings(emu), str(tmp_path), ExportOptions(show_progress=False))
    )
    assert (report.already_verified, report.to_copy) == (4, 1)


def test_unknown_room_name_is_a_usage_error(
    emu: TwilioEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed_standup(emu)
    for key, value in emu.env().items():
        monkeypatch.setenv(key, value)
    assert run(["export", str(tmp_path), "--room", "no-such-room"]) == 2
    assert "no-such-room" in capsys.readouterr().err


def test_no_secret_or_signature_reaches_dest_or_output(
    emu: TwilioEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seeded = seed_standup(emu)
    emu.faults.inject_corrupt(path_contains=seeded.recordings[0], times=100)  # a failure line
    for key, value in emu.env().items():
        monkeypatch.setenv(key, value)
    assert run(["export", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    secrets = [emu.api_secret.encode(), emu.auth_token.encode(), b"Signature=", b"Expires="]
    texts = [captured.out.encode(), captured.err.encode()]
    texts += [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()]
    for secret in secrets:
        assert not any(secret in text for text in texts), secret
    assert b"MD5" in captured.out.encode()  # the failure was reported, without secrets


def test_verify_a_copied_dest_against_its_index(
    emu: TwilioEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = seed_standup(emu)
    state = emu.state
    person = state.add_participant(seeded.room_sid, "carol")
    pending = state.add_recording(seeded.room_sid, person.sid, status="processing", size=2048).sid
    original = tmp_path / "original"
    assert export(emu, original).not_completed == 1
    copy = tmp_path / "copy"
    shutil.copytree(original, copy, ignore=shutil.ignore_patterns(".twilio2zoom"))

    report = verify_export(str(copy))
    assert (report.source, report.checked, report.ok, report.problems) == ("index", 5, 5, [])
    assert not (copy / ".twilio2zoom").exists()
    assert pending not in {p.sid for p in report.problems}  # no media, nothing to check

    rows = {r["sid"]: r for r in read_index(copy)}
    target = copy / rows[seeded.recordings[2]]["path"]
    data = bytearray(target.read_bytes())
    data[-1] ^= 0x80
    target.write_bytes(bytes(data))
    (copy / rows[seeded.recordings[3]]["path"]).unlink()
    assert run(["export", "verify", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"{copy}/index.jsonl (no local manifest" in out
    assert seeded.recordings[2] in out and "SHA-256" in out
    assert seeded.recordings[3] in out and "missing" in out


def test_index_paths_outside_the_layout_are_not_read(tmp_path: Path) -> None:
    # An edited index must not make verify read (and report on) files outside DEST.
    outside = tmp_path / "secret.mka"
    outside.write_bytes(b"x")
    dest = tmp_path / "dest"
    dest.mkdir()
    room, sid = "RM" + "a" * 32, "RT" + "b" * 32
    entries = [
        {
            "sid": sid,
            "room_sid": room,
            "state": "verified",
            "bytes": 1,
            "sha256": "0" * 64,
            "path": "../secret.mka",
        },
        {
            "sid": "../x",
            "room_sid": room,
            "state": "verified",
            "bytes": 1,
            "sha256": "0" * 64,
            "path": f"{room}/../x.mka",
        },
        {"sid": sid, "state": "not_completed", "path": None},
    ]
    lines = [json.dumps(e) for e in entries] + ["{not json"]
    (dest / "index.jsonl").write_text("\n".join(lines) + "\n")
    report = verify_export(str(dest))
    assert [p.problem for p in report.problems] == [
        "index path is not where the export puts this item",
        "index path is not where the export puts this item",
        "missing (the record of an item without media)",  # it has no room: no record path
        "unreadable index entry",
    ]
    assert (report.listed, report.invalid, report.checked) == (4, 3, 0)
    assert report.exit_code == 1


def test_verify_without_manifest_or_index_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["export", "verify", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no export manifest" in err and "index.jsonl" in err and err.count("\n") == 1
    assert not (tmp_path / ".twilio2zoom").exists()
