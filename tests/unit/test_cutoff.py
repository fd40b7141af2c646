"""The one clock and the cutoff: a passed cutoff is said once and fails nothing by itself."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate import clock
from migrate.cutoff import cutoff_status, cutoff_verdict
from migrate.errors import ConfigError
from migrate.sandbox.twilio import TwilioEmulator

REPO = Path(__file__).resolve().parents[2]
CUTOFF = dt.date(2026, 12, 5)
NOTICE = "set TWILIO2ZOOM_CUTOFF (or --cutoff) to your own deadline"


def test_clock_reads_the_pinned_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO2ZOOM_NOW", "2030-02-03")
    assert clock.now() == dt.datetime(2030, 2, 3, tzinfo=dt.UTC)
    monkeypatch.setenv("TWILIO2ZOOM_NOW", "2030-02-03T10:00:00+02:00")
    assert clock.now() == dt.datetime(2030, 2, 3, 8, tzinfo=dt.UTC)
    assert clock.today() == dt.date(2030, 2, 3)
    monkeypatch.setenv("TWILIO2ZOOM_NOW", "next tuesday")
    with pytest.raises(ConfigError, match=r"YYYY-MM-DD"):
        clock.now()


@pytest.mark.parametrize(
    ("now", "passed", "days_left", "words"),
    [
        ("2026-11-23T12:00:00+00:00", False, 12, "cutoff 2026-12-05: 12 days left"),
        ("2026-12-04T23:59:59+00:00", False, 1, "cutoff 2026-12-05: 1 day left"),
        # Passed from 00:00 UTC of its day.
        ("2026-12-05T00:00:00+00:00", True, None, "the cutoff 2026-12-05 passed today; "),
        ("2026-12-06T18:00:00+00:00", True, None, "the cutoff 2026-12-05 passed 1 day ago; "),
        ("2027-12-05T00:00:00+00:00", True, None, "the cutoff 2026-12-05 passed 365 days ago; "),
    ],
)
def test_status_on_either_side(now: str, passed: bool, days_left: int | None, words: str) -> None:
    status = cutoff_status(CUTOFF, dt.datetime.fromisoformat(now))
    assert (status.cutoff_passed, status.days_left) == (passed, days_left)
    assert status.headline().startswith(words)
    assert "-1 day" not in status.headline()
    if passed:
        assert status.headline().endswith(NOTICE)


def test_verdict_only_misses_a_cutoff_still_ahead() -> None:
    ahead = dt.datetime(2026, 12, 4, 12, tzinfo=dt.UTC)
    assert not cutoff_verdict(3600, CUTOFF, ahead).misses
    late = cutoff_verdict(13 * 3600, CUTOFF, ahead)
    assert late.misses and "AFTER the cutoff 2026-12-05 (1 day left)" in late.describe()
    after = cutoff_verdict(0, CUTOFF, dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    assert not after.misses and after.before_cutoff is None
    assert after.describe() == f"the cutoff 2026-12-05 passed 2 days ago; {NOTICE}"
    assert "0h 00m" not in after.describe() and "AFTER" not in after.describe()


def _cli(emu: TwilioEmulator, now: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **emu.env(), "TWILIO2ZOOM_NOW": now}
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("now", ["2026-12-07T01:00:00+00:00", "2031-06-01T00:00:00+00:00"])
def test_commands_after_the_cutoff_say_so_once_and_exit_0(
    seeded_twilio_emulator: TwilioEmulator, tmp_path: Path, now: str
) -> None:
    emu = seeded_twilio_emulator
    days = (dt.date.fromisoformat(now[:10]) - CUTOFF).days
    notice = f"the cutoff 2026-12-05 passed {days} days ago; {NOTICE}"

    plan = _cli(emu, now, "plan", "--output-dir", str(tmp_path / "plan"), "--format", "json")
    assert plan.returncode == 0, plan.stderr
    assert plan.stdout.count(notice) == 1 and "AFTER" not in plan.stdout

    dry = _cli(emu, now, "export", str(tmp_path / "dest"), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.count(notice) == 1 and "AFTER" not in dry.stdout

    copy = _cli(emu, now, "export", str(tmp_path / "dest"), "--json")
    assert copy.returncode == 0, copy.stderr
    summary = json.loads(copy.stdout)
    assert (summary["cutoff"], summary["cutoff_passed"], summary["days_left"]) == (
        "2026-12-05",
        True,
        None,
    )
    text = _cli(emu, now, "export", str(tmp_path / "dest"))
    assert text.returncode == 0, text.stderr
    assert text.stdout.count(notice) == 1
    assert "AT RISK" not in text.stdout + text.stderr


def test_commands_before_the_cutoff_count_days_left(
    seeded_twilio_emulator: TwilioEmulator, tmp_path: Path
) -> None:
    emu = seeded_twilio_emulator
    dry = _cli(
        emu, "2026-11-30T12:00:00+00:00", "export", str(tmp_path / "d"), "--dry-run", "--json"
    )
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert (report["cutoff_passed"], report["days_left"]) == (False, 5)
    assert report["verdict"]["before_cutoff"] is True
