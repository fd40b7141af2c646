"""Counterpart of ``twilio.request_validator``: checks ``X-Twilio-Signature``.

Written here rather than imported, because applications on the shim may not have ``twilio``
installed, and the webhook bridge signs callbacks the same way. Algorithm (twilio-python's
``twilio/request_validator.py``): the full URL, then each parameter name in sorted order followed by
each of its distinct values in sorted order; HMAC with the auth token; base64. Validation tries the
URL with and without the default port, and checks the ``bodySHA256`` query parameter against a JSON
body.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import SplitResult, parse_qs, urlsplit

SIGNATURE_HEADER = "X-Twilio-Signature"
HMAC_SHA1 = "HMAC_SHA1"
HMAC_SHA256 = "HMAC_SHA256"

_HASHES: dict[str, Callable[..., Any]] = {HMAC_SHA1: hashlib.sha1, HMAC_SHA256: hashlib.sha256}
_DEFAULT_PORTS = {"https": 443, "http": 80}


def compare(string1: str, string2: str) -> bool:
    """Constant-time string comparison."""
    return hmac.compare_digest(string1.encode("utf-8"), string2.encode("utf-8"))


def remove_port(uri: SplitResult) -> str:
    """The URL without an explicit port."""
    if not uri.port:
        return uri.geturl()
    return uri._replace(netloc=uri.netloc.rsplit(":", 1)[0]).geturl()


def add_port(uri: SplitResult) -> str:
    """The URL with the scheme's default port made explicit."""
    if uri.port:
        return uri.geturl()
    port = _DEFAULT_PORTS.get(uri.scheme, 80)
    return uri._replace(netloc=f"{uri.netloc}:{port}").geturl()


class RequestValidator:
    """Validates (and computes) Twilio webhook signatures with an auth token."""

    def __init__(self, token: str) -> None:
        self.token = token.encode("utf-8")

    def compute_signature(
        self, uri: str, params: Mapping[str, Any] | None, algorithm: str | None = None
    ) -> str:
        """The base64 HMAC signature of ``uri`` plus the sorted form parameters."""
        digest = _HASHES.get((algorithm or HMAC_SHA1).upper())
        if digest is None:
            raise ValueError(f"Unsupported webhook signature algorithm: {algorithm}")
        message = uri
        for name in sorted(set(params or {})):
            for value in sorted(set(self.get_values(params or {}, name))):
                message += name + value
        mac = hmac.new(self.token, message.encode("utf-8"), digest)
        return base64.b64encode(mac.digest()).decode("utf-8").strip()

    @staticmethod
    def get_values(params: Mapping[str, Any], name: str) -> list[str]:
        """Every value of ``name``: Flask ``MultiDict``, Django ``QueryDict`` or a plain dict."""
        for multi in ("getall", "getlist"):
            getter = getattr(params, multi, None)
            if callable(getter):
                return list(getter(name))
        return [params[name]]

    def compute_hash(self, body: str) -> str:
        """SHA-256 hex digest of a JSON webhook body (the ``bodySHA256`` parameter)."""
        return hashlib.sha256(body.encode("utf-8")).hexdigest().strip()

    def validate(
        self,
        uri: str,
        params: Mapping[str, Any] | str | None,
        signature: str,
        algorithm: str | None = None,
    ) -> bool:
        """True when ``signature`` matches the request Twilio (or the bridge) sent to ``uri``."""
        if (algorithm or HMAC_SHA1).upper() not in _HASHES:
            return False
        parsed = urlsplit(uri)
        body_ok = True
        form: Mapping[str, Any] | None = params if not isinstance(params, str) else None
        query = parse_qs(parsed.query)
        if isinstance(params, str):
            if "bodySHA256" in query:
                body_ok = compare(self.compute_hash(params), query["bodySHA256"][0])
            form = {}
        candidates = (remove_port(parsed), add_port(parsed))
        signature_ok = any(
            compare(self.compute_signature(url, form, algorithm), signature) for url in candidates
        )
        return body_ok and signature_ok
