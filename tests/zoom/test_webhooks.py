"""Webhook signing, verification, URL validation, and delivery from the emulator."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from collections.abc import Callable

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mappings import limits
from migrate.sandbox.runner import serve
from migrate.sandbox.zoom import ZoomEmulator
from migrate.zoom import ZoomClient
from migrate.zoom.webhooks import (
    WebhookVerificationError,
    sign_webhook,
    url_validation_response,
    verify_webhook,
)
from tests.fixtures.zoom_fixtures import WebhookReceiver

SECRET = "webhook-secret-token"
BODY = b'{"event":"session.started","event_ts":1700000000000,"payload":{}}'
NOW = 1_700_000_000


def test_signature_matches_zoom_formula() -> None:
    headers = sign_webhook(BODY, SECRET, NOW)
    message = b"v0:" + str(NOW).encode() + b":" + BODY
    expected = "v0=" + hmac.new(SECRET.encode(), message, hashlib.sha256).hexdigest()
    assert headers["x-zm-signature"] == expected
    assert headers["x-zm-request-timestamp"] == str(NOW)
    verify_webhook(BODY, headers, SECRET, now=NOW)


def test_header_names_any_case() -> None:
    headers = {k.upper(): v for k, v in sign_webhook(BODY, SECRET, NOW).items()}
    verify_webhook(BODY, headers, SECRET, now=NOW + 5)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda h, b: (h, b + b" "), "does not match"),
        (lambda h, b: ({**h, "x-zm-signature": "v0=" + "0" * 64}, b), "does not match"),
        (lambda h, b: ({**h, "x-zm-request-timestamp": str(NOW + 1)}, b), "does not match"),
        (lambda h, b: ({k: v for k, v in h.items() if k != "x-zm-signature"}, b), "missing"),
        (lambda h, b: ({**h, "x-zm-request-timestamp": "soon"}, b), "not a number"),
    ],
)
def test_tampered_webhooks_rejected(
    mutate: Callable[[dict[str, str], bytes], tuple[dict[str, str], bytes]], reason: str
) -> None:
    headers, body = mutate(sign_webhook(BODY, SECRET, NOW), BODY)
    with pytest.raises(WebhookVerificationError, match=reason) as info:
        verify_webhook(body, headers, SECRET, now=NOW)
    assert SECRET not in str(info.value)


def test_wrong_secret_rejected() -> None:
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY, sign_webhook(BODY, SECRET, NOW), "other-secret", now=NOW)


def test_stale_and_future_timestamps_rejected() -> None:
    tolerance = limits.ZOOM_WEBHOOK_TOLERANCE_SECONDS
    headers = sign_webhook(BODY, SECRET, NOW)
    verify_webhook(BODY, headers, SECRET, now=NOW + tolerance)
    with pytest.raises(WebhookVerificationError, match="away from now"):
        verify_webhook(BODY, headers, SECRET, now=NOW + tolerance + 1)
    with pytest.raises(WebhookVerificationError, match="away from now"):
        verify_webhook(BODY, headers, SECRET, now=NOW - tolerance - 1)
    verify_webhook(BODY, headers, SECRET, now=NOW + 30, tolerance=60)


def test_url_validation_response() -> None:
    answer = url_validation_response("qgg8vlvZRS6UYooatFL8Aw", SECRET)
    expected = hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
    assert answer == {"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": expected}


def test_emulator_webhooks_arrive_signed_in_order(
    zoom_client: ZoomClient,
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
    webhook_receiver: WebhookReceiver,
) -> None:
    zoom_emulator.webhook_urls.append(webhook_receiver.url)
    host = zoom_emulator.join(
        zoom_session_token("Hooks", 1, user_key="h", session_key="room-9"), "Host"
    )
    zoom_client.session_event(host["session_id"], "recording.start")
    zoom_emulator.leave(host["session_id"], host["user_id"])

    received = webhook_receiver.wait_for(7)
    events = []
    for item in received:
        verify_webhook(item.body, item.headers, zoom_emulator.webhook_secret)
        events.append(json.loads(item.body))
    assert [e["event"] for e in events] == [
        "session.started",
        "session.user_joined",
        "session.recording_started",
        "session.user_left",
        "session.recording_stopped",
        "session.ended",
        "session.recording_completed",
    ]
    started = events[0]
    assert started["payload"]["account_id"] == zoom_emulator.state.account_id
    assert started["payload"]["object"]["session_id"] == host["session_id"]
    assert started["payload"]["object"]["session_key"] == "room-9"
    assert started["event_ts"] > 10**12  # milliseconds
    joined = events[1]["payload"]["object"]["user"]
    assert (joined["id"], joined["user_key"]) == (host["user_id"], "h")
    assert joined["participant_uuid"] == host["participant_uuid"]

    completed = events[-1]
    files = completed["payload"]["object"]["recording_files"]
    assert completed["download_token"] and len(files) == 2
    sink = io.BytesIO()
    download = zoom_client.download(files[0]["download_url"], completed["download_token"], sink)
    assert download == files[0]["file_size"] == len(sink.getvalue())

    zoom_emulator.flush_webhooks()
    assert all(d.status == 200 for d in zoom_emulator.deliveries)


def test_failed_delivery_is_recorded(
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
    webhook_receiver: WebhookReceiver,
) -> None:
    webhook_receiver.status = 500
    zoom_emulator.webhook_urls.append(webhook_receiver.url)
    zoom_emulator.join(zoom_session_token("Down", 1), "Host")
    zoom_emulator.flush_webhooks()
    assert [d.status for d in zoom_emulator.deliveries] == [500, 500]


def test_emulator_url_validation_challenge(zoom_emulator: ZoomEmulator) -> None:
    """A receiver built from our helpers passes Zoom's challenge; a wrong one fails."""

    async def good(request: Request) -> Response:
        body = await request.body()
        verify_webhook(body, request.headers, zoom_emulator.webhook_secret)
        event = json.loads(body)
        assert event["event"] == "endpoint.url_validation"
        plain = event["payload"]["plainToken"]
        return JSONResponse(url_validation_response(plain, zoom_emulator.webhook_secret))

    async def wrong(request: Request) -> Response:
        event = json.loads(await request.body())
        return JSONResponse(url_validation_response(event["payload"]["plainToken"], "other"))

    routes = [Route("/good", good, methods=["POST"]), Route("/wrong", wrong, methods=["POST"])]
    with serve(Starlette(routes=routes)) as handle:
        assert zoom_emulator.validate_webhook_url(f"{handle.url}/good")
        assert not zoom_emulator.validate_webhook_url(f"{handle.url}/wrong")
        assert not zoom_emulator.validate_webhook_url(f"{handle.url}/missing")
