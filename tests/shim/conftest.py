"""Shim fixtures: a shim Client pointed at the Zoom emulator, with its own SID store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from migrate.sandbox.zoom import RecordedCall, ZoomEmulator
from migrate.shim.rest import Client

ACCOUNT_SID = "AC" + "a" * 32


@pytest.fixture
def shim_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SID store file for this test (``TWILIO2ZOOM_SHIM_STORE``)."""
    path = tmp_path / "shim.sqlite3"
    monkeypatch.setenv("TWILIO2ZOOM_SHIM_STORE", str(path))
    return path


@pytest.fixture
def zoom_env(zoom_emulator: ZoomEmulator, monkeypatch: pytest.MonkeyPatch) -> ZoomEmulator:
    """The emulator's ZOOM_* variables set in the environment, as an app would have them."""
    for name, value in zoom_emulator.env().items():
        monkeypatch.setenv(name, value)
    return zoom_emulator


@pytest.fixture
def client(zoom_env: ZoomEmulator, shim_store: Path) -> Iterator[Client]:
    """``Client(account_sid, auth_token)`` exactly as a Twilio app builds it."""
    shim = Client(ACCOUNT_SID, "twilio-auth-token-not-used-by-video")
    yield shim
    shim.close()


def api_calls(emulator: ZoomEmulator) -> list[tuple[str, str, dict[str, str], Any]]:
    """``(method, path, query, json)`` of every Zoom REST call, ids decoded."""
    return [(c.method, _path(c), c.query, c.json) for c in emulator.calls]


def _path(call: RecordedCall) -> str:
    path = call.path.removeprefix("/v2")
    session_id = call.path_params.get("session_id")
    if session_id is None:
        return path
    # Show the session id as a placeholder so tests compare shapes, not random ids.
    prefix = "/videosdk/sessions/"
    rest = call.raw_path.removeprefix("/v2" + prefix).split("/", 1)
    return prefix + "{id}" + ("/" + rest[1] if len(rest) > 1 else "")


def join(emulator: ZoomEmulator, token: str, user_name: str) -> dict[str, Any]:
    """Simulate a Video SDK client joining with ``token`` (``POST /_sandbox/join``)."""
    response = httpx.post(
        f"{emulator.url}/_sandbox/join", json={"token": token, "user_name": user_name}, timeout=10
    )
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body
