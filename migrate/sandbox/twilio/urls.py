"""Routes of the API origin, generated from the spec's paths (plus the three ``/Media``).

Routes match the raw (still percent-encoded) path, so a room name or identity holding
``/`` (sent as ``%2F``) stays one path parameter. Every route runs the same pipeline:
Basic auth (401/20003), path parameters against their spec patterns (404/20404), query
and form parameters against their spec schemas (400/20001), then the operation's
handler under the state lock (rule lists are judged there by mappings: 53120/53215).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from migrate.sandbox.rawpath import RawPathRouting, decode_segment

from .auth import authorized
from .errors import AUTHENTICATE, INVALID_PARAMETER, ApiError, error_body, not_found
from .responses import HANDLERS, ApiEnv, Call, Reply
from .spec import Operation, Param, ParamError, media_operations, operations

# Rule lists reach their handler as the JSON text sent: mappings' validators judge the
# text itself (syntax, duplicated filters) and answer with the rule codes, not 20001.
_RULE_PARAMS = frozenset(
    {
        ("CreateRoom", "RecordingRules"),
        ("UpdateRoomRecordingRule", "Rules"),
        ("UpdateRoomParticipantSubscribeRule", "Rules"),
    }
)
# Paging parameters are not echoed as filters into page URLs (they are set per page).
_PAGING = frozenset({"PageSize", "Page", "PageToken"})


def _json(
    status: int, body: dict[str, Any] | None, headers: dict[str, str] | None = None
) -> Response:
    if body is None:
        return Response(status_code=status, headers=headers)
    return JSONResponse(body, status, headers=headers)


def _error(error: ApiError) -> Response:
    return _json(error.status, error.body())


def _collect(
    params: Iterable[Param], pairs: list[tuple[str, str]], op: Operation
) -> dict[str, Any]:
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    parsed: dict[str, Any] = {}
    for param in params:
        if param.name not in values:
            if param.required:
                raise ApiError(400, INVALID_PARAMETER, f"Missing required parameter {param.name}")
            continue
        if (op.operation_id, param.name) in _RULE_PARAMS:
            parsed[param.name] = values[param.name][-1]
            continue
        try:
            parsed[param.name] = param.parse(values[param.name])
        except ParamError as exc:
            raise ApiError(400, INVALID_PARAMETER, str(exc)) from None
    return parsed


class OperationEndpoint:
    """The ASGI endpoint of one path: dispatches on method to the operation's handler."""

    def __init__(self, ops: list[Operation], env: ApiEnv, credentials: Callable[[], Any]) -> None:
        self.ops = {op.method: op for op in ops}
        self.env = env
        self.credentials = credentials

    async def handle(self, request: Request) -> Response:
        """Authenticate, validate, run the handler, render."""
        if not authorized(request.headers.get("authorization"), self.credentials()):
            error = ApiError(401, AUTHENTICATE, "Authenticate")
            return _json(401, error.body(), {"WWW-Authenticate": 'Basic realm="Twilio API"'})
        op = self.ops[request.method]
        try:
            call = await self._call(op, request)
            with self.env.state.lock:
                reply: Reply = HANDLERS[op.operation_id](call)
        except ApiError as error:
            return _error(error)
        return _json(reply.status, reply.body, reply.headers)

    async def _call(self, op: Operation, request: Request) -> Call:
        # The router matched the raw path: each parameter is decoded here, once.
        path = {name: decode_segment(value) for name, value in request.path_params.items()}
        for param in op.params_in("path"):
            try:
                param.parse([path[param.name]])
            except ParamError:
                raise not_found(request.url.path) from None
        query = list(parse_qsl(request.url.query, keep_blank_values=True))
        params = _collect(op.params_in("query"), query, op)
        if op.method == "POST":
            body = (await request.body()).decode("utf-8", errors="replace")
            params |= _collect(op.params_in("form"), parse_qsl(body, keep_blank_values=True), op)
        base = f"{request.url.scheme}://{request.url.netloc}"
        filters = [(k, v) for k, v in query if k not in _PAGING]
        return Call(op, self.env, base, path, params, filters)


def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return _error(not_found(request.url.path))
    message = "Method not allowed" if status == 405 else "Internal Server Error"
    return _json(status, error_body(status, 20000 + status, message))


def routes(env: ApiEnv, credentials: Callable[[], Any]) -> list[Route]:
    """One Starlette route per spec path (and per ``/Media`` path)."""
    by_path: dict[str, list[Operation]] = {}
    for op in (*operations(), *media_operations()):
        by_path.setdefault(op.path, []).append(op)
    return [
        Route(
            path, OperationEndpoint(ops, env, credentials).handle, methods=[op.method for op in ops]
        )
        for path, ops in by_path.items()
    ]


def api_app(env: ApiEnv, credentials: Callable[[], Any]) -> ASGIApp:
    """The API origin's app, routing on the raw path (without fault and logging middleware)."""
    app = Starlette(
        routes=routes(env, credentials),
        exception_handlers={HTTPException: _http_error, Exception: _http_error},
    )
    return RawPathRouting(app)
