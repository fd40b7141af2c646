"""Cheap byte-level checks that decide, before any parsing, whether a file is worth it.

Order of use: binary -> mentions Twilio -> generated/minified -> language needles. Every
check is a C-speed ``bytes`` search; most files of a large tree stop at the second.
"""

from __future__ import annotations

# A file with none of these cannot produce a finding. "video.v1" catches clients that
# reach the file through an import that never says "twilio".
MARKERS = (b"wilio", b"WILIO", b"video.v1")
# Python rules need one of these as well (Video paths and hosts, twilio imports, grants,
# status-callback parameters); files of the twilio package itself mostly have none.
PYTHON_NEEDLES = (
    b"video", b"Video", b"twilio.rest", b"import twilio", b"from twilio import", b"Grant",
    b"twiml", b"Room", b"Track", b"Composition", b"Participant", b"SourceSid",
)  # fmt: skip
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


def has_python_needle(data: bytes) -> bool:
    """True when a Python file may hold a finding and must be parsed."""
    return any(needle in data for needle in PYTHON_NEEDLES)


def _has_long_line(data: bytes) -> bool:
    if len(data) <= MAX_LINE_LENGTH:
        return False
    start = 0
    while True:
        end = data.find(b"\n", start)
        if end == -1:
            return len(data) - start > MAX_LINE_LENGTH
        if end - start > MAX_LINE_LENGTH:
            return True
        start = end + 1
