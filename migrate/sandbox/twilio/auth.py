"""HTTP Basic authentication as Twilio accepts it: Account SID + auth token, or API key pair."""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Iterable


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """``(username, password)`` from an ``Authorization: Basic`` header, or None."""
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep else None


def authorized(header: str | None, accepted: Iterable[tuple[str, str]]) -> bool:
    """True when the header carries one of the ``accepted`` (username, secret) pairs."""
    given = basic_credentials(header)
    if given is None:
        return False
    # Compare every pair in constant time so timing reveals nothing about which was close.
    matches = [
        hmac.compare_digest(given[0].encode(), user.encode())
        & hmac.compare_digest(given[1].encode(), secret.encode())
        for user, secret in accepted
    ]
    return any(matches)
