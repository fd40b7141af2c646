"""API JWT and session JWT: claims, renewal, validation."""

from __future__ import annotations

import threading

import jwt
import pytest

from mappings import limits
from migrate.zoom.auth import (
    ApiTokenProvider,
    build_session_claims,
    decode_session_jwt,
    sign_session_jwt,
)
from migrate.zoom.errors import ZoomTokenError

KEY, SECRET = "api-key", "api-secret-0123456789abcdef0123456789"
SDK_KEY, SDK_SECRET = "sdk-key", "sdk-secret-0123456789abcdef0123456789"
NOW = 1_700_000_000


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_api_token_claims_and_header() -> None:
    provider = ApiTokenProvider(KEY, SECRET, clock=FakeClock(NOW))
    token = provider.token()
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert claims == {"iss": KEY, "iat": NOW, "exp": NOW + limits.ZOOM_API_JWT_TTL}


def test_api_token_cached_then_renewed_before_expiry() -> None:
    clock = FakeClock(NOW)
    provider = ApiTokenProvider(KEY, SECRET, ttl=100, renew_margin=10, clock=clock)
    first = provider.token()
    clock.now = NOW + 89  # still outside the renewal margin
    assert provider.token() == first
    clock.now = NOW + 90  # within 10 s of expiry: renewed early
    second = provider.token()
    assert second != first
    claims = jwt.decode(second, SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert claims["iat"] == NOW + 90 and claims["exp"] == NOW + 190


def test_api_token_short_ttl_margin_is_capped() -> None:
    clock = FakeClock(NOW)
    provider = ApiTokenProvider(KEY, SECRET, ttl=4, renew_margin=60, clock=clock)
    first = provider.token()
    clock.now = NOW + 1  # margin capped at ttl/2 = 2 s, so still cached
    assert provider.token() == first


def test_api_token_thread_safe_single_token() -> None:
    provider = ApiTokenProvider(KEY, SECRET, clock=FakeClock(NOW))
    tokens: set[str] = set()
    threads = [threading.Thread(target=lambda: tokens.add(provider.token())) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(tokens) == 1


def test_api_token_requires_credentials() -> None:
    with pytest.raises(ZoomTokenError):
        ApiTokenProvider("", SECRET)


def test_session_claims_signed_and_decoded() -> None:
    claims = build_session_claims(
        SDK_KEY,
        "Team Standup",
        1,
        user_key="alice",
        session_key="room-1",
        geo_regions=["US", "DE"],
        cloud_recording_option=1,
        now=NOW,
    )
    token = sign_session_jwt(claims, SDK_KEY, SDK_SECRET)
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    payload = jwt.decode(token, SDK_SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert payload == {
        "app_key": SDK_KEY,
        "tpc": "Team Standup",
        "role_type": 1,
        "version": 1,
        "iat": NOW - limits.ZOOM_SESSION_JWT_IAT_SKEW,
        "exp": NOW - limits.ZOOM_SESSION_JWT_IAT_SKEW + limits.ZOOM_SESSION_JWT_DEFAULT_TTL,
        "user_key": "alice",
        "session_key": "room-1",
        "geo_regions": "US,DE",
        "cloud_recording_option": 1,
    }
    assert decode_session_jwt(token, SDK_KEY, SDK_SECRET, now=NOW) == claims


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"session_name": "x" * (limits.ZOOM_SESSION_NAME_MAX + 1)}, "tpc"),
        ({"session_name": ""}, "tpc"),
        ({"session_name": "bad/name"}, "tpc"),
        ({"user_key": "u" * (limits.ZOOM_USER_KEY_MAX + 1)}, "user_key"),
        ({"session_key": "s" * (limits.ZOOM_SESSION_KEY_MAX + 1)}, "session_key"),
        ({"ttl": limits.ZOOM_SESSION_JWT_MIN_TTL - 1}, "exp - iat"),
        ({"ttl": limits.ZOOM_SESSION_JWT_MAX_TTL + 1}, "exp - iat"),
        ({"geo_regions": "US,XX"}, "geo_regions"),
        ({"role_type": 2}, "role_type"),
        ({"cloud_recording_option": 3}, "cloud_recording_option"),
    ],
)
def test_session_claims_rejected_with_one_line(overrides: dict[str, object], fragment: str) -> None:
    args: dict[str, object] = {"session_name": "ok", "role_type": 0, **overrides}
    name, role = args.pop("session_name"), args.pop("role_type")
    with pytest.raises(ZoomTokenError) as info:
        build_session_claims(SDK_KEY, name, role, **args)  # type: ignore[arg-type]
    message = str(info.value)
    assert fragment in message and "\n" not in message


@pytest.mark.parametrize("ttl", [limits.ZOOM_SESSION_JWT_MIN_TTL, limits.ZOOM_SESSION_JWT_MAX_TTL])
def test_session_claims_lifetime_bounds_accepted(ttl: int) -> None:
    claims = build_session_claims(SDK_KEY, "edge", 0, ttl=ttl, now=NOW)
    assert claims.exp - claims.iat == ttl


def test_sign_refuses_mismatched_app_key() -> None:
    claims = build_session_claims(SDK_KEY, "room", 0)
    with pytest.raises(ZoomTokenError):
        sign_session_jwt(claims, "other-key", SDK_SECRET)


def test_decode_rejects_bad_signature_expired_and_foreign_key() -> None:
    claims = build_session_claims(SDK_KEY, "room", 0, now=NOW)
    token = sign_session_jwt(claims, SDK_KEY, SDK_SECRET)
    with pytest.raises(ZoomTokenError, match="Signature verification failed"):
        decode_session_jwt(token, SDK_KEY, "wrong-secret-0123456789abcdef0123", now=NOW)
    with pytest.raises(ZoomTokenError, match="expired"):
        decode_session_jwt(token, SDK_KEY, SDK_SECRET, now=claims.exp)
    with pytest.raises(ZoomTokenError, match="app_key"):
        decode_session_jwt(token, "another-sdk-key", SDK_SECRET, now=NOW)


def test_decode_rejects_claims_zoom_would_refuse() -> None:
    payload = {"app_key": SDK_KEY, "tpc": "room", "role_type": 0, "version": 1}
    payload |= {"iat": NOW, "exp": NOW + 60}  # lifetime below Zoom's 30-minute minimum
    token = jwt.encode(payload, SDK_SECRET, algorithm="HS256")
    with pytest.raises(ZoomTokenError, match="exp - iat"):
        decode_session_jwt(token, SDK_KEY, SDK_SECRET, now=NOW)
