"""Retries over real sockets: 429 with Retry-After, 5xx, dropped and refused connections."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest

from migrate.retry import RetryPolicy
from migrate.sandbox.twilio import TwilioEmulator
from migrate.twilio import TwilioApiError, TwilioConnectionError
from tests.twilio.conftest import api_requests, make_client
from tests.twilio.flaky_proxy import flaky_proxy, proxy_url


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_429_waits_for_retry_after(kind: str, twilio_emulator: TwilioEmulator) -> None:
    twilio_emulator.faults.inject(status=429, retry_after="1", path_contains="/v1/Rooms")
    client = make_client(kind, twilio_emulator)
    try:
        started = time.monotonic()
        client.create_room(unique_name="after-429")  # a POST: 429 means "not processed"
        waited = time.monotonic() - started
    finally:
        client.close()
    statuses = [r.status for r in api_requests(twilio_emulator, "/v1/Rooms")]
    assert statuses == [429, 201]
    assert 1.0 <= waited < 3.0  # Retry-After: 1 honoured, not the 10 ms backoff
    assert len(twilio_emulator.state.room_list) == 1


def test_5xx_is_retried_for_reads_and_deletes(client: Any, twilio_emulator: TwilioEmulator) -> None:
    hook = twilio_emulator.state.add_hook("h", audio_sources=["*"])
    twilio_emulator.faults.inject(status=503, times=2, path_contains="/v1/CompositionHooks")
    assert client.fetch_composition_hook(hook.sid).sid == hook.sid
    twilio_emulator.faults.inject(status=500, times=1, path_contains="/v1/CompositionHooks")
    client.delete_composition_hook(hook.sid)
    statuses = [(r.method, r.status) for r in api_requests(twilio_emulator)]
    assert statuses == [("GET", 503), ("GET", 503), ("GET", 200), ("DELETE", 500), ("DELETE", 204)]


def test_post_is_not_retried_on_5xx(client: Any, twilio_emulator: TwilioEmulator) -> None:
    twilio_emulator.faults.inject(status=500, path_contains="/v1/Rooms")
    with pytest.raises(TwilioApiError) as caught:
        client.create_room(unique_name="once")
    assert (caught.value.status, caught.value.code) == (500, 20500)
    assert len(api_requests(twilio_emulator, "/v1/Rooms")) == 1


def test_retries_give_up_after_the_policy_attempts(
    client: Any, twilio_emulator: TwilioEmulator
) -> None:
    twilio_emulator.faults.inject(status=503, times=10)
    with pytest.raises(TwilioApiError) as caught:
        client.fetch_recording_settings()
    assert caught.value.status == 503
    assert len(api_requests(twilio_emulator)) == 4  # FAST_RETRY.attempts


def test_random_rate_limits_during_a_long_listing(
    client: Any, twilio_emulator: TwilioEmulator
) -> None:
    for i in range(30):
        twilio_emulator.state.add_room(f"r{i}", status="completed")
    twilio_emulator.faults.rate_429 = 0.3
    twilio_emulator.faults.retry_after = "0"
    rooms = list(client.list_rooms(status="completed", page_size=3))
    assert len(rooms) == 30 and len({r.sid for r in rooms}) == 30
    assert any(r.status == 429 for r in api_requests(twilio_emulator))


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_dropped_connection_retries_a_get(kind: str, twilio_emulator: TwilioEmulator) -> None:
    with flaky_proxy(twilio_emulator.api_url, drops=2) as proxy:
        client = make_client(kind, twilio_emulator, base_url=proxy_url(proxy))
        try:
            assert client.fetch_recording_settings() is not None
        finally:
            client.close()
        assert proxy.connections == 3
    assert len(api_requests(twilio_emulator)) == 1  # only the third attempt got through


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_dropped_connection_does_not_repeat_a_post(
    kind: str, twilio_emulator: TwilioEmulator
) -> None:
    with flaky_proxy(twilio_emulator.api_url, drops=1) as proxy:
        client = make_client(kind, twilio_emulator, base_url=proxy_url(proxy))
        try:
            with pytest.raises(TwilioConnectionError, match="POST /v1/Rooms failed after 1"):
                client.create_room(unique_name="maybe-created")
        finally:
            client.close()
        assert proxy.connections == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_refused_connection_retries_even_a_post(kind: str, twilio_emulator: TwilioEmulator) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    retry = RetryPolicy(attempts=3, base=0.01, cap=0.02)
    client = make_client(kind, twilio_emulator, base_url=url, retry=retry)
    try:
        with pytest.raises(TwilioConnectionError, match="failed after 3 attempt") as caught:
            client.create_room(unique_name="never-sent")
    finally:
        client.close()
    # The one line names the host that refused, so the user knows which setting to check.
    assert f"cannot reach {url.removeprefix('http://')}" in str(caught.value)
