"""Counterpart of ``twilio.base.exceptions``.

When ``twilio`` is installed these ARE twilio's classes, so an application's existing
``except TwilioRestException`` clauses (importing from either package) still catch
errors raised by the shim. Without ``twilio`` a compatible class with the same
constructor, attributes and plain-text ``str()`` takes its place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:

    class TwilioException(Exception):
        """Base of every Twilio error."""

    class TwilioRestException(TwilioException):
        """A 4xx or 5xx answer from the API (twilio's signature)."""

        status: int
        uri: str
        msg: str
        code: int | None
        method: str
        details: object | None

        def __init__(
            self,
            status: int,
            uri: str,
            msg: str = "",
            code: int | None = None,
            method: str = "GET",
            details: object | None = None,
        ) -> None: ...

else:
    try:
        from twilio.base.exceptions import TwilioException, TwilioRestException
    except ImportError:
        from migrate.shim.base._compat_exceptions import TwilioException, TwilioRestException

__all__ = ["TwilioException", "TwilioRestException"]
