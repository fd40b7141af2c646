"""Counterpart of ``twilio.jwt.access_token``: ``AccessToken`` that yields a Zoom session JWT.

The constructor is twilio's. ``to_jwt()`` maps the token through ``mappings.tokens`` and
signs the Zoom claims with ``ZOOM_SDK_KEY`` / ``ZOOM_SDK_SECRET`` (environment or the
``zoom_sdk_key`` / ``zoom_sdk_secret`` keywords). The Twilio API key secret is never used
or sent anywhere. What the Zoom token cannot carry is reported as
:class:`~migrate.shim.ShimCompatibilityWarning`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Literal

from mappings.errors import MappingError
from mappings.tokens import AccessTokenSpec, GrantSpec, map_access_token
from migrate.settings import load_settings
from migrate.shim.errors import docs_link, warn_compat
from migrate.zoom.auth import sign_session_jwt

if TYPE_CHECKING:

    class AccessTokenGrant:
        """A grant inside an access token (twilio's base class when installed)."""

        @property
        def key(self) -> str: ...

        def to_payload(self) -> dict[str, Any]: ...

else:
    try:
        # Twilio's own base, so grants imported from twilio are accepted too.
        from twilio.jwt.access_token import AccessTokenGrant
    except ImportError:

        class AccessTokenGrant:
            """A grant inside an access token."""

            @property
            def key(self) -> str:
                raise TypeError("Grant must have a key property.")

            def to_payload(self) -> dict[str, Any]:
                raise TypeError("Grant must implement to_payload.")

            def __str__(self) -> str:
                return f"<{type(self).__name__} {self.to_payload()}>"


class JwtText(str):
    """A JWT as ``str`` whose ``decode()`` returns itself.

    twilio 6.x returned bytes from ``to_jwt()`` and its docs wrote
    ``token.to_jwt().decode()``; twilio 7+ returns ``str``. Both idioms keep working.
    """

    __slots__ = ()

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        """The token itself (the arguments are accepted and ignored)."""
        return str(self)


class TokenMappingError(ValueError):
    """The token cannot become a Zoom session JWT (for example: no room in the video grant)."""


class _Generate:
    """Sentinel meaning "now", as twilio's ``Jwt.GENERATE``."""


class AccessToken:
    """Drop-in for twilio's ``AccessToken``; :meth:`to_jwt` returns a Zoom session JWT."""

    GENERATE: Any = _Generate()
    ALGORITHM = "HS256"

    def __init__(
        self,
        account_sid: str,
        signing_key_sid: str,
        secret: str,
        grants: list[AccessTokenGrant] | None = None,
        identity: str | None = None,
        nbf: int | Any | None = GENERATE,
        ttl: int = 3600,
        valid_until: int | None = None,
        region: str | None = None,
        *,
        zoom_sdk_key: str | None = None,
        zoom_sdk_secret: str | None = None,
        role_type: Literal[0, 1] = 0,
    ) -> None:
        grants = list(grants or [])
        if any(not isinstance(g, AccessTokenGrant) for g in grants):
            raise ValueError("Grants must be instances of AccessTokenGrant.")
        self.account_sid = account_sid
        self.signing_key_sid = signing_key_sid
        # Kept only for attribute compatibility; Zoom tokens are signed with the SDK secret.
        self.secret_key = secret
        self.grants = grants
        self.identity = identity
        self.nbf = nbf
        self.ttl = ttl
        self.valid_until = valid_until
        self.region = region
        self.role_type: Literal[0, 1] = role_type
        self._zoom_sdk_key = zoom_sdk_key
        self._zoom_sdk_secret = zoom_sdk_secret

    def add_grant(self, grant: AccessTokenGrant) -> None:
        """Add a grant; only the video grant reaches the Zoom token."""
        if not isinstance(grant, AccessTokenGrant):
            raise ValueError("Grant must be an instance of AccessTokenGrant.")
        self.grants.append(grant)

    def spec(self, ttl: int | None = None, now: int | None = None) -> AccessTokenSpec:
        """This token as ``mappings.tokens.AccessTokenSpec`` (no secret in it)."""
        issued = int(time.time()) if now is None else now
        nbf = issued if isinstance(self.nbf, _Generate) else self.nbf
        return AccessTokenSpec(
            account_sid=self.account_sid,
            signing_key_sid=self.signing_key_sid,
            identity=self.identity,
            ttl=ttl or self.ttl,
            nbf=nbf,
            valid_until=None if ttl else self.valid_until,
            region=self.region,
            grants=tuple(_grant_spec(g) for g in self.grants),
        )

    def to_jwt(self, ttl: int | None = None) -> JwtText:
        """The Zoom session JWT for this token; ``ttl`` overrides the constructor's.

        A ``str`` (twilio 7+) that also answers ``.decode()`` as twilio 6.x's bytes did.
        """
        now = int(time.time())
        sdk_key, sdk_secret = load_settings(
            zoom_sdk_key=self._zoom_sdk_key, zoom_sdk_secret=self._zoom_sdk_secret
        ).zoom_sdk_credentials()
        try:
            mapping = map_access_token(
                self.spec(ttl, now), sdk_key=sdk_key, now=now, role_type=self.role_type
            )
        except MappingError as exc:
            raise TokenMappingError(f"{exc} (see {docs_link('token.video_grant')})") from None
        for warning in mapping.warnings:
            warn_compat(f"AccessToken: {warning} (see {docs_link('token.access_token')})")
        return JwtText(sign_session_jwt(mapping.claims, sdk_key, sdk_secret))

    def __str__(self) -> str:
        return f"<{type(self).__name__} {self.to_jwt()}>"


def _grant_spec(grant: AccessTokenGrant) -> GrantSpec:
    payload = grant.to_payload()
    room = payload.get("room") if isinstance(payload, dict) else None
    return GrantSpec(kind=grant.key, room=room if isinstance(room, str) else None)


__all__ = ["AccessToken", "AccessTokenGrant", "TokenMappingError"]
