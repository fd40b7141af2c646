"""Configuration: TWILIO_* credentials named in .env files and settings modules.

Only the variable NAME becomes a finding; values are never read into a hit, and the
excerpt shown for the line is redacted (see ``excerpt``).
"""

from __future__ import annotations

import re

from migrate.audit.findings import Hit
from migrate.audit.textpos import hit_at

# A credential, as opposed to other Twilio settings such as a phone number.
_CREDENTIAL = re.compile(rb"TWILIO_\w*(?:SID|TOKEN|KEY|SECRET|PASSWORD)\w*")
_ENV_LINE = re.compile(rb"(?m)^[ \t]*(?:export[ \t]+)?(TWILIO_\w+)[ \t]*[=:]")
# Settings modules: assignments (TWILIO_AUTH_TOKEN = ...) and environment reads
# (os.environ["TWILIO_AUTH_TOKEN"], os.getenv('TWILIO_AUTH_TOKEN'), env("...")).
_SETTINGS_ASSIGN = re.compile(rb"(?m)^[ \t]*(TWILIO_\w+)[ \t]*(?::[^=\n]*)?=")
_SETTINGS_READ = re.compile(rb"""["'](TWILIO_\w+)["']""")

_SETTINGS_NAMES = re.compile(r"^(?:settings|config|conf|configuration)(?:[_.-]\w+)?\.py$")


def is_env_file(name: str) -> bool:
    """``.env``, ``.env.local``, ``.env.example``, ``production.env`` ..."""
    return name.startswith(".env") or name.endswith(".env")


def is_settings_module(rel_path: str) -> bool:
    """A Python settings module: settings.py, config.py, settings/base.py ..."""
    parts = rel_path.split("/")
    return parts[-1].endswith(".py") and (
        bool(_SETTINGS_NAMES.match(parts[-1]))
        or any(p in ("settings", "config") for p in parts[:-1])
    )


def scan_config(source: bytes, env_file: bool) -> list[Hit]:
    """Each line naming a TWILIO_* credential, once per line, with the name as subject."""
    patterns = (_ENV_LINE,) if env_file else (_SETTINGS_ASSIGN, _SETTINGS_READ)
    hits: dict[int, Hit] = {}
    for pattern in patterns:
        for match in pattern.finditer(source):
            name = match.group(1)
            if _CREDENTIAL.fullmatch(name):
                hit = hit_at("config-credential", source, match.start(1), name.decode())
                hits.setdefault(hit.line, hit)
    return [hits[line] for line in sorted(hits)]
