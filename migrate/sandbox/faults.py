"""Fault knobs shared by every sandbox emulator: latency, rate limits, 5xx, broken bodies.

``FaultConfig`` holds the knobs; tests mutate it while servers run. ``FaultMiddleware``
applies request-level faults (latency, 429, 5xx) to any ASGI app, and ``BodyFaults``
shapes a streamed body (bandwidth cap, dropped connection, corrupted bytes). Nothing
here knows which API it is emulating: error bodies come from a callable the emulator
passes in.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import random
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from starlette.types import ASGIApp, Receive, Scope, Send

Origin = Literal["api", "media"]
Action = Literal["status", "drop", "corrupt"]
ErrorBody = Callable[[int], dict[str, object]]


@dataclass
class Injection:
    """A one-shot fault: fires for the next ``times`` matching requests, then disarms."""

    action: Action
    origin: str | None
    path_contains: str
    times: int
    status: int = 500
    retry_after: str | None = None

    def matches(self, action: Action, origin: str, path: str) -> bool:
        """True when this injection applies to a request on ``origin`` for ``path``."""
        return (
            self.times > 0
            and self.action == action
            and self.origin in (None, origin)
            and self.path_contains in path
        )


@dataclass
class FaultConfig:
    """Fault knobs. Every field may be changed while the servers run.

    Rates are probabilities in 0..1 drawn from a RNG seeded with ``seed`` so runs repeat.
    ``origins`` limits the random request faults (429/5xx) to some origins; ``None`` = all.
    """

    latency: float = 0.0
    bandwidth: int | None = None
    rate_429: float = 0.0
    retry_after: str | None = "1"
    rate_5xx: float = 0.0
    drop_rate: float = 0.0
    corrupt_rate: float = 0.0
    url_ttl: int | None = None
    origins: frozenset[str] | None = None
    seed: int = 0
    injections: list[Injection] = field(default_factory=list)
    _rng: random.Random = field(init=False, repr=False, compare=False)
    _lock: threading.Lock = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()

    def reset(self) -> None:
        """Restore every knob to its default in place (servers keep their reference)."""
        for f in dataclasses.fields(self):
            if f.init:
                default = f.default_factory() if callable(f.default_factory) else f.default
                setattr(self, f.name, default)
        self.__post_init__()

    def reseed(self, seed: int) -> None:
        """Restart the random draws from ``seed`` (the same knobs then fail the same way)."""
        with self._lock:
            self.seed = seed
            self._rng = random.Random(seed)

    def inject(
        self,
        *,
        origin: Origin | None = "api",
        path_contains: str = "",
        status: int = 500,
        times: int = 1,
        retry_after: str | None = None,
    ) -> Injection:
        """Answer the next ``times`` matching requests with ``status`` (429 adds Retry-After)."""
        return self._add(Injection("status", origin, path_contains, times, status, retry_after))

    def inject_drop(
        self, *, origin: Origin | None = "media", path_contains: str = "", times: int = 1
    ) -> Injection:
        """Cut the next ``times`` matching response bodies half-way by closing the connection."""
        return self._add(Injection("drop", origin, path_contains, times))

    def inject_corrupt(
        self, *, origin: Origin | None = "media", path_contains: str = "", times: int = 1
    ) -> Injection:
        """Flip a byte in the next ``times`` matching response bodies (headers stay true)."""
        return self._add(Injection("corrupt", origin, path_contains, times))

    def _add(self, injection: Injection) -> Injection:
        with self._lock:
            self.injections.append(injection)
        return injection

    def take(self, action: Action, origin: str, path: str) -> Injection | None:
        """Consume one shot of the first injection matching this request, if any."""
        with self._lock:
            for injection in self.injections:
                if injection.matches(action, origin, path):
                    injection.times -= 1
                    return injection
        return None

    def roll(self, rate: float) -> bool:
        """Draw from the seeded RNG: True with probability ``rate``."""
        if rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < rate

    def fraction(self) -> float:
        """A seeded draw in 0..1 (where in a body a drop or corruption happens)."""
        with self._lock:
            return self._rng.random()

    def applies_to(self, origin: str) -> bool:
        """Whether the random request faults cover ``origin``."""
        return self.origins is None or origin in self.origins


class FaultMiddleware:
    """ASGI middleware adding latency, 429 (with Retry-After) and 5xx answers."""

    def __init__(
        self, app: ASGIApp, faults: Callable[[], FaultConfig], origin: str, error_body: ErrorBody
    ) -> None:
        self.app = app
        self.faults = faults
        self.origin = origin
        self.error_body = error_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Delay, then answer with an injected or random error, or pass through."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        faults = self.faults()
        if faults.latency > 0:
            await asyncio.sleep(faults.latency)
        status, retry_after = self._pick_status(faults, scope["path"])
        if status is None:
            await self.app(scope, receive, send)
            return
        body = json.dumps(self.error_body(status)).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        if status == 429 and retry_after is not None:
            headers.append((b"retry-after", retry_after.encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _pick_status(self, faults: FaultConfig, path: str) -> tuple[int | None, str | None]:
        injection = faults.take("status", self.origin, path)
        if injection is not None:
            return injection.status, injection.retry_after or faults.retry_after
        if not faults.applies_to(self.origin):
            return None, None
        if faults.roll(faults.rate_429):
            return 429, faults.retry_after
        if faults.roll(faults.rate_5xx):
            return 503, None
        return None, None


class DroppedConnection(Exception):
    """Raised inside a streamed body to make the server close the connection mid-way."""


class _HideDroppedConnections(logging.Filter):
    """Keep the deliberate drops out of Uvicorn's error log."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        while exc is not None:
            if isinstance(exc, DroppedConnection):
                return False
            exc = exc.__cause__ or exc.__context__
        return True


