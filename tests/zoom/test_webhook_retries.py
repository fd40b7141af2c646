"""Zoom's webhook retries in the emulator: 3 more tries at +5, +20, +60 minutes (scaled)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from migrate.sandbox.runner import serve
from migrate.sandbox.zoom import ZoomEmulator
from migrate.sandbox.zoom.webhooks import WebhookDispatcher
from migrate.zoom.webhooks import WEBHOOK_RETRY_DELAYS, verify_webhook
from tests.fixtures.zoom_fixtures import WebhookReceiver

SCALE = 1e-4  # 5, 20, 60 minutes become 30, 120, 360 ms


def _wait_until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_defaults_are_zooms_schedule_in_real_time(zoom_emulator: ZoomEmulator) -> None:
    assert zoom_emulator.webhook_retry_delays == WEBHOOK_RETRY_DELAYS == (300.0, 1200.0, 3600.0)
    assert zoom_emulator.time_scale == 1.0
    with pytest.raises(ValueError):
        zoom_emulator.time_scale = -1


def test_a_failing_endpoint_gets_three_retries_then_none(
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
    webhook_receiver: WebhookReceiver,
) -> None:
    webhook_receiver.status = 500
    zoom_emulator.time_scale = SCALE
    zoom_emulator.webhook_urls.append(webhook_receiver.url)
    began = time.monotonic()
    zoom_emulator.join(zoom_session_token("Retried", 1), "Host")
    zoom_emulator.flush_webhooks()
    elapsed = time.monotonic() - began
    deliveries = zoom_emulator.deliveries
    by_event = {
        name: [d.attempt for d in deliveries if d.event["event"] == name]
        for name in ("session.started", "session.user_joined")
    }
    assert by_event == {"session.started": [1, 2, 3, 4], "session.user_joined": [1, 2, 3, 4]}
    assert all(d.status == 500 and not d.acknowledged for d in deliveries)
    assert elapsed >= sum(WEBHOOK_RETRY_DELAYS) * SCALE
    # Each retry is the same body, signed again with a fresh timestamp.
    received = webhook_receiver.received
    assert len({r.body for r in received}) == 2
    for item in received:
        verify_webhook(item.body, item.headers, zoom_emulator.webhook_secret)
    time.sleep(0.1)
    assert len(zoom_emulator.deliveries) == 8  # Zoom gives up after the last retry


def test_retries_stop_once_acknowledged(
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
    webhook_receiver: WebhookReceiver,
) -> None:
    webhook_receiver.status = 503
    zoom_emulator.time_scale = 1e-3  # the first retry comes 300 ms after the first try
    zoom_emulator.webhook_urls.append(webhook_receiver.url)
    zoom_emulator.join(zoom_session_token("Recovers", 1), "Host")
    _wait_until(lambda: len(zoom_emulator.deliveries) == 2)
    webhook_receiver.status = 204  # Zoom accepts 200 or 204
    zoom_emulator.flush_webhooks()
    assert [(d.attempt, d.status) for d in zoom_emulator.deliveries] == [
        (1, 503),
        (1, 503),
        (2, 204),
        (2, 204),
    ]


def test_other_2xx_answers_are_not_acknowledgements(
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
    webhook_receiver: WebhookReceiver,
) -> None:
    webhook_receiver.status = 202
    zoom_emulator.time_scale = SCALE
    zoom_emulator.webhook_urls.append(webhook_receiver.url)
    zoom_emulator.join(zoom_session_token("Accepted", 1), "Host")
    zoom_emulator.flush_webhooks()
    assert len(zoom_emulator.deliveries) == 8


def test_at_real_time_flush_does_not_wait_and_reset_drops_the_retries(
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
    webhook_receiver: WebhookReceiver,
) -> None:
    webhook_receiver.status = 500
    zoom_emulator.webhook_urls.append(webhook_receiver.url)
    began = time.monotonic()
    zoom_emulator.join(zoom_session_token("Later", 1), "Host")
    zoom_emulator.flush_webhooks()
    assert time.monotonic() - began < 5  # the retries are minutes away
    assert [d.attempt for d in zoom_emulator.deliveries] == [1, 1]
    zoom_emulator.reset()
    zoom_emulator.time_scale = SCALE  # would bring a kept retry due at once
    zoom_emulator.flush_webhooks(timeout=0.3)
    assert zoom_emulator.deliveries == []


def test_no_answer_within_the_deadline_is_retried() -> None:
    calls: list[Request] = []

    async def slow_once(request: Request) -> Response:
        calls.append(request)
        if len(calls) == 1:
            await asyncio.sleep(0.5)
        return Response(status_code=200)

    app = Starlette(routes=[Route("/hook", slow_once, methods=["POST"])])
    with serve(app) as handle:
        urls = [f"{handle.url}/hook"]
        dispatcher = WebhookDispatcher("secret", "acct", lambda: urls, timeout=0.2)
        dispatcher.time_scale = SCALE
        dispatcher.start()
        try:
            dispatcher.emit("session.started", {"session_id": "s"}, {})
            dispatcher.flush()
        finally:
            dispatcher.stop()
    assert [(d.attempt, d.status, d.error) for d in dispatcher.deliveries] == [
        (1, None, "ReadTimeout"),
        (2, 200, None),
    ]
