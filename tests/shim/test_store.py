"""The SID store: shared between clients and processes, and the bridge's callback lookup."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

from migrate.sandbox.zoom import ZoomEmulator
from migrate.shim.rest import Client
from migrate.shim.store import (
    DEFAULT_STORE_PATH,
    RoomRecord,
    SidStore,
    status_callback_for_session,
    store_path,
)
from tests.shim.conftest import ACCOUNT_SID, api_calls

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def record(sid: str, callback: str | None = None, name: str = "room") -> RoomRecord:
    return RoomRecord(sid, "sess-" + sid, name, callback, "POST" if callback else None, NOW)


def test_path_from_environment(tmp_path: Path) -> None:
    assert store_path({"TWILIO2ZOOM_SHIM_STORE": str(tmp_path / "x.db")}) == tmp_path / "x.db"
    assert store_path({}) == DEFAULT_STORE_PATH.expanduser()


def test_callback_lookup_for_the_bridge(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "store.sqlite3"
    store = SidStore(path)
    store.remember_room(record("RM1", "https://app.example/cb"))
    store.remember_room(record("RM2"))
    # Seeing the room again without a callback keeps the one given at creation.
    store.remember_room(record("RM1"))
    store.close()

    found = status_callback_for_session("sess-RM1", path)
    assert found is not None
    assert (found.room_sid, found.url, found.method) == ("RM1", "https://app.example/cb", "POST")
    assert status_callback_for_session("sess-RM2", path) is None
    assert status_callback_for_session("unknown", path) is None


def test_names_newest_first_and_recordings(tmp_path: Path) -> None:
    store = SidStore(tmp_path / "s.db")
    store.remember_room(record("RMold", name="standup"))
    newer = RoomRecord("RMnew", "sess-new", "standup", None, None, NOW + dt.timedelta(days=1))
    store.remember_room(newer)
    assert [r.sid for r in store.rooms_named("standup")] == ["RMnew", "RMold"]
    store.remember_recording("RT1", "sess-new", "file-1")
    assert store.recording("RT1") == ("sess-new", "file-1")
    assert store.recording("RT2") is None
    store.close()


def test_concurrent_writers(tmp_path: Path) -> None:
    store = SidStore(tmp_path / "s.db")

    def write(start: int) -> None:
        for i in range(start, start + 50):
            store.remember_recording(f"RT{i}", "s", str(i))

    threads = [threading.Thread(target=write, args=(n * 50,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(store.recording(f"RT{i}") == ("s", str(i)) for i in range(200))
    store.close()


def test_room_created_in_one_process_resolves_in_another(
    client: Client, zoom_env: ZoomEmulator, shim_store: Path
) -> None:
    room = client.video.v1.rooms.create(unique_name="Shared")
    zoom_env.calls.clear()
    script = (
        "import sys; from migrate.shim.rest import Client; "
        "r = Client(sys.argv[1], 'tok').video.v1.rooms(sys.argv[2]).fetch(); "
        "print(r.sid, r.unique_name)"
    )
    env = {**zoom_env.env(), "TWILIO2ZOOM_SHIM_STORE": str(shim_store), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script, ACCOUNT_SID, room.sid],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [room.sid, "Shared"]
    # The other process asked Zoom for the session only: the store named it.
    assert [p for _, p, _, _ in api_calls(zoom_env)] == ["/videosdk/sessions/{id}"]
