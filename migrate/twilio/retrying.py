"""When to retry a Twilio request; the waits themselves come from :class:`RetryPolicy`.

GET and DELETE are idempotent and retried on 429, 5xx and network failures. A POST
is retried only when it provably did not take effect: the connection was never made,
or Twilio answered 429, which it documents as "not processed" (twilio-video.md §6.2).
"""

from __future__ import annotations

import httpx

from migrate.retry import RetryPolicy, parse_retry_after

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})

# Failures worth another try: timeouts, dropped or refused connections, a peer that hung up.
RETRYABLE_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)

# Failures raised before any byte of the request left this machine.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def delay_after_error(
    policy: RetryPolicy, method: str, attempt: int, error: Exception
) -> float | None:
    """Seconds to wait before retrying after ``error``, or None when it is final."""
    if attempt >= policy.attempts or not isinstance(error, RETRYABLE_ERRORS):
        return None
    if method in IDEMPOTENT_METHODS or isinstance(error, NOT_SENT_ERRORS):
        return policy.delay(attempt)
    return None


def delay_after_response(
    policy: RetryPolicy, method: str, attempt: int, response: httpx.Response
) -> float | None:
    """Seconds to wait before retrying after ``response``, or None to keep it."""
    status = response.status_code
    if attempt >= policy.attempts or not policy.should_retry_status(status):
        return None
    if method not in IDEMPOTENT_METHODS and status != 429:
        return None
    return policy.delay(attempt, parse_retry_after(response.headers))
