"""Recording Rules: Twilio's validation, Twilio's evaluation, and the Zoom verdict.

Examples are those of https://www.twilio.com/docs/video/api/recording-rules, including its invalid
ones and the documented erratum.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from mappings.recording_rules import (
    RULE_ERROR_MESSAGES,
    Rule,
    RuleValidationError,
    Track,
    evaluate,
    map_recording_rules,
    transition_actions,
    validate_recording_rules,
    validate_subscribe_rules,
)


def t(sid: str, name: str, kind: str, who: str) -> Track:
    return Track.model_validate(
        {"sid": sid, "name": name, "kind": kind, "publisher": who, "publisher_sid": f"PA{who}"}
    )


ROOM = [
    t("MTaa", "mic", "audio", "Alice"),
    t("MTav", "camera", "video", "Alice"),
    t("MTba", "mic", "audio", "Bob"),
    t("MTbv", "camera", "video", "Bob"),
    t("MTbs", "screen", "video", "Bob"),
]

# (name, rules, record_on_connect, recorded SIDs) — the Recording Rules page's common rule sets.
EVALUATION = [
    (
        "start all",
        [{"type": "include", "all": True}],
        False,
        {"MTaa", "MTav", "MTba", "MTbv", "MTbs"},
    ),
    ("stop all", [{"type": "exclude", "all": True}], True, set()),
    ("audio only", [{"type": "include", "kind": "audio"}], False, {"MTaa", "MTba"}),
    (
        "one person fully + everyone's audio",
        [{"type": "include", "publisher": "Alice"}, {"type": "include", "kind": "audio"}],
        False,
        {"MTaa", "MTav", "MTba"},
    ),
    (
        "record on connect, no rules applied yet",
        [{"type": "exclude", "track": "nothing"}],
        True,
        {"MTaa", "MTav", "MTba", "MTbv", "MTbs"},
    ),
    (
        "filters in one rule are ANDed",
        [{"type": "include", "publisher": "Bob", "kind": "video"}],
        False,
        {"MTbv", "MTbs"},
    ),
    (
        "order matters: exclude then include",
        [{"type": "exclude", "all": True}, {"type": "include", "track": "screen"}],
        True,
        {"MTbs"},
    ),
    (
        "publisher by PA SID, track by MT SID",
        [{"type": "include", "publisher": "PABob"}, {"type": "exclude", "track": "MTbs"}],
        False,
        {"MTba", "MTbv"},
    ),
    ("case-sensitive matching", [{"type": "include", "publisher": "alice"}], False, set()),
    (
        "erratum: include all + exclude kind video is valid",
        [{"type": "include", "all": True}, {"type": "exclude", "kind": "video"}],
        False,
        {"MTaa", "MTba"},
    ),
]


@pytest.mark.parametrize(
    ("name", "rules", "on_connect", "expected"), EVALUATION, ids=[e[0] for e in EVALUATION]
)
def test_evaluation_follows_twilio(
    name: str, rules: list[dict[str, Any]], on_connect: bool, expected: set[str]
) -> None:
    parsed = validate_recording_rules(json.dumps(rules))
    assert evaluate(parsed, ROOM, record_on_connect=on_connect) == expected


INVALID = [
    ("empty list", "[]"),
    ("not an array", '{"type": "include", "all": true}'),
    ("all false", '[{"type": "include", "all": false}]'),
    ("all with another filter", '[{"type": "include", "all": true, "kind": "audio"}]'),
    ("missing type", '[{"all": true}]'),
    ("bad type", '[{"type": "record", "all": true}]'),
    (
        "kind wideo (a typo in the Track Subscriptions page)",
        '[{"type": "include", "kind": "wideo"}]',
    ),
    ("kind data not recordable", '[{"type": "include", "kind": "data"}]'),
    ("duplicated filter", '[{"type": "include", "publisher": "Alice", "publisher": "Bob"}]'),
    ("21 rules", json.dumps([{"type": "include", "kind": "audio"}] * 21)),
    ("unknown filter", '[{"type": "include", "room": "x"}]'),
    ("no filter", '[{"type": "include"}]'),
    ("not JSON", "[{type: include}]"),
]


@pytest.mark.parametrize(("name", "text"), INVALID, ids=[i[0] for i in INVALID])
def test_invalid_rule_lists_raise_53120(name: str, text: str) -> None:
    with pytest.raises(RuleValidationError) as info:
        validate_recording_rules(text)
    assert info.value.code == 53120 and info.value.status == 400


# Cases where the Twilio emulator once judged differently; mappings follows Twilio's pages.
INVALID_SUBSCRIBE = [
    ("empty list", "[]"),
    ("unknown filter", '[{"type": "include", "room": "x"}]'),
    ("priority not a string (spec: string)", '[{"type": "include", "all": true, "priority": 5}]'),
    ("priority alone is no filter", '[{"type": "include", "priority": "high"}]'),
    ("publisher not a string", '[{"type": "include", "publisher": 42}]'),
    ("track empty", '[{"type": "include", "track": ""}]'),
    ("duplicated filter", '[{"type": "include", "kind": "audio", "kind": "data"}]'),
    ("all with another filter", '[{"type": "include", "all": true, "kind": "data"}]'),
    ("not JSON", "[{type: include}]"),
]


@pytest.mark.parametrize(("name", "text"), INVALID_SUBSCRIBE, ids=[i[0] for i in INVALID_SUBSCRIBE])
def test_invalid_subscribe_rule_lists_raise_53215(name: str, text: str) -> None:
    with pytest.raises(RuleValidationError) as info:
        validate_subscribe_rules(text)
    assert info.value.code == 53215 and info.value.status == 400


@pytest.mark.parametrize(
    "rule",
    [
        {"type": "include", "kind": "audio", "priority": "high"},  # priority: subscribe only
        {"type": "include", "publisher": 42},
        {"type": "include", "publisher": None},
    ],
)
def test_recording_rules_refuse_what_section_4_1_lacks(rule: dict[str, Any]) -> None:
    with pytest.raises(RuleValidationError) as info:
        validate_recording_rules([rule])
    assert info.value.code == 53120


def test_errors_carry_twilios_message() -> None:
    assert RULE_ERROR_MESSAGES == {
        53120: "Invalid Recording Rule(s)",
        53215: "Invalid Subscribe Rule(s)",
    }
    with pytest.raises(RuleValidationError) as info:
        validate_subscribe_rules('[{"type": "include", "kind": "wideo"}]')
    assert info.value.twilio_message == (
        "Invalid Subscribe Rule(s): rule 0: kind must be one of audio, video, data"
    )


def test_twenty_rules_are_allowed() -> None:
    assert len(validate_recording_rules([{"type": "include", "kind": "audio"}] * 20)) == 20


def test_subscribe_rules_accept_data_and_priority_and_use_53215() -> None:
    rules = validate_subscribe_rules('[{"type": "include", "kind": "data", "priority": "high"}]')
    assert rules[0].kind == "data" and rules[0].priority == "high"
    with pytest.raises(RuleValidationError) as info:
        validate_subscribe_rules("[]")
    assert info.value.code == 53215


def plan(rules: list[dict[str, Any]], **kw: Any):  # type: ignore[no-untyped-def]
    return map_recording_rules([Rule.model_validate(r) for r in rules], **kw)


def test_record_all_and_stop_all_are_exact() -> None:
    start = plan([{"type": "include", "all": True}])
    assert (start.record, start.actions, start.fidelity, start.differences) == (
        True,
        ["recording.start"],
        "exact",
        [],
    )
    stop = plan([{"type": "exclude", "all": True}], record_on_connect=True)
    assert (stop.record, stop.actions, stop.fidelity) == (False, ["recording.stop"], "exact")


def test_excluding_bobs_video_is_named_concretely() -> None:
    p = plan(
        [{"type": "include", "all": True}, {"type": "exclude", "publisher": "Bob", "kind": "video"}]
    )
    assert p.record and p.fidelity == "approximate"
    assert "the exclusion of Bob's video cannot be expressed; Zoom will record it" in p.differences
    assert p.elect_identities == []  # everyone but Bob has video recorded: elections need names


def test_one_person_plus_everyones_audio_elects_that_person() -> None:
    p = plan([{"type": "include", "publisher": "Alice"}, {"type": "include", "kind": "audio"}])
    assert p.elect_identities == ["Alice"] and p.cloud_recording_option == 1
    assert any("every other participant's video" in d for d in p.differences)


def test_audio_only_recording_suggests_audio_files() -> None:
    p = plan([{"type": "include", "kind": "audio"}])
    assert p.audio_only_files and p.record
    assert any("account setting" in d for d in p.differences)


def test_real_tracks_drive_the_comparison() -> None:
    rules = [Rule(type="include", all=True), Rule(type="exclude", track="screen")]
    p = map_recording_rules(rules, tracks=ROOM)
    assert (
        p.differences[0] == "the exclusion of Bob's video cannot be expressed; Zoom will record it"
    )


def test_transitions_send_only_changes() -> None:
    on = plan([{"type": "include", "all": True}])
    off = plan([{"type": "exclude", "all": True}])
    assert transition_actions(False, on) == ["recording.start"]
    assert transition_actions(True, on) == []
    assert transition_actions(True, off) == ["recording.stop"]


def test_update_operation_parameters_match_the_spec() -> None:
    from mappings.recording_rules import UPDATE_RECORDING_RULES_PARAMS
    from tests.mappings.spec import form_params

    assert list(UPDATE_RECORDING_RULES_PARAMS) == form_params("UpdateRoomRecordingRule")


def test_update_sends_events_api_calls_only_on_change() -> None:
    from mappings.recording_rules import map_update_recording_rules

    m = map_update_recording_rules(
        {"Rules": '[{"type":"include","all":true}]'}, recording_before=False
    )
    [req] = m.requests
    assert (req.method, req.path, req.body) == (
        "PATCH",
        "/videosdk/sessions/{session_id}/events",
        {"method": "recording.start"},
    )
    assert m.params[0].param == "Rules" and m.params[0].fidelity == "exact"
    same = map_update_recording_rules(
        {"Rules": [{"type": "include", "all": True}]}, recording_before=True
    )
    assert same.requests == []
    with pytest.raises(RuleValidationError):
        map_update_recording_rules({}, recording_before=True)
