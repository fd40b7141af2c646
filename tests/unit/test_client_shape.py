"""The Twilio and Zoom clients have one shape: module names, constructor, transport hook."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import httpx
import pytest

from migrate.twilio import AsyncTwilioVideoClient, TwilioApiError, TwilioVideoClient
from migrate.twilio.core import BaseTwilioClient
from migrate.zoom import ZoomApiError, ZoomClient
from migrate.zoom.core import BaseZoomClient

ROOT = Path(__file__).resolve().parents[2]
SHARED = ("base_url", "timeout", "retry", "http2", "max_connections", "transport")


def test_both_packages_use_the_same_module_names() -> None:
    for name in ("core.py", "sync_client.py", "operations.py", "errors.py", "models.py"):
        assert (ROOT / "migrate/twilio" / name).is_file()
        assert (ROOT / "migrate/zoom" / name).is_file()


@pytest.mark.parametrize("client", [TwilioVideoClient, AsyncTwilioVideoClient, ZoomClient])
def test_constructors_share_their_keywords(client: type) -> None:
    parameters = inspect.signature(client.__init__).parameters
    assert all(p.kind is not inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    assert list(parameters)[1:3] in (["username", "password"], ["api_key", "api_secret"])
    for name in SHARED:
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, name
    assert parameters["timeout"].annotation == "httpx.Timeout"
    assert issubclass(client, BaseTwilioClient | BaseZoomClient)


def _not_found(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404, json={"code": 20404, "message": "not here", "status": 404})

    return httpx.MockTransport(handler)


def test_transport_replaces_the_network_for_every_client() -> None:
    seen: list[httpx.Request] = []
    with (
        TwilioVideoClient("SK1", "secret", transport=_not_found(seen)) as twilio,
        pytest.raises(TwilioApiError),
    ):
        twilio.fetch_room("RM" + "0" * 32)

    async def fetch() -> None:
        async with AsyncTwilioVideoClient("SK1", "secret", transport=_not_found(seen)) as client:
            await client.fetch_room("RM" + "0" * 32)

    with pytest.raises(TwilioApiError):
        asyncio.run(fetch())
    with (
        ZoomClient("key", "secret-0123456789abcdef0123456789", transport=_not_found(seen)) as zoom,
        pytest.raises(ZoomApiError),
    ):
        zoom.get_session("abc")
    hosts = [request.url.host for request in seen]
    assert hosts == ["video.twilio.com", "video.twilio.com", "api.zoom.us"]
