"""A Zoom REST call described as data, so pure mappings can say what to send."""

from __future__ import annotations

from typing import Any, Literal

from mappings.fidelity import FrozenModel


class ZoomRequest(FrozenModel):
    """A Zoom REST call: ``path`` may hold ``{session_id}``, to be filled URL-encoded."""

    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str
    query: dict[str, str] = {}
    body: dict[str, Any] | None = None
