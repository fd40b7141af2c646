"""Retries on injected faults, error mapping, and keeping secrets out of errors."""

from __future__ import annotations

import datetime as dt
import time

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mappings import limits
from migrate.retry import RetryPolicy
from migrate.sandbox.runner import serve
from migrate.sandbox.zoom import ZoomEmulator
from migrate.zoom import ZoomApiError, ZoomClient, ZoomTransportError
from tests.fixtures.zoom_fixtures import FAST_RETRY


def _statuses(emulator: ZoomEmulator) -> list[int]:
    return [c.status for c in emulator.calls]


def test_429_retry_after_seconds_is_honoured(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    created = zoom_client.create_session("limited")
    zoom_emulator.calls.clear()
    zoom_emulator.faults.inject(status=429, retry_after="1", path_contains="/videosdk/sessions/")
    started = time.monotonic()
    assert zoom_client.get_session(created.session_id).id == created.session_id
    assert time.monotonic() - started >= 0.9
    assert _statuses(zoom_emulator) == [429, 200]


def test_429_retry_after_iso_datetime_is_honoured(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    until = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)).replace(microsecond=0)
    zoom_emulator.faults.inject(status=429, retry_after=until.isoformat().replace("+00:00", "Z"))
    started = time.monotonic()
    zoom_client.create_session("daily limit")  # POST is retried on 429: it was not processed
    assert time.monotonic() - started >= 0.9
    assert _statuses(zoom_emulator) == [429, 201]
    assert len(zoom_emulator.state.sessions) == 1


def test_429_body_and_exhausted_retries(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    zoom_emulator.faults.inject(status=429, retry_after="0", times=FAST_RETRY.attempts)
    with pytest.raises(ZoomApiError) as info:
        zoom_client.create_session("never")
    assert (info.value.status, info.value.code) == (429, limits.ZOOM_ERROR_RATE_LIMIT)
    assert info.value.message == limits.ZOOM_RATE_LIMIT_MESSAGE
    assert _statuses(zoom_emulator) == [429] * FAST_RETRY.attempts


def test_5xx_retried_for_get_not_for_post(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    zoom_emulator.faults.inject(status=503)
    with pytest.raises(ZoomApiError) as info:
        zoom_client.create_session("maybe created")
    assert info.value.status == 503
    assert _statuses(zoom_emulator) == [503]

    zoom_emulator.calls.clear()
    zoom_emulator.faults.inject(status=502, times=2)
    today = dt.datetime.now(dt.UTC).date()
    assert list(zoom_client.list_sessions(from_=today, to=today)) == []
    assert _statuses(zoom_emulator) == [502, 502, 200]


def test_read_timeout_on_post_is_not_resent(zoom_emulator: ZoomEmulator) -> None:
    zoom_emulator.faults.latency = 0.5
    client = ZoomClient(
        zoom_emulator.api_key,
        zoom_emulator.api_secret,
        base_url=zoom_emulator.api_url,
        retry=FAST_RETRY,
        timeout=httpx.Timeout(0.1),
    )
    with client, pytest.raises(ZoomTransportError, match="cannot reach 127.0.0.1"):
        client.create_session("slow")
    # The emulator logs a call once its latency has passed: wait for the one request to
    # be logged (not a fixed sleep that a busy machine outruns), then one more latency
    # window, in which a resend would have been logged too.
    deadline = time.monotonic() + 10
    while not zoom_emulator.calls and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(zoom_emulator.faults.latency + 0.2)
    assert [c.method for c in zoom_emulator.calls] == ["POST"]  # sent once, never resent


def test_connection_refused_retried_then_one_line_error() -> None:
    with serve(Starlette()) as handle:
        url = handle.url
    client = ZoomClient(
        "key", "secret-value-0123456789abcdef0123", base_url=f"{url}/v2", retry=FAST_RETRY
    )
    started = time.monotonic()
    with client, pytest.raises(ZoomTransportError) as info:
        client.get_session("abc")
    assert "\n" not in str(info.value) and "secret-value" not in str(info.value)
    assert time.monotonic() - started < 5


def test_wrong_secret_is_401_code_124_without_secrets(zoom_emulator: ZoomEmulator) -> None:
    secret = "wrong-secret-0123456789abcdef0123456789"
    with ZoomClient(zoom_emulator.api_key, secret, base_url=zoom_emulator.api_url) as client:
        with pytest.raises(ZoomApiError) as info:
            client.create_session("denied")
    assert (info.value.status, info.value.code) == (401, limits.ZOOM_ERROR_INVALID_TOKEN)
    assert secret not in str(info.value) and "Bearer" not in str(info.value)
    assert zoom_emulator.state.sessions == {}


def test_expired_and_foreign_api_tokens_rejected(zoom_emulator: ZoomEmulator) -> None:
    with ZoomClient(
        "someone-else", zoom_emulator.api_secret, base_url=zoom_emulator.api_url
    ) as client:
        with pytest.raises(ZoomApiError, match="Invalid access token"):
            client.create_session("wrong iss")
    expired = ZoomClient(
        zoom_emulator.api_key,
        zoom_emulator.api_secret,
        base_url=zoom_emulator.api_url,
        token_ttl=-10,
    )
    with expired, pytest.raises(ZoomApiError) as info:
        expired.create_session("expired")
    assert info.value.status == 401


def test_error_text_from_server_is_redacted() -> None:
    """A server that echoes the Authorization header must not leak the token via our error."""

    seen: list[str] = []

    async def echo(request: Request) -> JSONResponse:
        header = request.headers.get("authorization", "")
        seen.append(header.removeprefix("Bearer "))
        return JSONResponse({"code": 999, "message": f"bad {header} here"}, status_code=400)

    app = Starlette(routes=[Route("/v2/videosdk/sessions", echo, methods=["POST"])])
    with (
        serve(app) as handle,
        ZoomClient(
            "k", "s" * 32, base_url=f"{handle.url}/v2", retry=RetryPolicy(attempts=1)
        ) as client,
    ):
        with pytest.raises(ZoomApiError) as info:
            client.create_session("x")
    assert info.value.code == 999 and seen
    assert seen[0] not in str(info.value) and "***" in str(info.value)
