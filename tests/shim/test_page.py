"""Twilio-style paging over a lazy stream: limits, page sizes, tokens, laziness."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from migrate.shim.base.exceptions import TwilioRestException
from migrate.shim.base.page import effective_page_size, first_page, stream_records


class Source:
    """Counts how many records were pulled, to prove paging stays lazy."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.pulled = 0
        self.sizes: list[int] = []

    def __call__(self, size: int) -> Iterator[int]:
        self.sizes.append(size)
        for i in range(self.total):
            self.pulled += 1
            yield i


def test_effective_page_size_follows_twilio() -> None:
    assert effective_page_size(None, None) == 50
    assert effective_page_size(20, None) == 20
    assert effective_page_size(20, 5) == 5
    assert effective_page_size(None, 5000) == 1000


def test_stream_is_lazy_and_limited() -> None:
    source = Source(10**9)
    assert list(itertools.islice(stream_records(source, None, 10), 3)) == [0, 1, 2]
    assert source.pulled == 3
    assert list(stream_records(Source(100), 7, None)) == list(range(7))
    assert Source(3) and list(stream_records(Source(3), None, None)) == [0, 1, 2]


def test_pages_and_tokens() -> None:
    source = Source(7)
    page = first_page(source, 3)
    assert list(page) == [0, 1, 2] and len(page) == 3
    assert page.previous_page() is None and page.previous_page_url is None
    token = page.next_page_token
    second = page.next_page()
    assert second is not None and list(second) == [3, 4, 5]
    last = second.next_page()
    assert last is not None and list(last) == [6] and last.next_page() is None
    assert last.next_page_token is None
    assert list(first_page(Source(7), 3, token)) == [3, 4, 5]
    assert list(first_page(Source(7), 3, page_number=2)) == [6]
    assert source.sizes == [3]


def test_foreign_token_is_a_400() -> None:
    with pytest.raises(TwilioRestException) as caught:
        first_page(Source(1), 3, "PAbogus")
    assert caught.value.status == 400
