"""List pages in Twilio's envelope, with keyset paging behind an opaque ``PageToken``.

Collections are ordered by creation (``seq``). A token names the ``seq`` a page starts
after (``PA``) or ends before (``PB``), so fetching page N never rescans pages 0..N-1
and 100,000-item accounts page in linear time overall.
"""

from __future__ import annotations

import base64
import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import urlencode

from .errors import invalid


class Sequenced(Protocol):
    """Anything listed: it has a creation sequence number."""

    @property
    def seq(self) -> int:
        """Position in creation order."""


T = TypeVar("T", bound=Sequenced)


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after ``seq`` (forward) or before it (backward)."""

    seq: int
    forward: bool

    def token(self) -> str:
        """The opaque PageToken for this cursor."""
        raw = f"{'PA' if self.forward else 'PB'}{self.seq}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def parse(cls, token: str) -> Cursor:
        """Read a PageToken this server issued; anything else is a 400."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            if raw[:2] not in ("PA", "PB"):
                raise ValueError(raw)
            return cls(int(raw[2:]), raw[:2] == "PA")
        except ValueError:
            raise invalid(f"Invalid PageToken {token!r}") from None


@dataclass(frozen=True)
class Page(Generic[T]):
    """The items of one page and whether pages exist on either side."""

    items: list[T]
    has_next: bool
    has_previous: bool


def select(
    items: Sequence[T], keep: Callable[[T], bool], cursor: Cursor | None, size: int
) -> Page[T]:
    """One page of the items that ``keep`` accepts, starting at ``cursor``."""
    seqs = _SeqView(items)
    if cursor is None or cursor.forward:
        start = 0 if cursor is None else bisect.bisect_right(seqs, cursor.seq)
        found, more_at = _scan(items, keep, range(start, len(items)), size)
        before = _any(items, keep, range(start - 1, -1, -1))
        return Page(found, more_at is not None, cursor is not None and before)
    end = bisect.bisect_left(seqs, cursor.seq)
    found, more_at = _scan(items, keep, range(end - 1, -1, -1), size)
    found.reverse()
    return Page(found, _any(items, keep, range(end, len(items))), more_at is not None)


def _scan(
    items: Sequence[T], keep: Callable[[T], bool], indices: range, size: int
) -> tuple[list[T], int | None]:
    found: list[T] = []
    for index in indices:
        item = items[index]
        if keep(item):
            if len(found) == size:
                return found, index
            found.append(item)
    return found, None


def _any(items: Sequence[T], keep: Callable[[T], bool], indices: range) -> bool:
    return any(keep(items[i]) for i in indices)


class _SeqView(Sequence[int]):
    """The ``seq`` numbers of a list, for bisect, without copying."""

    def __init__(self, items: Sequence[Sequenced]) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        return self._items[index].seq


def envelope(
    key: str,
    resources: list[dict[str, Any]],
    page: Page[Any],
    *,
    base_url: str,
    path: str,
    filters: list[tuple[str, str]],
    page_size: int,
    page_number: int,
    cursor: Cursor | None,
) -> dict[str, Any]:
    """The list body: ``{key: [...], "meta": {...}}`` with absolute URLs to this server."""
    items = page.items

    def url(number: int, cursor: Cursor | None) -> str:
        query = [*filters, ("PageSize", str(page_size)), ("Page", str(number))]
        if cursor is not None:
            query.append(("PageToken", cursor.token()))
        return f"{base_url}{path}?{urlencode(query)}"

    next_url = (
        url(page_number + 1, Cursor(items[-1].seq, forward=True))
        if page.has_next and items
        else None
    )
    previous_url = (
        url(max(page_number - 1, 0), Cursor(items[0].seq, forward=False))
        if page.has_previous and items
        else None
    )
    return {
        key: resources,
        "meta": {
            "page": page_number,
            "page_size": page_size,
            "first_page_url": url(0, None),
            "previous_page_url": previous_url,
            "url": url(page_number, cursor),
            "next_page_url": next_url,
            "key": key,
        },
    }
