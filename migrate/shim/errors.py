"""How the shim reports what Zoom cannot do, and Zoom failures, in Twilio's terms.

Every message names the Twilio call, the Zoom alternative and the docs section, taken
from ``mappings.catalog``; Twilio's codes and wording for Zoom failures come from
``mappings.errors``, so the shim never re-decides a mapping. When Zoom cannot be reached
at all the shim raises ``TwilioException``, the base class twilio-python raises for
failures that carry no HTTP answer, so an application's existing handlers still apply.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from mappings.catalog import lookup
from mappings.errors import TwilioError, not_found_error, twilio_error, twilio_error_for_zoom
from migrate.redact import redact
from migrate.shim import ShimCompatibilityWarning
from migrate.shim.base.exceptions import TwilioException, TwilioRestException
from migrate.zoom.errors import ZoomApiError, ZoomTransportError

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
    catalog_key: str, call: str, uri: str, method: str = "GET", reason: str | None = None
) -> ShimNotSupportedError:
    """The error for ``call``: not on Zoom, with the alternative and the docs section.

    ``reason`` replaces the generic "is not supported on Zoom" when only these arguments,
    not the call itself, are what Zoom cannot carry.
    """
    entry = lookup(catalog_key)
    why = (
        f"cannot be carried out on Zoom: {reason.rstrip('.')}"
        if reason
        else "is not supported on Zoom"
    )
    message = f"{call} {why}. Instead: {entry.zoom}. {entry.notes} See {docs_link(catalog_key)}"
    return ShimNotSupportedError(NOT_SUPPORTED_STATUS, twilio_url(uri), message, None, method)


def warn_compat(message: str, stacklevel: int = 3) -> None:
    """Emit a :class:`ShimCompatibilityWarning` (at the application's call site)."""
    warnings.warn(message, ShimCompatibilityWarning, stacklevel=stacklevel)


def twilio_url(uri: str) -> str:
    """The Twilio URL an application would have called (kept in exceptions, as twilio does)."""
    return uri if uri.startswith("http") else f"{TWILIO_VIDEO_BASE}{uri}"


def twilio_exception(error: TwilioError, uri: str, method: str = "GET") -> TwilioRestException:
    """The exception twilio-python raises for ``error``, a decision of ``mappings``."""
    return TwilioRestException(error.status, twilio_url(uri), error.message, error.code, method)


def rest_error(status: int, uri: str, message: str, method: str = "GET") -> TwilioRestException:
    """A TwilioRestException with Twilio's code for ``status``."""
    return twilio_exception(twilio_error(status, message), uri, method)


def not_found(uri: str, method: str = "GET") -> TwilioRestException:
    """Twilio's 404 for a resource the shim cannot find on Zoom."""
    return twilio_exception(not_found_error(uri), uri, method)


def unreachable(uri: str, method: str, error: ZoomTransportError) -> TwilioException:
    """twilio's error for a call that got no answer: one line, naming Zoom's host.

    The transport error already names the host and carries no credential (the Zoom client
    redacts its own secrets); newlines are folded so the message stays one line.
    """
    detail = " ".join(str(error).split())
    return TwilioException(f"{method} {twilio_url(uri)}: Zoom API unreachable ({detail})")


@contextmanager
def zoom_errors(
    uri: str, method: str = "GET", action: str = "fetch", secrets: Sequence[str] = ()
) -> Iterator[None]:
    """Turn a Zoom failure inside the block into the exception twilio raises for it.

    An API error becomes ``TwilioRestException``; no answer at all becomes
    ``TwilioException``. ``secrets`` sent in the block (an AWS key for a storage
    location) are scrubbed from Zoom's message, and the Zoom error is then not chained,
    so its unscrubbed text cannot reach a traceback.
    """
    try:
        yield
    except ZoomApiError as exc:
        message = redact(exc.message, list(secrets)) if secrets else exc.message
        error = twilio_error_for_zoom(exc.status, message, exc.code, path=uri, action=action)
        raise twilio_exception(error, uri, method) from (None if secrets else exc)
    except ZoomTransportError as exc:
        raise unreachable(uri, method, exc) from exc


def call_zoom(fn: Callable[[], T], uri: str, method: str = "GET", action: str = "fetch") -> T:
    """Run one Zoom call under :func:`zoom_errors`."""
    with zoom_errors(uri, method, action):
        return fn()
