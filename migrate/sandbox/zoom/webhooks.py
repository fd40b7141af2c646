"""Signed webhook delivery from the Zoom emulator, in the background, in event order.

Events get Zoom's envelope (``event``, ``event_ts`` in ms, ``payload{account_id,
object}``, extras such as ``download_token``), compact JSON like Zoom's, and the
``x-zm-signature`` headers of :func:`migrate.zoom.webhooks.sign_webhook`.
"""

from __future__ import annotations

import json
import queue
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from mappings import limits
from migrate.zoom.webhooks import sign_webhook, url_validation_response


@dataclass(frozen=True)
class Delivery:
    """One POST of one event to one URL: the HTTP status, or the error text."""

    url: str
    event: dict[str, Any]
    status: int | None
    error: str | None = None


class WebhookDispatcher:
    """Queues events and posts them from one worker thread to every configured URL."""

    def __init__(
        self,
        secret: str,
        account_id: str,
        urls: Callable[[], list[str]],
        timeout: float = limits.ZOOM_WEBHOOK_ACK_SECONDS,
    ) -> None:
        self._secret = secret
        self._account_id = account_id
        self._urls = urls
        self._timeout = timeout
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.deliveries: list[Delivery] = []
        self.events: list[dict[str, Any]] = []

    def envelope(self, event: str, obj: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        """Zoom's webhook body for ``event`` (``operator*`` go in ``payload``, the rest on top)."""
        payload: dict[str, Any] = {"account_id": self._account_id, "object": obj}
        top = dict(extra)
        for key in ("operator", "operator_id"):
            if key in top:
                payload[key] = top.pop(key)
        return {"event": event, "event_ts": int(time.time() * 1000), "payload": payload, **top}

    def emit(self, event: str, obj: dict[str, Any], extra: dict[str, Any]) -> None:
        """Queue an event for delivery (never blocks on the network)."""
        body = self.envelope(event, obj, extra)
        self.events.append(body)
        self._queue.put(body)

    def validate_url(self, url: str) -> bool:
        """Zoom's ``endpoint.url_validation`` challenge: True when ``url`` answers it right."""
        plain_token = secrets.token_urlsafe(16)
        body = {
            "event": "endpoint.url_validation",
            "event_ts": int(time.time() * 1000),
            "payload": {"plainToken": plain_token},
        }
        raw = json.dumps(body, separators=(",", ":")).encode()
        try:
            response = httpx.post(
                url, content=raw, headers=sign_webhook(raw, self._secret), timeout=self._timeout
            )
            answer = response.json()
        except (httpx.HTTPError, ValueError):
            return False
        expected = url_validation_response(plain_token, self._secret)
        return response.status_code == 200 and answer == expected

    def start(self) -> None:
        """Start the worker thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="zoom-webhooks", daemon=True)
            self._thread.start()

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every queued event has been delivered (or failed)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    def clear(self) -> None:
        """Forget what was sent (pending events are still delivered)."""
        self.flush()
        self.deliveries.clear()
        self.events.clear()

    def stop(self) -> None:
        """Deliver what is queued, then end the worker thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        with httpx.Client(timeout=self._timeout) as http:
            while True:
                body = self._queue.get()
                try:
                    if body is None:
                        return
                    self._deliver(http, body)
                finally:
                    self._queue.task_done()

    def _deliver(self, http: httpx.Client, body: dict[str, Any]) -> None:
        raw = json.dumps(body, separators=(",", ":")).encode()
        for url in list(self._urls()):
            headers = sign_webhook(raw, self._secret)
            try:
                response = http.post(url, content=raw, headers=headers)
                self.deliveries.append(Delivery(url, body, response.status_code))
            except httpx.HTTPError as exc:
                self.deliveries.append(Delivery(url, body, None, type(exc).__name__))
