"""Clients pointed at the Twilio emulator: the sync client, and the async one behind a
blocking facade so one test body checks both."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from typing import Any

import pytest

from migrate.retry import RetryPolicy
from migrate.sandbox.twilio import TwilioEmulator
from migrate.twilio import AsyncTwilioVideoClient, TwilioVideoClient

# Quick backoff so retry tests take milliseconds (Retry-After still wins when sent).
FAST_RETRY = RetryPolicy(attempts=4, base=0.01, cap=0.05)


class BlockingAsyncClient:
    """Runs every coroutine of an AsyncTwilioVideoClient to completion on a private loop;
    async iterators become plain iterators that advance one item per ``next()``."""

    def __init__(self, client: AsyncTwilioVideoClient) -> None:
        self._client = client
        self._loop = asyncio.new_event_loop()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            if inspect.isawaitable(result):
                return self._loop.run_until_complete(result)
            if hasattr(result, "__aiter__"):
                return self._blocking(result)
            return result

        return call

    def _blocking(self, iterator: Any) -> Iterator[Any]:
        # One __anext__ per next(): keeps the async client's laziness visible to tests.
        while True:
            try:
                yield self._loop.run_until_complete(iterator.__anext__())
            except StopAsyncIteration:
                return

    def close(self) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()


def make_client(kind: str, emu: TwilioEmulator, **options: Any) -> Any:
    """A client of ``kind`` ("sync"/"async") with the emulator's API key pair (or ``password``)."""
    password = options.pop("password", emu.api_secret)
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("base_url", emu.api_url)
    if kind == "sync":
        return TwilioVideoClient(emu.api_key, password, **options)
    return BlockingAsyncClient(AsyncTwilioVideoClient(emu.api_key, password, **options))


@pytest.fixture(params=["sync", "async"])
def client(request: pytest.FixtureRequest, twilio_emulator: TwilioEmulator) -> Iterator[Any]:
    """The sync client, then the async client, against a fresh emulator."""
    made = make_client(request.param, twilio_emulator)
    yield made
    made.close()


def api_requests(emu: TwilioEmulator, path: str | None = None) -> list[Any]:
    """Requests the API origin saw, optionally only those for ``path``."""
    return [r for r in emu.requests if r.origin == "api" and (path is None or r.path == path)]
