"""Errors raised by the Zoom REST client."""

from __future__ import annotations

from migrate.errors import Twilio2ZoomError


class ZoomError(Twilio2ZoomError):
    """Any failure talking to the Zoom API."""


class ZoomApiError(ZoomError):
    """A non-2xx answer, with Zoom's ``{code, message}`` body and tracking id."""

    def __init__(
        self, status: int, code: int | None, message: str, tracking_id: str | None = None
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.tracking_id = tracking_id
        detail = f"Zoom API error {status}"
        if code is not None:
            detail += f"/{code}"
        detail += f": {message}"
        if tracking_id:
            detail += f" (tracking id {tracking_id})"
        super().__init__(detail)


class ZoomTransportError(ZoomError):
    """The API could not be reached (connection refused, reset, timed out) after retries."""


class ZoomTokenError(ZoomError):
    """A session JWT could not be built, or a presented one is invalid (one-line reason)."""
