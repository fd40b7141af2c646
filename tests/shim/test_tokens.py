"""AccessToken -> Zoom session JWT: claims, TTL clamping, long identities, missing rooms."""

from __future__ import annotations

import time
import warnings

import jwt
import pytest

from mappings import limits
from mappings.names import session_name_for, user_key_for
from migrate.errors import MissingCredentialError
from migrate.shim import ShimCompatibilityWarning
from migrate.shim.jwt.access_token import AccessToken, TokenMappingError
from migrate.shim.jwt.access_token.grants import ChatGrant, VideoGrant

SDK_KEY = "sdk-key-123"
OTHER_SECRET = "other-secret-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
TWILIO_SECRET = "twilio-api-secret-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
SDK_SECRET = "sdk-secret-456-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"


@pytest.fixture(autouse=True)
def _sdk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZOOM_SDK_KEY", SDK_KEY)
    monkeypatch.setenv("ZOOM_SDK_SECRET", SDK_SECRET)


def decode(token: str) -> dict[str, object]:
    return jwt.decode(token, SDK_SECRET, algorithms=["HS256"])


def make(**kwargs: object) -> AccessToken:
    return AccessToken("AC" + "0" * 32, "SK" + "1" * 32, TWILIO_SECRET, **kwargs)  # type: ignore[arg-type]


def test_claims_decoded_with_sdk_secret() -> None:
    token = make(identity="alice", grants=[VideoGrant(room="DailyStandup")])
    before = int(time.time())
    claims = decode(token.to_jwt())
    assert claims["app_key"] == SDK_KEY
    assert claims["tpc"] == "DailyStandup"
    assert claims["user_key"] == "alice"
    assert claims["role_type"] == 0
    assert claims["version"] == 1
    assert before - 31 <= claims["iat"] <= int(time.time())
    # Twilio's default 3600 s, counted from the back-dated iat.
    assert claims["exp"] - claims["iat"] == 3600 + limits.ZOOM_SESSION_JWT_IAT_SKEW
    header = jwt.get_unverified_header(token.to_jwt())
    assert header == {"alg": "HS256", "typ": "JWT"}


def test_twilio_secret_is_not_the_signing_key() -> None:
    encoded = make(identity="a", grants=[VideoGrant(room="r")]).to_jwt()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(encoded, TWILIO_SECRET, algorithms=["HS256"])


def test_empty_grant_then_room_attribute() -> None:
    grant = VideoGrant()
    token = make(identity="bob")
    token.add_grant(grant)
    grant.room = "Room With Spaces"
    assert decode(token.to_jwt())["tpc"] == "Room With Spaces"


def test_room_name_goes_through_the_name_mapping() -> None:
    room = "team/standup*2026"
    with pytest.warns(ShimCompatibilityWarning, match="becomes session") as caught:
        claims = decode(make(identity="a", grants=[VideoGrant(room=room)]).to_jwt())
    assert caught[0].filename == __file__
    assert claims["tpc"] == session_name_for(room).value


def test_without_room_is_a_clear_error() -> None:
    with pytest.raises(TokenMappingError, match="names no room.*docs/mapping.md#token-video-grant"):
        make(identity="a", grants=[VideoGrant()]).to_jwt()
    with pytest.raises(TokenMappingError, match="no video grant"):
        make(identity="a").to_jwt()


@pytest.mark.parametrize(
    ("ttl", "lifetime"),
    [
        (60, limits.ZOOM_SESSION_JWT_MIN_TTL),
        (10**6, limits.ZOOM_SESSION_JWT_MAX_TTL),
        (7200, 7200 + limits.ZOOM_SESSION_JWT_IAT_SKEW),
    ],
)
def test_ttl_clamped_to_zoom_range(ttl: int, lifetime: int) -> None:
    token = make(identity="a", grants=[VideoGrant(room="r")], ttl=ttl)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        claims = decode(token.to_jwt())
    assert claims["exp"] - claims["iat"] == lifetime
    clamped = lifetime != ttl + limits.ZOOM_SESSION_JWT_IAT_SKEW
    assert any("lifetime" in str(w.message) for w in caught) == clamped


def test_to_jwt_ttl_overrides_constructor() -> None:
    token = make(identity="a", grants=[VideoGrant(room="r")], ttl=3600)
    claims = decode(token.to_jwt(ttl=5000))
    assert claims["exp"] - claims["iat"] == 5000 + limits.ZOOM_SESSION_JWT_IAT_SKEW


def test_long_identity_becomes_a_distinct_user_key() -> None:
    long_a = "user-" + "a" * 120 + "-one"
    long_b = "user-" + "a" * 120 + "-two"
    with pytest.warns(ShimCompatibilityWarning, match="identity is longer"):
        key_a = decode(make(identity=long_a, grants=[VideoGrant(room="r")]).to_jwt())["user_key"]
    with pytest.warns(ShimCompatibilityWarning):
        key_b = decode(make(identity=long_b, grants=[VideoGrant(room="r")]).to_jwt())["user_key"]
    assert key_a == user_key_for(long_a)
    assert len(str(key_a)) <= limits.ZOOM_USER_KEY_MAX
    assert key_a != key_b


def test_other_product_grants_warn_and_are_dropped() -> None:
    token = make(identity="a", grants=[VideoGrant(room="r"), ChatGrant(service_sid="IS1")])
    with pytest.warns(ShimCompatibilityWarning, match="chat cannot be carried"):
        claims = decode(token.to_jwt())
    assert "grants" not in claims


def test_keyword_credentials_and_missing_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZOOM_SDK_KEY")
    monkeypatch.delenv("ZOOM_SDK_SECRET")
    with pytest.raises(MissingCredentialError, match="ZOOM_SDK_KEY"):
        make(identity="a", grants=[VideoGrant(room="r")]).to_jwt()
    token = make(
        identity="a", grants=[VideoGrant(room="r")], zoom_sdk_key="k2", zoom_sdk_secret=OTHER_SECRET
    )
    claims = jwt.decode(token.to_jwt(), OTHER_SECRET, algorithms=["HS256"])
    assert claims["app_key"] == "k2"


def test_grants_must_be_grants() -> None:
    with pytest.raises(ValueError, match="AccessTokenGrant"):
        make(grants=["video"])
    with pytest.raises(ValueError, match="AccessTokenGrant"):
        make().add_grant("video")  # type: ignore[arg-type]


def test_to_jwt_answers_both_the_twilio_6_and_the_twilio_7_idiom() -> None:
    # twilio 6.x code writes token.to_jwt().decode(); 7+ uses the str directly.
    token = make(identity="alice", grants=[VideoGrant(room="DailyStandup")])
    text = token.to_jwt()
    assert isinstance(text, str)
    assert decode(text.decode()) == decode(text) == decode(text.decode("utf-8"))
    assert type(text.decode()) is str
