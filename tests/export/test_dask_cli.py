"""``twilio2zoom export --workers/--scheduler`` over a subprocess, as users run it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migrate.cli.app import run
from migrate.sandbox.twilio import TwilioEmulator

from .conftest import read_index, require_dask, seed_standup, true_sha256

REPO = Path(__file__).resolve().parents[2]


def _cli(
    emu: TwilioEmulator | None, *args: str, pythonpath: str | None = None
) -> subprocess.CompletedProcess[str]:
    # Dask's own setting: give up on an unreachable scheduler after 2 s, not 30.
    env = {
        **os.environ,
        **(emu.env() if emu else {}),
        "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s",
    }
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return subprocess.run(
        [sys.executable, "-m", "migrate", "export", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_workers_two_json_reports_per_worker(emu: TwilioEmulator, tmp_path: Path) -> None:
    require_dask()
    seed_standup(emu, size=64 * 1024)
    done = _cli(emu, str(tmp_path), "--workers", "2", "--json", "--bwlimit", "8M")
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert (summary["copied"], summary["failed"]) == (5, 0)
    workers = summary["workers"]
    assert workers and all(address.startswith("tcp://") for address in workers)
    assert sum(w["items"] for w in workers.values()) == 5
    assert sum(w["bytes"] for w in workers.values()) == summary["bytes_copied"]
    for row in read_index(tmp_path):
        assert row["sha256"] == true_sha256(emu, row["sid"])
    for secret in (emu.api_secret, emu.auth_token):
        assert secret not in done.stdout + done.stderr


def test_without_dask_options_the_json_has_no_workers(
    emu: TwilioEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed_standup(emu, size=16 * 1024)
    for key, value in emu.env().items():
        monkeypatch.setenv(key, value)
    assert run(["export", str(tmp_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["copied"] == 5 and "workers" not in summary


def test_scheduler_and_workers_exclude_each_other(tmp_path: Path) -> None:
    done = _cli(None, str(tmp_path), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "exclude each other" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_dask_is_one_line_naming_the_install_command(tmp_path: Path) -> None:
    # A package named ``distributed`` that cannot be imported stands for a missing extra.
    shadow = tmp_path / "shadow" / "distributed"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('not installed')\n")
    pythonpath = os.pathsep.join([str(tmp_path / "shadow"), str(REPO)])
    done = _cli(None, str(tmp_path / "dest"), "--workers", "2", pythonpath=pythonpath)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "python -m pip install 'twilio2zoom[dask]'" in done.stderr


def test_unreachable_scheduler_is_a_config_error(emu: TwilioEmulator, tmp_path: Path) -> None:
    require_dask()
    seed_standup(emu, size=1024)
    done = _cli(emu, str(tmp_path), "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 2, done.stderr[-2000:]
    note, error = done.stderr.splitlines()
    assert "every Dask worker must reach it" in note  # a local path and a remote cluster
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in error
    assert not list(tmp_path.iterdir())  # nothing was touched


def test_bad_bwlimit_is_one_line(emu: TwilioEmulator, tmp_path: Path) -> None:
    done = _cli(emu, str(tmp_path), "--bwlimit", "fast")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "--bwlimit" in done.stderr


def test_ctrl_c_on_a_local_cluster_exits_130_and_resumes(
    emu: TwilioEmulator, tmp_path: Path
) -> None:
    require_dask()
    seed_standup(emu, size=1024 * 1024)
    emu.faults.bandwidth = 256 * 1024  # four seconds a file: time to interrupt
    env = {**os.environ, **emu.env()}
    argv = [sys.executable, "-m", "migrate", "export", str(tmp_path), "--workers", "2"]
    proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    partial = tmp_path / ".twilio2zoom" / "partial"
    deadline = time.monotonic() + 90
    while not any(p.stat().st_size > 0 for p in partial.glob("*.part") if p.exists()):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-2000:]
    assert b"Traceback" not in err and b"run the same command again" in err

    emu.faults.bandwidth = None
    done = _cli(emu, str(tmp_path), "--workers", "1", "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["failed"] == 0
    for row in read_index(tmp_path):
        assert (row["state"], row["sha256"]) == ("verified", true_sha256(emu, row["sid"]))
