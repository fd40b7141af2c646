"""twilio 9.x's ``*_async`` methods (``create_async``, ``list_async``, ``stream_async``...).

twilio's async methods do the same request as their sync twins on an async HTTP client.
The shim's backend is synchronous, so each ``*_async`` runs its sync twin in a worker
thread (``asyncio.to_thread``) and the event loop is never blocked; ``stream_async``
returns an async iterator, as twilio's does (``async for r in await x.stream_async()``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any, TypeVar

_C = TypeVar("_C", bound=type)
#: Sync methods whose ``<name>_async`` twin returns what they return.
_AWAITABLE = ("create", "fetch", "update", "delete", "list", "page")


def with_async_methods(cls: _C) -> _C:
    """Add ``<name>_async`` for each of ``cls``'s sync resource methods."""
    for name in _AWAITABLE:
        if callable(getattr(cls, name, None)) and not hasattr(cls, f"{name}_async"):
            setattr(cls, f"{name}_async", _awaitable(name))
    if callable(getattr(cls, "stream", None)) and not hasattr(cls, "stream_async"):
        cls.stream_async = _stream  # type: ignore[attr-defined]
    return cls


def _awaitable(name: str) -> Callable[..., Any]:
    async def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return await asyncio.to_thread(getattr(self, name), *args, **kwargs)

    method.__name__ = method.__qualname__ = f"{name}_async"
    method.__doc__ = f"``{name}`` run in a worker thread (twilio's ``{name}_async``)."
    return method


async def _stream(self: Any, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
    """``stream`` in a worker thread, handed out as an async iterator."""
    items: list[Any] = await asyncio.to_thread(lambda: list(self.stream(*args, **kwargs)))
    return _iterate(items)


async def _iterate(items: Iterable[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item
