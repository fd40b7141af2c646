"""Stable Twilio-looking SIDs derived from Zoom identifiers.

A SID is the two-letter Twilio prefix plus 32 lower-case hex digits of a namespaced
SHA-256, so the same Zoom object always gets the same SID and different kinds of object
never share one. Going back from a SID to the Zoom id needs a store (the shim owns it).
"""

from __future__ import annotations

import hashlib
import re

ROOM = "RM"
PARTICIPANT = "PA"
TRACK = "MT"
RECORDING = "RT"
COMPOSITION = "CJ"

_NAMESPACE = "twilio2zoom/sid/v1"
_SID_BODY = re.compile(r"[0-9a-fA-F]{32}")


def derive_sid(prefix: str, *parts: str) -> str:
    """``prefix`` + 32 hex digits of SHA-256 over the namespace, prefix and ``parts``.

    Parts are length-prefixed so ("a", "bc") and ("ab", "c") never collide.
    """
    digest = hashlib.sha256()
    for piece in (_NAMESPACE, prefix, *parts):
        data = piece.encode("utf-8")
        digest.update(len(data).to_bytes(4, "big"))
        digest.update(data)
    return prefix + digest.hexdigest()[:32]


def room_sid(zoom_session_id: str) -> str:
    """The RM SID standing for a Zoom session."""
    return derive_sid(ROOM, zoom_session_id)


def participant_sid(zoom_session_id: str, user_key_or_id: str) -> str:
    """The PA SID of one user in one session (by user_key when set, else the Zoom user id)."""
    return derive_sid(PARTICIPANT, zoom_session_id, user_key_or_id)


def recording_sid(zoom_session_id: str, recording_file_id: str) -> str:
    """The RT SID of one Zoom recording file."""
    return derive_sid(RECORDING, zoom_session_id, recording_file_id)


def composition_sid(zoom_session_id: str, recording_file_id: str) -> str:
    """The CJ SID of a Zoom composite recording file presented as a Twilio composition.

    Distinct from the file's RT SID (the prefix is hashed too), so the same Zoom file can be
    listed both as a recording and as a composition, as Twilio lists both.
    """
    return derive_sid(COMPOSITION, zoom_session_id, recording_file_id)


def track_sid(zoom_session_id: str, user_key_or_id: str, kind: str) -> str:
    """The MT SID of a user's audio, video or share stream (Zoom has no track objects)."""
    return derive_sid(TRACK, zoom_session_id, user_key_or_id, kind)


def is_sid(value: str, prefix: str) -> bool:
    """True when ``value`` is ``prefix`` followed by 32 hex digits (Twilio's SID pattern)."""
    return value.startswith(prefix) and bool(_SID_BODY.fullmatch(value[len(prefix) :]))
