"""Twilio REST error answers: ``{"code", "message", "more_info", "status"}`` (T§1.3)."""

from __future__ import annotations

# Twilio error codes the emulator answers with.
INVALID_PARAMETER = 20001
AUTHENTICATE = 20003
NOT_FOUND = 20404
TOO_MANY_REQUESTS = 20429
INTERNAL_ERROR = 20500
SERVICE_UNAVAILABLE = 20503
ROOM_EXISTS = 53113
INVALID_RECORDING_RULES = 53120
INVALID_SUBSCRIBE_RULES = 53215
ROOM_NOT_RECORDABLE = 53100


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
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def fault_body(status: int) -> dict[str, object]:
    """Body for an injected 429/5xx (used by the fault middleware)."""
    if status == 429:
        return error_body(status, TOO_MANY_REQUESTS, "Too Many Requests")
    if status == 503:
        return error_body(status, SERVICE_UNAVAILABLE, "Service Unavailable")
    return error_body(status, INTERNAL_ERROR, "Internal Server Error")


def not_found(path: str) -> ApiError:
    """404 for an unknown resource, worded like Twilio."""
    return ApiError(404, NOT_FOUND, f"The requested resource {path} was not found")


def invalid(message: str) -> ApiError:
    """400 for a parameter the spec or Twilio's rules refuse."""
    return ApiError(400, INVALID_PARAMETER, message)
