"""Zoom API errors reach the application as twilio's exception, coded by mappings.errors."""

from __future__ import annotations

import pytest

from mappings.errors import twilio_error_for_zoom
from migrate.shim.base.exceptions import TwilioRestException
from migrate.shim.errors import not_found, rest_error, zoom_errors
from migrate.zoom.errors import ZoomApiError


@pytest.mark.parametrize(
    ("status", "zoom_code", "code"),
    [
        (400, 300, 20001),
        (401, 124, 20003),
        (404, 3001, 20404),
        (429, None, 20429),
        (502, None, 20500),
    ],
)
def test_zoom_api_error_becomes_twilio_rest_exception(
    status: int, zoom_code: int | None, code: int
) -> None:
    with pytest.raises(TwilioRestException) as caught, zoom_errors("/Rooms/RMx", "POST", "create"):
        raise ZoomApiError(status, zoom_code, "refused")
    expected = twilio_error_for_zoom(
        status, "refused", zoom_code, path="/Rooms/RMx", action="create"
    )
    exc = caught.value
    assert (exc.status, exc.code, exc.msg, exc.method) == (status, code, expected.message, "POST")
    assert exc.uri == "https://video.twilio.com/v1/Rooms/RMx"
    assert isinstance(exc.__cause__, ZoomApiError)


def test_shim_helpers_use_the_same_codes() -> None:
    assert (rest_error(400, "/Rooms", "bad").code, not_found("/Rooms/RMx").code) == (20001, 20404)
    assert not_found("/Rooms/RMx").msg == "The requested resource /v1/Rooms/RMx was not found"
