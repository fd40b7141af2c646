"""The bridge's web app: Zoom webhooks in, rows in the outbox out, answered at once.

``POST /zoom/webhook`` verifies ``x-zm-signature`` over the raw body (401 otherwise),
answers ``endpoint.url_validation``, and for other events translates and queues in one
transaction before answering 200, well inside Zoom's 3-second deadline: delivery is
the worker's job. ``GET /healthz`` and ``GET /stats`` report on the queue.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mappings.errors import MappingError
from migrate.bridge.config import BridgeConfig
from migrate.bridge.intake import accept
from migrate.bridge.outbox import Outbox
from migrate.zoom.webhooks import WebhookVerificationError, url_validation_response, verify_webhook

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/zoom/webhook"
# Zoom's bodies are a few kilobytes; anything far larger is not a Zoom webhook.
MAX_BODY_BYTES = 4 * 1024 * 1024
URL_VALIDATION_EVENT = "endpoint.url_validation"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_bridge_app(config: BridgeConfig, outbox: Outbox | None = None) -> Starlette:
    """The ASGI app; it queues into ``outbox`` (default: a new one on ``config.db_path``).

    The outbox is on ``app.state.outbox``; whoever serves the app closes it.
    """
    queue = outbox or Outbox(config.db_path)
    router = config.router()
    secret = config.webhook_secret.get_secret_value()

    async def webhook(request: Request) -> JSONResponse:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _error(413, "body too large for a Zoom webhook")
        try:
            verify_webhook(body, request.headers, secret, tolerance=config.tolerance)
        except WebhookVerificationError as exc:
            log.warning("rejected webhook from %s: %s", _client(request), exc)
            return _error(401, str(exc))
        try:
            event = json.loads(body)
        except ValueError:
            return _error(400, "body is not JSON")
        if not isinstance(event, Mapping):
            return _error(400, "body is not a JSON object")
        if event.get("event") == URL_VALIDATION_EVENT:
            return _url_validation(event, secret)
        try:
            result = await run_in_threadpool(
                accept,
                event,
                body,
                account_sid=config.account_sid,
                router=router,
                outbox=queue,
                now=time.time(),
            )
        except MappingError as exc:
            log.warning("cannot translate webhook: %s", exc)
            return _error(400, str(exc))
        return JSONResponse({"status": result.outcome, "callbacks": result.callbacks})

    async def healthz(request: Request) -> JSONResponse:
        try:
            await run_in_threadpool(queue.ping)
        except sqlite3.Error as exc:
            return JSONResponse({"status": "error", "error": str(exc)}, status_code=503)
        return JSONResponse({"status": "ok"})

    async def stats(request: Request) -> JSONResponse:
        counts = await run_in_threadpool(queue.counts)
        return JSONResponse(counts.as_dict())

    app = Starlette(
        routes=[
            Route(WEBHOOK_PATH, webhook, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/stats", stats, methods=["GET"]),
        ]
    )
    app.state.outbox = queue
    return app


def _url_validation(event: Mapping[str, Any], secret: str) -> JSONResponse:
    payload = event.get("payload")
    token = payload.get("plainToken") if isinstance(payload, Mapping) else None
    if not isinstance(token, str) or not token:
        return _error(400, "endpoint.url_validation without payload.plainToken")
    return JSONResponse(url_validation_response(token, secret))


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"
