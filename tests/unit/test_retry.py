"""The one retry policy: its decisions, and what every caller makes of them over real sockets.

Each caller (the Twilio clients, the Zoom client, the bridge's delivery) is driven against a
closed loopback port, a name that cannot resolve (``.invalid`` is reserved for that,
RFC 6761) and the sandbox answering 401; the policy's answer must be what they do.
"""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

import httpx
import pytest

from migrate.bridge import DeliveryWorker, Outbox
from migrate.bridge.outbox import NewCallback
from migrate.retry import RetryPolicy, describe_transport_error, is_dns_failure
from migrate.sandbox.twilio import TwilioEmulator
from migrate.sandbox.zoom import ZoomEmulator
from migrate.twilio import TwilioApiError, TwilioConnectionError
from migrate.zoom import ZoomApiError, ZoomClient, ZoomTransportError
from tests.twilio.conftest import make_client

POLICY = RetryPolicy(attempts=3, base=0.01, cap=0.02)
UNRESOLVABLE = "nonexistent.invalid"
SECRET = "zoom-secret-0123456789abcdef0123456789"


def _response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("GET", "http://x/"))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the decisions --------------------------------------------------------------------


def test_safe_requests_retry_on_5xx_408_and_network_errors() -> None:
    for status in (408, 500, 502, 503, 504):
        assert POLICY.after_response(1, _response(status), idempotent=True) is not None
    assert POLICY.after_error(1, httpx.ReadError("reset"), idempotent=True) is not None
    assert POLICY.after_error(1, httpx.ReadTimeout("slow"), idempotent=True) is not None


def test_unsafe_requests_retry_only_when_not_processed() -> None:
    assert POLICY.after_response(1, _response(500), idempotent=False) is None
    assert POLICY.after_error(1, httpx.ReadError("reset"), idempotent=False) is None
    assert POLICY.after_error(1, httpx.RemoteProtocolError("gone"), idempotent=False) is None
    assert POLICY.after_error(1, httpx.ConnectError("refused"), idempotent=False) is not None
    assert POLICY.after_response(1, _response(429), idempotent=False) is not None


def test_final_answers_and_bounded_attempts() -> None:
    assert POLICY.after_response(1, _response(429, {"Retry-After": "2"}), idempotent=True) == 2
    assert POLICY.after_response(3, _response(429), idempotent=True) is None
    for status in (400, 401, 403, 404, 501):
        assert POLICY.after_response(1, _response(status), idempotent=True) is None
    assert POLICY.after_error(1, httpx.UnsupportedProtocol("ftp"), idempotent=True) is None


def test_a_dns_failure_is_final_and_names_the_host() -> None:
    try:
        httpx.get(f"http://{UNRESOLVABLE}/", timeout=5)
    except httpx.ConnectError as caught:
        error = caught
    assert is_dns_failure(error)
    assert POLICY.after_error(1, error, idempotent=True) is None
    line = describe_transport_error(httpx.URL(f"http://{UNRESOLVABLE}/"), error)
    assert line.startswith(f"cannot resolve host {UNRESOLVABLE}")
    assert not is_dns_failure(httpx.ConnectError("[Errno 111] Connection refused"))


def test_backoff_exponent_is_bounded_after_days_of_attempts() -> None:
    policy = RetryPolicy(base=1.0, cap=300.0)
    assert 0 <= policy.delay(10_000) <= 300.0


