"""Zoom webhooks -> Twilio status callbacks, for every mapped event, parameter by parameter."""

from __future__ import annotations

from typing import Any

import pytest

from mappings import sids
from mappings.errors import MappingError
from mappings.events import (
    PARAMETERS,
    TWILIO_EVENTS,
    ZOOM_EVENTS,
    twilio_callbacks_for_zoom_event,
)

AC = "AC" + "0" * 32
SID = "oiFKKKL/RyGdm9W1r1Ll6w=="
EVENT_TS = 1_763_900_000_123  # 2025-11-23T12:13:20.123Z
BASE_KEYS = {
    "AccountSid",
    "RoomSid",
    "RoomName",
    "RoomStatus",
    "RoomType",
    "StatusCallbackEvent",
    "Timestamp",
    "SequenceNumber",
}


def hook(event: str, **obj: Any) -> dict[str, Any]:
    body = {"session_id": SID, "id": "x", "session_name": "daily", **obj}
    return {"event": event, "event_ts": EVENT_TS, "payload": {"account_id": "z", "object": body}}


def one(event: dict[str, Any]) -> dict[str, str]:
    [cb] = twilio_callbacks_for_zoom_event(event, account_sid=AC, sequence_number=7)
    assert cb.params["StatusCallbackEvent"] == cb.event
    assert BASE_KEYS <= cb.params.keys()
    # The typed fields callers read agree with the form parameters sent.
    assert (cb.room_sid, cb.session_name) == (cb.params["RoomSid"], cb.params["RoomName"])
    assert cb.room_sid == sids.room_sid(cb.session_id)
    return cb.params


def test_session_started_is_room_created() -> None:
    p = one(hook("session.started", start_time="2025-11-23T12:00:00Z"))
    assert p["StatusCallbackEvent"] == "room-created"
    assert p["RoomSid"] == sids.room_sid(SID) and p["RoomName"] == "daily"
    assert (p["RoomStatus"], p["RoomType"], p["AccountSid"]) == ("in-progress", "group", AC)
    assert p["Timestamp"] == "2025-11-23T12:13:20.123000Z" and p["SequenceNumber"] == "7"


def test_session_ended_is_room_ended_with_duration() -> None:
    p = one(
        hook("session.ended", start_time="2025-11-23T12:00:00Z", end_time="2025-11-23T12:30:05Z")
    )
    assert (p["StatusCallbackEvent"], p["RoomStatus"], p["RoomDuration"]) == (
        "room-ended",
        "completed",
        "1805",
    )


def test_user_joined_and_left_are_participant_events() -> None:
    user = {
        "id": "16778240",
        "name": "Alice A.",
        "user_key": "alice",
        "join_time": "2025-11-23T12:00:00Z",
    }
    joined = one(hook("session.user_joined", user=user))
    assert joined["StatusCallbackEvent"] == "participant-connected"
    assert joined["ParticipantIdentity"] == "alice" and joined["ParticipantStatus"] == "connected"
    assert joined["ParticipantSid"] == sids.participant_sid(SID, "alice")
    left = one(hook("session.user_left", user={**user, "leave_time": "2025-11-23T12:01:40Z"}))
    assert left["StatusCallbackEvent"] == "participant-disconnected"
    assert (left["ParticipantSid"], left["ParticipantDuration"]) == (
        joined["ParticipantSid"],
        "100",
    )
    assert left["ParticipantStatus"] == "disconnected"


def test_user_without_user_key_uses_display_name_and_zoom_id() -> None:
    p = one(hook("session.user_left", user={"id": "42", "name": "Guest"}))
    assert p["ParticipantIdentity"] == "Guest"
    assert p["ParticipantSid"] == sids.participant_sid(SID, "42")
    assert "ParticipantDuration" not in p


def test_sharing_is_a_video_track() -> None:
    user = {"id": "1", "name": "A", "user_key": "alice", "sharing_details": {"content": "desktop"}}
    added = one(hook("session.sharing_started", user=user))
    removed = one(hook("session.sharing_ended", user=user))
    assert (added["StatusCallbackEvent"], removed["StatusCallbackEvent"]) == (
        "track-added",
        "track-removed",
    )
    assert added["TrackKind"] == "video" and added["TrackName"] == "desktop"
    assert added["TrackSid"] == removed["TrackSid"] and sids.is_sid(added["TrackSid"], "MT")


def test_recording_started() -> None:
    p = one(
        hook(
            "session.recording_started", recording_file={"recording_start": "2025-11-23T12:00:00Z"}
        )
    )
    assert p["StatusCallbackEvent"] == "recording-started" and sids.is_sid(p["RecordingSid"], "RT")


