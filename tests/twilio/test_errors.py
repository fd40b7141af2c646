"""Error bodies in both of Twilio's formats, and answers of the wrong shape."""

from __future__ import annotations

import httpx
import pytest

from migrate.twilio.calls import ListCall, redirect_target, resource
from migrate.twilio.errors import UnexpectedResponseError, api_error
from migrate.twilio.models import Room

REQUEST = httpx.Request("GET", "https://video.twilio.com/v1/Rooms/RMx")


def _response(status: int, **kwargs: object) -> httpx.Response:
    return httpx.Response(status, request=REQUEST, **kwargs)  # type: ignore[arg-type]


def test_legacy_twilio_error_body() -> None:
    body = {
        "code": 20404,
        "message": "The requested resource /Rooms/RMx was not found",
        "more_info": "https://www.twilio.com/docs/errors/20404",
        "status": 404,
    }
    error = api_error(_response(404, json=body), secrets=[])
    assert (error.status, error.code, error.more_info) == (404, 20404, body["more_info"])
    assert str(error) == (
        "GET https://video.twilio.com/v1/Rooms/RMx failed with HTTP 404: The requested resource "
        "/Rooms/RMx was not found (Twilio error 20404, https://www.twilio.com/docs/errors/20404)"
    )


def test_rfc_9457_body() -> None:
    body = {
        "type": "https://www.twilio.com/docs/api/errors/20001",
        "title": "Invalid parameter",
        "status": 400,
        "code": 20001,
        "detail": "PageSize must be between 1 and 100",
    }
    error = api_error(_response(400, json=body), secrets=[])
    assert (error.code, error.message, error.more_info) == (20001, body["detail"], body["type"])


def test_non_json_error_falls_back_to_the_reason_phrase() -> None:
    error = api_error(_response(502, text="<html>bad gateway</html>"), secrets=[])
    assert (error.status, error.code, error.message) == (502, None, "Bad Gateway")


def test_server_text_echoing_a_secret_is_redacted() -> None:
    body = {"code": 20003, "message": "Authenticate: bad password hunter2-secret", "status": 401}
    error = api_error(_response(401, json=body), secrets=["hunter2-secret"])
    assert "hunter2-secret" not in str(error) and "***" in error.message


@pytest.mark.parametrize(
    ("parse", "bad_body"),
    [
        (resource(Room), {"status": "no-such-status"}),
        (ListCall("/v1/Rooms", (), Room).parse_page, {"meta": {"key": "rooms"}, "rooms": "oops"}),
        (ListCall("/v1/Rooms", (), Room).parse_page, {"rooms": []}),
        (redirect_target, {"redirect_to": "/relative/path"}),
    ],
)
def test_wrong_shapes_are_one_line_errors(parse, bad_body: dict) -> None:
    for response in (_response(200, text="not json"), _response(200, json=bad_body)):
        with pytest.raises(UnexpectedResponseError) as caught:
            parse(response)
        assert "\n" not in str(caught.value) and "GET /v1/Rooms/RMx" in str(caught.value)
