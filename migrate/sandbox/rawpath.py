"""Routing on the raw request path, shared by the sandbox emulators.

Uvicorn decodes ``%2F`` into ``/`` in ``scope["path"]`` before any router runs, so a
Twilio room named ``team/alpha`` (or a Zoom session id holding ``/``) would spill over
two path segments and match no route. The emulators match routes against
``scope["raw_path"]``, still percent-encoded, and decode each matched segment themselves.
"""

from __future__ import annotations

from urllib.parse import quote, unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send


def raw_path(scope: Scope) -> str:
    """The request path as sent, percent-encoding intact.

    Without ``raw_path`` (it is optional in ASGI) the decoded path is re-encoded, so that
    decoding a segment still gives back what the client meant.
    """
    raw = scope.get("raw_path")
    if raw:
        # latin-1 maps every byte to one character, so nothing on the wire is lost.
        return bytes(raw).decode("latin-1")
    return quote(scope["path"])


def decode_segment(segment: str) -> str:
    """One raw path segment decoded once, as UTF-8 (``team%2Falpha`` -> ``team/alpha``)."""
    return unquote_to_bytes(segment.encode("latin-1")).decode("utf-8", errors="replace")


def encode_segment(value: str) -> str:
    """A value made safe as one path segment (``team/alpha`` -> ``team%2Falpha``)."""
    return quote(value, safe="")


class RawPathRouting:
    """Runs ``app`` with the raw path as ``scope["path"]``, so routes match encoded segments.

    The app sees a copy of the scope: middleware outside it keeps the decoded path (request
    logs and fault matching stay as they were).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Swap in the raw path for HTTP requests; pass anything else through."""
        if scope["type"] == "http":
            scope = {**scope, "path": raw_path(scope)}
        await self.app(scope, receive, send)
