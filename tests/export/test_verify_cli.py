"""``export verify`` over the real command line: never "all good" when it is not."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from migrate.sandbox.twilio import TwilioEmulator

from .conftest import read_index, seed_standup

MIB = 1024 * 1024
REPO = Path(__file__).resolve().parents[2]


def _cli(emu: TwilioEmulator | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO", "ZOOM_"))}
    if emu is not None:
        env.update(emu.env())
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _verify(dest: Path) -> tuple[int, dict[str, Any], str]:
    """Run verify twice over (JSON, then text): the exit status, the report, the text."""
    as_json = _cli(None, "export", "verify", str(dest), "--json")
    as_text = _cli(None, "export", "verify", str(dest))
    assert as_json.returncode == as_text.returncode, as_text.stderr
    return as_text.returncode, json.loads(as_json.stdout), as_text.stdout


def _archive_snapshot(dest: Path) -> dict[str, str]:
    """SHA-256 of every file of the archive (the state folder aside)."""
    return {
        str(p.relative_to(dest)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(dest.rglob("*"))
        if p.is_file() and ".twilio2zoom" not in p.parts
    }


def _manifest_states(dest: Path) -> dict[str, str]:
    path = dest / ".twilio2zoom" / "manifest.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return dict(db.execute("SELECT sid, state FROM items"))


def test_verify_twice_after_one_flipped_byte_exits_1_both_times(
    emu: TwilioEmulator, tmp_path: Path
) -> None:
    seeded = seed_standup(emu)
    assert _cli(emu, "export", str(tmp_path)).returncode == 0
    code, report, _ = _verify(tmp_path)
    assert (code, report["listed"], report["ok"]) == (0, 5, 5)

    victim = seeded.recordings[0]
    target = tmp_path / next(r["path"] for r in read_index(tmp_path) if r["sid"] == victim)
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01  # one byte, same size: only the hash can tell
    target.write_bytes(bytes(data))
    before = _archive_snapshot(tmp_path)

    for _ in range(2):  # the first run must not make the second one skip the item
        code, report, text = _verify(tmp_path)
        assert code == 1
        assert (report["listed"], report["copied"], report["ok"]) == (5, 5, 4)
        assert (report["mismatched"], report["missing"]) == (1, 0)
        assert [p["sid"] for p in report["problems"]] == [victim]
        assert "4 of 5 copied files match" in text and "archive NOT complete" in text
    assert _archive_snapshot(tmp_path) == before  # verify wrote nothing into DEST

    # The index and the manifest still agree: both say what the export did.
    states = _manifest_states(tmp_path)
    assert {r["sid"]: r["state"] for r in read_index(tmp_path)} == states
    with (tmp_path / "index.csv").open(encoding="utf-8", newline="") as handle:
        assert {row["sid"]: row["state"] for row in csv.DictReader(handle)} == states

    # Only copying the item again makes verify pass; the export knows to copy it.
    assert _cli(emu, "export", str(tmp_path), "--json").returncode == 0
    code, report, text = _verify(tmp_path)
    assert (code, report["ok"], report["problems"]) == (0, 5, [])
    assert "archive complete" in text
    assert {r["sid"]: r["state"] for r in read_index(tmp_path)} == _manifest_states(tmp_path)


def _verified_count(dest: Path) -> int:
    path = dest / ".twilio2zoom" / "manifest.sqlite3"
    if not path.is_file():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT COUNT(*) FROM items WHERE state='verified'").fetchone()
            return int(row[0])
    except sqlite3.OperationalError:  # the schema is being created
        return 0


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_verify_after_an_interrupted_export_reports_what_was_not_copied(
    emu: TwilioEmulator, tmp_path: Path, stop: signal.Signals
) -> None:
    seeded = seed_standup(emu, size=MIB)
    emu.faults.bandwidth = 2 * MIB  # about half a second per file: the kill lands mid-run
    env = {**os.environ, **emu.env()}
    proc = subprocess.Popen(
        [sys.executable, "-m", "migrate", "export", str(tmp_path), "--concurrency", "1"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while _verified_count(tmp_path) < 1:
            assert proc.poll() is None and time.monotonic() < deadline, "no progress"
            time.sleep(0.05)
        proc.send_signal(stop)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    assert proc.returncode == (-signal.SIGKILL if stop == signal.SIGKILL else 130)
    copied = _verified_count(tmp_path)
    assert 1 <= copied < 5, "the kill should land before the export ends"

    for _ in range(2):
        code, report, text = _verify(tmp_path)
        assert code == 1
        assert report["export_finished"] is False
        assert (report["copied"], report["ok"]) == (copied, copied)
        assert report["listed"] == report["copied"] + report["not_copied"]
        assert report["not_copied"] >= 1
        assert "not copied yet" in text and "did not finish" in text
        assert "archive NOT complete" in text

    if stop == signal.SIGINT:  # the index was written on the way out: it says the same
        elsewhere = tmp_path.parent / "copied-elsewhere"
        shutil.copytree(tmp_path, elsewhere, ignore=shutil.ignore_patterns(".twilio2zoom"))
        code, report, text = _verify(elsewhere)
        assert (code, report["source"], report["ok"]) == (1, "index", copied)
        assert report["not_copied"] >= 1 and "listed but not copied yet" in text

    emu.faults.bandwidth = None
    assert _cli(emu, "export", str(tmp_path)).returncode == 0
    code, report, _ = _verify(tmp_path)
    assert (code, report["listed"], report["ok"], report["export_finished"]) == (0, 5, 5, True)
    assert {p for p in seeded.recordings + seeded.compositions} == {
        r["sid"] for r in read_index(tmp_path)
    }
