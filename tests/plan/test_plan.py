"""``twilio2zoom plan`` against the Twilio emulator seeded with a realistic account."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from migrate.cli.app import run
from migrate.plan import PlanOptions, build_plan
from migrate.sandbox.twilio import TwilioEmulator
from migrate.settings import load_settings
from migrate.twilio import TwilioVideoClient

SINCE = "2025-12-01"
NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


def _realistic(emu: TwilioEmulator) -> None:
    """The default seed plus what real accounts have: rules, callbacks, odd names, S3."""
    emu.seed()
    state = emu.state
    live = state.add_room(
        "Standup",
        status="in-progress",
        status_callback="https://app.example/cb",
        media_region="ie1",
        max_participants=8,
    )
    live.recording_rules = [
        {"type": "include", "publisher": "Alice"},
        {"type": "include", "kind": "audio"},
    ]
    state.add_room(
        "standup", status="completed", date_created=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    state.add_room(
        "team/alpha",
        status="completed",
        audio_only=True,
        date_created=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )
    state.add_hook(
        "teacher-pip",
        enabled=True,
        audio_sources=["teacher"],
        video_layout={
            "pip": {"video_sources": ["teacher"], "z_pos": 1, "width": 160, "height": 120},
            "grid": {"video_sources": ["*"]},
        },
    )
    state.recording_settings.aws_storage_enabled = True
    state.recording_settings.aws_s3_url = "https://acme.s3.us-east-1.amazonaws.com/video"
    state.recording_settings.aws_credentials_sid = "CR" + "1" * 32
    state.composition_settings.encryption_enabled = True
    state.composition_settings.encryption_key_sid = "CR" + "2" * 32


@pytest.fixture
def account(twilio_emulator: TwilioEmulator, monkeypatch: pytest.MonkeyPatch) -> TwilioEmulator:
    _realistic(twilio_emulator)
    for name, value in twilio_emulator.env().items():
        monkeypatch.setenv(name, value)
    return twilio_emulator


def _expected_media(emu: TwilioEmulator) -> tuple[int, int, int]:
    recordings = [r for r in emu.state.recordings.values() if r.status != "deleted"]
    done = [r for r in recordings if r.status == "completed"]
    comps = [c for c in emu.state.compositions.values() if c.status == "completed"]
    return (
        len(recordings),
        len(done) + len(comps),
        sum(r.size for r in done) + sum(c.size for c in comps),
    )


def test_plan_numbers_match_the_seeded_account(account: TwilioEmulator) -> None:
    settings = load_settings()
    options = PlanOptions(since=dt.datetime(2025, 12, 1, tzinfo=dt.UTC))
    with TwilioVideoClient.from_settings(settings) as client:
        report = build_plan(client, options, cutoff=settings.cutoff, now=NOW)

    rooms = account.state.room_list
    assert report.rooms.total == len(rooms)
    for status in ("in-progress", "completed", "failed"):
        assert report.rooms.by_status.get(status, 0) == sum(r.status == status for r in rooms)
    assert report.rooms.unmappable == 0 and report.errors == []

    listed, items, nbytes = _expected_media(account)
    assert sum(m.recordings for m in report.volume) == listed
    assert report.export.items == items and report.export.bytes == nbytes
    assert nbytes == account.seed_summary.media_bytes  # type: ignore[union-attr]
    assert report.export.verdict.before_cutoff
    assert (report.cutoff_passed, report.days_left) == (False, 12)

    def finding(area: str, param: str, value: str = "") -> int:
        return sum(
            f.count
            for f in report.findings
            if f.area == area and f.param == param and (not value or f.value == value)
        )

    recordable = sum(
        r.type in ("group", "group-small") and r.record_participants_on_connect for r in rooms
    )
    assert finding("room", "RecordParticipantsOnConnect", "true") == recordable
    assert finding("room", "Type", '"go"') == sum(r.type == "go" for r in rooms)
    assert finding("room", "MediaRegion", '"ie1"') == 1
    assert finding("recording_rules", "RecordingRules") == 1
    assert finding("room", "StatusCallback") == 1 and finding("room", "AudioOnly") == 1
    assert report.collisions == [["Standup", "standup"]]
    assert finding("names", "UniqueName") == 1
    assert {h.friendly_name: h.compose_locally for h in report.hooks} == {
        "archive-every-room": False,
        "audio-only-disabled": False,
        "teacher-pip": True,
    }
    assert finding("recording_settings", "aws_s3_url") == 1
    assert finding("composition_settings", "encryption_enabled") == 1
    assert report.totals["unsupported"] > 0 and report.totals["exact"] > 0
    total = sum(f.count for f in report.findings)
    assert total == sum(report.totals.values())


def test_cli_writes_all_formats_and_keeps_secrets_out(
    account: TwilioEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan"
    os.environ["TWILIO2ZOOM_NOW"] = NOW.isoformat()  # the conftest restores it
    code = run(
        ["plan", "--created-after", SINCE, "--output-dir", str(out), "--format", "md,json,html"]
    )
    stdout = capsys.readouterr().out
    assert code == 0, stdout
    files = sorted(p.name for p in out.iterdir())
    assert files == ["plan.html", "plan.json", "plan.md"]
    data = json.loads((out / "plan.json").read_text())
    assert data["rooms"]["total"] == len(account.state.room_list)
    md = (out / "plan.md").read_text()
    assert "## Unsupported" in md and "Standup / standup" in md and "before" in md
    assert "<td>" in (out / "plan.html").read_text()
    secrets = [account.auth_token, account.api_secret]
    for text in [stdout, *(p.read_text() for p in out.iterdir())]:
        assert not any(s in text for s in secrets)


def test_cli_exit_1_when_export_misses_a_cutoff_still_ahead(
    account: TwilioEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One second before the cutoff, at 1 kbit/s: the export cannot make it.
    monkeypatch.setenv("TWILIO2ZOOM_NOW", "2026-12-04T23:59:59+00:00")
    args = ["plan", "--created-after", SINCE, "--output-dir", str(tmp_path), "--format", "json"]
    code = run([*args, "--cutoff", "2026-12-05", "--assumed-rate-mbps", "0.001"])
    assert code == 1
    data = json.loads((tmp_path / "plan.json").read_text())
    assert data["export"]["verdict"]["before_cutoff"] is False
    assert (data["cutoff"], data["cutoff_passed"], data["days_left"]) == ("2026-12-05", False, 1)


def test_cli_passed_cutoff_is_said_once_and_exits_0(
    account: TwilioEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TWILIO2ZOOM_NOW", "2026-12-07T09:00:00+00:00")
    args = ["plan", "--created-after", SINCE, "--output-dir", str(tmp_path), "--format", "json,md"]
    assert run(args) == 0
    out = capsys.readouterr().out
    notice = "the cutoff 2026-12-05 passed 2 days ago; set TWILIO2ZOOM_CUTOFF (or --cutoff)"
    assert out.count(notice) == 1 and "AFTER" not in out and "-2 days" not in out
    data = json.loads((tmp_path / "plan.json").read_text())
    assert (data["cutoff_passed"], data["days_left"]) == (True, None)
    assert data["export"]["verdict"]["before_cutoff"] is None
    assert (tmp_path / "plan.md").read_text().count(notice) == 1


def test_missing_credentials_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["plan", "--output-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "TWILIO_ACCOUNT_SID" in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "--format"),
        (["--created-after", "last week"], "--created-after"),
    ],
)
def test_bad_options_exit_2(
    account: TwilioEmulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert run(["plan", "--output-dir", str(tmp_path), *args]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
