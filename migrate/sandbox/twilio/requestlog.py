"""A log of every request an emulator origin saw, for tests to inspect."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The log keeps the most recent requests only, so long benchmark runs stay flat in memory.
REQUEST_LOG_LIMIT = 200_000


@dataclass(frozen=True)
class RequestRecord:
    """One request: never its credentials, only whether it carried an Authorization header."""

    method: str
    origin: str
    path: str
    query: str
    had_authorization: bool
    status: int


class RequestLog(deque[RequestRecord]):
    """The most recent ``REQUEST_LOG_LIMIT`` requests, oldest first."""

    def __init__(self) -> None:
        super().__init__(maxlen=REQUEST_LOG_LIMIT)


class RequestLogMiddleware:
    """ASGI middleware appending a ``RequestRecord`` once the response status is known."""

    def __init__(self, app: ASGIApp, log: RequestLog, origin: str) -> None:
        self.app = app
        self.log = log
        self.origin = origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through, noting its status."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])

        async def noting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.log.append(
                    RequestRecord(
                        scope["method"],
                        self.origin,
                        scope["path"],
                        scope["query_string"].decode("latin-1"),
                        b"authorization" in headers,
                        message["status"],
                    )
                )
            await send(message)

        await self.app(scope, receive, noting_send)
