"""``twilio2zoom bridge``: credentials, one-line errors, serving until Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from migrate.bridge import Outbox
from migrate.cli.app import run
from tests.bridge.conftest import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    WEBHOOK_SECRET,
    free_port,
    post_signed,
    wait_until,
    zoom_event,
)

CREDENTIALS = {
    "ZOOM_WEBHOOK_SECRET_TOKEN": WEBHOOK_SECRET,
    "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
    "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
}


@pytest.mark.parametrize("missing", sorted(CREDENTIALS))
def test_missing_credential_is_one_line_exit_2(
    missing: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    for name, value in CREDENTIALS.items():
        if name != missing:
            monkeypatch.setenv(name, value)
    db = tmp_path / "outbox.sqlite3"
    code = run(["bridge", "--forward-to", "http://127.0.0.1:9/cb", "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert missing in err
    assert "Traceback" not in err
    assert not db.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--forward-to", "not-a-url"], "--forward-to must be an http"),
        (["--forward-to", "http://x/", "--forward-method", "PUT"], "GET or POST"),
        (["--forward-to", "http://x/", "--routes", "{missing}"], "cannot read routes file"),
    ],
)
def test_bad_options_are_one_line_exit_2(
    args: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    args = [a.replace("{missing}", str(tmp_path / "none.toml")) for a in args]
    code = run(["bridge", *args, "--db", str(tmp_path / "o.sqlite3")])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert err.count("\n") == 1


def test_serves_until_interrupted_and_keeps_the_outbox(tmp_path: Path) -> None:
    port, down = free_port(), free_port()
    db = tmp_path / "outbox.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TWILIO", "ZOOM"))},
        **CREDENTIALS,
        "TWILIO2ZOOM_SHIM_STORE": str(tmp_path / "no-shim.sqlite3"),
    }
    command = [sys.executable, "-m", "migrate", "bridge", "--port", str(port), "--db", str(db)]
    command += ["--forward-to", f"http://127.0.0.1:{down}/status"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def healthy() -> bool:
            try:
                return httpx.get(base + "/healthz").status_code == 200
            except httpx.TransportError:
                return False

        wait_until(healthy, 20, "the bridge to listen")
        event = zoom_event("session.started", "sess-cli", "cli room")
        assert post_signed(base + "/zoom/webhook", event).status_code == 200
        wait_until(lambda: httpx.get(base + "/stats").json()["pending"] == 1)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "bridge stopped: 0 delivered, 1 pending" in out
    assert "Traceback" not in err
    for secret in CREDENTIALS.values():
        if secret != ACCOUNT_SID:
            assert secret not in out + err
    with Outbox(db) as outbox:
        assert outbox.counts().pending == 1


def test_busy_port_is_one_line_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code = run(
            ["bridge", "--forward-to", "http://x/", "--port", port, "--db", str(tmp_path / "o")]
        )
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert err.count("\n") == 1


def test_unusable_outbox_path_is_one_line_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("this is not SQLite, and it is long enough to be read as a header\n" * 4)
    code = run(["bridge", "--forward-to", "http://x/", "--port", "0", "--db", str(not_a_db)])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot open the outbox" in err
    assert err.count("\n") == 1
    assert not_a_db.read_text().startswith("this is not SQLite")
