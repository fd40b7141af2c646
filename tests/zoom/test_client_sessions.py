"""Session, user and event operations of the sync client against the emulator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import quote

import httpx
import pytest

from mappings import limits
from migrate.sandbox.zoom import ZoomEmulator
from migrate.settings import load_settings
from migrate.zoom import ZoomApiError, ZoomClient, ZoomError
from migrate.zoom.auth import ApiTokenProvider
from migrate.zoom.encoding import needs_double_encoding, session_path_id

TODAY = dt.datetime.now(dt.UTC).date()


def test_from_settings_uses_env(
    zoom_emulator: ZoomEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in zoom_emulator.env().items():
        monkeypatch.setenv(name, value)
    with ZoomClient.from_settings(load_settings()) as client:
        created = client.create_session("from env")
    assert zoom_emulator.state.get(created.session_id).name == "from env"


def test_create_and_get_session(zoom_client: ZoomClient, zoom_emulator: ZoomEmulator) -> None:
    created = zoom_client.create_session("Weekly Sync", auto_recording="cloud")
    assert created.session_name == "Weekly Sync"
    assert created.settings is not None and created.settings.auto_recording == "cloud"
    call = zoom_emulator.calls[-1]
    assert (call.method, call.path, call.status) == ("POST", "/v2/videosdk/sessions", 201)
    assert call.json == {"session_name": "Weekly Sync", "settings": {"auto_recording": "cloud"}}

    detail = zoom_client.get_session(created.session_id, type="scheduled")
    assert detail.id == created.session_id and detail.passcode == created.passcode
    assert zoom_emulator.calls[-1].query == {"type": "scheduled"}


def test_session_ids_with_slash_plus_equals_reach_emulator(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    ids = [zoom_client.create_session(f"s{i}").session_id for i in range(6)]
    assert any(i.startswith("/") for i in ids) and any("//" in i for i in ids)
    tricky = "ab+c/d=="  # seeded directly: a plain id with every special character
    session = zoom_emulator.state.create_session("tricky")
    zoom_emulator.state.sessions[tricky] = zoom_emulator.state.sessions.pop(session.id)
    zoom_emulator.state.sessions[tricky].id = tricky
    for session_id in [*ids, tricky]:
        zoom_emulator.calls.clear()
        assert zoom_client.get_session(session_id).id == session_id
        call = zoom_emulator.calls[-1]
        assert call.raw_path == f"/v2/videosdk/sessions/{session_path_id(session_id)}"
        assert call.path_params == {"session_id": session_id}
        if needs_double_encoding(session_id):
            assert "%25" in call.raw_path  # encoded twice
    assert zoom_emulator.calls[-1].raw_path == "/v2/videosdk/sessions/ab%2Bc%2Fd%3D%3D"


def test_single_encoded_leading_slash_is_mangled_by_gateway(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    """Why double encoding matters: the emulator's gateway collapses a single-encoded ``//``."""
    session_id = next(
        s
        for s in (zoom_client.create_session(f"s{i}").session_id for i in range(3))
        if s.startswith("/")
    )
    token = ApiTokenProvider(zoom_emulator.api_key, zoom_emulator.api_secret).token()
    response = httpx.get(
        f"{zoom_emulator.api_url}/videosdk/sessions/{quote(session_id, safe='')}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 404


def test_join_list_users_end(
    zoom_client: ZoomClient,
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
) -> None:
    created = zoom_client.create_session("Design Review")
    host = zoom_emulator.join(zoom_session_token("design review", 1, user_key="alice"), "Alice")
    guest = zoom_emulator.join(zoom_session_token("DESIGN REVIEW", 0, user_key="bob"), "Bob")
    assert host["session_id"] == guest["session_id"] == created.session_id

    live = list(zoom_client.list_sessions(type="live", from_=TODAY, to=TODAY))
    assert [s.id for s in live] == [created.session_id]
    assert live[0].user_count == 2

    users = list(zoom_client.list_session_users(created.session_id))
    assert [(u.name, u.user_key) for u in users] == [("Alice", "alice"), ("Bob", "bob")]
    assert users[0].participant_uuid == host["participant_uuid"]

    zoom_client.end_session(created.session_id)
    call = zoom_emulator.calls[-1]
    assert (call.method, call.json, call.status) == ("PUT", {"action": "end"}, 204)
    assert call.raw_path.endswith("/status")
    past = list(zoom_client.list_sessions(type="past", from_=TODAY, to=TODAY))
    assert [s.id for s in past] == [created.session_id] and past[0].end_time is not None
    past_users = list(zoom_client.list_session_users(created.session_id, type="past"))
    assert all(u.leave_time is not None for u in past_users)
    with pytest.raises(ZoomApiError) as info:
        zoom_client.end_session(created.session_id)
    assert info.value.status == 400


def test_list_sessions_paginates_lazily(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    for i in range(7):
        zoom_emulator.state.add_past_session(f"past {i}", start_time=start + dt.timedelta(hours=i))
    zoom_emulator.calls.clear()
    pages = zoom_client.list_sessions(type="past", from_=start.date(), to=start.date(), page_size=3)
    first = next(pages)
    assert first.session_name == "past 0" and len(zoom_emulator.calls) == 1  # lazy
    names = [first.session_name, *(s.session_name for s in pages)]
    assert names == [f"past {i}" for i in range(7)]
    assert [c.query.get("next_page_token") is not None for c in zoom_emulator.calls] == [
        False,
        True,
        True,
    ]
    assert all(
        c.query["page_size"] == "3" and c.query["from"] == "2026-03-01" for c in zoom_emulator.calls
    )


def test_list_sessions_filters(zoom_client: ZoomClient, zoom_emulator: ZoomEmulator) -> None:
    start = dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC)
    zoom_emulator.state.add_past_session("Alpha", start_time=start, session_key="k-1")
    zoom_emulator.state.add_past_session("Beta", start_time=start)
    day = start.date()
    by_name = zoom_client.list_sessions(type="past", from_=day, to=day, session_name="alpha")
    assert [s.session_key for s in by_name] == ["k-1"]
    by_key = zoom_client.list_sessions(type="past", from_=day, to=day, session_key="k-1")
    assert [s.session_name for s in by_key] == ["Alpha"]
    assert (
        list(
            zoom_client.list_sessions(
                type="past", from_=day + dt.timedelta(1), to=day + dt.timedelta(2)
            )
        )
        == []
    )


def test_bad_list_arguments_fail_before_any_call(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    with pytest.raises(ZoomError, match="page_size"):
        zoom_client.list_sessions(from_=TODAY, to=TODAY, page_size=limits.ZOOM_MAX_PAGE_SIZE + 1)
    with pytest.raises(ZoomError, match="after"):
        zoom_client.list_recordings(from_=TODAY, to=TODAY - dt.timedelta(days=1))
    assert zoom_emulator.calls == []


def test_delete_session_and_unknown_id(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    created = zoom_client.create_session("short lived")
    zoom_client.delete_session(created.session_id)
    assert zoom_emulator.calls[-1].status == 204
    with pytest.raises(ZoomApiError) as info:
        zoom_client.get_session(created.session_id)
    assert (info.value.status, info.value.code) == (404, limits.ZOOM_ERROR_SESSION_NOT_FOUND)
    zoom_emulator.flush_webhooks()
    assert zoom_emulator.events[-1]["event"] == "session.deleted"


def test_session_events_recorded_with_exact_bodies(
    zoom_client: ZoomClient,
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
) -> None:
    host = zoom_emulator.join(zoom_session_token("events", 1), "Host")
    guest = zoom_emulator.join(zoom_session_token("events", 0, user_key="g"), "Guest")
    session_id = host["session_id"]
    zoom_client.session_event(session_id, "recording.start")
    zoom_client.session_event(session_id, "recording.pause")
    zoom_client.session_event(session_id, "recording.resume")
    zoom_client.session_event(
        session_id, "user.remove", {"participant_uuid": guest["participant_uuid"]}
    )
    zoom_client.session_event(session_id, "recording.stop")
    event_calls = [c for c in zoom_emulator.calls if c.raw_path.endswith("/events")]
    assert [(c.method, c.status, c.json) for c in event_calls] == [
        ("PATCH", 202, {"method": "recording.start"}),
        ("PATCH", 202, {"method": "recording.pause"}),
        ("PATCH", 202, {"method": "recording.resume"}),
        (
            "PATCH",
            202,
            {"method": "user.remove", "params": {"participant_uuid": guest["participant_uuid"]}},
        ),
        ("PATCH", 202, {"method": "recording.stop"}),
    ]
    present = list(zoom_client.list_session_users(session_id))
    assert [u.name for u in present] == ["Host"]
    session = zoom_emulator.state.get(session_id)
    assert len(session.recording_periods) == 2  # paused once
    zoom_emulator.flush_webhooks()
    names = [e["event"] for e in zoom_emulator.events]
    assert names[-5:] == [
        "session.recording_started",
        "session.recording_paused",
        "session.recording_resumed",
        "session.user_left",
        "session.recording_stopped",
    ]


def test_events_on_ended_session_and_unknown_method(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    created = zoom_client.create_session("not started")
    with pytest.raises(ZoomApiError) as info:
        zoom_client.session_event(created.session_id, "recording.start")
    assert (info.value.status, info.value.code) == (400, limits.ZOOM_ERROR_NOT_AVAILABLE)
    with pytest.raises(ZoomApiError, match="Invalid method"):
        zoom_client.session_event(created.session_id, "recording.explode")


def test_recording_without_cloud_plan_is_refused(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    zoom_emulator.state.cloud_recording = False
    joined = zoom_emulator.join(zoom_session_token("no plan", 1), "Host")
    with pytest.raises(ZoomApiError, match="not available for this account") as info:
        zoom_client.session_event(joined["session_id"], "recording.start")
    assert info.value.code == 300
