"""Routes of the Zoom emulator and the gateway in front of ``/v2``.

The gateway routes on the raw (still percent-encoded) path, so an encoded ``/`` inside a
session id stays inside its path segment, logs every API call for tests, applies fault
knobs and checks the API JWT before any handler runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

from starlette.routing import Route, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mappings import limits
from migrate.sandbox import rawpath
from migrate.sandbox.faults import FaultConfig, FaultMiddleware
from migrate.sandbox.zoom.responses import (
    UNAUTHORIZED_MESSAGE,
    ZoomResponses,
    decode_session_id,
    fault_body,
    json_or_none,
    zoom_error,
)

API_PREFIX = "/v2"
SESSION = "/v2/videosdk/sessions/{session_id}"


@dataclass(frozen=True)
class RecordedCall:
    """One REST call as the emulator saw it.

    ``path`` is decoded once (as any HTTP server decodes it); ``raw_path`` is the exact
    bytes on the wire; ``path_params`` holds the ids after Zoom's own decoding.
    """

    method: str
    path: str
    raw_path: str
    query: dict[str, str]
    json: Any
    status: int
    path_params: dict[str, str] = field(default_factory=dict)


def api_routes(r: ZoomResponses) -> list[Route]:
    """Every ``/v2/videosdk`` route (https://developers.zoom.us/docs/api/video-sdk/)."""
    g = r.guarded
    return [
        Route("/v2/videosdk/sessions", g(r.list_sessions), methods=["GET"]),
        Route("/v2/videosdk/sessions", g(r.create_session), methods=["POST"]),
        Route(SESSION, g(r.get_session), methods=["GET"]),
        Route(SESSION, g(r.delete_session), methods=["DELETE"]),
        Route(SESSION + "/status", g(r.session_status), methods=["PUT"]),
        Route(SESSION + "/events", g(r.session_events), methods=["PATCH"]),
        Route(SESSION + "/users", g(r.list_users), methods=["GET"]),
        Route(SESSION + "/users/qos", g(r.list_users_qos), methods=["GET"]),
        Route(SESSION + "/users/sharing", g(r.users_sharing), methods=["GET"]),
        Route(SESSION + "/users/{user_id}/qos", g(r.user_qos), methods=["GET"]),
        Route("/v2/videosdk/recordings", g(r.list_recordings), methods=["GET"]),
        Route(SESSION + "/recordings", g(r.get_recordings), methods=["GET"]),
        Route(SESSION + "/recordings", g(r.delete_recordings), methods=["DELETE"]),
        Route(SESSION + "/recordings/status", g(r.recover_recordings), methods=["PUT"]),
        Route(SESSION + "/recordings/{recording_id}", g(r.delete_recordings), methods=["DELETE"]),
        Route(
            SESSION + "/recordings/{recording_id}/status",
            g(r.recover_recordings),
            methods=["PUT"],
        ),
        Route("/v2/videosdk/report/daily", g(r.report_daily), methods=["GET"]),
        Route("/v2/videosdk/report/cloud_recording", g(r.report_cloud_recording), methods=["GET"]),
        Route("/v2/videosdk/settings/storage", g(r.storage_settings), methods=["PATCH"]),
        Route(
            "/v2/videosdk/settings/storage/location",
            g(r.storage_locations),
            methods=["GET", "POST"],
        ),
        Route(
            "/v2/videosdk/settings/storage/location/{location_id}",
            g(r.storage_location),
            methods=["GET", "PATCH", "DELETE"],
        ),
    ]


def sandbox_routes(r: ZoomResponses) -> list[Route]:
    """Media downloads and the SDK simulation, outside ``/v2``."""
    g = r.guarded
    return [
        Route("/rec/download/{file_id}", g(r.download), methods=["GET"]),
        Route("/_sandbox/storage/{file_id}", g(r.storage_object), methods=["GET"]),
        Route("/_sandbox/join", g(r.join), methods=["POST"]),
        Route("/_sandbox/leave", g(r.leave), methods=["POST"]),
    ]


class ApiAuth:
    """401 with code 124 unless the request carries a valid API JWT."""

    def __init__(self, app: ASGIApp, responses: ZoomResponses) -> None:
        self.app = app
        self.responses = responses

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        if not self.responses.api_authorized(authorization):
            response = zoom_error(401, limits.ZOOM_ERROR_INVALID_TOKEN, UNAUTHORIZED_MESSAGE)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class ApiGateway:
    """Routes ``/v2`` on the raw path and records every call in ``calls``."""

    def __init__(self, app: ASGIApp, calls: list[RecordedCall]) -> None:
        self.app = app
        self.calls = calls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_path = rawpath.raw_path(scope)
        decoded_once = scope["path"]
        scope["path"] = raw_path  # keep %2F inside its segment for the router
        body = bytearray()

        async def receive_and_keep() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                body.extend(message.get("body", b""))
            return message

        async def send_and_record(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Logged before the headers leave: with an empty body they already
                # complete the answer, and a client must then find its call in the log.
                record = self._record(scope, decoded_once, raw_path, bytes(body), message["status"])
                self.calls.append(record)
            await send(message)

        await self.app(scope, receive_and_keep, send_and_record)

    @staticmethod
    def _record(
        scope: Scope, decoded_once: str, raw_path: str, body: bytes, status: int
    ) -> RecordedCall:
        params = {
            name: decode_session_id(value) if name == "session_id" else unquote(value)
            for name, value in (scope.get("path_params") or {}).items()
        }
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        return RecordedCall(
            scope["method"], decoded_once, raw_path, query, json_or_none(body), status, params
        )


def build_app(
    responses: ZoomResponses, calls: list[RecordedCall], faults: Callable[[], FaultConfig]
) -> ASGIApp:
    """The emulator's ASGI app: gateway-wrapped ``/v2`` plus the sandbox routes."""
    api: ASGIApp = Router(api_routes(responses))
    api = ApiAuth(api, responses)
    api = FaultMiddleware(api, faults, "api", fault_body)
    api = ApiGateway(api, calls)
    media: ASGIApp = FaultMiddleware(Router(sandbox_routes(responses)), faults, "media", fault_body)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX + "/"):
            await api(scope, receive, send)
        else:
            await media(scope, receive, send)

    return app
