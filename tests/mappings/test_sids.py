"""Derived SIDs: Twilio's pattern, deterministic, distinct across kinds and inputs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mappings import sids


def test_room_sid_matches_twilio_pattern_and_is_stable() -> None:
    sid = sids.room_sid("oiFKKKL/RyGdm9W1r1Ll6w==")
    assert sids.is_sid(sid, "RM") and len(sid) == 34 and sid[2:] == sid[2:].lower()
    assert sid == sids.room_sid("oiFKKKL/RyGdm9W1r1Ll6w==")


def test_kinds_and_part_boundaries_never_collide() -> None:
    assert sids.participant_sid("ab", "c") != sids.participant_sid("a", "bc")
    assert sids.recording_sid("s", "f")[2:] != sids.participant_sid("s", "f")[2:]
    assert sids.track_sid("s", "u", "audio") != sids.track_sid("s", "u", "video")


def test_is_sid_rejects_wrong_prefix_and_length() -> None:
    sid = sids.recording_sid("s", "f")
    assert sids.is_sid(sid, "RT")
    assert not sids.is_sid(sid, "RM")
    assert not sids.is_sid(sid[:-1], "RT")
    assert not sids.is_sid("RT" + "g" * 32, "RT")


@given(st.text(min_size=1), st.text(min_size=1))
def test_distinct_sessions_get_distinct_room_sids(a: str, b: str) -> None:
    assert (sids.room_sid(a) == sids.room_sid(b)) == (a == b)


def test_composition_sid_is_cj_and_differs_from_the_files_recording_sid() -> None:
    sid = sids.composition_sid("s", "f")
    assert sids.is_sid(sid, "CJ") and sid == sids.composition_sid("s", "f")
    assert sid[2:] != sids.recording_sid("s", "f")[2:]
    assert sid != sids.composition_sid("s", "g")
