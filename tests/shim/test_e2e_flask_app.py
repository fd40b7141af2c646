"""End to end: a Flask app written for twilio runs on Zoom after the import swap alone."""

from __future__ import annotations

import importlib.util
import re
import warnings
from pathlib import Path
from types import ModuleType

import jwt
import pytest

from migrate.sandbox.zoom import ZoomEmulator
from migrate.shim import ShimCompatibilityWarning
from tests.shim.conftest import ACCOUNT_SID, join

APP_SOURCE = Path(__file__).parent / "app_twilio" / "app.py"


def swap_imports(source: str) -> str:
    """What the shim-mode codemod does: ``twilio.`` import prefixes become ``migrate.shim.``."""
    return re.sub(r"^from twilio\.", "from migrate.shim.", source, flags=re.MULTILINE)


def load(source: str, tmp_path: Path) -> ModuleType:
    path = tmp_path / "app_shim.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("app_shim", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def shim_app(
    zoom_env: ZoomEmulator, shim_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_API_KEY", "SK" + "3" * 32)
    monkeypatch.setenv("TWILIO_API_SECRET", "twilio-api-secret-never-used-0123456789")
    source = APP_SOURCE.read_text()
    swapped = swap_imports(source)
    # The swap touched only import lines, and every twilio import.
    assert "from twilio" not in swapped
    changed = [a for a, b in zip(source.splitlines(), swapped.splitlines()) if a != b]
    assert len(changed) == 4 and all(line.startswith("from twilio.") for line in changed)
    return load(swapped, tmp_path).create_app()


def test_token_room_and_recordings_on_zoom(shim_app, zoom_env: ZoomEmulator) -> None:  # type: ignore[no-untyped-def]
    http = shim_app.test_client()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShimCompatibilityWarning)
        created = http.post("/rooms", json={"name": "Weekly Sync"})
    assert created.status_code == 201
    room = created.get_json()
    assert re.fullmatch(r"RM[0-9a-f]{32}", room["sid"]) and room["status"] == "in-progress"
    assert [(c.method, c.path, c.json) for c in zoom_env.calls] == [
        (
            "POST",
            "/v2/videosdk/sessions",
            {"session_name": "Weekly Sync", "settings": {"auto_recording": "cloud"}},
        )
    ]

    issued = http.post("/token", json={"identity": "alice@example.com", "room": "Weekly Sync"})
    token = issued.get_json()["token"]
    claims = jwt.decode(token, zoom_env.sdk_secret, algorithms=["HS256"])
    assert claims["tpc"] == "Weekly Sync" and claims["user_key"] == "alice@example.com"
    assert claims["app_key"] == zoom_env.sdk_key and claims["role_type"] == 0
    joined = join(zoom_env, token, "Alice")
    assert joined["session_name"] == "Weekly Sync" and joined["user_key"] == "alice@example.com"
    session = zoom_env.state.sessions[joined["session_id"]]
    assert session.status == "live" and session.recording_state == "recording"

    ended = http.post(f"/rooms/{room['sid']}/complete")
    assert ended.get_json() == {"sid": room["sid"], "status": "completed"}

    listed = http.get(f"/rooms/{room['sid']}/recordings").get_json()
    assert len(listed) == len(session.files) == 3
    assert all(re.fullmatch(r"RT[0-9a-f]{32}", r["sid"]) for r in listed)
    everywhere = http.get("/recordings").get_json()
    assert {r["sid"] for r in everywhere} == {r["sid"] for r in listed}
    assert {r["room_sid"] for r in everywhere} == {room["sid"]}


def test_errors_reach_the_apps_twilio_handler(shim_app, zoom_env: ZoomEmulator) -> None:  # type: ignore[no-untyped-def]
    http = shim_app.test_client()
    missing = http.get("/rooms/RM" + "9" * 32 + "/recordings")
    assert missing.status_code == 404 and missing.get_json()["code"] == 20404
