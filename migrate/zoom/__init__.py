"""Zoom Video SDK REST client, tokens and webhook verification."""

from migrate.zoom.errors import ZoomApiError, ZoomError, ZoomTokenError, ZoomTransportError
from migrate.zoom.sync_client import ZoomClient

__all__ = [
    "ZoomApiError",
    "ZoomClient",
    "ZoomError",
    "ZoomTokenError",
    "ZoomTransportError",
]
