"""Rooms: every CreateRoom parameter of the spec, status updates, list filters, views."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mappings import limits, sids
from mappings.errors import MappingError
from mappings.rooms import (
    CREATE_ROOM_PARAMS,
    map_create_room,
    map_room_list,
    map_room_status_update,
    participant_view,
    room_view,
    spec_name,
)
from tests.mappings.spec import form_params

# param -> (example value, expected fidelity, expected text in the Zoom column)
CREATE_ROOM_CASES: dict[str, tuple[Any, str, str]] = {
    "EnableTurn": (True, "exact", "not needed"),
    "Type": ("group", "exact", "session type"),
    "UniqueName": ("daily-standup", "exact", "daily-standup"),
    "StatusCallback": ("https://example.com/cb", "approximate", "bridge"),
    "StatusCallbackMethod": ("POST", "exact", "bridge"),
    "MaxParticipants": (10, "approximate", "token server"),
    "RecordParticipantsOnConnect": (True, "approximate", '"cloud"'),
    "TranscribeParticipantsOnConnect": (True, "approximate", "cloud_recording_transcript_option"),
    "VideoCodecs": (["VP8", "H264"], "unsupported", "codecs"),
    "MediaRegion": ("de1", "exact", "DE"),
    "RecordingRules": ([{"type": "include", "all": True}], "exact", '"cloud"'),
    "TranscriptionsConfiguration": ({"languageCode": "en-US"}, "unsupported", "no equivalent"),
    "AudioOnly": (True, "approximate", "do not start video"),
    "MaxParticipantDuration": (3600, "unsupported", "user"),
    "EmptyRoomTimeout": (5, "approximate", "last user leaves"),
    "UnusedRoomTimeout": (5, "approximate", "no equivalent"),
    "LargeRoom": (True, "exact", "not needed"),
}


def test_every_spec_parameter_has_a_mapping_and_a_case() -> None:
    spec = form_params("CreateRoom")
    assert set(spec) == set(CREATE_ROOM_PARAMS) == set(CREATE_ROOM_CASES)


@pytest.mark.parametrize("param", form_params("CreateRoom"))
def test_each_parameter_alone(param: str) -> None:
    value, fidelity, zoom_text = CREATE_ROOM_CASES[param]
    m = map_create_room({param: value})
    [row] = m.params
    assert (row.param, row.fidelity) == (param, fidelity)
    assert zoom_text in row.zoom
    assert m.fidelity == fidelity
    if row.fidelity != "exact":
        assert row.notes  # every loss is explained


def test_all_parameters_together_build_the_session_request() -> None:
    params = {k: v[0] for k, v in CREATE_ROOM_CASES.items()}
    m = map_create_room(params)
    assert [p.param for p in m.params] == form_params("CreateRoom")
    assert m.request.method == "POST" and m.request.path == "/videosdk/sessions"
    assert m.request.body == {
        "session_name": "daily-standup",
        "settings": {"auto_recording": "cloud"},
    }
    assert m.jwt_claims == {"cloud_recording_transcript_option": 1, "geo_regions": "DE"}
    assert m.fidelity == "unsupported"
    assert any("10 users" in g for g in m.client_guidance)


def test_twilio_python_keywords_are_accepted() -> None:
    m = map_create_room({"unique_name": "x", "record_participants_on_connect": False, "type": None})
    assert [p.param for p in m.params] == ["UniqueName", "RecordParticipantsOnConnect"]
    assert m.request.body == {"session_name": "x", "settings": {"auto_recording": "none"}}
    assert spec_name("max_participant_duration") == "MaxParticipantDuration"


def test_recording_rules_refine_record_on_connect() -> None:
    m = map_create_room(
        {
            "RecordParticipantsOnConnect": True,
            "RecordingRules": '[{"type": "exclude", "all": true}]',
        }
    )
    assert m.request.body is not None
    assert m.request.body["settings"] == {"auto_recording": "none"}


def test_partial_rules_explain_what_zoom_records_extra() -> None:
    m = map_create_room({"RecordingRules": [{"type": "include", "publisher": "Alice"}]})
    rules = m.params[0]
    assert rules.fidelity == "approximate"
    assert "every other participant's audio and video cannot be expressed" in rules.notes
    assert m.jwt_claims == {"cloud_recording_option": 1}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"Type": "huge"}, "Type"),
        ({"Bogus": 1}, "not a CreateRoom parameter"),
        ({"EmptyRoomTimeout": 61}, "1..60"),
        ({"MaxParticipantDuration": 90_000}, "86400"),
        ({"RecordingRules": "[]"}, "53120"),
        ({"VideoCodecs": ["VP9"]}, "VP8"),
        ({"AudioOnly": "maybe"}, "true or false"),
        ({"StatusCallbackMethod": "PUT"}, "GET or POST"),
    ],
)
def test_values_twilio_rejects_are_errors(params: dict[str, Any], message: str) -> None:
    with pytest.raises(MappingError, match=message):
        map_create_room(params)


@pytest.mark.parametrize(
    ("room_type", "fidelity"),
    [("go", "approximate"), ("peer-to-peer", "approximate"), ("group-small", "approximate")],
)
def test_legacy_room_types_are_approximate(room_type: str, fidelity: str) -> None:
    m = map_create_room({"Type": room_type})
    assert m.fidelity == fidelity and m.client_guidance


def test_unknown_media_region_is_unsupported() -> None:
    assert map_create_room({"MediaRegion": "mars1"}).fidelity == "unsupported"


def test_status_update() -> None:
    update = map_room_status_update("completed")
    req = update.request
    assert (req.method, req.path, req.body) == (
        "PUT",
        "/videosdk/sessions/{session_id}/status",
        {"action": "end"},
    )
    assert (update.unstarted.method, update.unstarted.path) == (
        "DELETE",
        "/videosdk/sessions/{session_id}",
    )
    with pytest.raises(MappingError):
        map_room_status_update("in-progress")


def test_list_filters() -> None:
    today = dt.date(2026, 11, 23)
    q = map_room_list(today=today)
    assert q.request.query["type"] == "live" and q.request.query["to"] == "2026-11-23"
    assert (
        q.request.query["from"]
        == (today - dt.timedelta(days=limits.ZOOM_SESSION_RETENTION_DAYS)).isoformat()
    )
    q = map_room_list(
        today=today,
        status="completed",
        unique_name="Daily",
        date_created_after=dt.datetime(2026, 1, 2, 10, tzinfo=dt.UTC),
        date_created_before=dt.datetime(2026, 2, 3, tzinfo=dt.UTC),
    )
    assert q.request.query == {
        "type": "past",
        "from": "2026-01-02",
        "to": "2026-02-03",
        "page_size": str(limits.ZOOM_MAX_PAGE_SIZE),
        "session_name": "Daily",
    }
    # The same query as typed fields, for callers that use a client method.
    typed = (q.session_type, q.from_date, q.to_date, q.session_name, q.page_size)
    assert typed == (
        "past",
        dt.date(2026, 1, 2),
        dt.date(2026, 2, 3),
        "Daily",
        limits.ZOOM_MAX_PAGE_SIZE,
    )
    assert q.notes and not q.empty
    assert map_room_list(today=today, status="failed").empty


SESSION = {
    "id": "oiFKKKL/RyGdm9W1r1Ll6w==",
    "session_name": "daily",
    "start_time": "2026-11-20T10:00:00Z",
    "end_time": "2026-11-20T10:30:00Z",
    "duration": "30",
    "user_count": 2,
}


def test_room_view_uses_twilio_fields_and_stable_sid() -> None:
    room = room_view(SESSION, account_sid="AC1")
    assert room["sid"] == sids.room_sid(SESSION["id"]) and sids.is_sid(room["sid"], "RM")
    assert (room["status"], room["duration"], room["unique_name"]) == ("completed", 1800, "daily")
    assert room["end_time"] == "2026-11-20T10:30:00Z" and room["type"] == "group"
    assert room["links"]["participants"].endswith(f"/v1/Rooms/{room['sid']}/Participants")
    live = room_view(
        {
            "session_id": "abc",
            "session_name": "x",
            "start_time": "2026-11-20T10:00:00Z",
            "settings": {"auto_recording": "cloud"},
        },
        account_sid="AC1",
    )
    assert live["status"] == "in-progress" and live["record_participants_on_connect"] is True
    assert live["duration"] is None


def test_participant_view() -> None:
    user = {
        "id": "16778240",
        "name": "Alice",
        "user_key": "alice",
        "join_time": "2026-11-20T10:00:00Z",
        "leave_time": "2026-11-20T10:05:00Z",
    }
    p = participant_view(SESSION["id"], user, account_sid="AC1")
    assert p["sid"] == sids.participant_sid(SESSION["id"], "alice")
    assert (p["identity"], p["status"], p["duration"]) == ("alice", "disconnected", 300)
    assert p["room_sid"] == sids.room_sid(SESSION["id"])
    guest = participant_view(SESSION["id"], {"id": "9", "name": "Guest"}, account_sid="AC1")
    assert guest["identity"] == "Guest" and guest["status"] == "connected"
    with pytest.raises(MappingError):
        participant_view("s", {}, account_sid="AC1")


def test_room_create_params_leave_out_defaults() -> None:
    from mappings.rooms import room_create_params

    room = {
        "sid": "RM1",
        "unique_name": "RM1",
        "type": "group",
        "enable_turn": True,
        "status_callback": None,
        "status_callback_method": "POST",
        "max_participants": 50,
        "record_participants_on_connect": True,
        "video_codecs": ["H264", "VP8"],
        "media_region": "us1",
        "audio_only": False,
        "max_participant_duration": 14400,
        "empty_room_timeout": 5,
        "unused_room_timeout": 10,
        "large_room": False,
    }
    assert room_create_params(room) == {
        "RecordParticipantsOnConnect": True,
        "MediaRegion": "us1",
        "UnusedRoomTimeout": 10,
    }
    named = room_create_params(
        {
            **room,
            "unique_name": "daily",
            "status_callback": "https://x/cb",
            "type": "go",
            "video_codecs": ["VP8"],
        }
    )
    assert named["UniqueName"] == "daily" and named["StatusCallbackMethod"] == "POST"
    assert named["Type"] == "go" and named["VideoCodecs"] == ["VP8"]
    map_create_room(named)  # what a real room reports always maps
