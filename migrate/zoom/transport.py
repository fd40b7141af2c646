"""What the sync and async clients share: request building, retry decisions, errors, redirects.

Neither client decides anything on its own; both ask :class:`ClientCore`, so the retry
rules (``migrate.retry.RetryPolicy``) and the error mapping exist once.
"""

from __future__ import annotations

import logging
from typing import Any, BinaryIO

import httpx

from migrate.redact import redact
from migrate.retry import RetryPolicy, parse_retry_after
from migrate.zoom.auth import ApiTokenProvider
from migrate.zoom.errors import ZoomApiError, ZoomError, ZoomTransportError
from migrate.zoom.operations import Call

logger = logging.getLogger("migrate.zoom")

TRACKING_ID_HEADER = "x-zm-trackingid"
MAX_REDIRECTS = 5
# Failures where the request surely never reached the server: safe to resend any method.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class ClientCore:
    """Credentials, base URL and retry policy of one client, and the decisions built on them."""

    def __init__(
        self, api_key: str, api_secret: str, base_url: str, retry: RetryPolicy, token_ttl: int
    ) -> None:
        self.tokens = ApiTokenProvider(api_key, api_secret, ttl=token_ttl)
        self.base_url = base_url.rstrip("/")
        self.retry = retry

    def url(self, call: Call[Any]) -> httpx.URL:
        """Absolute URL; the path is used as given so encoded ids reach Zoom unchanged."""
        return httpx.URL(self.base_url + call.path, params=dict(call.params))

    def api_headers(self) -> dict[str, str]:
        """Headers of an API request (never sent with downloads)."""
        return {"Authorization": f"Bearer {self.tokens.token()}", "Accept": "application/json"}

    def retry_delay(
        self,
        attempt: int,
        idempotent: bool,
        *,
        response: httpx.Response | None = None,
        error: httpx.TransportError | None = None,
    ) -> float | None:
        """Seconds to wait before trying again, or None when the outcome is final.

        429 and connection failures are retried for every method; 5xx and dropped
        connections only for idempotent ones (a POST or PATCH may have taken effect).
        """
        if attempt >= self.retry.attempts:
            return None
        if error is not None:
            if isinstance(error, _NOT_SENT) or idempotent:
                return self.retry.delay(attempt)
            return None
        assert response is not None
        status = response.status_code
        if status == 429 or (idempotent and self.retry.should_retry_status(status)):
            return self.retry.delay(attempt, parse_retry_after(response.headers))
        return None

    def check(self, response: httpx.Response) -> None:
        """Raise :class:`ZoomApiError` for a non-2xx response whose body has been read."""
        logger.debug(
            "%s %s -> %s", response.request.method, response.request.url.path, response.status_code
        )
        if response.is_success:
            return
        code: int | None = None
        message = response.reason_phrase or "request failed"
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            raw_code = body.get("code")
            code = raw_code if isinstance(raw_code, int) else None
            message = str(body.get("message") or message)
        raise ZoomApiError(
            response.status_code,
            code,
            redact(message, self.tokens.secrets()),
            response.headers.get(TRACKING_ID_HEADER),
        )

    def transport_error(self, url: httpx.URL, error: httpx.TransportError) -> ZoomError:
        """One-line error for a request that got no (complete) answer."""
        detail = redact(str(error) or type(error).__name__, self.tokens.secrets())
        return ZoomTransportError(f"cannot reach {url.host}: {detail}")


def redirect_target(response: httpx.Response, origin: httpx.URL) -> tuple[httpx.URL, bool]:
    """Where a download redirect points, and whether it may carry the bearer token.

    The token only goes back to the scheme, host and port of the original download URL,
    never to a storage host the download is redirected to.
    """
    location = response.headers.get("location")
    if not location:
        raise ZoomError(f"redirect {response.status_code} without a Location header")
    target = response.url.join(location)
    same_origin = (target.scheme, target.host, target.port) == (
        origin.scheme,
        origin.host,
        origin.port,
    )
    return target, same_origin


def check_length(response: httpx.Response, received: int) -> None:
    """Raise when fewer or more bytes arrived than Content-Length announced."""
    expected = response.headers.get("content-length")
    unencoded = response.headers.get("content-encoding") is None
    if expected is not None and unencoded and int(expected) != received:
        raise ZoomError(f"download incomplete: got {received} of {expected} bytes")


def restart_point(dest: BinaryIO) -> int | None:
    """Where a failed download may restart from: ``dest``'s position, or None if unseekable."""
    return dest.tell() if dest.seekable() else None


def rewind(dest: BinaryIO, position: int) -> None:
    """Drop the partial bytes of a failed attempt before downloading again."""
    dest.seek(position)
    dest.truncate()