def test_recording_completed_gives_one_callback_per_media_file() -> None:
    files = [
        {
            "id": "f1",
            "file_type": "MP4",
            "file_size": 1000,
            "recording_type": "gallery_view",
            "recording_start": "2025-11-23T12:00:00Z",
            "recording_end": "2025-11-23T12:10:00Z",
        },
        {
            "id": "f2",
            "file_type": "M4A",
            "file_size": 200,
            "recording_type": "audio_only",
            "recording_start": "2025-11-23T12:00:00Z",
            "recording_end": "2025-11-23T12:10:00Z",
        },
        {"id": "f3", "file_type": "TRANSCRIPT", "file_size": 5},
    ]
    audio = [{"id": "f4", "file_type": "M4A", "file_size": 50, "user_key": "bob", "user_id": "9"}]
    body = hook(
        "session.recording_completed",
        recording_files=files,
        participant_audio_files=audio,
        external_storage_url="s3://bucket/x",
    )
    body["download_token"] = "secret-token"
    cbs = twilio_callbacks_for_zoom_event(body, account_sid=AC)
    assert [c.event for c in cbs] == ["recording-completed"] * 3
    gallery, mixed, bob = (c.params for c in cbs)
    assert gallery["RecordingSid"] == sids.recording_sid(SID, "f1")
    assert gallery["MediaUri"] == f"/v1/Recordings/{gallery['RecordingSid']}/Media"
    assert gallery["RecordingUri"] == f"/v1/Recordings/{gallery['RecordingSid']}"
    assert (gallery["Type"], gallery["Container"], gallery["Codec"]) == ("video", "mp4", "h264")
    assert (gallery["Duration"], gallery["Size"], gallery["TrackName"]) == (
        "600",
        "1000",
        "gallery_view",
    )
    assert gallery["OffsetFromTwilioVideoEpoch"] == "1763899200000"
    assert gallery["MediaExternalLocation"] == "s3://bucket/x"
    assert (mixed["Type"], mixed["Container"]) == ("audio", "m4a")
    assert bob["ParticipantIdentity"] == "bob" and bob["ParticipantSid"] == sids.participant_sid(
        SID, "bob"
    )
    # The download token is a credential: it never reaches a Twilio callback.
    assert all("secret-token" not in v for c in cbs for v in c.params.values())


@pytest.mark.parametrize(
    "event", ["session.recording_paused", "session.alert", "endpoint.url_validation"]
)
def test_events_without_twilio_counterpart_give_nothing(event: str) -> None:
    assert twilio_callbacks_for_zoom_event(hook(event), account_sid=AC) == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"event": "session.started"},
        {"event": "session.started", "payload": {"object": {}}},
        {"event": "session.user_joined", "payload": {"object": {"session_id": "s"}}},
    ],
)
def test_malformed_bodies_raise_mapping_error(body: dict[str, Any]) -> None:
    with pytest.raises(MappingError):
        twilio_callbacks_for_zoom_event(body, account_sid=AC)


def test_every_twilio_event_of_the_reference_is_in_the_reverse_table() -> None:
    reference = {
        "room-created",
        "room-ended",
        "participant-connected",
        "participant-disconnected",
        "track-added",
        "track-removed",
        "track-enabled",
        "track-disabled",
        "recording-started",
        "recording-completed",
        "recording-failed",
        "composition-enqueued",
        "composition-hook-failed",
        "composition-started",
        "composition-progress",
        "composition-available",
        "composition-failed",
    }
    assert set(TWILIO_EVENTS) == reference
    for name, m in TWILIO_EVENTS.items():
        assert (m.zoom is None) == (m.fidelity == "unsupported"), name


def test_every_mapped_zoom_event_produces_its_documented_twilio_event() -> None:
    user = {"id": "1", "name": "n", "user_key": "k"}
    files = [{"id": "f", "file_type": "MP4", "file_size": 1}]
    for zoom_event, m in ZOOM_EVENTS.items():
        cbs = twilio_callbacks_for_zoom_event(
            hook(zoom_event, user=user, recording_files=files), account_sid=AC
        )
        assert [c.event for c in cbs] == ([m.twilio] if m.twilio else []), zoom_event


def test_every_emitted_parameter_is_documented() -> None:
    documented = {p.param for p in PARAMETERS}
    user = {
        "id": "1",
        "name": "n",
        "user_key": "k",
        "join_time": "2025-11-23T12:00:00Z",
        "leave_time": "2025-11-23T12:00:01Z",
    }
    files = [
        {
            "id": "f",
            "file_type": "MP4",
            "file_size": 1,
            "recording_start": "2025-11-23T12:00:00Z",
            "recording_end": "2025-11-23T12:00:01Z",
            "user_key": "k",
        }
    ]
    emitted: set[str] = set()
    for zoom_event in ZOOM_EVENTS:
        body = hook(
            zoom_event,
            user=user,
            recording_files=files,
            start_time="2025-11-23T12:00:00Z",
            end_time="2025-11-23T12:00:01Z",
            external_storage_url="u",
        )
        for cb in twilio_callbacks_for_zoom_event(body, account_sid=AC):
            emitted |= cb.params.keys()
    assert emitted <= documented
