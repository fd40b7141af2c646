"""AccessToken -> Zoom session JWT claims, argument by argument."""

from __future__ import annotations

import inspect

import jwt as pyjwt
import pytest
from twilio.jwt.access_token import AccessToken

from mappings import limits
from mappings.errors import MappingError
from mappings.names import session_name_for
from mappings.tokens import (
    ACCESS_TOKEN_ARGUMENTS,
    AccessTokenSpec,
    GrantSpec,
    map_access_token,
)

NOW = 1_800_000_000
AC = "AC" + "a" * 32
SK = "SK" + "b" * 32


def spec(**kw: object) -> AccessTokenSpec:
    base: dict[str, object] = {
        "account_sid": AC,
        "signing_key_sid": SK,
        "identity": "alice",
        "grants": (GrantSpec(kind="video", room="daily"),),
    }
    base.update(kw)
    return AccessTokenSpec.model_validate(base)


def test_every_access_token_argument_has_a_documented_fate() -> None:
    params = set(inspect.signature(AccessToken.__init__).parameters) - {"self"}
    assert params == {a.argument for a in ACCESS_TOKEN_ARGUMENTS}
    # Everything but the secret is a field of the spec, so nothing is lost unseen.
    assert params - {"secret"} == set(AccessTokenSpec.model_fields)


def test_plain_video_token_maps_exactly() -> None:
    m = map_access_token(spec(), sdk_key="SDKKEY", now=NOW)
    c = m.claims
    assert (c.app_key, c.tpc, c.user_key, c.role_type, c.version) == (
        "SDKKEY",
        "daily",
        "alice",
        0,
        1,
    )
    assert c.iat == NOW - limits.ZOOM_SESSION_JWT_IAT_SKEW
    assert c.exp - c.iat == limits.TWILIO_TOKEN_DEFAULT_TTL + limits.ZOOM_SESSION_JWT_IAT_SKEW
    assert m.fidelity == "exact" and m.warnings == []


def test_claims_sign_and_decode_with_pyjwt() -> None:
    claims = map_access_token(spec(), sdk_key="k", now=NOW, role_type=1).claims
    secret = "s" * 32
    token = pyjwt.encode(claims.payload(), secret, algorithm="HS256")
    decoded = pyjwt.decode(
        token, secret, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False}
    )
    assert decoded["tpc"] == "daily" and decoded["role_type"] == 1 and "geo_regions" not in decoded


@pytest.mark.parametrize(
    ("kw", "lifetime", "warned"),
    [
        ({"ttl": 60}, limits.ZOOM_SESSION_JWT_MIN_TTL, True),
        ({"ttl": 86_400}, 86_400 + limits.ZOOM_SESSION_JWT_IAT_SKEW, False),
        ({"valid_until": NOW + 10 * 86_400}, limits.ZOOM_SESSION_JWT_MAX_TTL, True),
        ({"valid_until": NOW + 7200, "ttl": 60}, 7200 + limits.ZOOM_SESSION_JWT_IAT_SKEW, False),
    ],
)
def test_lifetime_is_clamped_with_a_warning(
    kw: dict[str, int], lifetime: int, warned: bool
) -> None:
    m = map_access_token(spec(**kw), sdk_key="k", now=NOW)
    assert m.claims.exp - m.claims.iat == lifetime
    assert any("lifetime" in w for w in m.warnings) is warned


@pytest.mark.parametrize(
    ("region", "geo", "fidelity"),
    [
        ("us1", "US", "exact"),
        ("ie1", "DE,NL", "approximate"),
        ("gll", None, "approximate"),
        ("JP1", "JP", "exact"),
        ("mars1", None, "approximate"),
    ],
)
def test_region_becomes_geo_regions(region: str, geo: str | None, fidelity: str) -> None:
    m = map_access_token(spec(region=region), sdk_key="k", now=NOW)
    assert m.claims.geo_regions == geo and m.fidelity == fidelity
    if region == "mars1":
        assert any("unknown Twilio region" in w for w in m.warnings)


def test_other_grants_are_named_in_warnings() -> None:
    grants = (GrantSpec(kind="chat"), GrantSpec(kind="video", room="r"), GrantSpec(kind="voice"))
    m = map_access_token(spec(grants=grants), sdk_key="k", now=NOW)
    assert m.fidelity == "approximate"
    assert any("chat, voice" in w for w in m.warnings)


def test_long_identity_and_odd_room_are_mapped_with_warnings() -> None:
    identity = "someone-with-a-very-long-identity@example.com"
    m = map_access_token(
        spec(identity=identity, grants=(GrantSpec(kind="video", room="a/b"),)), sdk_key="k", now=NOW
    )
    assert m.claims.user_key and len(m.claims.user_key) == limits.ZOOM_USER_KEY_MAX
    assert m.claims.tpc == session_name_for("a/b").value
    assert len(m.warnings) == 2


def test_missing_identity_and_future_nbf_are_reported() -> None:
    m = map_access_token(spec(identity=None, nbf=NOW + 600), sdk_key="k", now=NOW)
    assert m.claims.user_key is None
    assert any("no identity" in w for w in m.warnings) and any("nbf" in w for w in m.warnings)


def test_last_video_grant_wins_like_twilio() -> None:
    grants = (GrantSpec(kind="video", room="first"), GrantSpec(kind="video", room="second"))
    assert map_access_token(spec(grants=grants), sdk_key="k", now=NOW).claims.tpc == "second"


@pytest.mark.parametrize("grants", [(), (GrantSpec(kind="chat"),), (GrantSpec(kind="video"),)])
def test_token_without_a_room_is_a_clear_error(grants: tuple[GrantSpec, ...]) -> None:
    with pytest.raises(MappingError, match="video grant"):
        map_access_token(spec(grants=grants), sdk_key="k", now=NOW)
