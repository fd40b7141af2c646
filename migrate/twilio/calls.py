"""Request specs and response parsers: the pure layer both clients execute.

A :class:`Call` is one request and how to read its answer; a :class:`ListCall` is the
first page of a list and how to read each page; a :class:`Pager` decides which page
comes next and which items to yield. None of them does I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from migrate.twilio.errors import UnexpectedResponseError
from migrate.twilio.models import Page, PageMeta, ResourceT
from migrate.twilio.params import Params

T = TypeVar("T")
ModelT = TypeVar("ModelT", bound=BaseModel)
Parser = Callable[[httpx.Response], T]

SUCCESS = range(200, 300)
# /Media answers 302 with the URL in its body
# (https://www.twilio.com/docs/video/api/recordings-resource); any 2xx/3xx is read.
SUCCESS_OR_REDIRECT = range(200, 400)


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request: method, path under the base URL, parameters and the answer's parser."""

    method: str
    path: str
    parse: Parser[T]
    query: Params = ()
    form: Params = ()
    ok: range = SUCCESS


@dataclass(frozen=True)
class ListCall(Generic[ResourceT]):
    """A list's first page (path and query, PageSize included) and the item model.

    ``limit`` caps the items yielded; later pages come from ``meta.next_page_url``.
    """

    path: str
    query: Params
    model: type[ResourceT]
    limit: int | None = None

    def parse_page(self, response: httpx.Response) -> Page[ResourceT]:
        """Read one list response: the array named by ``meta.key`` and ``meta``."""
        body = _json(response)
        if not isinstance(body, dict) or not isinstance(body.get("meta"), dict):
            raise _unexpected(response, "a list response without meta")
        meta = _validate(PageMeta, body["meta"], response)
        key = meta.key or _only_array_key(body)
        raw_items = body.get(key) if key else None
        if not isinstance(raw_items, list):
            raise _unexpected(response, f"a list response without its {key!r} array")
        items = [_validate(self.model, item, response) for item in raw_items]
        return Page[ResourceT](items=items, meta=meta)


def path(template: str, *parts: str) -> str:
    """Fill ``{}`` placeholders with percent-encoded parts (unique names may hold ``/``)."""
    return template.format(*(quote(part, safe="") for part in parts))


def resource(model: type[ResourceT]) -> Parser[ResourceT]:
    """Parser that validates the JSON body as ``model``."""

    def parse(response: httpx.Response) -> ResourceT:
        return _validate(model, _json(response), response)

    return parse


def no_content(response: httpx.Response) -> None:
    """Parser for DELETE (204): nothing to read."""


def redirect_target(response: httpx.Response) -> str:
    """The temporary media URL of a ``/Media`` answer, without following it.

    Twilio documents the JSON body's ``redirect_to``; a ``Location`` header is the
    fallback, as whether Twilio also sends one is unconfirmed.
    """
    try:
        body = response.json()
    except ValueError:
        body = None
    target = body.get("redirect_to") if isinstance(body, dict) else None
    target = target or response.headers.get("location")
    if not isinstance(target, str) or not target.startswith(("https://", "http://")):
        raise _unexpected(response, "a media answer without an absolute redirect_to URL")
    return target


def _only_array_key(body: dict[str, object]) -> str | None:
    # twilio-python's fallback when meta.key is missing: the one non-meta key
    # (``twilio/base/page.py``).
    keys = [key for key in body if key != "meta"]
    return keys[0] if len(keys) == 1 else None


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        raise _unexpected(response, "a body that is not JSON") from None


def _validate(model: type[ModelT], data: object, response: httpx.Response) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        problem = f"a {model.__name__} that does not validate ({where}: {first['msg']})"
        raise _unexpected(response, problem) from None


def _unexpected(response: httpx.Response, what: str) -> UnexpectedResponseError:
    request = response.request
    return UnexpectedResponseError(
        f"{request.method} {request.url.path} answered HTTP {response.status_code} with {what}"
    )


class Pager(Generic[ResourceT]):
    """Walks a list one page at a time: which request comes next, which items to yield.

    Only the current page is held. Later pages are requested at ``meta.next_page_url``
    verbatim (the clients refuse one on another host); ``limit`` stops both yielding
    and fetching.
    """

    def __init__(self, listing: ListCall[ResourceT]) -> None:
        self._listing = listing
        self._remaining = listing.limit
        self._next: Call[Page[ResourceT]] | None = Call(
            "GET", listing.path, listing.parse_page, query=listing.query
        )

    def next_call(self) -> Call[Page[ResourceT]] | None:
        """The request for the next page, or None when the list (or the limit) is done."""
        return None if self._remaining == 0 else self._next

    def take(self, page: Page[ResourceT]) -> list[ResourceT]:
        """The page's items to yield, and the next page's request remembered."""
        items = page.items
        if self._remaining is not None:
            items = items[: self._remaining]
            self._remaining -= len(items)
        next_url = page.meta.next_page_url
        self._next = Call("GET", next_url, self._listing.parse_page) if next_url else None
        return items
