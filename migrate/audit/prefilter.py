"""Cheap byte-level checks that decide, before any parsing, whether a file is worth it.

Order of use: binary -> mentions Twilio -> generated/minified (Python files then go
through ``python_gate``). Every check is a C-speed ``bytes`` search; most files of a large
tree stop at the second.
"""

from __future__ import annotations

from mappings.twilio_vocab import FILE_MARKERS

# A file with none of these cannot produce a finding (the rewrite skips it too).
MARKERS = tuple(marker.encode() for marker in FILE_MARKERS)
BINARY_PROBE = 8192
GENERATED_PROBE = 1024
# Longer lines than this mean minified or generated output, not code a person wrote.
MAX_LINE_LENGTH = 2000


def mentions_twilio(data: bytes) -> bool:
    """True when ``data`` contains a Twilio marker."""
    return any(marker in data for marker in MARKERS)


def skip_reason(data: bytes, name: str) -> str | None:
    """Why a file is not scanned (``binary``, ``generated``, ``minified``), or None."""
    if b"\0" in data[:BINARY_PROBE]:
        return "binary"
    if b"@generated" in data[:GENERATED_PROBE]:
        return "generated"
    if ".min." in name or _has_long_line(data):
        return "minified"
    return None


def _has_long_line(data: bytes) -> bool:
    return len(data) > MAX_LINE_LENGTH and max(map(len, data.split(b"\n"))) > MAX_LINE_LENGTH
