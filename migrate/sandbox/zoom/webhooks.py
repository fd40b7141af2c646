"""Signed webhook delivery from the Zoom emulator, in the background, with Zoom's retries.

Events get Zoom's envelope (``event``, ``event_ts`` in ms, ``payload{account_id, object}``, extras
such as ``download_token``), compact JSON like Zoom's, and the ``x-zm-signature`` headers of
:func:`migrate.zoom.webhooks.sign_webhook`. First tries go out in event order. A try not answered
200 or 204 within 3 seconds (the HTTP timeout, so a silent receiver counts as failed) is retried as
Zoom does (https://developers.zoom.us/docs/api/webhooks/): after ``retry_delays`` (5, 20 and 60
minutes) times ``time_scale``, each retry signed afresh, then never again.
"""

from __future__ import annotations

import heapq
import itertools
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from mappings import limits
from migrate.zoom.webhooks import (
    ACK_STATUSES,
    WEBHOOK_RETRY_DELAYS,
    sign_webhook,
    url_validation_response,
)


@dataclass(frozen=True)
class Delivery:
    """One POST of one event to one URL: the HTTP status, or the error text.

    ``attempt`` is 1 for the first try and 2..4 for Zoom's retries.
    """

    url: str
    event: dict[str, Any]
    status: int | None
    error: str | None = None
    attempt: int = 1

    @property
    def acknowledged(self) -> bool:
        """Whether Zoom would count this try as received: answered 200 or 204."""
        return self.status in ACK_STATUSES


@dataclass(order=True)
class _Attempt:
    """A try that is due at ``due`` (monotonic seconds); ``order`` keeps emit order."""

    due: float
    order: int
    body: dict[str, Any] = field(compare=False)
    # None: every URL configured when the first try goes out; a retry targets one URL.
    url: str | None = field(compare=False)
    number: int = field(compare=False, default=1)


class WebhookDispatcher:
    """Posts events from one worker thread to every configured URL, retrying failed tries.

    ``retry_delays`` and ``time_scale`` may be changed while it runs; a retry is scheduled
    with the values current when the try before it failed.
    """

    def __init__(
        self,
        secret: str,
        account_id: str,
        urls: Callable[[], list[str]],
        timeout: float = limits.ZOOM_WEBHOOK_ACK_SECONDS,
        retry_delays: Iterable[float] = WEBHOOK_RETRY_DELAYS,
        time_scale: float = 1.0,
    ) -> None:
        self._secret = secret
        self._account_id = account_id
        self._urls = urls
        self._timeout = timeout
        self.retry_delays = tuple(retry_delays)
        self.time_scale = time_scale
        self._pending: list[_Attempt] = []  # a heap ordered by due time, then emit order
        self._order = itertools.count()
        self._busy = 0  # tries being sent right now
        self._stopping = False
        self._cond = threading.Condition()
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
        with self._cond:
            self.events.append(body)
            self._schedule(_Attempt(time.monotonic(), next(self._order), body, None))

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
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="zoom-webhooks", daemon=True)
            self._thread.start()

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every try due within ``timeout`` has been made.

        Retries due later (at real time scale, minutes away) are not waited for.
        """
        with self._cond:
            self._wait_idle(time.monotonic() + timeout)

    def clear(self) -> None:
        """Forget what was sent and drop retries not yet due (due tries are still made)."""
        with self._cond:
            self._wait_idle(time.monotonic() + 10.0)
            self._pending.clear()
            self.deliveries.clear()
            self.events.clear()

    def stop(self) -> None:
        """Make the tries that are due, drop later retries, then end the worker thread."""
        if self._thread is not None:
            with self._cond:
                self._stopping = True
                self._cond.notify_all()
            self._thread.join(timeout=10)
            self._thread = None

    # --- worker -----------------------------------------------------------------------
    def _schedule(self, attempt: _Attempt) -> None:
        heapq.heappush(self._pending, attempt)
        self._cond.notify_all()

    def _wait_idle(self, deadline: float) -> None:
        while self._busy or (self._pending and self._pending[0].due <= deadline):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._cond.wait(remaining)

    def _next_due(self) -> _Attempt | None:
        """The next try once it is due; None when stopping and nothing more is due."""
        while True:
            now = time.monotonic()
            if self._pending and self._pending[0].due <= now:
                return heapq.heappop(self._pending)
            if self._stopping:
                self._pending.clear()
                return None
            self._cond.wait(self._pending[0].due - now if self._pending else None)

    def _run(self) -> None:
        with httpx.Client(timeout=self._timeout) as http:
            while True:
                with self._cond:
                    attempt = self._next_due()
                    if attempt is None:
                        return
                    self._busy += 1
                retries: list[_Attempt] = []
                try:
                    retries = self._deliver(http, attempt)
                finally:
                    with self._cond:
                        self._busy -= 1
                        for retry in retries:
                            self._schedule(retry)
                        self._cond.notify_all()

    def _deliver(self, http: httpx.Client, attempt: _Attempt) -> list[_Attempt]:
        """Post one try to its URL(s); return the retries of the tries that failed."""
        raw = json.dumps(attempt.body, separators=(",", ":")).encode()
        urls = list(self._urls()) if attempt.url is None else [attempt.url]
        retries = []
        for url in urls:
            sent_at = time.monotonic()
            headers = sign_webhook(raw, self._secret)  # every try carries a fresh timestamp
            try:
                response = http.post(url, content=raw, headers=headers)
            except httpx.HTTPError as exc:
                delivery = Delivery(url, attempt.body, None, type(exc).__name__, attempt.number)
            else:
                delivery = Delivery(url, attempt.body, response.status_code, None, attempt.number)
            self.deliveries.append(delivery)
            if not delivery.acknowledged:
                retries += self._retry_of(attempt, url, sent_at)
        return retries

    def _retry_of(self, attempt: _Attempt, url: str, sent_at: float) -> list[_Attempt]:
        delays = self.retry_delays
        if attempt.number > len(delays):
            return []  # Zoom gives up after its last retry
        due = sent_at + delays[attempt.number - 1] * self.time_scale
        return [_Attempt(due, next(self._order), attempt.body, url, attempt.number + 1)]