# --- the Twilio clients -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_twilio_unresolvable_host_is_not_retried(
    kind: str, twilio_emulator: TwilioEmulator
) -> None:
    client = make_client(kind, twilio_emulator, base_url=f"http://{UNRESOLVABLE}", retry=POLICY)
    try:
        with pytest.raises(TwilioConnectionError) as caught:
            client.fetch_room("RM" + "0" * 32)
    finally:
        client.close()
    message = str(caught.value)
    assert "failed after 1 attempt(s)" in message
    assert f"cannot resolve host {UNRESOLVABLE}" in message and "\n" not in message


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_twilio_closed_port_names_the_host(kind: str, twilio_emulator: TwilioEmulator) -> None:
    port = _closed_port()
    client = make_client(kind, twilio_emulator, base_url=f"http://127.0.0.1:{port}", retry=POLICY)
    try:
        with pytest.raises(TwilioConnectionError) as caught:
            client.fetch_room("RM" + "0" * 32)
    finally:
        client.close()
    assert "failed after 3 attempt(s)" in str(caught.value)
    assert f"cannot reach 127.0.0.1:{port}" in str(caught.value)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_twilio_401_names_the_refused_settings_not_their_values(
    kind: str, twilio_emulator: TwilioEmulator
) -> None:
    secret = "wrong-secret-5d0f1e2a"
    client = make_client(kind, twilio_emulator, password=secret)
    try:
        with pytest.raises(TwilioApiError) as caught:
            client.fetch_room("RM" + "0" * 32)
    finally:
        client.close()
    assert caught.value.status == 401
    assert "Twilio refused TWILIO_API_KEY/TWILIO_API_SECRET" in str(caught.value)
    assert secret not in str(caught.value) and twilio_emulator.api_key not in str(caught.value)


# --- the Zoom client --------------------------------------------------------------------


def test_zoom_unresolvable_host_is_not_retried() -> None:
    client = ZoomClient("key", SECRET, base_url=f"http://{UNRESOLVABLE}/v2", retry=POLICY)
    started = time.monotonic()
    with client, pytest.raises(ZoomTransportError) as caught:
        client.get_session("abc")
    assert str(caught.value).startswith(f"cannot resolve host {UNRESOLVABLE}")
    assert time.monotonic() - started < 5


def test_zoom_closed_port_names_the_host() -> None:
    port = _closed_port()
    client = ZoomClient("key", SECRET, base_url=f"http://127.0.0.1:{port}/v2", retry=POLICY)
    with client, pytest.raises(ZoomTransportError) as caught:
        client.get_session("abc")
    assert str(caught.value).startswith(f"cannot reach 127.0.0.1:{port}")


def test_zoom_401_names_the_refused_settings_not_their_values(
    zoom_emulator: ZoomEmulator,
) -> None:
    secret = "wrong-secret-0123456789abcdef0123456789"
    client = ZoomClient(zoom_emulator.api_key, secret, base_url=zoom_emulator.api_url)
    with client, pytest.raises(ZoomApiError) as caught:
        client.create_session("denied")
    assert caught.value.status == 401
    assert "Zoom refused ZOOM_API_KEY/ZOOM_API_SECRET" in str(caught.value)
    assert secret not in str(caught.value)


# --- the bridge's delivery ----------------------------------------------------------------


def _deliver_once(tmp_path: Path, url: str) -> Outbox:
    outbox = Outbox(tmp_path / "outbox.db")
    callback = NewCallback("RM" + "1" * 32, "room-ended", url, "POST", {"RoomSid": "RM1"})
    assert outbox.enqueue("event-1", "session.ended", "sess", [callback], 0.0)
    worker = DeliveryWorker(
        outbox,
        auth_token="token",
        retry=POLICY,
        give_up_after=3600,
        request_timeout=5,
        clock=lambda: 1.0,  # one second after the event: far from giving up
    )

    async def deliver() -> None:
        async with worker.client() as client:
            assert await worker.deliver_due(client) == 1

    asyncio.run(deliver())
    return outbox


def test_bridge_gives_up_at_once_on_an_unresolvable_target(tmp_path: Path) -> None:
    outbox = _deliver_once(tmp_path, f"http://{UNRESOLVABLE}/status")
    [row] = outbox.finished()
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error is not None and f"cannot resolve host {UNRESOLVABLE}" in row.last_error
    outbox.close()


def test_bridge_retries_a_closed_port_and_names_it(tmp_path: Path) -> None:
    port = _closed_port()
    outbox = _deliver_once(tmp_path, f"http://127.0.0.1:{port}/status")
    assert outbox.finished() == []
    [pending] = outbox.due(float("inf"))
    assert pending.attempts == 1
    outbox.close()
