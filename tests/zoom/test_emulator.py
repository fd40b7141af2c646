"""Emulator behaviour the client tests do not cover: SDK joins, gateway rules, BYOS, QoS."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest

from mappings import limits
from migrate.sandbox.zoom import ZoomEmulator
from migrate.zoom import ZoomClient
from migrate.zoom.auth import ApiTokenProvider
from migrate.zoom.encoding import session_path_id


def _api(emulator: ZoomEmulator) -> httpx.Client:
    token = ApiTokenProvider(emulator.api_key, emulator.api_secret).token()
    return httpx.Client(base_url=emulator.api_url, headers={"Authorization": f"Bearer {token}"})


def _join(emulator: ZoomEmulator, token: str, name: str = "U") -> httpx.Response:
    return httpx.post(f"{emulator.url}/_sandbox/join", json={"token": token, "user_name": name})


def test_env_points_at_emulator(zoom_emulator: ZoomEmulator) -> None:
    env = zoom_emulator.env()
    assert env["ZOOM_API_BASE_URL"] == zoom_emulator.api_url
    assert env["ZOOM_API_BASE_URL"].startswith("http://127.0.0.1:") and env[
        "ZOOM_API_BASE_URL"
    ].endswith("/v2")
    assert set(env) == {
        "ZOOM_API_KEY",
        "ZOOM_API_SECRET",
        "ZOOM_SDK_KEY",
        "ZOOM_SDK_SECRET",
        "ZOOM_WEBHOOK_SECRET_TOKEN",
        "ZOOM_API_BASE_URL",
    }


def test_generated_ids_are_zoom_shaped_and_deterministic(zoom_emulator: ZoomEmulator) -> None:
    ids = [zoom_emulator.state.create_session(f"s{i}").id for i in range(6)]
    assert all(len(i) == 24 and i.endswith("==") for i in ids)
    assert ids[1].startswith("/") and "//" in ids[2]
    zoom_emulator.reset()
    assert [zoom_emulator.state.create_session(f"s{i}").id for i in range(6)] == ids


@pytest.mark.parametrize(
    ("make_token", "reason"),
    [
        (
            lambda e, now: jwt.encode(_claims(e, now), "not-the-sdk-secret-0123456789abcdef"),
            "Signature",
        ),
        (lambda e, now: jwt.encode(_claims(e, now, app_key="other"), e.sdk_secret), "app_key"),
        (lambda e, now: jwt.encode(_claims(e, now - 7200), e.sdk_secret), "expired"),
        (lambda e, now: jwt.encode(_claims(e, now, exp_delta=60), e.sdk_secret), "exp - iat"),
        (lambda e, now: jwt.encode(_claims(e, now, tpc="x" * 151), e.sdk_secret), "tpc"),
        (lambda e, now: jwt.encode(_claims(e, now, role_type="1"), e.sdk_secret), "role_type"),
        (lambda e, now: "not.a.jwt", "invalid session token"),
    ],
)
def test_join_rejects_bad_session_tokens(
    zoom_emulator: ZoomEmulator, make_token: Callable[[ZoomEmulator, int], str], reason: str
) -> None:
    response = _join(zoom_emulator, make_token(zoom_emulator, int(time.time())))
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == limits.ZOOM_ERROR_INVALID_TOKEN and reason in body["message"]
    assert zoom_emulator.state.sessions == {}


def _claims(
    emulator: ZoomEmulator, iat: int, *, exp_delta: int = 3600, **extra: Any
) -> dict[str, Any]:
    claims = {"app_key": emulator.sdk_key, "tpc": "room", "role_type": 0, "version": 1}
    return {**claims, "iat": iat, "exp": iat + exp_delta, **extra}


def test_joins_share_live_session_case_insensitively_then_last_leave_ends(
    zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    first = zoom_emulator.join(zoom_session_token("Book Club", 1), "A")
    second = zoom_emulator.join(zoom_session_token("book club"), "B")
    assert first["session_id"] == second["session_id"]
    session = zoom_emulator.state.get(first["session_id"])
    assert session.name == "Book Club" and session.status == "live"
    zoom_emulator.leave(first["session_id"], first["user_id"])
    assert session.status == "live"
    zoom_emulator.leave(second["session_id"], second["user_id"])
    assert session.status == "past" and session.end_time is not None
    again = zoom_emulator.join(zoom_session_token("Book Club"), "C")
    assert again["session_id"] != first["session_id"]  # names are reusable after the end


def test_session_key_must_match_the_hosts(
    zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    zoom_emulator.join(zoom_session_token("keyed", 1, session_key="k1"), "Host")
    response = _join(zoom_emulator, zoom_session_token("keyed", 0, session_key="k2"))
    assert response.status_code == 403


def test_host_end_and_remove_last_user_end_session(
    zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str], zoom_client: ZoomClient
) -> None:
    host = zoom_emulator.join(zoom_session_token("ending", 1), "Host")
    zoom_emulator.join(zoom_session_token("ending"), "Guest")
    zoom_emulator.leave(host["session_id"], host["user_id"], end=True)
    assert zoom_emulator.state.get(host["session_id"]).status == "past"

    solo = zoom_emulator.join(zoom_session_token("solo", 1), "Solo")
    zoom_client.session_event(
        solo["session_id"], "user.remove", {"participant_uuid": solo["participant_uuid"]}
    )
    assert zoom_emulator.state.get(solo["session_id"]).status == "past"
    zoom_emulator.flush_webhooks()
    left = [e for e in zoom_emulator.events if e["event"] == "session.user_left"]
    assert left[-1]["payload"]["object"]["user"]["leave_reason"] == "removed by host"


def test_auto_recording_starts_on_first_join(
    zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str], zoom_client: ZoomClient
) -> None:
    created = zoom_client.create_session("auto", auto_recording="cloud")
    user = zoom_emulator.join(zoom_session_token("auto", 1), "Host")
    assert user["session_id"] == created.session_id
    zoom_emulator.leave(created.session_id, user["user_id"])
    assert len(zoom_client.get_session_recordings(created.session_id).all_files()) == 3


def test_gateway_auth_and_validation_errors(zoom_emulator: ZoomEmulator) -> None:
    response = httpx.get(f"{zoom_emulator.api_url}/videosdk/sessions?from=2026-01-01&to=2026-01-02")
    assert (
        response.status_code == 401 and response.json()["code"] == limits.ZOOM_ERROR_INVALID_TOKEN
    )
    with _api(zoom_emulator) as api:
        missing = api.get("/videosdk/sessions", params={"to": "2026-01-02"})
        assert missing.status_code == 400 and "from" in missing.json()["message"]
        bad_token = api.get(
            "/videosdk/sessions",
            params={"from": "2026-01-01", "to": "2026-01-02", "next_page_token": "garbage"},
        )
        assert bad_token.status_code == 400
        empty = api.get("/videosdk/sessions", params={"from": "2022-09-01", "to": "2022-09-02"})
        assert empty.json() == {
            "from": "2022-09-01",
            "to": "2022-09-02",
            "page_size": limits.ZOOM_DEFAULT_PAGE_SIZE,
            "next_page_token": "",
            "sessions": [],
        }
    assert [c.status for c in zoom_emulator.calls] == [401, 400, 400, 200]


def test_qos_and_sharing_endpoints(
    zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    user = zoom_emulator.join(zoom_session_token("qos", 1, user_key="q"), "Q")
    path = f"/videosdk/sessions/{session_path_id(user['session_id'])}"
    with _api(zoom_emulator) as api:
        qos = api.get(f"{path}/users/qos").json()
        assert qos["users"][0]["user_qos"] == [] and qos["users"][0]["user_key"] == "q"
        one = api.get(f"{path}/users/{user['user_id']}/qos").json()
        assert one["id"] == user["user_id"]
        sharing = api.get(f"{path}/users/sharing").json()
        assert sharing["users"][0]["details"] == []


def test_byos_storage_locations(zoom_emulator: ZoomEmulator) -> None:
    location = {
        "name": "archive",
        "provider": "aws_s3",
        "s3": {"region": "us-east-1", "bucket": "b", "authentication_mechanism": "aws_access_key"},
    }
    with _api(zoom_emulator) as api:
        created = api.post("/videosdk/settings/storage/location", json=location)
        assert created.status_code == 201
        location_id = created.json()["id"]
        assert (
            api.get("/videosdk/settings/storage/location").json()["storage_location"][0]["id"]
            == location_id
        )
        assert (
            api.patch(
                f"/videosdk/settings/storage/location/{location_id}", json={"name": "renamed"}
            ).status_code
            == 204
        )
        assert (
            api.get(f"/videosdk/settings/storage/location/{location_id}").json()["name"]
            == "renamed"
        )
        switch = {"bring_our_own_storage": True, "storage_location_id": location_id}
        assert api.patch("/videosdk/settings/storage", json=switch).status_code == 204
        assert zoom_emulator.state.storage_settings["bring_our_own_storage"] is True
        assert api.delete(f"/videosdk/settings/storage/location/{location_id}").status_code == 204
        assert api.get(f"/videosdk/settings/storage/location/{location_id}").status_code == 404
        bad = api.patch("/videosdk/settings/storage", json={"storage_location_id": "nope"})
        assert bad.status_code == 404


def test_reset_clears_everything(
    zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    zoom_emulator.webhook_urls.append("http://127.0.0.1:9/unreachable")
    zoom_emulator.join(zoom_session_token("gone", 1), "U")
    zoom_emulator.faults.latency = 1.0
    zoom_emulator.download_redirect = "cross-host"
    zoom_emulator.reset()
    assert zoom_emulator.state.sessions == {}
    assert (
        zoom_emulator.calls == [] and zoom_emulator.events == [] and zoom_emulator.deliveries == []
    )
    assert zoom_emulator.webhook_urls == [] and zoom_emulator.faults.latency == 0
    assert zoom_emulator.download_redirect is None


def test_past_session_fixture_dates(zoom_emulator: ZoomEmulator) -> None:
    start = dt.datetime(2026, 1, 2, 3, tzinfo=dt.UTC)
    session = zoom_emulator.state.add_past_session("seeded", start_time=start, users=[("A", "a")])
    assert session.end_time == start + dt.timedelta(minutes=30)
    assert session.users[0].leave_time == session.end_time
