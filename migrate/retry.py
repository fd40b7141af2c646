"""The one retry policy: capped exponential backoff with full jitter, honouring Retry-After.

Both API clients and the exporter use it, so 429/5xx handling is written once.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from collections.abc import Mapping
from dataclasses import dataclass

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


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
        ceiling = min(self.cap, self.base * (2 ** (attempt - 1)))
        return random.uniform(0, ceiling)

    def should_retry_status(self, status: int) -> bool:
        """429 and 5xx are retried; other statuses are final."""
        return status in RETRYABLE_STATUS


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
