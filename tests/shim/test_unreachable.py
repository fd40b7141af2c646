"""Zoom out of reach: the shim raises twilio's TwilioException, naming the host only."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from migrate.retry import RetryPolicy
from migrate.sandbox.zoom import ZoomEmulator
from migrate.shim.base.exceptions import TwilioException, TwilioRestException
from migrate.shim.rest import Client
from migrate.zoom.errors import ZoomError
from tests.shim.conftest import ACCOUNT_SID
from tests.shim.test_client_delegation import BLOCK_TWILIO

RM = "RM" + "0" * 32
API_KEY = "closed-port-api-key"
SECRET = "closed-port-api-secret-0123456789abcdef"


def _closed_port() -> int:
    # Bind, read the port, close: nothing listens there for the rest of the test.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def offline(shim_store: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Client]:
    """A shim Client whose Zoom base URL is a closed loopback port (retries without waits)."""
    monkeypatch.setattr(RetryPolicy, "delay", lambda self, attempt, retry_after=None: 0.0)
    shim = Client(
        ACCOUNT_SID,
        "token",
        zoom_api_key=API_KEY,
        zoom_api_secret=SECRET,
        zoom_api_base_url=f"http://127.0.0.1:{_closed_port()}/v2",
    )
    yield shim
    shim.close()


CALLS: dict[str, Callable[[Client], Any]] = {
    "rooms.create": lambda c: c.video.v1.rooms.create(unique_name="Standup"),
    "rooms.fetch": lambda c: c.video.v1.rooms(RM).fetch(),
    "rooms.list": lambda c: c.video.v1.rooms.list(),
    "participants.list": lambda c: c.video.v1.rooms("Standup").participants.list(),
    "recordings.list": lambda c: c.video.v1.recordings.list(),
    "recordings.fetch": lambda c: c.video.v1.recordings("RT" + "0" * 32).fetch(),
    "compositions.list": lambda c: c.video.v1.compositions.list(),
    "compositions.create": lambda c: c.video.v1.compositions.create(RM, audio_sources=["*"]),
    "recording_settings.fetch": lambda c: c.video.v1.recording_settings().fetch(),
    "composition_settings.create": lambda c: c.video.v1.composition_settings().create("off"),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_unreachable_zoom_raises_twilio_exception(offline: Client, name: str) -> None:
    with pytest.raises(TwilioException) as caught:
        CALLS[name](offline)
    exc = caught.value
    assert not isinstance(exc, TwilioRestException | ZoomError)
    text = str(exc)
    assert "\n" not in text and "127.0.0.1" in text and "Zoom" in text
    assert SECRET not in text and API_KEY not in text


def test_without_twilio_the_compatible_base_class_is_raised(tmp_path: Path) -> None:
    script = BLOCK_TWILIO + textwrap.dedent(
        f"""
        import os
        from migrate.retry import RetryPolicy
        RetryPolicy.delay = lambda self, attempt, retry_after=None: 0.0
        os.environ["TWILIO2ZOOM_SHIM_STORE"] = os.path.join(sys.argv[1], "s.sqlite3")
        from migrate.shim.base.exceptions import TwilioException
        from migrate.shim.rest import Client
        assert TwilioException.__module__ == "migrate.shim.base._compat_exceptions"
        client = Client(
            "AC1", "tok", zoom_api_key="k", zoom_api_secret="s" * 32,
            zoom_api_base_url="http://127.0.0.1:{_closed_port()}/v2",
        )
        try:
            client.video.v1.rooms.list()
        except TwilioException as err:
            print(type(err).__name__, err)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("TwilioException ") and "127.0.0.1" in done.stdout


def test_reachable_zoom_is_unaffected(client: Client, zoom_env: ZoomEmulator) -> None:
    assert client.video.v1.rooms.list() == []
