"""The one stream/list/page trio: arguments bind as twilio-python's signatures do."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from migrate.shim.base.list_resource import ListResource


class Numbers(ListResource[int]):
    """0..99, filtered by parity and a floor: a stand-in resource with two filters."""

    filters = ("parity", "at_least")

    def __init__(self) -> None:
        self.opened: list[tuple[str | None, int | None, int]] = []

    def _records(self, parity: str | None, at_least: int | None) -> Callable[[int], Iterator[int]]:
        def records(page_size: int) -> Iterator[int]:
            self.opened.append((parity, at_least, page_size))
            for n in range(100):
                if parity == "even" and n % 2:
                    continue
                if at_least is not None and n < at_least:
                    continue
                yield n

        return records


def test_keywords_and_positionals_bind_like_twilio_python() -> None:
    numbers = Numbers()
    assert numbers.list(parity="even", at_least=90) == [90, 92, 94, 96, 98]
    assert numbers.list("even", 90, 2) == [90, 92]  # filters, then limit
    assert list(numbers.stream(at_least=97)) == [97, 98, 99]
    assert numbers.opened[1] == ("even", 90, 2)  # limit alone sets the page size


def test_pages_follow_tokens() -> None:
    numbers = Numbers()
    first = numbers.page(parity="even", page_size=20)
    assert list(first) == list(range(0, 40, 2))
    token = first.next_page_token
    assert token is not None
    again = numbers.page(parity="even", page_token=token, page_size=20)
    assert list(again) == list(range(40, 80, 2))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda n: n.list(colour="red"), "unexpected keyword argument 'colour'"),
        (lambda n: n.list("even", parity="odd"), "multiple values for argument 'parity'"),
        (lambda n: n.list(1, 2, 3, 4, 5), "takes at most 4 arguments"),
        (lambda n: n.page(limit=3), "unexpected keyword argument 'limit'"),
    ],
)
def test_wrong_arguments_are_type_errors(call: Callable[[Numbers], object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call(Numbers())
