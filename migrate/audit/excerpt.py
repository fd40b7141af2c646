"""Source excerpts for reports, with anything credential-shaped masked.

Reports quote the code they point at; a hard-coded token on that line must not travel
with it. Values in .env files are never quoted at all.
"""

from __future__ import annotations

import re

from migrate.redact import redact

MAX_EXCERPT_LINES = 3
MAX_LINE_CHARS = 160
MASK = "***"

# Twilio SIDs and auth tokens, and any long hex or base64-ish run that may be a secret.
_SECRET_SHAPES = re.compile(r"\b(?:AC|SK|IS|CH)[0-9a-fA-F]{32}\b|\b[0-9a-fA-F]{32,}\b")
_CREDENTIAL_WORD = re.compile(r"(?i)token|secret|password|passwd|api_?key|auth|credential")
# A credential name right before a value: AUTH_TOKEN = "...", secret: '...', password=".
_CREDENTIAL_KEY = re.compile(
    r"(?i)(?:token|secret|password|passwd|api_?key|auth|credential)\w*[\"']?\s*[=:]\s*$"
)
_LITERAL = re.compile(r"""(["'])((?:\\.|(?!\1).)*)\1""")
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
# Literals shorter than this are left alone ("a", "us1"): too short to be a credential.
_MIN_SECRET_CHARS = 6
_ENV_VALUE = re.compile(r"^(\s*(?:export\s+)?[\w.-]+\s*[=:]).*$")


def excerpt(
    lines: list[str], line: int, end_line: int, secrets: list[str], env_file: bool = False
) -> str:
    """Lines ``line``..``end_line`` (at most three, each cut short), redacted.

    ``secrets`` are the configured secret values (``Settings.secret_values()``), read once
    per batch by the caller rather than once per excerpt.
    """
    chosen = lines[line - 1 : min(end_line, line + MAX_EXCERPT_LINES - 1)]
    out = []
    for text in chosen:
        text = text.rstrip()
        if env_file:
            text = _ENV_VALUE.sub(lambda m: f"{m.group(1)}{MASK}", text)
        else:
            text = _LITERAL.sub(_mask_literal, text)
        text = _SECRET_SHAPES.sub(MASK, text)
        if len(text) > MAX_LINE_CHARS:
            text = text[:MAX_LINE_CHARS] + "…"
        out.append(text)
    return redact("\n".join(out), secrets)


def _mask_literal(match: re.Match[str]) -> str:
    quote, body = match.group(1), match.group(2)
    if len(body) < _MIN_SECRET_CHARS or _ENV_NAME.fullmatch(body):
        return match.group(0)
    before = match.string[max(0, match.start() - 40) : match.start()]
    if _CREDENTIAL_WORD.search(body) or _CREDENTIAL_KEY.search(before):
        return f"{quote}{MASK}{quote}"
    return match.group(0)
