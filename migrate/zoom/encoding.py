"""Session ids in URL paths (docs/zoom-client.md, "Session ids in paths").

Zoom session ids are base64-like and may contain ``/``, ``+`` and ``=``. In a path they
are percent-encoded; an id that starts with ``/`` or contains ``//`` is encoded twice,
because proxies in front of Zoom would otherwise collapse the slashes.
"""

from __future__ import annotations

from urllib.parse import quote


def needs_double_encoding(session_id: str) -> bool:
    """True when Zoom requires the id to be percent-encoded twice."""
    return session_id.startswith("/") or "//" in session_id


def session_path_id(session_id: str) -> str:
    """The id as one path segment: ``/``→``%2F``, ``+``→``%2B``, ``=``→``%3D``, twice if needed."""
    encoded = quote(session_id, safe="")
    if needs_double_encoding(session_id):
        encoded = quote(encoded, safe="")
    return encoded


def path_segment(value: str) -> str:
    """Percent-encode any other path parameter (recording ids, user ids) as one segment."""
    return quote(value, safe="")
