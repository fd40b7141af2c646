"""``twilio2zoom sandbox`` starts both emulators and prints an environment that works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from migrate.twilio import TwilioVideoClient
from migrate.zoom import ZoomClient


def _read_env(proc: subprocess.Popen[str], timeout: float = 30) -> dict[str, str]:
    env: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("export "):
            name, _, value = line[len("export ") :].strip().partition("=")
            env[name] = value
        if "ZOOM_WEBHOOK_SECRET_TOKEN" in env:
            return env
    raise AssertionError(f"sandbox printed no complete environment: {env}")


def test_sandbox_serves_both_apis_with_the_printed_environment() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "migrate", "sandbox", "--rooms", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith(("TWILIO", "ZOOM"))},
    )
    try:
        env = _read_env(proc)
        twilio = TwilioVideoClient(
            env["TWILIO_API_KEY"], env["TWILIO_API_SECRET"], base_url=env["TWILIO_VIDEO_BASE_URL"]
        )
        with twilio:
            completed = list(twilio.list_rooms(status="completed"))
        assert completed, "the seeded account has completed rooms"
        zoom = ZoomClient(
            env["ZOOM_API_KEY"], env["ZOOM_API_SECRET"], base_url=env["ZOOM_API_BASE_URL"]
        )
        created = zoom.create_session("sandbox smoke")
        assert created.session_name == "sandbox smoke"
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
