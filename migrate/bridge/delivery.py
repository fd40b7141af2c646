"""The forwarder: sends queued callbacks as Twilio would, with retries and no data loss.

Each request is form-encoded (POST) or carries the parameters in the query (GET), with
``X-Twilio-Signature`` computed over the exact URL requested, as
``twilio.request_validator.RequestValidator`` checks it. What is retried, and after how
long, is :class:`migrate.retry.RetryPolicy`'s answer (a callback carries an idempotency
token, so it counts as safe to repeat); retries go on until the callback is
``give_up_after`` seconds old, and any other failure is final. Failed rows keep the
reason. Delivery is at-least-once: a callback cut off by a shutdown is sent again, with
the same ``I-Twilio-Idempotency-Token``.
Between deliveries the worker prunes rows older than the retention (:meth:`Outbox.prune`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from migrate import __version__
from migrate.bridge.config import DEFAULT_PRUNE_INTERVAL, BridgeConfig
from migrate.bridge.outbox import (
    DAY,
    DEFAULT_RETENTION,
    Outbox,
    OutboxCounts,
    QueuedCallback,
    check_retention,
)
from migrate.redact import redact
from migrate.retry import RetryPolicy, describe_transport_error, parse_retry_after
from migrate.shim.request_validator import SIGNATURE_HEADER, RequestValidator

log = logging.getLogger(__name__)

IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token"
USER_AGENT = f"twilio2zoom-bridge/{__version__}"


@dataclass(frozen=True)
class OutgoingRequest:
    """One HTTP request to a target, signed."""

    method: str
    url: str
    content: bytes
    headers: dict[str, str]


def build_request(callback: QueuedCallback, validator: RequestValidator) -> OutgoingRequest:
    """The signed request for ``callback``; SequenceNumber is its per-room ordinal."""
    params = {**callback.params, "SequenceNumber": str(callback.seq)}
    headers = {
        "User-Agent": USER_AGENT,
        IDEMPOTENCY_HEADER: f"{callback.webhook_key}-{callback.id}",
    }
    if callback.method.upper() == "GET":
        separator = "&" if "?" in callback.url else "?"
        url = callback.url + separator + urlencode(params)
        # Twilio signs a GET over the full URL, query included, with no form parameters.
        headers[SIGNATURE_HEADER] = validator.compute_signature(url, {})
        return OutgoingRequest("GET", url, b"", headers)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers[SIGNATURE_HEADER] = validator.compute_signature(callback.url, params)
    return OutgoingRequest("POST", callback.url, urlencode(params).encode("ascii"), headers)


class DeliveryWorker:
    """Delivers due callbacks from an :class:`Outbox`; call :meth:`deliver_due` or :meth:`run`."""

    def __init__(
        self,
        outbox: Outbox,
        *,
        auth_token: str,
        retry: RetryPolicy,
        give_up_after: float,
        request_timeout: float,
        poll_interval: float = 0.25,
        batch_size: int = 50,
        retention: float = DEFAULT_RETENTION,
        prune_interval: float = DEFAULT_PRUNE_INTERVAL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.outbox = outbox
        self._validator = RequestValidator(auth_token)
        self._secrets = [auth_token]
        self._retry = retry
        self._give_up_after = give_up_after
        self._timeout = request_timeout
        self._poll_interval = poll_interval
        self._batch_size = batch_size
        self._retention = check_retention(retention)
        self._prune_interval = prune_interval
        # The first round prunes: a bridge restarted after a long stop starts out trimmed.
        self._next_prune = float("-inf")
        self._clock = clock
        self._last_counts: OutboxCounts | None = None

    @classmethod
    def from_config(cls, config: BridgeConfig, outbox: Outbox) -> DeliveryWorker:
        """A worker with the config's token and timing."""
        return cls(
            outbox,
            auth_token=config.auth_token.get_secret_value(),
            retry=config.retry,
            give_up_after=config.give_up_after,
            request_timeout=config.request_timeout,
            poll_interval=config.poll_interval,
            retention=config.retention,
            prune_interval=config.prune_interval,
        )

    def client(self) -> httpx.AsyncClient:
        """The client :meth:`run` uses; no redirects: a signature holds for one URL only."""
        return httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)

    async def deliver_due(self, client: httpx.AsyncClient) -> int:
        """Try every callback that is due (one per room, concurrently); return how many."""
        due = self.outbox.due(self._clock(), self._batch_size)
        if due:
            await asyncio.gather(*(self._deliver(client, callback) for callback in due))
            self._log_counts()
        return len(due)

    def prune_if_due(self) -> int:
        """Prune the outbox when ``prune_interval`` has passed since the last time.

        Returns the number of rows deleted (0 when it was not due).
        """
        now = self._clock()
        if now < self._next_prune:
            return 0
        # Scheduled before pruning, so a prune that fails waits for the next interval
        # instead of being retried on every poll.
        self._next_prune = now + self._prune_interval
        pruned = self.outbox.prune(now, self._retention)
        if pruned.callbacks or pruned.webhooks:
            log.info(
                "pruned %d delivered callbacks and %d event keys older than %g days",
                pruned.callbacks,
                pruned.webhooks,
                self._retention / DAY,
            )
        return pruned.callbacks + pruned.webhooks

    async def _round(self, client: httpx.AsyncClient) -> int:
        self.prune_if_due()
        return await self.deliver_due(client)

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set; an interrupted attempt stays pending."""
        async with self.client() as client:
            while not stop.is_set():
                batch = asyncio.ensure_future(self._round(client))
                stopping = asyncio.ensure_future(stop.wait())
                await asyncio.wait({batch, stopping}, return_when=asyncio.FIRST_COMPLETED)
                stopping.cancel()
                if not batch.done():
                    batch.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await batch
                    return
                if batch.exception() is not None:
                    # A locked or briefly unreadable queue file: keep the worker alive.
                    log.error("delivery round failed: %s", redact(str(batch.exception())))
                    delivered = 0
                else:
                    delivered = batch.result()
                if delivered == 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), self._poll_interval)

    async def _deliver(self, client: httpx.AsyncClient, callback: QueuedCallback) -> None:
        request = build_request(callback, self._validator)
        try:
            response = await client.request(
                request.method, request.url, content=request.content, headers=request.headers
            )
        except httpx.TransportError as exc:
            reason = describe_transport_error(httpx.URL(request.url), exc)
            if self._retry.retryable_error(exc, idempotent=True):
                self._attempt_failed(callback, reason, None)
            else:
                self._failed(callback, reason, None)
            return
        except httpx.HTTPError as exc:  # a body that would not decode: try again later
            self._attempt_failed(callback, f"{type(exc).__name__}: {exc}", None)
            return
        status = response.status_code
        if 200 <= status < 300:
            self.outbox.mark_delivered(callback.id, status, self._clock())
        elif self._retry.retryable_status(status, idempotent=True):
            retry_after = parse_retry_after(response.headers)
            self._attempt_failed(callback, f"target answered HTTP {status}", retry_after)
        else:
            self._failed(callback, f"target answered HTTP {status}", status)

    def _failed(self, callback: QueuedCallback, reason: str, status: int | None) -> None:
        reason = redact(reason, self._secrets)
        self.outbox.mark_failed(callback.id, reason, self._clock(), status)
        log.warning("%s for %s failed: %s", callback.event, callback.room_sid, reason)

    def _attempt_failed(
        self, callback: QueuedCallback, error: str, retry_after: float | None
    ) -> None:
        error = redact(error, self._secrets)
        now = self._clock()
        attempts = callback.attempts + 1
        if now - callback.created_at >= self._give_up_after:
            reason = f"gave up after {attempts} attempts: {error}"
            self.outbox.mark_failed(callback.id, reason, now)
            log.warning("%s for %s failed: %s", callback.event, callback.room_sid, reason)
            return
        delay = self._retry.delay(attempts, retry_after)
        self.outbox.retry_later(callback.id, now + delay, error)
        log.info(
            "%s for %s not delivered to %s (attempt %d, next in %.1f s): %s",
            callback.event,
            callback.room_sid,
            redact(callback.url, self._secrets),
            attempts,
            delay,
            error,
        )

    def _log_counts(self) -> None:
        counts = self.outbox.counts()
        if counts != self._last_counts:
            self._last_counts = counts
            log.info(
                "callbacks: %d delivered, %d pending, %d failed",
                counts.delivered,
                counts.pending,
                counts.failed,
            )


class WorkerThread:
    """Runs a :class:`DeliveryWorker` on its own event loop in a background thread."""

    def __init__(self, worker: DeliveryWorker, *, close_outbox: bool = False) -> None:
        self.worker = worker
        self._close_outbox = close_outbox
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._main, name="bridge-delivery", daemon=True)

    def start(self) -> WorkerThread:
        """Start delivering; returns once the loop is running."""
        self._thread.start()
        self._ready.wait(timeout=10)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after cancelling any attempt in flight (it stays pending); idempotent."""
        if not self._thread.is_alive():
            return
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    def _main(self) -> None:
        asyncio.run(self._serve())
        if self._close_outbox:
            self.worker.outbox.close()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._ready.set()
        await self.worker.run(self._stop)


def start_worker(config: BridgeConfig) -> WorkerThread:
    """Open the config's outbox and deliver from it in the background until stopped."""
    worker = DeliveryWorker.from_config(config, Outbox(config.db_path))
    return WorkerThread(worker, close_outbox=True).start()
