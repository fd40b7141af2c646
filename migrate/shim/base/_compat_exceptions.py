"""Stand-ins for twilio's exception classes, used only when ``twilio`` is not installed."""

from __future__ import annotations


class TwilioException(Exception):
    """Base of every Twilio error."""


class TwilioRestException(TwilioException):
    """A 4xx or 5xx answer from the API; same constructor and attributes as twilio's."""

    def __init__(
        self,
        status: int,
        uri: str,
        msg: str = "",
        code: int | None = None,
        method: str = "GET",
        details: object | None = None,
    ) -> None:
        super().__init__(status, uri, msg)
        self.uri = uri
        self.status = status
        self.msg = msg
        self.code = code
        self.method = method
        self.details = details

    def __str__(self) -> str:
        return f"HTTP {self.status} error: {self.msg}"
