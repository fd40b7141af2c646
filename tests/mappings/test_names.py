"""Room names -> session names, identities -> user keys: deterministic, within limits, distinct."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mappings import limits
from mappings.errors import MappingError
from mappings.names import (
    display_name_for,
    find_collisions,
    session_name_for,
    user_key_for,
    validate_passcode,
)
from mappings.session_jwt import SessionJwtClaims, is_session_name_char

# Realistic Twilio names: up to 128 characters of typical app-generated text.
NAME_ALPHABET = string.ascii_letters + string.digits + " -_.:/@#'é&"
names = st.text(alphabet=NAME_ALPHABET, min_size=1, max_size=limits.TWILIO_NAME_MAX)
identities = st.one_of(
    st.emails(),
    st.uuids().map(str),
    st.text(alphabet=NAME_ALPHABET, min_size=1, max_size=limits.TWILIO_NAME_MAX),
)


def test_clean_name_is_kept_exactly() -> None:
    m = session_name_for("daily-standup 2026")
    assert (m.value, m.fidelity) == ("daily-standup 2026", "exact")


def test_disallowed_characters_are_replaced_and_hashed() -> None:
    m = session_name_for("team/alpha*room")
    assert m.fidelity == "approximate"
    assert m.value.startswith("team_alpha_room~")
    assert "('*/')" in m.notes


def test_name_that_looks_hashed_is_hashed_again() -> None:
    looks_hashed = session_name_for("a/b").value
    assert session_name_for(looks_hashed).value != looks_hashed


def test_empty_name_is_an_error() -> None:
    with pytest.raises(MappingError):
        session_name_for("")


@settings(max_examples=300)
@given(names)
def test_session_name_is_valid_for_zoom_and_deterministic(name: str) -> None:
    m = session_name_for(name)
    assert m == session_name_for(name)
    assert 0 < len(m.value) <= limits.ZOOM_SESSION_NAME_MAX
    assert all(is_session_name_char(c) for c in m.value)
    SessionJwtClaims(app_key="k", tpc=m.value, role_type=0, iat=0, exp=3600)


@settings(max_examples=300)
@given(st.lists(names, min_size=2, max_size=30, unique_by=str.lower))
def test_distinct_names_never_share_a_session(batch: list[str]) -> None:
    values = [session_name_for(n).value.lower() for n in batch]
    assert len(set(values)) == len(values)
    assert find_collisions(batch) == []


def test_case_only_differences_are_reported_as_collisions() -> None:
    assert find_collisions(["Standup", "standup", "other", "Standup"]) == [{"Standup", "standup"}]
    assert "case-insensitively" in session_name_for("Standup").notes


def test_long_names_are_truncated_with_hash() -> None:
    long = "x" * 200
    m = session_name_for(long)
    assert len(m.value) == limits.ZOOM_SESSION_NAME_MAX and m.fidelity == "approximate"
    assert m.value != session_name_for("x" * 199).value


@settings(max_examples=300)
@given(identities)
def test_user_key_fits_and_is_deterministic(identity: str) -> None:
    key = user_key_for(identity)
    assert key == user_key_for(identity)
    assert 0 < len(key) <= limits.ZOOM_USER_KEY_MAX
    if len(identity) <= limits.ZOOM_USER_KEY_MAX and "~" not in identity:
        assert key == identity


@settings(max_examples=200)
@given(st.lists(identities, min_size=2, max_size=30, unique=True))
def test_distinct_identities_get_distinct_user_keys(batch: list[str]) -> None:
    keys = [user_key_for(i) for i in batch]
    assert len(set(keys)) == len(keys)


def test_long_identities_sharing_a_prefix_stay_distinct() -> None:
    a = user_key_for("customer-support-agent-number-000000001@example.com")
    b = user_key_for("customer-support-agent-number-000000002@example.com")
    assert a != b and len(a) == len(b) == limits.ZOOM_USER_KEY_MAX


def test_empty_identity_is_an_error() -> None:
    with pytest.raises(MappingError):
        user_key_for("")


def test_display_name_is_capped() -> None:
    assert display_name_for("a" * 300) == "a" * limits.ZOOM_DISPLAY_NAME_MAX


@pytest.mark.parametrize("good", ["", "1234", "a b~!", "x" * 10])
def test_valid_passcodes(good: str) -> None:
    assert validate_passcode(good) == good


@pytest.mark.parametrize("bad", ["x" * 11, "pässword", "tab\there"])
def test_invalid_passcodes(bad: str) -> None:
    with pytest.raises(MappingError):
        validate_passcode(bad)
