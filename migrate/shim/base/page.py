"""Twilio-style paging (``list``, ``stream``, ``page``) over lazily fetched Zoom results.

Zoom pages with opaque cursors and the shim filters some Twilio parameters on the
client side, so a shim page is a slice of one lazy, filtered record stream. A page
token is the record offset in that stream (``PT<offset>``): resuming it in another call
re-reads the stream from the start and skips, which keeps tokens stateless.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from mappings import limits
from migrate.shim.base.exceptions import TwilioRestException

T = TypeVar("T")

_TOKEN_PREFIX = "PT"  # noqa: S105 - a page-token prefix, not a secret


def page_token(offset: int) -> str:
    """The opaque token of the page starting at record ``offset``."""
    return f"{_TOKEN_PREFIX}{offset}"


def token_offset(token: str) -> int:
    """The record offset a page token stands for; a foreign token is a 400 as on Twilio."""
    body = token[len(_TOKEN_PREFIX) :] if token.startswith(_TOKEN_PREFIX) else ""
    if not body.isdigit():
        raise TwilioRestException(400, "", f"Invalid PageToken {token!r}", 20001)
    return int(body)


def effective_page_size(limit: int | None, page_size: int | None) -> int:
    """Twilio's rule: ``limit`` alone sets the page size; otherwise Twilio's default of 50."""
    size = page_size or limit or limits.TWILIO_PAGE_SIZE_DEFAULT
    return max(1, min(size, limits.TWILIO_PAGE_SIZE_MAX))


class Page(Generic[T]):
    """One page of instances; iterate it, then ask for :meth:`next_page`."""

    def __init__(self, records: Iterator[T], offset: int, page_size: int) -> None:
        self._stream = records
        self._offset = offset
        self._page_size = page_size
        self._records = list(itertools.islice(records, page_size))
        lookahead = list(itertools.islice(records, 1))
        self._has_next = bool(lookahead)
        # Put the peeked record back in front of the rest of the stream.
        self._stream = itertools.chain(lookahead, records)

    def __iter__(self) -> Iterator[T]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    @property
    def next_page_token(self) -> str | None:
        """Token that resumes after this page, None on the last page."""
        return page_token(self._offset + len(self._records)) if self._has_next else None

    @property
    def next_page_url(self) -> str | None:
        """Twilio exposes a URL here; the shim has no URL, so it gives the page token."""
        return self.next_page_token

    @property
    def previous_page_url(self) -> str | None:
        """Zoom cursors only go forward; there is no previous page URL."""
        return None

    def next_page(self) -> Page[T] | None:
        """The page after this one, or None when this is the last."""
        if not self._has_next:
            return None
        return Page(self._stream, self._offset + len(self._records), self._page_size)

    def previous_page(self) -> Page[T] | None:
        """Always None: Zoom cursors only go forward."""
        return None


def first_page(
    records: Callable[[int], Iterator[T]],
    page_size: int | None,
    page_token_value: str | None = None,
    page_number: int | None = None,
) -> Page[T]:
    """The page at ``page_token_value`` or ``page_number`` (default the first one).

    ``records(zoom_page_size)`` opens a fresh lazy stream of every matching instance.
    """
    size = effective_page_size(None, page_size)
    offset = 0
    if page_token_value:
        offset = token_offset(page_token_value)
    elif page_number:
        offset = page_number * size
    stream = records(min(size, limits.ZOOM_MAX_PAGE_SIZE))
    return Page(itertools.islice(stream, offset, None), offset, size)


def stream_records(
    records: Callable[[int], Iterator[T]], limit: int | None, page_size: int | None
) -> Iterator[T]:
    """Every instance, lazily, stopping after ``limit`` (Twilio's ``stream``)."""
    size = min(effective_page_size(limit, page_size), limits.ZOOM_MAX_PAGE_SIZE)
    stream = records(size)
    return itertools.islice(stream, limit) if limit else stream
