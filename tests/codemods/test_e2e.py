"""End to end: rewrite the sample Flask app, then run it against the Zoom emulator."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import jwt
import pytest

from codemods.driver import rewrite_paths
from mappings import limits
from migrate.demo.sample import copy_sample_app
from migrate.sandbox.zoom import ZoomEmulator


def _load_app(project: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Import the rewritten app.py (and the zoom_video beside it) from ``project``."""
    monkeypatch.syspath_prepend(str(project))
    monkeypatch.delitem(sys.modules, "zoom_video", raising=False)
    spec = importlib.util.spec_from_file_location("rewritten_flask_app", project / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _point_at(emulator: ZoomEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in emulator.env().items():
        monkeypatch.setenv(name, value)


def test_native_flask_app_runs_on_the_zoom_emulator(
    sample_project: Path, zoom_emulator: ZoomEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = rewrite_paths([sample_project], "native")
    assert not summary.failed
    app_source = (sample_project / "app.py").read_text()
    assert "twilio" not in app_source.replace("twilio2zoom", "")
    requirements = (sample_project / "requirements.txt").read_text().split()
    assert {"PyJWT", "httpx"} <= set(requirements)

    _point_at(zoom_emulator, monkeypatch)  # no TWILIO_* variable is set at all
    client = _load_app(sample_project, monkeypatch).app.test_client()

    reply = client.get("/token", query_string={"identity": "alice", "room": "standup"})
    assert reply.status_code == 200
    claims = jwt.decode(reply.json["token"], zoom_emulator.sdk_secret, algorithms=["HS256"])
    assert claims["app_key"] == zoom_emulator.sdk_key
    assert claims["tpc"] == "standup"
    assert claims["user_key"] == "alice"
    assert claims["role_type"] == 0 and claims["version"] == 1
    assert limits.ZOOM_SESSION_JWT_MIN_TTL <= claims["exp"] - claims["iat"]
    assert claims["exp"] - claims["iat"] <= limits.ZOOM_SESSION_JWT_MAX_TTL

    created = client.post("/rooms", json={"name": "standup"})
    assert created.status_code == 201
    session_id = created.json["sid"]
    assert created.json["name"] == "standup"
    assert session_id in zoom_emulator.state.sessions
    posts = [
        c for c in zoom_emulator.calls if c.method == "POST" and c.path == "/v2/videosdk/sessions"
    ]
    assert [c.json["session_name"] for c in posts] == ["standup"]

    zoom_emulator.state.add_recording(session_id)
    listed = client.get(f"/rooms/{session_id}/recordings")
    assert listed.status_code == 200 and listed.json["count"] > 0
    assert any(c.path.endswith("/recordings") and c.method == "GET" for c in zoom_emulator.calls)


def test_shim_flask_app_runs_on_the_zoom_emulator(
    sample_project: Path,
    zoom_emulator: ZoomEmulator,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The rewritten app imports these: a shim that does not import fails here, never skips.
    importlib.import_module("migrate.shim.rest")
    importlib.import_module("migrate.shim.jwt.access_token")
    summary = rewrite_paths([sample_project], "shim")
    assert not summary.failed
    app_source = (sample_project / "app.py").read_text()
    assert "from migrate.shim.rest import Client" in app_source
    added = (sample_project / "requirements.txt").read_text().splitlines()[-1]
    assert added.startswith("twilio2zoom==")

    _point_at(zoom_emulator, monkeypatch)
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("TWILIO_API_KEY", "SK" + "0" * 32)
    monkeypatch.setenv("TWILIO_API_SECRET", "unused-by-the-shim")
    monkeypatch.setenv("TWILIO2ZOOM_SHIM_STORE", str(tmp_path_factory.mktemp("shim") / "store.db"))
    client = _load_app(sample_project, monkeypatch).app.test_client()

    reply = client.get("/token", query_string={"identity": "alice", "room": "standup"})
    assert reply.status_code == 200
    claims = jwt.decode(reply.json["token"], zoom_emulator.sdk_secret, algorithms=["HS256"])
    assert (claims["tpc"], claims["user_key"]) == ("standup", "alice")

    created = client.post("/rooms", json={"name": "standup"})
    assert created.status_code == 201
    assert any(
        c.method == "POST" and c.path == "/v2/videosdk/sessions" for c in zoom_emulator.calls
    )


def test_native_demo_sample_app_serves_rooms_tokens_and_recordings(
    tmp_path: Path, zoom_emulator: ZoomEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bundled sample app reads room.sid in another module and r.sid on each recording:
    # the rewritten code must still serve those routes.
    project = copy_sample_app(tmp_path / "app")
    summary = rewrite_paths([project], "native")
    assert not summary.failed
    _point_at(zoom_emulator, monkeypatch)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "only-the-webhook-validator-reads-it")
    client = _load_app(project, monkeypatch).app.test_client()

    reply = client.get("/token", query_string={"identity": "bob", "room": "review"})
    assert reply.status_code == 200
    claims = jwt.decode(reply.json["token"], zoom_emulator.sdk_secret, algorithms=["HS256"])
    assert (claims["tpc"], claims["user_key"]) == ("review", "bob")

    created = client.post("/rooms", json={"name": "review"})
    assert created.status_code == 201, created.text
    session_id = created.json["sid"]
    assert created.json["name"] == "review"
    assert session_id in zoom_emulator.state.sessions

    zoom_emulator.state.add_recording(session_id)
    listed = client.get(f"/rooms/{session_id}/recordings")
    assert listed.status_code == 200, listed.text
    files = listed.json["recordings"]
    assert files and all(f["sid"] and f["status"] for f in files)
