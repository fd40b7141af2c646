"""The one retry policy: which failures earn another try, and how long to wait before it.

Both API clients, the exporter's downloads and the bridge's deliveries ask
:class:`RetryPolicy`; none of them decides on its own. The rules:

- 408, 429 and 500/502/503/504 answers are transient. 429 is retried for every method
  (Twilio and Zoom document it as "not processed"); the others only for requests that are
  safe to repeat, since a POST answered 5xx may have taken effect.
- A timeout, a dropped or refused connection, or a peer that hung up is transient. A
  request that never left this machine (the connection was never made) is safe to repeat
  for every method; any other only when it is safe to repeat.
- A name that does not resolve is final: waiting does not make a mistyped host exist,
  and the error names the host.
- Waits are capped exponential backoff with full jitter, and a server's ``Retry-After``
  wins (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import socket
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
# Answers documented as "the request was not processed": safe to resend whatever the method.
NOT_PROCESSED_STATUS = frozenset({429})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})

# Failures worth another try: timeouts, dropped or refused connections, a peer that hung up.
TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# Failures raised before any byte of the request left this machine.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

# The backoff doubles per attempt; beyond this exponent the cap applies anyway, and a
# bounded exponent keeps 2**n from overflowing a float after days of retries (the bridge).
_MAX_BACKOFF_EXPONENT = 32


def is_idempotent(method: str) -> bool:
    """Whether a request with ``method`` may be sent twice without a second effect."""
    return method.upper() in IDEMPOTENT_METHODS


def is_dns_failure(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is a failed host name lookup."""
    # httpx wraps httpcore's error, which holds the resolver's socket.gaierror as its cause
    # (blocking) or as its argument (asyncio): look through both.
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, socket.gaierror) or any(
            isinstance(arg, socket.gaierror) for arg in seen.args
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def describe_transport_error(url: httpx.URL, error: httpx.TransportError) -> str:
    """One line naming the host a request could not reach, and why."""
    host = url.host
    if is_dns_failure(error):
        return f"cannot resolve host {host}: no such name (check the URL)"
    where = f"{host}:{url.port}" if url.port else host
    detail = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectError):
        return f"cannot reach {where}: connection failed ({detail})"
    return f"cannot reach {where}: {type(error).__name__}: {detail}"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait. ``attempts`` counts the first try."""

    attempts: int = 6
    base: float = 0.25
    cap: float = 20.0
    retry_after_cap: float = 120.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before try number ``attempt + 1`` (``attempt`` starts at 1).

        A server's Retry-After wins (capped at ``retry_after_cap``); otherwise full jitter
        over ``min(cap, base * 2**(attempt-1))`` spreads concurrent clients apart.
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.retry_after_cap)
        exponent = min(max(attempt, 1), _MAX_BACKOFF_EXPONENT) - 1
        ceiling = min(self.cap, self.base * (2**exponent))
        return random.uniform(0, ceiling)

    def retryable_status(self, status: int, *, idempotent: bool) -> bool:
        """Whether an answer with ``status`` is transient for such a request."""
        if status in NOT_PROCESSED_STATUS:
            return True
        return idempotent and status in RETRYABLE_STATUS

    def retryable_error(self, error: Exception, *, idempotent: bool) -> bool:
        """Whether a request that failed with ``error`` may be tried again."""
        if not isinstance(error, TRANSIENT_ERRORS) or is_dns_failure(error):
            return False
        return idempotent or isinstance(error, NOT_SENT_ERRORS)

    def after_response(
        self, attempt: int, response: httpx.Response, *, idempotent: bool
    ) -> float | None:
        """Seconds to wait before retrying after ``response``, or None to keep it."""
        if attempt >= self.attempts:
            return None
        if not self.retryable_status(response.status_code, idempotent=idempotent):
            return None
        return self.delay(attempt, parse_retry_after(response.headers))

    def after_error(self, attempt: int, error: Exception, *, idempotent: bool) -> float | None:
        """Seconds to wait before retrying after ``error``, or None when it is final."""
        if attempt >= self.attempts or not self.retryable_error(error, idempotent=idempotent):
            return None
        return self.delay(attempt)


def parse_retry_after(headers: Mapping[str, str], now: dt.datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds, an HTTP date, or ISO-8601 (Zoom).

    Returns None when the header is absent or unreadable.
    """
    value = headers.get("retry-after") or headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    now = now or dt.datetime.now(dt.UTC)
    when: dt.datetime | None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max((when - now).total_seconds(), 0.0)
