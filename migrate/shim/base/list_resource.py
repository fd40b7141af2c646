"""twilio-python's ``stream`` / ``list`` / ``page`` trio, written once for every list resource.

A resource names its filter keywords in :attr:`ListResource.filters`, in twilio-python's
order (so a positional call binds as it would there), and implements ``_records``: the
filter values in, a function that opens one lazy record stream out. Paging, ``limit``
and page tokens are :mod:`migrate.shim.base.page`'s.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Generic, TypeVar

from migrate.shim.base.page import Page, first_page, stream_records

T = TypeVar("T")

# What follows the filters in each method's signature, as in twilio-python.
_STREAM_TAIL = ("limit", "page_size")
_PAGE_TAIL = ("page_token", "page_number", "page_size")


def _bind(
    method: str, names: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """Bind a call's arguments to ``names`` (all default to None), as Python itself would."""
    if len(args) > len(names):
        raise TypeError(f"{method}() takes at most {len(names)} arguments ({len(args)} given)")
    bound: dict[str, Any] = dict.fromkeys(names)
    bound.update(zip(names, args, strict=False))
    for key, value in kwargs.items():
        if key not in bound:
            raise TypeError(f"{method}() got an unexpected keyword argument {key!r}")
        if key in names[: len(args)]:
            raise TypeError(f"{method}() got multiple values for argument {key!r}")
        bound[key] = value
    return bound


class ListResource(ABC, Generic[T]):
    """Base of a list resource: ``stream``, ``list`` and ``page`` over ``_records``."""

    filters: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def _records(self, *args: Any, **kwargs: Any) -> Callable[[int], Iterator[T]]:
        """The record stream for the filter values, given positionally in ``filters`` order."""

    def _opened(self, bound: dict[str, Any]) -> Callable[[int], Iterator[T]]:
        return self._records(*(bound[name] for name in self.filters))

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[T]:
        """Matching instances, lazily, up to ``limit`` (the filters, then limit, page_size)."""
        bound = _bind("stream", (*self.filters, *_STREAM_TAIL), args, kwargs)
        return stream_records(self._opened(bound), bound["limit"], bound["page_size"])

    def list(self, *args: Any, **kwargs: Any) -> list[T]:
        """Matching instances as a list (reads every page up to ``limit``)."""
        bound = _bind("list", (*self.filters, *_STREAM_TAIL), args, kwargs)
        return [*stream_records(self._opened(bound), bound["limit"], bound["page_size"])]

    def page(self, *args: Any, **kwargs: Any) -> Page[T]:
        """One page (the filters, then page_token, page_number, page_size)."""
        bound = _bind("page", (*self.filters, *_PAGE_TAIL), args, kwargs)
        return first_page(
            self._opened(bound), bound["page_size"], bound["page_token"], bound["page_number"]
        )
