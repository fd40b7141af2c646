"""The Zoom Video SDK session JWT payload, validated claim by claim (https://developers.zoom.us/docs/video-sdk/auth/).

The token mapping produces it; ``migrate.zoom`` signs it; the sandbox checks it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mappings import limits


class SessionJwtClaims(BaseModel):
    """Payload of a Video SDK session JWT. Optional claims are omitted when None."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    app_key: str = Field(min_length=1)
    tpc: str = Field(min_length=1, max_length=limits.ZOOM_SESSION_NAME_MAX)
    role_type: Literal[0, 1]
    version: Literal[1] = 1
    iat: int
    exp: int
    user_key: str | None = Field(default=None, max_length=limits.ZOOM_USER_KEY_MAX)
    session_key: str | None = Field(default=None, max_length=limits.ZOOM_SESSION_KEY_MAX)
    geo_regions: str | None = None
    cloud_recording_option: Literal[0, 1] | None = None
    cloud_recording_election: Literal[0, 1] | None = None
    cloud_recording_transcript_option: Literal[0, 1, 2] | None = None
    telemetry_tracking_id: str | None = None
    video_webrtc_mode: Literal[0, 1] | None = None
    audio_webrtc_mode: Literal[0, 1] | None = None

    @field_validator("tpc")
    @classmethod
    def _session_name_charset(cls, value: str) -> str:
        bad = sorted({c for c in value if not is_session_name_char(c)})
        if bad:
            raise ValueError(f"session name has characters Zoom does not allow: {''.join(bad)!r}")
        return value

    @field_validator("geo_regions")
    @classmethod
    def _geo_regions(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = [p.strip() for p in value.split(",")]
        unknown = [p for p in parts if p not in limits.ZOOM_GEO_REGIONS]
        if unknown or not parts:
            raise ValueError(f"unknown geo_regions {unknown}; allowed: {limits.ZOOM_GEO_REGIONS}")
        return ",".join(parts)

    @model_validator(mode="after")
    def _lifetime(self) -> SessionJwtClaims:
        ttl = self.exp - self.iat
        if not limits.ZOOM_SESSION_JWT_MIN_TTL <= ttl <= limits.ZOOM_SESSION_JWT_MAX_TTL:
            raise ValueError(
                f"exp - iat is {ttl} s; Zoom requires {limits.ZOOM_SESSION_JWT_MIN_TTL}.."
                f"{limits.ZOOM_SESSION_JWT_MAX_TTL} s"
            )
        return self

    def payload(self) -> dict[str, object]:
        """The JWT payload: every set claim, None-valued optional claims left out."""
        return self.model_dump(exclude_none=True)


def is_session_name_char(char: str) -> bool:
    """True for characters Zoom accepts in a session name (letters, digits, space, symbols)."""
    return char.isalnum() or char == " " or char in limits.ZOOM_SESSION_NAME_SYMBOLS
