"""Zoom API errors -> Twilio error bodies (code, message, more_info, status)."""

from __future__ import annotations

import pytest

from mappings.errors import (
    MappingError,
    TwilioError,
    more_info_url,
    not_found_error,
    twilio_code_for_status,
    twilio_error,
    twilio_error_for_zoom,
)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, 20001),
        (401, 20003),
        (403, 20003),
        (404, 20404),
        (409, 20409),
        (429, 20429),
        (500, 20500),
        (502, 20500),
        (503, 20500),
        (405, None),
        (422, None),
    ],
)
def test_code_for_status(status: int, code: int | None) -> None:
    assert twilio_code_for_status(status) == code
    error = twilio_error(status, "boom")
    assert (error.status, error.code, error.message) == (status, code, "boom")
    expected_info = None if code is None else f"https://www.twilio.com/docs/errors/{code}"
    assert error.more_info == expected_info


@pytest.mark.parametrize(
    ("status", "message", "zoom_code", "action", "expected"),
    [
        (
            404,
            "Session does not exist",
            3001,
            "fetch",
            TwilioError(
                code=20404,
                message="The requested resource /v1/Rooms/RMx was not found",
                more_info="https://www.twilio.com/docs/errors/20404",
                status=404,
            ),
        ),
        (
            400,
            "Invalid field",
            300,
            "create",
            TwilioError(
                code=20001,
                message="Unable to create record: Invalid field (Zoom error 300)",
                more_info="https://www.twilio.com/docs/errors/20001",
                status=400,
            ),
        ),
        (
            429,
            "Too many requests",
            None,
            "fetch",
            TwilioError(
                code=20429,
                message="Unable to fetch record: Too many requests",
                more_info="https://www.twilio.com/docs/errors/20429",
                status=429,
            ),
        ),
        (
            503,
            "Unavailable",
            None,
            "delete",
            TwilioError(
                code=20500,
                message="Unable to delete record: Unavailable",
                more_info="https://www.twilio.com/docs/errors/20500",
                status=503,
            ),
        ),
    ],
)
def test_zoom_error_as_twilio(
    status: int, message: str, zoom_code: int | None, action: str, expected: TwilioError
) -> None:
    got = twilio_error_for_zoom(status, message, zoom_code, path="/Rooms/RMx", action=action)
    assert got == expected


def test_a_specific_code_replaces_the_generic_one() -> None:
    error = twilio_error(400, "Invalid Recording Rule(s)", code=53120)
    assert error.model_dump() == {
        "code": 53120,
        "message": "Invalid Recording Rule(s)",
        "more_info": "https://www.twilio.com/docs/errors/53120",
        "status": 400,
    }


def test_body_is_twilios_json_shape() -> None:
    body = not_found_error("/Recordings/RTx").model_dump()
    assert body == {
        "code": 20404,
        "message": "The requested resource /v1/Recordings/RTx was not found",
        "more_info": more_info_url(20404),
        "status": 404,
    }


def test_mapping_error_is_still_a_value_error() -> None:
    assert issubclass(MappingError, ValueError)
