"""Scrub secrets from text before it reaches output, logs, reports or manifests."""

from __future__ import annotations

import logging
import re

from pydantic import ValidationError

# Authorization headers, bearer tokens, basic-auth userinfo and signed-URL signatures.
_PATTERNS = (
    re.compile(r"(?i)(authorization:\s*)(\S+\s+)?\S+"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"),
    re.compile(r"(https?://)[^/@\s:]+:[^/@\s]+@"),
    re.compile(
        r"(?i)([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|X-Goog-Signature"
        r"|X-Goog-Credential|Signature|sig|token|access_token)=)[^&\s]+"
    ),
)


def _known_secrets() -> list[str]:
    from migrate.settings import Settings

    try:
        return Settings().secret_values()
    except ValidationError:
        return []


def redact(text: str, secrets: list[str] | None = None) -> str:
    """Replace every known secret value and credential-shaped substring with ``***``."""
    for value in secrets if secrets is not None else _known_secrets():
        if len(value) >= 4:
            text = text.replace(value, "***")
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + "***", text)
    return text


class RedactingFilter(logging.Filter):
    """Logging filter that redacts every record's message."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        self._secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self._secrets)
        record.args = ()
        return True
