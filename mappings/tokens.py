"""Twilio ``AccessToken`` + grants -> Zoom Video SDK session JWT claims.

Twilio: twilio-python's ``AccessToken`` (``twilio/jwt/access_token``). Zoom: https://developers.zoom.us/docs/video-sdk/auth/.
Signing is not done here (mappings has no secrets and no I/O); ``migrate.zoom`` signs
``TokenMapping.claims.payload()`` with the SDK secret.
"""

from __future__ import annotations

from typing import Literal

from mappings import limits
from mappings.errors import MappingError
from mappings.fidelity import Fidelity, FrozenModel, weakest
from mappings.names import session_name_for, user_key_for
from mappings.regions import region_for
from mappings.session_jwt import SessionJwtClaims

VIDEO_GRANT = "video"


class GrantSpec(FrozenModel):
    """One grant of a Twilio token: ``kind`` is its payload key (video, chat, voice, ...)."""

    kind: str
    room: str | None = None


class AccessTokenSpec(FrozenModel):
    """The arguments of twilio-python's ``AccessToken`` except the secret (never carried).

    ``nbf`` and ``valid_until`` are Unix times; ``ttl`` is seconds from issue.
    """

    account_sid: str
    signing_key_sid: str
    identity: str | None = None
    ttl: int = limits.TWILIO_TOKEN_DEFAULT_TTL
    nbf: int | None = None
    valid_until: int | None = None
    region: str | None = None
    grants: tuple[GrantSpec, ...] = ()


class TokenMapping(FrozenModel):
    """Zoom session-JWT claims for a Twilio token, with what could not be carried."""

    claims: SessionJwtClaims
    fidelity: Fidelity
    warnings: list[str]
    notes: str


class ArgumentMapping(FrozenModel):
    """What becomes of one ``AccessToken`` constructor argument (for docs and tests)."""

    argument: str
    zoom: str
    fidelity: Fidelity
    notes: str


ACCESS_TOKEN_ARGUMENTS: tuple[ArgumentMapping, ...] = (
    ArgumentMapping(
        argument="account_sid",
        zoom="(none)",
        fidelity="unsupported",
        notes="Zoom tokens name no account; the SDK key identifies the app.",
    ),
    ArgumentMapping(
        argument="signing_key_sid",
        zoom="app_key = ZOOM_SDK_KEY",
        fidelity="approximate",
        notes="The Zoom SDK key replaces the API key SID.",
    ),
    ArgumentMapping(
        argument="secret",
        zoom="signed with ZOOM_SDK_SECRET",
        fidelity="approximate",
        notes="Never carried over; Zoom's own secret signs.",
    ),
    ArgumentMapping(
        argument="grants",
        zoom="tpc from the video grant's room",
        fidelity="approximate",
        notes="Only the video grant maps; chat, sync, voice, task-router and "
        "playback grants are reported as warnings. A video grant without a room "
        "is an error: Zoom needs the session name.",
    ),
    ArgumentMapping(
        argument="identity",
        zoom="user_key (<= 36 chars)",
        fidelity="approximate",
        notes="Used unchanged when it fits, else shortened with a hash.",
    ),
    ArgumentMapping(
        argument="nbf",
        zoom="(none); iat = now - 30 s",
        fidelity="approximate",
        notes="Zoom has no not-before claim; a future nbf is reported.",
    ),
    ArgumentMapping(
        argument="ttl",
        zoom="exp - iat, clamped to 1800..172800 s",
        fidelity="approximate",
        notes="Twilio allows down to seconds and up to 24 h; Zoom 30 min..48 h.",
    ),
    ArgumentMapping(
        argument="valid_until",
        zoom="exp (clamped like ttl)",
        fidelity="approximate",
        notes="Overrides ttl, as in Twilio.",
    ),
    ArgumentMapping(
        argument="region",
        zoom="geo_regions",
        fidelity="approximate",
        notes="Mapped by the region table; unknown ids are reported.",
    ),
)


class _Findings:
    """What a token mapping found, in order: each step's fidelity and any warning."""

    def __init__(self) -> None:
        self.fidelities: list[Fidelity] = []
        self.warnings: list[str] = []

    def add(self, fidelity: Fidelity, warning: str | None = None) -> None:
        self.fidelities.append(fidelity)
        if warning is not None:
            self.warnings.append(warning)


