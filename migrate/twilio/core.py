"""What the sync and async clients share: configuration, URL safety, retry waits, results.

:class:`BaseTwilioClient` is to the two clients what httpx's ``BaseClient`` is to
``Client`` and ``AsyncClient``: they only differ in how they send a request and sleep;
everything that decides (where a request may go, whether to retry, what an answer
means) is here, and whether to retry is :class:`migrate.retry.RetryPolicy`'s answer.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx

from migrate import __version__
from migrate.errors import ConfigError
from migrate.redact import RedactingFilter, redact
from migrate.retry import RetryPolicy, describe_transport_error, is_idempotent
from migrate.twilio.calls import Call
from migrate.twilio.errors import TwilioConnectionError, UnexpectedResponseError, api_error

T = TypeVar("T")

DEFAULT_BASE_URL = "https://video.twilio.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0)
DEFAULT_MAX_CONNECTIONS = 64

log = logging.getLogger("migrate.twilio")

# httpcore's DEBUG trace prints response headers, among them the signed media URL of a
# /Media answer's Location; the transport's loggers are redacted like ours. (A logger's
# filters do not apply to its children, hence every module's logger by name.)
_REDACTED_LOGGERS = (
    "migrate.twilio",
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
)
_REDACTION = RedactingFilter()
for _name in _REDACTED_LOGGERS:
    logging.getLogger(_name).addFilter(_REDACTION)

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def credential_names(username: str) -> str:
    """The settings a refused ``username`` came from: an API key (SK...) or an account SID."""
    if username.startswith("AC"):
        return "TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN"
    return "TWILIO_API_KEY/TWILIO_API_SECRET"


class BaseTwilioClient:
    """Configuration and decisions of one client instance; performs no I/O."""

    def __init__(
        self,
        username: str,
        password: str,
        *,
        base_url: str,
        timeout: httpx.Timeout,
        retry: RetryPolicy | None,
        http2: bool,
        max_connections: int,
    ) -> None:
        url = httpx.URL(base_url)
        if url.scheme not in _DEFAULT_PORTS or not url.host or url.userinfo:
            raise ConfigError(
                "TWILIO_VIDEO_BASE_URL must be an http(s) URL without credentials in it"
            )
        self.base_url = url
        self.retry = retry or RetryPolicy()
        self._secrets = [password]
        self._credentials = credential_names(username)
        self._httpx_options: dict[str, Any] = {
            "base_url": url,
            "auth": httpx.BasicAuth(username, password),
            "timeout": timeout,
            "http2": http2,
            "limits": httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            # Credentials go to the API's host only: never follow a redirect anywhere.
            "follow_redirects": False,
            "headers": {"Accept": "application/json", "User-Agent": f"twilio2zoom/{__version__}"},
        }

    def _request_args(self, call: Call[Any]) -> dict[str, Any]:
        """Keyword arguments of ``build_request`` for ``call``, once its URL is vetted."""
        args: dict[str, Any] = {"method": call.method, "url": self._vetted(call.path)}
        if call.query:
            args["params"] = call.query
        if call.method == "POST":
            # Encoded here, not by httpx, so repeated keys keep their order, as twilio-python sends
            # them.
            args["content"] = urlencode(call.form).encode()
            args["headers"] = {"Content-Type": "application/x-www-form-urlencoded"}
        return args

    def _vetted(self, url: str) -> str:
        """A path under the base URL, or an absolute URL on the base URL's own origin."""
        if url.startswith("/"):
            return url
        if _origin(httpx.URL(url)) != _origin(self.base_url):
            raise UnexpectedResponseError(
                f"refusing to send credentials to {httpx.URL(url).host}: "
                f"the API pointed outside {self.base_url.host}"
            )
        return url

    def _wait_after_error(
        self, request: httpx.Request, attempt: int, error: httpx.TransportError
    ) -> float:
        """Seconds before the next try after a network failure; raises when it is final."""
        idempotent = is_idempotent(request.method)
        delay = self.retry.after_error(attempt, error, idempotent=idempotent)
        reason = describe_transport_error(request.url, error)
        if delay is None:
            message = f"{request.method} {request.url.path} failed after {attempt} attempt(s): "
            raise TwilioConnectionError(redact(message + reason, self._secrets)) from error
        self._log_retry(request, attempt, reason, delay)
        return delay

    def _wait_after_response(
        self, request: httpx.Request, attempt: int, response: httpx.Response
    ) -> float | None:
        """Seconds before the next try after ``response``, or None to keep the answer."""
        idempotent = is_idempotent(request.method)
        delay = self.retry.after_response(attempt, response, idempotent=idempotent)
        if delay is None:
            log.debug(
                "%s %s -> %s (attempt %d)",
                request.method,
                request.url.path,
                response.status_code,
                attempt,
            )
        else:
            self._log_retry(request, attempt, f"HTTP {response.status_code}", delay)
        return delay

    def _result(self, call: Call[T], response: httpx.Response) -> T:
        """The parsed answer, or the :class:`TwilioApiError` it carries."""
        if response.status_code not in call.ok:
            raise api_error(response, self._secrets, refused=self._credentials)
        return call.parse(response)

    def _log_retry(self, request: httpx.Request, attempt: int, reason: str, delay: float) -> None:
        log.warning(
            "%s %s: %s; retry %d/%d in %.2fs",
            request.method,
            request.url.path,
            redact(reason, self._secrets),
            attempt,
            self.retry.attempts - 1,
            delay,
        )