_DROP_FILTER = _HideDroppedConnections()
logging.getLogger("uvicorn.error").addFilter(_DROP_FILTER)

# Throttled bodies are sent in slices this long (seconds of transfer each), so the rate
# is smooth within a fraction of a second.
_THROTTLE_SLICE_SECONDS = 0.05


@dataclass(frozen=True)
class BodyFaults:
    """What happens to one response body: decided once per request, then applied."""

    bandwidth: int | None = None
    drop_at: int | None = None
    corrupt_at: int | None = None

    @classmethod
    def decide(cls, faults: FaultConfig, origin: str, path: str, length: int) -> BodyFaults:
        """Roll the body knobs (and consume injections) for a body of ``length`` bytes."""
        drop_at = corrupt_at = None
        if faults.take("drop", origin, path) or faults.roll(faults.drop_rate):
            drop_at = int(length * (0.25 + 0.5 * faults.fraction()))
        if length > 0 and (
            faults.take("corrupt", origin, path) or faults.roll(faults.corrupt_rate)
        ):
            corrupt_at = min(length - 1, int(length * faults.fraction()))
        return cls(faults.bandwidth, drop_at, corrupt_at)

    async def apply(self, chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
        """Yield ``chunks`` with the decided faults; raises DroppedConnection to cut it."""
        sent = 0
        started = time.monotonic()
        for chunk in chunks:
            for piece in self._slices(chunk):
                piece = self._corrupt(piece, sent)
                if self.drop_at is not None and sent + len(piece) >= self.drop_at:
                    yield piece[: self.drop_at - sent]
                    raise DroppedConnection
                sent += len(piece)
                yield piece
                if self.bandwidth:
                    ahead = sent / self.bandwidth - (time.monotonic() - started)
                    if ahead > 0:
                        await asyncio.sleep(ahead)

    def _slices(self, chunk: bytes) -> Iterable[bytes]:
        if not self.bandwidth:
            return (chunk,)
        step = max(1, int(self.bandwidth * _THROTTLE_SLICE_SECONDS))
        return (chunk[i : i + step] for i in range(0, len(chunk), step))

    def _corrupt(self, piece: bytes, offset: int) -> bytes:
        at = self.corrupt_at
        if at is None or not offset <= at < offset + len(piece):
            return piece
        flipped = bytearray(piece)
        flipped[at - offset] ^= 0xFF
        return bytes(flipped)
