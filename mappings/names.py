"""Twilio room names and identities vs Zoom session names, user keys and passcodes.

Zoom session names allow letters, digits, space and a fixed symbol set, at most
``limits.ZOOM_SESSION_NAME_MAX`` characters, and are compared case-insensitively; user keys hold at
most ``limits.ZOOM_USER_KEY_MAX`` characters (https://developers.zoom.us/docs/video-sdk/auth/).
Twilio names and identities allow up to 128 arbitrary characters
(https://www.twilio.com/docs/video/programmable-video-limits).

Every function here is deterministic: the shim, the token mapping and ``plan`` compute
the same Zoom name for the same Twilio name without sharing state.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from mappings import limits
from mappings.errors import MappingError
from mappings.fidelity import Fidelity, FrozenModel
from mappings.session_jwt import is_session_name_char

# A changed name ends in SEPARATOR + HASH_LEN hex digits of the original. Clean names that
# already end that way are hashed too, so no clean name can equal a hashed one.
SEPARATOR = "~"
HASH_LEN = 10
REPLACEMENT = "_"
_HASHED_TAIL = re.compile(rf"{re.escape(SEPARATOR)}[0-9a-f]{{{HASH_LEN}}}\Z")
_PASSCODE_CHARS = range(32, 127)


class NameMapping(FrozenModel):
    """A Zoom name computed from a Twilio one, with how faithful it is and why."""

    original: str
    value: str
    fidelity: Fidelity
    notes: str


def _suffix(original: str) -> str:
    return SEPARATOR + hashlib.sha256(original.encode("utf-8")).hexdigest()[:HASH_LEN]


def _hashed(original: str, readable: str, limit: int) -> str:
    suffix = _suffix(original)
    return readable[: limit - len(suffix)] + suffix


def session_name_for(unique_name: str) -> NameMapping:
    """The Zoom session name (JWT ``tpc``) for a Twilio room unique name.

    Disallowed characters become ``_``; a name that had to change, is too long, or looks
    like an already-hashed name gets a hash suffix of the original so that distinct
    Twilio names stay distinct. Raises :class:`MappingError` for an empty name.
    """
    if not unique_name:
        raise MappingError("a Zoom session needs a name; the Twilio room name is empty")
    readable = "".join(c if is_session_name_char(c) else REPLACEMENT for c in unique_name)
    reasons: list[str] = []
    if readable != unique_name:
        bad = "".join(sorted({c for c in unique_name if not is_session_name_char(c)}))
        reasons.append(f"characters Zoom does not allow ({bad!r}) were replaced by '_'")
    if len(readable) > limits.ZOOM_SESSION_NAME_MAX:
        reasons.append(f"longer than {limits.ZOOM_SESSION_NAME_MAX} characters, shortened")
    if _HASHED_TAIL.search(readable):
        reasons.append("ends like a generated name, so it was made unambiguous")
    case_note = (
        " Zoom compares session names case-insensitively; check find_collisions."
        if unique_name != unique_name.lower()
        else ""
    )
    if not reasons:
        return NameMapping(
            original=unique_name,
            value=unique_name,
            fidelity="exact",
            notes="used unchanged." + case_note,
        )
    value = _hashed(unique_name, readable, limits.ZOOM_SESSION_NAME_MAX)
    notes = "; ".join(reasons) + "; a hash of the original keeps it unique." + case_note
    return NameMapping(original=unique_name, value=value, fidelity="approximate", notes=notes)


def user_key_for(identity: str) -> str:
    """The Zoom ``user_key`` (<= 36 characters) for a Twilio participant identity.

    The identity itself when it fits; otherwise its start plus a hash of the whole, so
    long identities sharing a prefix stay distinct. Raises :class:`MappingError` when empty.
    """
    if not identity:
        raise MappingError("a Twilio identity is required to derive a Zoom user_key")
    if len(identity) <= limits.ZOOM_USER_KEY_MAX and not _HASHED_TAIL.search(identity):
        return identity
    return _hashed(identity, identity, limits.ZOOM_USER_KEY_MAX)


def display_name_for(identity: str) -> str:
    """The Zoom display name for an identity (Zoom silently truncates past 200 characters)."""
    return identity[: limits.ZOOM_DISPLAY_NAME_MAX]


def find_collisions(names: Iterable[str]) -> list[set[str]]:
    """Groups of distinct Twilio names that would share one Zoom session name.

    Zoom compares names case-insensitively, so ``Standup`` and ``standup`` collide.
    Groups are returned in a stable order (by their smallest member).
    """
    groups: dict[str, set[str]] = defaultdict(set)
    for name in set(names):
        if name:
            # Zoom lower-cases session names (see ZOOM_SESSION_NAME_MAX in limits), so compare
            # lower-cased.
            groups[session_name_for(name).value.lower()].add(name)
    return sorted((g for g in groups.values() if len(g) > 1), key=min)


def validate_passcode(passcode: str) -> str:
    """Return ``passcode`` if Zoom accepts it (<= 10 printable ASCII characters), else raise."""
    if len(passcode) > limits.ZOOM_PASSCODE_MAX:
        raise MappingError(
            f"Zoom passcodes hold at most {limits.ZOOM_PASSCODE_MAX} characters, "
            f"got {len(passcode)}"
        )
    if any(ord(c) not in _PASSCODE_CHARS for c in passcode):
        raise MappingError("Zoom passcodes allow printable ASCII characters only (32..126)")
    return passcode
