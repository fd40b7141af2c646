"""Zoom webhook signatures, the URL validation challenge and delivery semantics
(https://developers.zoom.us/docs/api/webhooks/).

The signature is ``v0=`` + hex HMAC-SHA256(secret, ``v0:{timestamp}:{raw body}``), always
computed over the raw request bytes: re-serialised JSON would not match.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping

from mappings import limits
from migrate.zoom.errors import ZoomError

SIGNATURE_HEADER = "x-zm-signature"
TIMESTAMP_HEADER = "x-zm-request-timestamp"
SIGNATURE_VERSION = "v0"
# A delivery counts as received only when answered 200 or 204 within
# limits.ZOOM_WEBHOOK_ACK_SECONDS (https://developers.zoom.us/docs/api/webhooks/).
ACK_STATUSES = frozenset({200, 204})
# After a failed delivery Zoom tries 3 more times: 5 minutes after the first try, 20 minutes
# after the first retry, 60 minutes after the second; then it gives up (same page).
WEBHOOK_RETRY_DELAYS: tuple[float, ...] = (300.0, 1200.0, 3600.0)


class WebhookVerificationError(ZoomError):
    """The request is not a fresh webhook signed with our secret token (one-line reason)."""


def _signature(body: bytes, secret: str, timestamp: str) -> str:
    message = f"{SIGNATURE_VERSION}:{timestamp}:".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def _timestamp_header(seconds: float) -> str:
    return str(int(seconds * limits.ZOOM_WEBHOOK_TIMESTAMP_TICKS_PER_SECOND))


def _header_seconds(value: str) -> float:
    return int(value) / limits.ZOOM_WEBHOOK_TIMESTAMP_TICKS_PER_SECOND


def sign_webhook(body: bytes, secret: str, timestamp: float | None = None) -> dict[str, str]:
    """Headers Zoom would send with ``body``: content type, timestamp and signature."""
    stamp = _timestamp_header(time.time() if timestamp is None else timestamp)
    return {
        "content-type": "application/json",
        TIMESTAMP_HEADER: stamp,
        SIGNATURE_HEADER: _signature(body, secret, stamp),
    }


def verify_webhook(
    body: bytes,
    headers: Mapping[str, str],
    secret: str,
    *,
    now: float | None = None,
    tolerance: float = limits.ZOOM_WEBHOOK_TOLERANCE_SECONDS,
) -> None:
    """Raise :class:`WebhookVerificationError` unless ``body`` is signed and fresh.

    ``headers`` may use any letter case. The timestamp must lie within ``tolerance``
    seconds of ``now`` (either side, for clock skew).
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    signature = lowered.get(SIGNATURE_HEADER)
    stamp = lowered.get(TIMESTAMP_HEADER)
    if not signature or not stamp:
        raise WebhookVerificationError(f"missing {SIGNATURE_HEADER} or {TIMESTAMP_HEADER} header")
    try:
        sent = _header_seconds(stamp)
    except ValueError:
        raise WebhookVerificationError(f"{TIMESTAMP_HEADER} is not a number") from None
    current = time.time() if now is None else now
    if abs(current - sent) > tolerance:
        raise WebhookVerificationError(
            f"webhook timestamp is {abs(current - sent):.0f} s away from now "
            f"(allowed {tolerance:.0f} s)"
        )
    if not hmac.compare_digest(signature.encode(), _signature(body, secret, stamp).encode()):
        raise WebhookVerificationError("webhook signature does not match")


def url_validation_response(plain_token: str, secret: str) -> dict[str, str]:
    """The answer to ``endpoint.url_validation``: the token and its hex HMAC-SHA256."""
    encrypted = hmac.new(secret.encode(), plain_token.encode(), hashlib.sha256).hexdigest()
    return {"plainToken": plain_token, "encryptedToken": encrypted}
