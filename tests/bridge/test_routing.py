"""Routing per session: the shim's room callback, a routes file (TOML or JSON), the default."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from mappings import sids
from migrate.bridge import Route, Router, Target, load_routes
from migrate.errors import ConfigError
from migrate.sandbox.zoom import ZoomEmulator
from migrate.shim.rest import Client
from migrate.shim.store import RoomRecord, SidStore
from tests.bridge.conftest import ACCOUNT_SID, Receiver, RunningBridge, post_signed, zoom_event

ROUTES_TOML = """
[[route]]
session = "Standup-*"
url = "{base}/standup?team=core"
method = "get"

[[route]]
session = "board meeting"
url = "{base}/board"
"""


def _send(bridge: RunningBridge, session_id: str, name: str) -> None:
    event = zoom_event("session.started", session_id, name)
    assert post_signed(bridge.webhook_url, event).status_code == 200


def test_routes_file_by_name_and_glob_ignoring_case(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver, tmp_path: Path
) -> None:
    path = tmp_path / "routes.toml"
    path.write_text(ROUTES_TOML.format(base=receiver.url))
    bridge = bridge_factory(receiver.url + "/default", routes=load_routes(path))
    _send(bridge, "s1", "standup-daily")
    _send(bridge, "s2", "Board Meeting")
    _send(bridge, "s3", "retro")
    got = {r.params["RoomSid"]: r for r in receiver.wait_for(3)}
    standup, board, other = (got[sids.room_sid(s)] for s in ("s1", "s2", "s3"))
    assert (standup.method, standup.path) == ("GET", "/standup")
    assert standup.params["team"] == "core"  # the route's own query is kept
    assert standup.params["StatusCallbackEvent"] == "room-created"
    assert (board.method, board.path) == ("POST", "/board")
    assert (other.method, other.path) == ("POST", "/default")
    assert all(r.valid for r in (standup, board, other))


def test_json_routes_file(tmp_path: Path) -> None:
    path = tmp_path / "routes.json"
    entries = [{"session": "a*", "url": "https://a.example/cb", "method": "POST"}]
    path.write_text(json.dumps({"route": entries}))
    assert load_routes(path) == (Route(session="a*", url="https://a.example/cb"),)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("r.toml", "[[route]]\nsession = 'x'\n", "route.0.url"),
        ("r.toml", "[[route]\n", "not valid"),
        ("r.json", '{"route": [{"session": "x", "url": "ftp://x/"}]}', "http"),
        ("r.json", '{"route": [{"session": "x", "url": "http://x/", "method": "PUT"}]}', "method"),
        ("r.json", '{"routes": []}', "routes"),
    ],
)
def test_bad_routes_files_are_one_line_config_errors(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_routes(path)
    assert "\n" not in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_routes_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read routes file"):
        load_routes(tmp_path / "absent.toml")


def test_shim_callback_wins_over_routes(tmp_path: Path) -> None:
    store_path = tmp_path / "shim.sqlite3"
    store = SidStore(store_path)
    store.remember_room(
        RoomRecord(
            sids.room_sid("s-shim"),
            "s-shim",
            "standup-x",
            "https://app.example/room-events",
            "get",
            dt.datetime.now(dt.UTC),
        )
    )
    store.close()
    routes = (Route(session="standup-*", url="https://routes.example/cb"),)
    default = Target("https://default.example/cb", "POST", "default")
    router = Router(routes, default, store_path)
    assert router.target("s-shim", "standup-x") == Target(
        "https://app.example/room-events", "GET", "shim"
    )
    assert router.target("s-other", "standup-y").source == "routes"
    assert router.target("s-other", "retro") == default
    # A store that does not exist is not created by looking.
    assert Router(routes, default, tmp_path / "none.sqlite3").target("s", "x") == default
    assert not (tmp_path / "none.sqlite3").exists()


def test_room_created_through_the_shim_gets_its_status_callback(
    bridge_factory: Callable[..., RunningBridge],
    receiver: Receiver,
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = tmp_path / "shim.sqlite3"
    monkeypatch.setenv("TWILIO2ZOOM_SHIM_STORE", str(store))
    for name, value in zoom_emulator.env().items():
        monkeypatch.setenv(name, value)
    app_client = Client(ACCOUNT_SID, "not-used-by-video")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the shim warns that StatusCallback needs the bridge
        room = app_client.video.v1.rooms.create(
            unique_name="Shim Room", status_callback=receiver.url + "/from-shim"
        )
    app_client.close()
    bridge = bridge_factory(receiver.url + "/default", shim_store=store)
    zoom_emulator.webhook_urls.append(bridge.webhook_url)
    zoom_emulator.join(zoom_session_token("Shim Room"), "Eve")
    zoom_emulator.flush_webhooks()
    created, joined = receiver.wait_for(2)
    assert {created.path, joined.path} == {"/from-shim"}
    assert created.params["RoomSid"] == room.sid
    assert [created.params["StatusCallbackEvent"], joined.params["StatusCallbackEvent"]] == [
        "room-created",
        "participant-connected",
    ]
    assert created.valid and joined.valid
