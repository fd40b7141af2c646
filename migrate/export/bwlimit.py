"""``--bwlimit RATE``: a token bucket shared by every download of one process.

Rates are written as rclone writes them (https://rclone.org/docs/#bwlimit-bandwidth-spec):
a number with an optional binary suffix ``B``, ``K``, ``M``, ``G`` or ``T``; a bare number
is KiB/s. ``10M`` is 10 MiB/s, ``512k`` 512 KiB/s, ``off`` no limit.

The bucket starts empty and lets its balance go negative: a caller takes what it
received and sleeps off the debt, so whatever the chunk sizes, no more than ``rate`` x
(seconds since the bucket was made) bytes ever pass. Tokens saved while a download was
held up (a busy CPU, a slow first byte) can be spent later, up to a quarter second's worth.
The bucket is guarded by a lock, not tied to an event loop, so one bucket can pace
downloads running in several threads of one process (a Dask worker with several threads).
"""

from __future__ import annotations

import asyncio
import re
import threading
import time

from migrate.errors import ConfigError

_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b?)?\s*(?:/s)?\s*$", re.IGNORECASE)
_UNITS = {"": 1024, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
# Most a bucket saves up (and may let through at once): a quarter second's worth.
_BURST_SECONDS = 0.25


def parse_rate(text: str) -> int | None:
    """Bytes per second for an rclone-style rate; None for ``off``/``0`` (no limit)."""
    if text.strip().lower() in ("off", ""):
        return None
    match = _RATE.match(text)
    if not match:
        raise ConfigError(
            f"--bwlimit expects a rate such as 10M, 512k or 1.5G (bytes per second), got {text!r}"
        )
    rate = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    return rate or None


def format_rate(rate: int) -> str:
    """A rate for people: ``8.0 MiB/s``."""
    return f"{rate / 2**20:,.1f} MiB/s" if rate >= 2**20 else f"{rate / 1024:,.0f} KiB/s"


class TokenBucket:
    """At most ``rate`` bytes per second, averaged, across every caller."""

    def __init__(self, rate: int) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self._burst = max(1.0, rate * _BURST_SECONDS)
        self._balance = 0.0
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def reserve(self, nbytes: int) -> float:
        """Take ``nbytes``; return how long the caller must wait to stay under the rate."""
        with self._lock:
            now = time.monotonic()
            self._balance = min(self._burst, self._balance + (now - self._last) * self.rate)
            self._last = now
            self._balance -= nbytes
            return -self._balance / self.rate if self._balance < 0 else 0.0

    async def take(self, nbytes: int) -> None:
        """Take ``nbytes`` and sleep off any debt."""
        wait = self.reserve(nbytes)
        if wait > 0:
            await asyncio.sleep(wait)


_SHARED: dict[int, TokenBucket] = {}
_SHARED_LOCK = threading.Lock()


def process_bucket(rate: int | None) -> TokenBucket | None:
    """The one bucket of this process for ``rate`` (every batch a worker runs shares it)."""
    if rate is None:
        return None
    with _SHARED_LOCK:
        bucket = _SHARED.get(rate)
        if bucket is None:
            bucket = _SHARED[rate] = TokenBucket(rate)
        return bucket
