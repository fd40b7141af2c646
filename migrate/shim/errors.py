"""How the shim reports what Zoom cannot do, and Zoom failures, in Twilio's terms.

Every message names the Twilio call, the Zoom alternative and the docs section, taken
from ``mappings.catalog``; Twilio's codes and wording for Zoom failures come from
``mappings.errors``, so the shim never re-decides a mapping.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from mappings.catalog import lookup
from mappings.errors import TwilioError, not_found_error, twilio_error, twilio_error_for_zoom
from migrate.shim import ShimCompatibilityWarning
from migrate.shim.base.exceptions import TwilioRestException
from migrate.zoom.errors import ZoomApiError

T = TypeVar("T")

TWILIO_VIDEO_BASE = "https://video.twilio.com/v1"
MAPPING_DOCS = "docs/mapping.md"
SHIM_DOCS = "docs/shim.md"
# HTTP status for a call the shim cannot perform on Zoom: "Not Implemented".
NOT_SUPPORTED_STATUS = 501


class ShimNotSupportedError(TwilioRestException):
    """A Twilio Video call with no Zoom equivalent; the message says what to do instead."""


def docs_link(catalog_key: str) -> str:
    """``docs/mapping.md#<anchor>`` for a catalog entry."""
    return f"{MAPPING_DOCS}#{lookup(catalog_key).docs_anchor}"


def not_supported(
    catalog_key: str, call: str, uri: str, method: str = "GET"
) -> ShimNotSupportedError:
    """The error for ``call``: not on Zoom, with the alternative and the docs section."""
    entry = lookup(catalog_key)
    message = (
        f"{call} is not supported on Zoom. Instead: {entry.zoom}. {entry.notes} "
        f"See {docs_link(catalog_key)}"
    )
    return ShimNotSupportedError(NOT_SUPPORTED_STATUS, twilio_url(uri), message, None, method)


def warn_compat(message: str, stacklevel: int = 3) -> None:
    """Emit a :class:`ShimCompatibilityWarning` (at the application's call site)."""
    warnings.warn(message, ShimCompatibilityWarning, stacklevel=stacklevel)


def twilio_url(uri: str) -> str:
    """The Twilio URL an application would have called (kept in exceptions, as twilio does)."""
    return uri if uri.startswith("http") else f"{TWILIO_VIDEO_BASE}{uri}"


def _exception(error: TwilioError, uri: str, method: str) -> TwilioRestException:
    return TwilioRestException(error.status, twilio_url(uri), error.message, error.code, method)


def rest_error(status: int, uri: str, message: str, method: str = "GET") -> TwilioRestException:
    """A TwilioRestException with Twilio's code for ``status``."""
    return _exception(twilio_error(status, message), uri, method)


def not_found(uri: str, method: str = "GET") -> TwilioRestException:
    """Twilio's 404 for a resource the shim cannot find on Zoom."""
    return _exception(not_found_error(uri), uri, method)


@contextmanager
def zoom_errors(uri: str, method: str = "GET", action: str = "fetch") -> Iterator[None]:
    """Turn a Zoom API error inside the block into the TwilioRestException twilio raises."""
    try:
        yield
    except ZoomApiError as exc:
        error = twilio_error_for_zoom(exc.status, exc.message, exc.code, path=uri, action=action)
        raise _exception(error, uri, method) from exc


def call_zoom(fn: Callable[[], T], uri: str, method: str = "GET", action: str = "fetch") -> T:
    """Run one Zoom call under :func:`zoom_errors`."""
    with zoom_errors(uri, method, action):
        return fn()
