"""What every Zoom client shares: configuration, request building, retry waits, errors.

:class:`BaseZoomClient` is to :class:`~migrate.zoom.sync_client.ZoomClient` what httpx's
``BaseClient`` is to ``Client``: the subclass only sends and sleeps; whether to retry is
:class:`migrate.retry.RetryPolicy`'s answer and what an answer means is decided here.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from mappings import limits
from migrate.redact import redact
from migrate.retry import RetryPolicy, describe_transport_error
from migrate.zoom.auth import ApiTokenProvider
from migrate.zoom.errors import ZoomApiError, ZoomTransportError
from migrate.zoom.operations import Call

logger = logging.getLogger("migrate.zoom")

DEFAULT_BASE_URL = "https://api.zoom.us/v2"
DEFAULT_TIMEOUT = httpx.Timeout(30.0)
DEFAULT_MAX_CONNECTIONS = 64
TRACKING_ID_HEADER = "x-zm-trackingid"
# What a 401 to an API call names: the settings the JWT is signed with, never their values.
API_CREDENTIALS = "ZOOM_API_KEY/ZOOM_API_SECRET"
DOWNLOAD_CREDENTIALS = "the recording's download token"


class BaseZoomClient:
    """Credentials, base URL and retry policy of one client, and the decisions built on them."""

    def __init__(
        self,
        api_key: str,
        api_secret: str,
        *,
        base_url: str,
        timeout: httpx.Timeout,
        retry: RetryPolicy | None,
        http2: bool,
        max_connections: int,
        token_ttl: int = limits.ZOOM_API_JWT_TTL,
    ) -> None:
        self.tokens = ApiTokenProvider(api_key, api_secret, ttl=token_ttl)
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self._httpx_options: dict[str, Any] = {
            "timeout": timeout,
            "http2": http2,
            "limits": httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            # The bearer token goes to the API's own origin only: redirects are vetted one
            # by one (migrate.zoom.download.redirect_target).
            "follow_redirects": False,
        }

    def _url(self, call: Call[Any]) -> httpx.URL:
        """Absolute URL; the path is used as given so encoded ids reach Zoom unchanged."""
        return httpx.URL(self.base_url + call.path, params=dict(call.params))

    def _api_headers(self) -> dict[str, str]:
        """Headers of an API request (never sent with downloads)."""
        return {"Authorization": f"Bearer {self.tokens.token()}", "Accept": "application/json"}

    def _check(self, response: httpx.Response, refused: str = API_CREDENTIALS) -> None:
        """Raise :class:`ZoomApiError` for a non-2xx response whose body has been read.

        ``refused`` names what a 401 refused (the API key pair, or a download token).
        """
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
        if response.status_code == 401:
            message = f"Zoom refused {refused} (check it): {message}"
        raise ZoomApiError(
            response.status_code,
            code,
            redact(message, self.tokens.secrets()),
            response.headers.get(TRACKING_ID_HEADER),
        )

    def _transport_error(self, url: httpx.URL, error: httpx.TransportError) -> ZoomTransportError:
        """One-line error naming the host of a request that got no (complete) answer."""
        return ZoomTransportError(
            redact(describe_transport_error(url, error), self.tokens.secrets())
        )
