"""SIGKILL and Ctrl-C in the middle of an export subprocess, then resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migrate.export import verify_export
from migrate.sandbox.twilio import TwilioEmulator

from .conftest import export, final_media_files, media_requests, seed_standup, true_sha256

MIB = 1024 * 1024
REPO = Path(__file__).resolve().parents[2]


def _start(emu: TwilioEmulator, dest: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, **emu.env()}
    return subprocess.Popen(
        [sys.executable, "-m", "migrate", "export", str(dest), "--concurrency", "2", *extra],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _verified(dest: Path) -> set[str]:
    path = dest / ".twilio2zoom" / "manifest.sqlite3"
    if not path.is_file():
        return set()
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return {row[0] for row in db.execute("SELECT sid FROM items WHERE state='verified'")}
    except sqlite3.OperationalError:  # the schema is being created
        return set()


def _wait_for(dest: Path, count: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(_verified(dest)) < count:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
        assert time.monotonic() < deadline, "export made no progress"
        time.sleep(0.05)


def _partial_sizes(partial: Path) -> dict[str, int]:
    sizes = {}
    for path in partial.glob("*.part"):
        try:
            sizes[path.stem] = path.stat().st_size
        except FileNotFoundError:  # published between glob and stat
            continue
    return sizes


def _wait_for_partial(dest: Path, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    partial = dest / ".twilio2zoom" / "partial"
    deadline = time.monotonic() + timeout
    while not any(size > 64 * 1024 for size in _partial_sizes(partial).values()):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)


def _check_final_names(emu: TwilioEmulator, dest: Path) -> None:
    # Whatever sits under a final name is complete and correct.
    for path in final_media_files(dest):
        assert path.stat().st_size > 0
        from hashlib import sha256

        assert sha256(path.read_bytes()).hexdigest() == true_sha256(emu, path.stem), path


@pytest.mark.parametrize("after_verified", [0, 2])
def test_sigkill_mid_run_then_resume(
    emu: TwilioEmulator, tmp_path: Path, after_verified: int
) -> None:
    seeded = seed_standup(emu, size=2 * MIB)
    emu.faults.bandwidth = 2 * MIB  # about a second per file: the kill lands mid-body
    proc = _start(emu, tmp_path)
    try:
        _wait_for(tmp_path, after_verified, proc)
        _wait_for_partial(tmp_path, proc)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    done_before = _verified(tmp_path)
    assert len(done_before) >= after_verified
    _check_final_names(emu, tmp_path)
    partial = tmp_path / ".twilio2zoom" / "partial"
    resumable = {sid for sid, size in _partial_sizes(partial).items() if size > 0}
    assert resumable, "the kill should leave a partial download to resume"

    emu.requests.clear()
    summary = export(emu, tmp_path)
    assert summary.failed == 0
    assert summary.copied + summary.skipped_verified == 5
    for sid in done_before:
        assert media_requests(emu, sid) == [], f"{sid} was verified but fetched again"
    for sid in resumable - done_before:
        assert [r.status for r in media_requests(emu, sid)] == [206], "not resumed with Range"
    assert not list(partial.glob("*.part"))
    _check_final_names(emu, tmp_path)
    assert verify_export(str(tmp_path)).ok == 5
    assert len(list(final_media_files(tmp_path))) == len(seeded.recordings) + 1


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(emu: TwilioEmulator, tmp_path: Path) -> None:
    seed_standup(emu, size=2 * MIB)
    emu.faults.bandwidth = 2 * MIB
    proc = _start(emu, tmp_path)
    _wait_for(tmp_path, 1, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    text = err.decode()
    assert "run the same command again to resume" in text and "Traceback" not in text
    assert (tmp_path / "index.jsonl").is_file()  # the index covers what was done
    _check_final_names(emu, tmp_path)
    emu.faults.bandwidth = None
    assert export(emu, tmp_path).failed == 0
    assert verify_export(str(tmp_path)).ok == 5
