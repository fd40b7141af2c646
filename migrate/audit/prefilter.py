"""Cheap byte-level checks that decide, before any parsing, whether a file is worth it.

Order of use: binary -> mentions Twilio -> generated/minified (Python files then go
through ``python_gate``). Every check is a C-speed ``bytes`` search; most files of a large
tree stop at the second.
"""

from __future__ import annotations

from pathlib import Path

from mappings.twilio_vocab import FILE_MARKERS, JS_VIDEO_SHAPES

# A file with none of these cannot produce a finding (the rewrite skips it too).
MARKERS = tuple(marker.encode() for marker in FILE_MARKERS)
BINARY_PROBE = 8192
GENERATED_PROBE = 1024
# Longer lines than this mean minified or generated output, not code a person wrote.
MAX_LINE_LENGTH = 2000


def mentions_twilio(data: bytes) -> bool:
    """True when ``data`` contains a Twilio marker."""
    return any(marker in data for marker in MARKERS)


_SHAPES = tuple(shape.encode() for shape in JS_VIDEO_SHAPES)
_VIDEO_PACKAGE = "twilio-video"


def worth_reading(data: bytes, path: str | Path, *, script: bool) -> bool:
    """True when a file may hold a touchpoint: it mentions Twilio, or it is a script with
    twilio-video shapes in a package that depends on twilio-video (the audit and the
    rewrite share this gate)."""
    if mentions_twilio(data):
        return True
    if not script or not any(shape in data for shape in _SHAPES):
        return False
    from migrate.audit.project import twilio_dependencies  # reads package.json: rarely

    return _VIDEO_PACKAGE in twilio_dependencies(path)


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
