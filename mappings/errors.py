"""Errors raised by the mapping layer, and Zoom API errors in Twilio's error terms.

:class:`MappingError` is what the mapping functions raise (pure; the CLI turns it into a one-line
message). :func:`twilio_error_for_zoom` is the Zoom -> Twilio error rule: a Zoom answer's HTTP
status picks Twilio's generic code for that status (https://www.twilio.com/docs/api/errors), worded
as twilio-python words its messages, so the shim and anything else re-sending a Zoom failure report
the same code.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mappings.fidelity import FrozenModel


class MappingError(ValueError):
    """A Twilio value cannot be expressed on Zoom at all (not merely approximately)."""


# Twilio's generic error code for each HTTP status an application can see from Zoom.
TWILIO_CODES_BY_STATUS: Mapping[int, int] = MappingProxyType(
    {400: 20001, 401: 20003, 403: 20003, 404: 20404, 409: 20409, 429: 20429}
)
# Twilio's code for any 5xx ("Internal Server Error").
TWILIO_SERVER_ERROR_CODE = 20500
TWILIO_ERROR_DOCS = "https://www.twilio.com/docs/errors/{code}"


class TwilioError(FrozenModel):
    """Twilio's REST error body: ``{"code", "message", "more_info", "status"}``.

    ``code`` and ``more_info`` are None for a status Twilio has no generic code for.
    """

    code: int | None
    message: str
    more_info: str | None
    status: int


def twilio_code_for_status(status: int) -> int | None:
    """Twilio's generic error code for an HTTP status (20500 for any 5xx), else None."""
    if status in TWILIO_CODES_BY_STATUS:
        return TWILIO_CODES_BY_STATUS[status]
    return TWILIO_SERVER_ERROR_CODE if status >= 500 else None


def more_info_url(code: int) -> str:
    """The page Twilio links from an error body's ``more_info``."""
    return TWILIO_ERROR_DOCS.format(code=code)


def twilio_error(status: int, message: str, *, code: int | None = None) -> TwilioError:
    """Twilio's error body for ``status`` with ``message``.

    ``code`` is a specific Twilio code (such as 53120); without it, the generic code for
    the status is used.
    """
    if code is None:
        code = twilio_code_for_status(status)
    return TwilioError(
        code=code,
        message=message,
        more_info=more_info_url(code) if code is not None else None,
        status=status,
    )


def not_found_error(path: str) -> TwilioError:
    """Twilio's 404 for a Video resource path such as ``/Rooms/RM...`` (without ``/v1``)."""
    return twilio_error(404, f"The requested resource /v1{path} was not found")


def twilio_error_for_zoom(
    status: int,
    zoom_message: str,
    zoom_code: int | None = None,
    *,
    path: str,
    action: str = "fetch",
) -> TwilioError:
    """A Zoom API error answer (HTTP status, message, Zoom code) as Twilio reports it.

    A 404 is Twilio's not-found for ``path``; anything else reads
    ``Unable to <action> record: <Zoom message> (Zoom error <code>)``, twilio-python's
    wording, with Zoom's code kept in the text since Twilio's code replaces it.
    """
    if status == 404:
        return not_found_error(path)
    detail = f"Unable to {action} record: {zoom_message}"
    if zoom_code is not None:
        detail += f" (Zoom error {zoom_code})"
    return twilio_error(status, detail)
