"""Errors of the Twilio Video client; every one is a :class:`Twilio2ZoomError` (exit 1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from migrate.errors import Twilio2ZoomError
from migrate.redact import redact


class TwilioClientError(Twilio2ZoomError):
    """Base of the client's errors."""


class TwilioApiError(TwilioClientError):
    """Twilio answered with an error status.

    ``code`` and ``more_info`` come from Twilio's error JSON (``code``, ``message``,
    ``more_info``, ``status``) or from an RFC 9457 body (``code``, ``detail``/``title``,
    ``type``); they are None when the body carries neither.
    """

    def __init__(
        self,
        status: int,
        code: int | None,
        message: str,
        more_info: str | None,
        method: str,
        url: str,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.more_info = more_info
        self.method = method
        self.url = url
        detail = f"Twilio error {code}" if code is not None else "no Twilio error code"
        if more_info:
            detail += f", {more_info}"
        super().__init__(f"{method} {url} failed with HTTP {status}: {message} ({detail})")


class TwilioConnectionError(TwilioClientError):
    """The API could not be reached (connection refused, dropped, timed out) after retries."""


class UnexpectedResponseError(TwilioClientError):
    """The API answered something the client refuses to use (wrong shape, foreign host)."""


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def api_error(
    response: httpx.Response, secrets: Sequence[str], refused: str | None = None
) -> TwilioApiError:
    """Build the error for a failed ``response``; server text is redacted of ``secrets``.

    ``refused`` names the settings the credentials came from (never their values); a 401
    says it was those that Twilio refused.
    """
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {}
    message = body.get("message") or body.get("detail") or body.get("title")
    if not isinstance(message, str) or not message:
        message = response.reason_phrase or "error"
    if response.status_code == 401 and refused:
        message = f"Twilio refused {refused} (check them): {message}"
    more_info = body.get("more_info") or body.get("type")
    request = response.request
    return TwilioApiError(
        status=response.status_code,
        code=_int_or_none(body.get("code")),
        message=redact(message, list(secrets)),
        more_info=redact(more_info, list(secrets)) if isinstance(more_info, str) else None,
        method=request.method,
        url=redact(str(request.url), list(secrets)),
    )
