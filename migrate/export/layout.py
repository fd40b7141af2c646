"""Where each exported item lives under DEST: paths are built from SIDs only.

Track names, identities and room names are user text (``../../x`` is a valid track
name), so they never reach a path; every SID is checked against the Twilio SID shape.
"""

from __future__ import annotations

import re

from migrate.errors import Twilio2ZoomError

SID_PATTERN = re.compile(r"^[A-Z]{2}[0-9a-f]{32}$")
# Media extensions Twilio produces: recordings mka/mkv, compositions mp4/webm (the spec's enums).
MEDIA_EXTENSIONS = frozenset({"mka", "mkv", "mp4", "webm"})

STATE_FOLDER = ".twilio2zoom"
INDEX_JSONL = "index.jsonl"
INDEX_CSV = "index.csv"
ROOM_JSON = "room.json"


class UnsafeNameError(Twilio2ZoomError):
    """A SID or extension from the API does not have the expected shape."""


def checked_sid(sid: str) -> str:
    """Return ``sid`` if it is a two-letter prefix and 32 lower-case hex digits."""
    if not SID_PATTERN.fullmatch(sid):
        raise UnsafeNameError(f"refusing to build a path from an unexpected SID: {sid!r}")
    return sid


def checked_extension(ext: str) -> str:
    """Return a known media extension, lower-cased."""
    lowered = ext.lower()
    if lowered not in MEDIA_EXTENSIONS:
        raise UnsafeNameError(f"unexpected media format: {ext!r}")
    return lowered


def room_folder(room_sid: str) -> str:
    """The folder of one room, relative to DEST."""
    return checked_sid(room_sid)


def room_json_path(room_sid: str) -> str:
    """``<room SID>/room.json``."""
    return f"{room_folder(room_sid)}/{ROOM_JSON}"


def media_path(room_sid: str, sid: str, ext: str) -> str:
    """``<room SID>/<SID>.<ext>`` for a recording or composition."""
    return f"{room_folder(room_sid)}/{checked_sid(sid)}.{checked_extension(ext)}"


def resource_json_path(room_sid: str, sid: str) -> str:
    """``<room SID>/<SID>.json``: the full resource beside its media."""
    return f"{room_folder(room_sid)}/{checked_sid(sid)}.json"


def partial_name(sid: str) -> str:
    """Name of the in-progress download of ``sid`` inside the state folder."""
    return f"{checked_sid(sid)}.part"
