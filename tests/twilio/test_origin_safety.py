"""Credentials never leave the API's origin: foreign next-page URLs and redirects.

The emulator always points at itself, so a misbehaving API is a small Starlette app
here, served over real sockets, beside a second "foreign" server that must stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from migrate.retry import RetryPolicy
from migrate.sandbox.runner import ServerHandle, serve
from migrate.twilio import (
    AsyncTwilioVideoClient,
    TwilioApiError,
    TwilioVideoClient,
    UnexpectedResponseError,
)
from tests.twilio.conftest import BlockingAsyncClient

ROOM = {"sid": "RM" + "a" * 32, "status": "completed"}


@pytest.fixture
def foreign() -> Iterator[tuple[ServerHandle, list[Request]]]:
    seen: list[Request] = []

    async def record(request: Request) -> Response:
        seen.append(request)
        return JSONResponse({"rooms": [], "meta": {"key": "rooms", "next_page_url": None}})

    app = Starlette(routes=[Route("/{path:path}", record, methods=["GET", "POST"])])
    with serve(app) as handle:
        yield handle, seen


@pytest.fixture
def hostile_api(foreign: tuple[ServerHandle, list[Request]]) -> Iterator[ServerHandle]:
    elsewhere = foreign[0].url

    async def rooms(request: Request) -> Response:
        meta = {"key": "rooms", "next_page_url": f"{elsewhere}/v1/Rooms?Page=1&PageToken=x"}
        return JSONResponse({"rooms": [ROOM], "meta": meta})

    async def moved(request: Request) -> Response:
        return JSONResponse({}, status_code=307, headers={"Location": f"{elsewhere}/v1/Rooms/x"})

    app = Starlette(
        routes=[
            Route("/v1/Rooms", rooms),
            Route("/v1/Rooms/{sid}", moved, methods=["GET", "POST"]),
        ]
    )
    with serve(app) as handle:
        yield handle


def _client(kind: str, base_url: str) -> Any:
    options: dict[str, Any] = {"base_url": base_url, "retry": RetryPolicy(attempts=1)}
    if kind == "sync":
        return TwilioVideoClient("SK" + "0" * 32, "top-secret-value", **options)
    return BlockingAsyncClient(
        AsyncTwilioVideoClient("SK" + "0" * 32, "top-secret-value", **options)
    )


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_next_page_on_another_host_is_refused(
    kind: str, hostile_api: ServerHandle, foreign: tuple[ServerHandle, list[Request]]
) -> None:
    client = _client(kind, hostile_api.url)
    seen: list[Any] = []
    try:
        with pytest.raises(UnexpectedResponseError, match="refusing to send credentials"):
            for room in client.list_rooms(status="completed"):
                seen.append(room)
    finally:
        client.close()
    assert [room.sid for room in seen] == [ROOM["sid"]]  # the first page was used
    assert foreign[1] == []  # and the foreign host never heard from us


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_redirects_are_not_followed(
    kind: str, hostile_api: ServerHandle, foreign: tuple[ServerHandle, list[Request]]
) -> None:
    client = _client(kind, hostile_api.url)
    try:
        with pytest.raises(TwilioApiError) as caught:
            client.fetch_room("x")
    finally:
        client.close()
    assert caught.value.status == 307
    assert foreign[1] == []


def test_base_url_with_credentials_is_a_config_error() -> None:
    from migrate.errors import ConfigError

    with pytest.raises(ConfigError):
        TwilioVideoClient("SK1", "secret", base_url="https://SK1:secret@video.twilio.com")
    with pytest.raises(ConfigError):
        TwilioVideoClient("SK1", "secret", base_url="ftp://video.twilio.com")
