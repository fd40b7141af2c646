"""Counterpart of ``twilio.jwt.access_token.grants``.

``VideoGrant`` is the shim's; it feeds the Zoom session name. The other grants
(``ChatGrant``, ``SyncGrant``, ``VoiceGrant``, ``TaskRouterGrant``, ``PlaybackGrant``)
are twilio's own classes, re-exported when ``twilio`` is installed; a Zoom token cannot
carry them, so ``AccessToken.to_jwt`` warns when they are present.
"""

from __future__ import annotations

from typing import Any

from migrate.shim.jwt.access_token import AccessTokenGrant

_TWILIO_GRANTS = ("ChatGrant", "SyncGrant", "VoiceGrant", "TaskRouterGrant", "PlaybackGrant")


class VideoGrant(AccessTokenGrant):
    """Grant to a video room; ``room`` becomes the Zoom session name (``tpc``)."""

    def __init__(self, room: str | None = None) -> None:
        self.room = room

    @property
    def key(self) -> str:
        """The grant's payload key, as in twilio."""
        return "video"

    def to_payload(self) -> dict[str, Any]:
        """``{"room": ...}`` when a room is set, else ``{}`` (twilio's payload)."""
        return {"room": self.room} if self.room else {}


def __getattr__(name: str) -> Any:
    # Other products' grants come from twilio itself, imported on first use.
    if name in _TWILIO_GRANTS:
        try:
            from twilio.jwt.access_token import grants
        except ImportError:
            raise AttributeError(
                f"{name} belongs to another Twilio product; install the 'twilio' package "
                "to use it (Zoom tokens cannot carry it)"
            ) from None
        return getattr(grants, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["VideoGrant", *_TWILIO_GRANTS]
