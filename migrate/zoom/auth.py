"""Zoom tokens: the REST API JWT and the session JWT clients join with
(https://developers.zoom.us/docs/video-sdk/auth/).

Claim rules live in :class:`mappings.session_jwt.SessionJwtClaims`; this module only
builds, signs and checks tokens.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

import jwt
from pydantic import ValidationError

from mappings import limits
from mappings.session_jwt import SessionJwtClaims
from migrate.zoom.errors import ZoomTokenError

JWT_HEADER = {"alg": "HS256", "typ": "JWT"}
ALGORITHM = "HS256"
# Renew this long before expiry so a token never expires in flight; capped at half the
# lifetime so short test TTLs still get a usable token.
DEFAULT_RENEW_MARGIN = 60.0


class ApiTokenProvider:
    """Makes, caches and renews the REST API JWT (``iss`` = API key, HS256). Thread-safe."""

    def __init__(
        self,
        api_key: str,
        api_secret: str,
        *,
        ttl: int = limits.ZOOM_API_JWT_TTL,
        renew_margin: float = DEFAULT_RENEW_MARGIN,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not api_key or not api_secret:
            raise ZoomTokenError("API key and API secret are both required")
        self._key = api_key
        self._secret = api_secret
        self._ttl = ttl
        self._margin = min(renew_margin, ttl / 2)
        self._clock = clock
        self._lock = threading.Lock()
        self._token = ""
        self._expires = 0.0

    def token(self) -> str:
        """A valid token, renewed when it is within the renewal margin of expiry."""
        with self._lock:
            now = self._clock()
            if now >= self._expires - self._margin:
                iat = int(now)
                self._expires = iat + self._ttl
                payload = {"iss": self._key, "iat": iat, "exp": iat + self._ttl}
                self._token = jwt.encode(payload, self._secret, ALGORITHM, headers=JWT_HEADER)
            return self._token

    def secrets(self) -> list[str]:
        """The secret and the current token, for redacting error text."""
        return [self._secret, self._token] if self._token else [self._secret]


def build_session_claims(
    sdk_key: str,
    session_name: str,
    role_type: int,
    *,
    user_key: str | None = None,
    session_key: str | None = None,
    geo_regions: str | Iterable[str] | None = None,
    cloud_recording_option: int | None = None,
    cloud_recording_election: int | None = None,
    cloud_recording_transcript_option: int | None = None,
    telemetry_tracking_id: str | None = None,
    video_webrtc_mode: int | None = None,
    audio_webrtc_mode: int | None = None,
    ttl: int = limits.ZOOM_SESSION_JWT_DEFAULT_TTL,
    now: float | None = None,
) -> SessionJwtClaims:
    """Claims for a session JWT; ``iat`` is back-dated for clock skew as Zoom's sample does.

    Raises :class:`ZoomTokenError` with a one-line reason when a claim breaks Zoom's rules.
    """
    iat = int(time.time() if now is None else now) - limits.ZOOM_SESSION_JWT_IAT_SKEW
    regions = (
        geo_regions
        if geo_regions is None or isinstance(geo_regions, str)
        else ",".join(geo_regions)
    )
    try:
        return SessionJwtClaims(
            app_key=sdk_key,
            tpc=session_name,
            role_type=role_type,
            iat=iat,
            exp=iat + ttl,
            user_key=user_key,
            session_key=session_key,
            geo_regions=regions,
            cloud_recording_option=cloud_recording_option,
            cloud_recording_election=cloud_recording_election,
            cloud_recording_transcript_option=cloud_recording_transcript_option,
            telemetry_tracking_id=telemetry_tracking_id,
            video_webrtc_mode=video_webrtc_mode,
            audio_webrtc_mode=audio_webrtc_mode,
        )
    except ValidationError as exc:
        raise ZoomTokenError(f"invalid session token claims: {_first_error(exc)}") from None


def sign_session_jwt(claims: SessionJwtClaims, sdk_key: str, sdk_secret: str) -> str:
    """Sign ``claims`` with the SDK secret; ``claims.app_key`` must be ``sdk_key``."""
    if claims.app_key != sdk_key:
        raise ZoomTokenError("session token app_key does not match the SDK key")
    if not sdk_secret:
        raise ZoomTokenError("SDK secret is required to sign a session token")
    return jwt.encode(claims.payload(), sdk_secret, ALGORITHM, headers=JWT_HEADER)


def decode_session_jwt(
    token: str, sdk_key: str, sdk_secret: str, *, now: float | None = None
) -> SessionJwtClaims:
    """Check a session JWT as Zoom does: HS256 signature, times, app key and claim rules.

    ``now`` replaces the wall clock for the expiry and issued-at checks.
    """
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise ZoomTokenError(f"session token must use {ALGORITHM}")
        payload = jwt.decode(
            token,
            sdk_secret,
            algorithms=[ALGORITHM],
            options={
                "require": ["iat", "exp"],
                "verify_exp": now is None,
                "verify_iat": now is None,
            },
        )
    except jwt.PyJWTError as exc:
        raise ZoomTokenError(f"invalid session token: {exc}") from None
    try:
        claims = SessionJwtClaims.model_validate(payload)
    except ValidationError as exc:
        raise ZoomTokenError(f"invalid session token claims: {_first_error(exc)}") from None
    if now is not None and claims.exp <= now:
        raise ZoomTokenError("invalid session token: Signature has expired")
    if now is not None and claims.iat > now:
        raise ZoomTokenError("invalid session token: The token is not yet valid (iat)")
    if claims.app_key != sdk_key:
        raise ZoomTokenError("session token app_key is not this account's SDK key")
    return claims


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err["loc"]) or "claims"
    extra = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {err['msg']}{extra}"
