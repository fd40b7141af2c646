"""Bridge fixtures: a loopback Twilio-callback receiver, a bridge factory, signed posts."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from migrate.bridge import BridgeConfig, Outbox, WorkerThread, create_bridge_app
from migrate.bridge.delivery import DeliveryWorker
from migrate.retry import RetryPolicy
from migrate.sandbox.runner import ServerHandle, start_server
from migrate.sandbox.zoom import DEFAULT_CREDENTIALS
from migrate.zoom.webhooks import sign_webhook

AUTH_TOKEN = "bridge-test-auth-token-0123456789abcdef"
ACCOUNT_SID = "AC" + "a1" * 16
WEBHOOK_SECRET = DEFAULT_CREDENTIALS["webhook_secret"]
FAST_RETRY = RetryPolicy(base=0.02, cap=0.1)


@dataclass
class Received:
    """One request that reached the receiver, and whether its Twilio signature held."""

    path: str
    method: str
    params: dict[str, str]
    valid: bool
    headers: dict[str, str]


@dataclass
class Receiver:
    """A stand-in for the customer's app: records and validates every status callback."""

    status: int = 200
    delay: float = 0.0
    arrived: int = 0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    handle: ServerHandle | None = None

    @property
    def url(self) -> str:
        assert self.handle is not None
        return self.handle.url

    def app(self) -> Starlette:
        validator = RequestValidator(AUTH_TOKEN)

        async def callback(request: Request) -> Response:
            self.arrived += 1
            if self.delay:
                await asyncio.sleep(self.delay)
            if request.method == "POST":
                # Starlette's form parser needs python-multipart; the body is plain urlencoded.
                body = (await request.body()).decode("ascii")
                params = dict(parse_qsl(body, keep_blank_values=True))
                valid = validator.validate(
                    str(request.url), params, request.headers.get("x-twilio-signature", "")
                )
            else:
                params = dict(request.query_params)
                valid = validator.validate(
                    str(request.url), {}, request.headers.get("x-twilio-signature", "")
                )
            with self.lock:
                self.received.append(
                    Received(request.url.path, request.method, params, valid, dict(request.headers))
                )
            return Response(status_code=self.status)

        return Starlette(routes=[Route("/{path:path}", callback, methods=["GET", "POST"])])

    def start(self, port: int = 0) -> Receiver:
        self.handle = start_server(self.app(), port=port)
        return self

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.stop()
            self.handle = None

    def wait_for(self, count: int, timeout: float = 15.0) -> list[Received]:
        wait_until(lambda: len(self.received) >= count, timeout, f"{count} callbacks")
        return list(self.received)


def wait_until(check: Callable[[], bool], timeout: float = 15.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A running receiver; callbacks go to ``receiver.url + '/status'``."""
    running = Receiver().start()
    yield running
    running.stop()


def make_config(db: Path, forward_to: str, **options: Any) -> BridgeConfig:
    """A bridge config with test credentials and quick retries."""
    values: dict[str, Any] = {
        "retry": FAST_RETRY,
        "poll_interval": 0.02,
        "request_timeout": 10.0,
        **options,
    }
    return BridgeConfig(
        webhook_secret=SecretStr(WEBHOOK_SECRET),
        auth_token=SecretStr(AUTH_TOKEN),
        account_sid=ACCOUNT_SID,
        forward_to=forward_to,
        db_path=db,
        **values,
    )


@dataclass
class RunningBridge:
    """A bridge app on a loopback port, and optionally its delivery worker."""

    config: BridgeConfig
    server: ServerHandle
    outbox: Outbox
    worker: WorkerThread | None

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def webhook_url(self) -> str:
        return self.server.url + "/zoom/webhook"

    def stats(self) -> dict[str, int]:
        result: dict[str, int] = httpx.get(self.url + "/stats").json()
        return result

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        self.server.stop()
        self.outbox.close()


def start_bridge(config: BridgeConfig, *, worker: bool = True, port: int = 0) -> RunningBridge:
    """Serve ``create_bridge_app(config)`` on ``port`` and, unless told not to, a worker."""
    outbox = Outbox(config.db_path)
    server = start_server(create_bridge_app(config, outbox), port=port)
    thread = None
    if worker:
        thread = WorkerThread(
            DeliveryWorker.from_config(config, Outbox(config.db_path)), close_outbox=True
        ).start()
    return RunningBridge(config, server, outbox, thread)


@pytest.fixture
def bridge_factory(tmp_path: Path) -> Iterator[Callable[..., RunningBridge]]:
    """``make(forward_to, worker=True, port=0, **config options)``; all stop at teardown."""
    started: list[RunningBridge] = []

    def make(
        forward_to: str, *, worker: bool = True, port: int = 0, **options: Any
    ) -> RunningBridge:
        options.setdefault("db_path", tmp_path / "outbox.sqlite3")
        db = options.pop("db_path")
        running = start_bridge(make_config(db, forward_to, **options), worker=worker, port=port)
        started.append(running)
        return running

    yield make
    for running in started:
        running.stop()


def post_signed(
    url: str,
    event: dict[str, Any],
    *,
    secret: str = WEBHOOK_SECRET,
    timestamp: float | None = None,
    body: bytes | None = None,
) -> httpx.Response:
    """POST ``event`` as Zoom would: compact JSON, signed over the raw bytes."""
    raw = body if body is not None else json.dumps(event, separators=(",", ":")).encode()
    return httpx.post(url, content=raw, headers=sign_webhook(raw, secret, timestamp), timeout=10)


def zoom_event(name: str, session_id: str, session_name: str, **obj: Any) -> dict[str, Any]:
    """A Zoom webhook body with Zoom's envelope."""
    return {
        "event": name,
        "event_ts": int(time.time() * 1000),
        "payload": {
            "account_id": "sandbox",
            "object": {
                "id": session_id,
                "session_id": session_id,
                "session_name": session_name,
                "start_time": "2026-01-05T10:00:00Z",
                **obj,
            },
        },
    }
