"""Twilio REST error answers: ``{"code", "message", "more_info", "status"}``
(https://www.twilio.com/docs/api/errors).

Bodies, documentation links and the generic code of each HTTP status come from
``mappings.errors``; only the codes nothing else in the project answers with live here.
"""

from __future__ import annotations

from mappings.errors import (
    TWILIO_CODES_BY_STATUS,
    TWILIO_SERVER_ERROR_CODE,
    not_found_error,
    twilio_error,
)
from mappings.recording_rules import RuleValidationError

# Twilio error codes the emulator answers with.
INVALID_PARAMETER = TWILIO_CODES_BY_STATUS[400]
AUTHENTICATE = TWILIO_CODES_BY_STATUS[401]
NOT_FOUND = TWILIO_CODES_BY_STATUS[404]
TOO_MANY_REQUESTS = TWILIO_CODES_BY_STATUS[429]
INTERNAL_ERROR = TWILIO_SERVER_ERROR_CODE
# Twilio's own 503 "Service Unavailable"; mappings gives every 5xx 20500 when it
# translates Zoom failures, but the emulator answers as Twilio itself does.
SERVICE_UNAVAILABLE = 20503
ROOM_EXISTS = 53113


class ApiError(Exception):
    """An error answer: HTTP status, Twilio code and a message."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, object]:
        """The JSON body Twilio sends for this error."""
        return error_body(self.status, self.code, self.message)


def error_body(status: int, code: int, message: str) -> dict[str, object]:
    """Twilio's legacy error JSON."""
    return twilio_error(status, message, code=code).model_dump()


def fault_body(status: int) -> dict[str, object]:
    """Body for an injected 429/5xx (used by the fault middleware)."""
    if status == 429:
        return error_body(status, TOO_MANY_REQUESTS, "Too Many Requests")
    if status == 503:
        return error_body(status, SERVICE_UNAVAILABLE, "Service Unavailable")
    return error_body(status, INTERNAL_ERROR, "Internal Server Error")


def not_found(path: str) -> ApiError:
    """404 for an unknown resource, worded like Twilio.

    ``path`` is the Video resource path; a leading ``/v1`` is optional (mappings adds it).
    """
    message = not_found_error(path.removeprefix("/v1")).message
    return ApiError(404, NOT_FOUND, message)


def invalid(message: str) -> ApiError:
    """400 for a parameter the spec or Twilio's rules refuse."""
    return ApiError(400, INVALID_PARAMETER, message)


def rule_error(error: RuleValidationError) -> ApiError:
    """A rule list mappings refused, as Twilio's 400 answer (code 53120 or 53215)."""
    answer = error.twilio_error()
    assert answer.code is not None  # a rule error always carries its specific code
    return ApiError(answer.status, answer.code, answer.message)
