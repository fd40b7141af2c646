"""Only fresh, signed Zoom webhooks are accepted; the URL challenge is answered."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable

import httpx

from mappings import limits
from migrate.sandbox.zoom import ZoomEmulator
from migrate.zoom.webhooks import sign_webhook
from tests.bridge.conftest import (
    WEBHOOK_SECRET,
    Receiver,
    RunningBridge,
    post_signed,
    wait_until,
    zoom_event,
)

STARTED = zoom_event("session.started", "sess-auth-1", "Auth Room")


def _nothing_queued(bridge: RunningBridge) -> None:
    stats = bridge.stats()
    assert stats["received"] == 0
    assert stats["pending"] == stats["delivered"] == 0


def test_signed_webhook_is_queued_and_forwarded(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    response = post_signed(bridge.webhook_url, STARTED)
    assert response.status_code == 200
    assert response.json() == {"status": "queued", "callbacks": 1}
    [got] = receiver.wait_for(1)
    assert got.valid
    assert got.params["StatusCallbackEvent"] == "room-created"


def test_unsigned_request_is_refused_and_nothing_queued(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    response = httpx.post(bridge.webhook_url, json=STARTED)
    assert response.status_code == 401
    assert "missing" in response.json()["error"]
    _nothing_queued(bridge)


def test_wrong_secret_and_tampered_body_are_refused(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    assert post_signed(bridge.webhook_url, STARTED, secret="not-the-secret").status_code == 401
    raw = json.dumps(STARTED).encode()
    headers = sign_webhook(raw, WEBHOOK_SECRET)
    tampered = raw.replace(b"Auth Room", b"Evil Room")
    assert httpx.post(bridge.webhook_url, content=tampered, headers=headers).status_code == 401
    time.sleep(0.2)
    _nothing_queued(bridge)
    assert receiver.received == []


def test_stale_timestamp_is_refused(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    bridge = bridge_factory(receiver.url + "/status", tolerance=60)
    stale = time.time() - 61
    response = post_signed(bridge.webhook_url, STARTED, timestamp=stale)
    assert response.status_code == 401
    assert "away from now" in response.json()["error"]
    fresh_enough = time.time() - 50
    assert post_signed(bridge.webhook_url, STARTED, timestamp=fresh_enough).status_code == 200


def test_default_tolerance_comes_from_limits(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    too_old = time.time() - limits.ZOOM_WEBHOOK_TOLERANCE_SECONDS - 5
    assert post_signed(bridge.webhook_url, STARTED, timestamp=too_old).status_code == 401


def test_url_validation_challenge_is_answered(
    bridge_factory: Callable[..., RunningBridge],
    receiver: Receiver,
    zoom_emulator: ZoomEmulator,
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    assert zoom_emulator.validate_webhook_url(bridge.webhook_url)
    body = {"event": "endpoint.url_validation", "event_ts": 1, "payload": {"plainToken": "abc"}}
    answer = post_signed(bridge.webhook_url, body).json()
    expected = hmac.new(WEBHOOK_SECRET.encode(), b"abc", hashlib.sha256).hexdigest()
    assert answer == {"plainToken": "abc", "encryptedToken": expected}
    # The challenge is signed too: an unsigned one gets no answer.
    assert httpx.post(bridge.webhook_url, json=body).status_code == 401
    _nothing_queued(bridge)


def test_bad_bodies_get_one_line_errors(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    assert post_signed(bridge.webhook_url, {}, body=b"not json").status_code == 400
    assert post_signed(bridge.webhook_url, {}, body=b"[1, 2]").status_code == 400
    no_session = {"event": "session.started", "event_ts": 1, "payload": {"object": {}}}
    response = post_signed(bridge.webhook_url, no_session)
    assert response.status_code == 400
    assert "session_id" in response.json()["error"]
    _nothing_queued(bridge)


def test_unmapped_event_is_acknowledged_and_ignored(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    alert = zoom_event("session.alert", "sess-auth-2", "Auth Room", issues=["High CPU"])
    response = post_signed(bridge.webhook_url, alert)
    assert response.json() == {"status": "ignored", "callbacks": 0}
    wait_until(lambda: bridge.stats()["ignored"] == 1)
    assert bridge.stats()["pending"] == 0
    assert receiver.received == []


def test_health_and_stats(bridge_factory: Callable[..., RunningBridge], receiver: Receiver) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    assert httpx.get(bridge.url + "/healthz").json() == {"status": "ok"}
    assert set(bridge.stats()) == {
        "pending",
        "delivered",
        "failed",
        "received",
        "ignored",
        "duplicates",
    }
