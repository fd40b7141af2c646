"""Zoom recording files -> Twilio Recording / RoomRecording views, field by field."""

from __future__ import annotations

from typing import Any

import pytest

from mappings import sids
from mappings.errors import MappingError
from mappings.events import twilio_callbacks_for_zoom_event
from mappings.recordings import (
    RECORDING_FIELDS,
    field_mapping,
    recording_view,
)

AC = "AC" + "0" * 32
SID = "oiFKKKL/RyGdm9W1r1Ll6w=="
SESSION = {"session_id": SID, "external_storage_url": None}
RM = sids.room_sid(SID)
START, END = "2025-11-23T12:00:00Z", "2025-11-23T12:10:00Z"

COMPOSITE_MP4 = {
    "id": "f1",
    "file_type": "MP4",
    "file_extension": "MP4",
    "file_size": 1000,
    "recording_type": "gallery_view",
    "recording_start": START,
    "recording_end": END,
    "download_url": "https://zoom.us/rec/download/f1",
    "status": "completed",
}
USER_M4A = {
    "id": "f2",
    "file_type": "M4A",
    "file_extension": "M4A",
    "file_size": 200,
    "recording_start": START,
    "recording_end": "2025-11-23T12:00:00.400Z",
    "user_id": "9",
    "user_key": "bob",
}
TRANSCRIPT = {"id": "f3", "file_type": "TRANSCRIPT", "file_extension": "VTT", "file_size": 5}
WEBHOOK_M4A = {"id": "f4", "file_type": "M4A", "file_size": 50, "user_id": "9"}  # no extension


def view(file: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return recording_view(SESSION, file, account_sid=AC, **kw)


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        (
            COMPOSITE_MP4,
            {
                "type": "video",
                "container_format": "mp4",
                "codec": "h264",
                "status": "completed",
                "size": 1000,
                "duration": 600,
                "track_name": "gallery_view",
                "date_created": "2025-11-23T12:00:00Z",
                "offset": 1_763_899_200_000,
                "grouping_sids": {"room_sid": RM},
                "source_sid": sids.track_sid(SID, "gallery_view", "video"),
                "links": {"media": "https://zoom.us/rec/download/f1"},
            },
        ),
        (
            USER_M4A,
            {
                "type": "audio",
                "container_format": "m4a",
                "codec": "aac",
                "duration": 1,  # under a second counts as 1, as on Twilio
                "track_name": "m4a",
                "grouping_sids": {
                    "room_sid": RM,
                    "participant_sid": sids.participant_sid(SID, "bob"),
                },
                "source_sid": sids.track_sid(SID, "bob", "audio"),
                "links": {"media": ""},
            },
        ),
        (
            TRANSCRIPT,
            {
                "type": "data",
                "container_format": "vtt",
                "codec": None,
                "duration": None,
                "offset": None,
                "date_created": None,
                "track_name": "vtt",
            },
        ),
        (
            WEBHOOK_M4A,
            {
                "type": "audio",
                "container_format": "m4a",
                "codec": "aac",
                "grouping_sids": {
                    "room_sid": RM,
                    "participant_sid": sids.participant_sid(SID, "9"),
                },
            },
        ),
        ({**COMPOSITE_MP4, "deleted_time": END}, {"status": "deleted"}),
        ({**COMPOSITE_MP4, "status": None}, {"status": "completed"}),
        ({**COMPOSITE_MP4, "status": "processing"}, {"status": "processing"}),
        ({**COMPOSITE_MP4, "status": "uploading"}, {"status": "processing"}),
        ({**COMPOSITE_MP4, "recording_end": START}, {"duration": 0}),
        ({**COMPOSITE_MP4, "recording_start": "not a time"}, {"duration": None, "offset": None}),
        ({**COMPOSITE_MP4, "file_size": None}, {"size": None}),
    ],
)
def test_recording_fields(file: dict[str, Any], expected: dict[str, Any]) -> None:
    got = view(file)
    assert got["sid"] == sids.recording_sid(SID, file["id"])
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("room_level", "url", "only", "absent"),
    [
        (False, "https://video.twilio.com/v1/Recordings/", "status_callback", "room_sid"),
        (
            True,
            f"https://video.twilio.com/v1/Rooms/{RM}/Recordings/",
            "room_sid",
            "status_callback",
        ),
    ],
)
def test_account_and_room_level_shapes(room_level: bool, url: str, only: str, absent: str) -> None:
    got = view(COMPOSITE_MP4, room_level=room_level)
    assert got["url"] == url + got["sid"]
    assert only in got and absent not in got
    if room_level:
        assert got["room_sid"] == RM
    else:
        assert (got["status_callback"], got["status_callback_method"]) == (None, None)


def test_external_storage_and_base_url() -> None:
    session = {**SESSION, "external_storage_url": "s3://bucket/x"}
    got = recording_view(session, COMPOSITE_MP4, account_sid=AC, base_url="http://127.0.0.1:9")
    assert got["media_external_location"] == "s3://bucket/x"
    assert got["url"].startswith("http://127.0.0.1:9/v1/Recordings/RT")
    assert got["account_sid"] == AC


@pytest.mark.parametrize(
    ("session", "file"),
    [({}, COMPOSITE_MP4), (SESSION, {"file_type": "MP4"}), ({"session_id": ""}, COMPOSITE_MP4)],
)
def test_missing_ids_raise(session: dict[str, Any], file: dict[str, Any]) -> None:
    with pytest.raises(MappingError):
        recording_view(session, file, account_sid=AC)


def test_every_view_field_is_documented() -> None:
    got = view(COMPOSITE_MP4)
    documented = {row.param.split(".")[0] for row in RECORDING_FIELDS}
    # Identity fields every Twilio resource has need no Zoom source.
    assert set(got) - documented == {"account_sid", "url", "status_callback_method"}
    assert all(row.notes for row in RECORDING_FIELDS if row.fidelity != "exact")


def test_field_mapping_renames_for_callbacks() -> None:
    assert field_mapping("codec", as_param="Codec").param == "Codec"
    assert field_mapping("codec").zoom == field_mapping("codec", as_param="Codec").zoom
    with pytest.raises(KeyError):
        field_mapping("nope")


@pytest.mark.parametrize("file", [COMPOSITE_MP4, USER_M4A, WEBHOOK_M4A])
def test_callback_and_view_agree(file: dict[str, Any]) -> None:
    # The bridge's recording-completed callback and the REST view describe the same file.
    body = {
        "event": "session.recording_completed",
        "payload": {"object": {**SESSION, "session_name": "daily", "recording_files": [file]}},
    }
    [callback] = twilio_callbacks_for_zoom_event(body, account_sid=AC)
    p, v = callback.params, view(file)
    assert p["RecordingSid"] == v["sid"] and p["SourceSid"] == v["source_sid"]
    assert (p["Type"], p["Container"], p["Codec"]) == (v["type"], v["container_format"], v["codec"])
    assert (p["Size"], p["TrackName"]) == (str(v["size"]), v["track_name"])
    assert p.get("Duration") == (None if v["duration"] is None else str(v["duration"]))
    assert p.get("OffsetFromTwilioVideoEpoch") == (
        None if v["offset"] is None else str(v["offset"])
    )
    assert p.get("ParticipantSid") == v["grouping_sids"].get("participant_sid")
