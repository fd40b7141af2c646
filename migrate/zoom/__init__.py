"""Zoom Video SDK REST client (sync and async), tokens and webhook verification."""

from migrate.zoom.async_client import AsyncZoomClient
from migrate.zoom.client import ZoomClient
from migrate.zoom.errors import ZoomApiError, ZoomError, ZoomTokenError, ZoomTransportError

__all__ = [
    "AsyncZoomClient",
    "ZoomApiError",
    "ZoomClient",
    "ZoomError",
    "ZoomTokenError",
    "ZoomTransportError",
]