def _video_room(spec: AccessTokenSpec) -> str:
    """The room of the (last) video grant; a Zoom token must name its session."""
    video = [g for g in spec.grants if g.kind == VIDEO_GRANT]
    if not video:
        raise MappingError("the token has no video grant; a Zoom session JWT needs one")
    # Twilio keys grants by kind, so the last video grant wins.
    room = video[-1].room
    if not room:
        raise MappingError(
            "the video grant names no room; Zoom tokens must name the session (tpc) - "
            "issue one token per room"
        )
    return room


def _user_key(spec: AccessTokenSpec, found: _Findings) -> str | None:
    if not spec.identity:
        found.add("approximate", "the token has no identity; the Zoom user will have no user_key")
        return None
    user_key = user_key_for(spec.identity)
    if user_key != spec.identity:
        found.add(
            "approximate",
            f"identity is longer than {limits.ZOOM_USER_KEY_MAX} characters; "
            f"user_key {user_key!r} is derived from it",
        )
    return user_key


def _lifetime(spec: AccessTokenSpec, now: int, found: _Findings) -> tuple[int, int]:
    """``iat`` (back-dated for clock skew) and the lifetime, clamped to Zoom's range."""
    iat = now - limits.ZOOM_SESSION_JWT_IAT_SKEW
    wanted_exp = spec.valid_until if spec.valid_until else now + spec.ttl
    lifetime = wanted_exp - iat
    clamped = min(max(lifetime, limits.ZOOM_SESSION_JWT_MIN_TTL), limits.ZOOM_SESSION_JWT_MAX_TTL)
    if clamped != lifetime:
        found.add(
            "approximate",
            f"token lifetime {lifetime} s is outside Zoom's "
            f"{limits.ZOOM_SESSION_JWT_MIN_TTL}..{limits.ZOOM_SESSION_JWT_MAX_TTL} s; "
            f"using {clamped} s",
        )
    if spec.nbf is not None and spec.nbf > now:
        found.add(
            "approximate",
            "nbf lies in the future; Zoom has no not-before claim, so the token is usable at once",
        )
    return iat, clamped


def _geo_regions(spec: AccessTokenSpec, found: _Findings) -> str | None:
    if not spec.region:
        return None
    region = region_for(spec.region)
    if region is None:
        found.add("approximate", f"unknown Twilio region {spec.region!r}; geo_regions left out")
        return None
    note = f"region {spec.region!r}: {region.notes}" if region.fidelity != "exact" else None
    found.add(region.fidelity, note)
    return region.geo_regions


def _other_grants(spec: AccessTokenSpec, found: _Findings) -> None:
    dropped = sorted({g.kind for g in spec.grants if g.kind != VIDEO_GRANT})
    if dropped:
        found.add(
            "approximate",
            f"grants {', '.join(dropped)} cannot be carried in a Zoom token; keep issuing "
            "Twilio tokens for those products",
        )
    if sum(g.kind == VIDEO_GRANT for g in spec.grants) > 1:
        found.warnings.append("more than one video grant; only the last is used, as in Twilio")


def map_access_token(
    spec: AccessTokenSpec,
    *,
    sdk_key: str,
    now: int,
    role_type: Literal[0, 1] = 0,
    session_key: str | None = None,
) -> TokenMapping:
    """Map a Twilio token to Zoom session-JWT claims issued at ``now`` (Unix seconds).

    Raises :class:`MappingError` when the token has no video grant or its grant names no
    room, because a Zoom token must name its session.
    """
    room = _video_room(spec)
    found = _Findings()
    name = session_name_for(room)
    note = f"room {room!r} becomes session {name.value!r}: {name.notes}"
    found.add(name.fidelity, note if name.fidelity != "exact" else None)
    user_key = _user_key(spec, found)
    iat, lifetime = _lifetime(spec, now, found)
    geo_regions = _geo_regions(spec, found)
    _other_grants(spec, found)
    claims = SessionJwtClaims(
        app_key=sdk_key,
        tpc=name.value,
        role_type=role_type,
        iat=iat,
        exp=iat + lifetime,
        user_key=user_key,
        session_key=session_key,
        geo_regions=geo_regions,
    )
    return TokenMapping(
        claims=claims,
        fidelity=weakest(*found.fidelities),
        warnings=found.warnings,
        notes="Zoom session JWT: sign claims.payload() with ZOOM_SDK_SECRET (HS256).",
    )
