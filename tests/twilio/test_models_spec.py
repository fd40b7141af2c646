"""Every property of every resource schema in Twilio's spec is a field of our model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from migrate.twilio import models

# The repository's unmodified copy of Twilio's spec (shipped with the emulator).
SPEC = Path(__file__).parents[2] / "migrate" / "sandbox" / "twilio" / "twilio_video_v1.json"

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "video.v1.composition": models.Composition,
    "video.v1.composition_hook": models.CompositionHook,
    "video.v1.composition_settings": models.CompositionSettings,
    "video.v1.recording": models.Recording,
    "video.v1.recording_settings": models.RecordingSettings,
    "video.v1.room": models.Room,
    "video.v1.room.room_participant": models.Participant,
    "video.v1.room.room_participant.room_participant_anonymize": models.Participant,
    "video.v1.room.room_participant.room_participant_published_track": models.PublishedTrack,
    "video.v1.room.room_participant.room_participant_subscribe_rule": models.SubscribeRules,
    "video.v1.room.room_participant.room_participant_subscribed_track": models.SubscribedTrack,
    "video.v1.room.room_recording": models.RoomRecording,
    "video.v1.room.room_recording_rule": models.RecordingRules,
    "video.v1.room.room_transcriptions": models.Transcription,
}


def _spec() -> dict:
    if not SPEC.exists():
        pytest.skip(f"{SPEC} not present")
    return json.loads(SPEC.read_text())


def _resource_schemas(spec: dict) -> dict[str, dict]:
    return {
        name: schema
        for name, schema in spec["components"]["schemas"].items()
        if schema.get("properties")
    }


def test_every_resource_schema_has_a_model() -> None:
    assert set(_resource_schemas(_spec())) == set(SCHEMA_MODELS)


@pytest.mark.parametrize("schema_name", sorted(SCHEMA_MODELS))
def test_every_spec_property_is_a_model_field(schema_name: str) -> None:
    schema = _resource_schemas(_spec())[schema_name]
    missing = set(schema["properties"]) - set(SCHEMA_MODELS[schema_name].model_fields)
    assert not missing, f"{schema_name}: spec properties without a model field: {missing}"


@pytest.mark.parametrize(
    ("schema_name", "rule_model"),
    [
        ("video.v1.room.room_recording_rule", models.RecordingRule),
        ("video.v1.room.room_participant.room_participant_subscribe_rule", models.SubscribeRule),
    ],
)
def test_every_rule_property_is_a_rule_field(schema_name: str, rule_model: type[BaseModel]) -> None:
    item = _resource_schemas(_spec())[schema_name]["properties"]["rules"]["items"]
    assert set(item["properties"]) <= set(rule_model.model_fields)


def test_enum_literals_match_the_spec() -> None:
    schemas = _spec()["components"]["schemas"]
    pairs = {
        "room_enum_room_status": models.RoomStatus,
        "room_enum_room_type": models.RoomType,
        "room_enum_video_codec": models.VideoCodec,
        "room_participant_enum_status": models.ParticipantStatus,
        "recording_enum_status": models.RecordingStatus,
        "recording_enum_type": models.RecordingType,
        "recording_enum_format": models.ContainerFormat,
        "composition_enum_status": models.CompositionStatus,
        "composition_enum_format": models.CompositionFormat,
        "room_transcriptions_enum_status": models.TranscriptionStatus,
        "room_participant_published_track_enum_kind": models.TrackKind,
    }
    for name, literal in pairs.items():
        assert set(schemas[name]["enum"]) == set(literal.__args__), name


def test_unknown_fields_are_kept_and_codec_is_case_insensitive() -> None:
    recording = models.Recording.model_validate(
        {"sid": "RT" + "0" * 32, "codec": "opus", "brand_new_field": 7}
    )
    assert recording.codec == "opus"
    assert recording.model_extra == {"brand_new_field": 7}


def test_twilio_example_room_parses_dates() -> None:
    room = models.Room.model_validate(
        {"sid": "RM" + "a" * 32, "date_created": "2015-07-30T20:00:00Z", "video_codecs": ["VP8"]}
    )
    assert room.date_created is not None and room.date_created.tzinfo is not None
