"""Create, fetch, update and delete every resource kind, with the sync and async clients."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.sandbox.twilio import TwilioEmulator
from migrate.twilio import TwilioApiError
from migrate.twilio.models import (
    Composition,
    CompositionHook,
    CompositionSettings,
    Participant,
    PublishedTrack,
    RecordingRule,
    RecordingSettings,
    Room,
    SubscribedTrack,
    SubscribeRule,
    Transcription,
)
from tests.twilio.conftest import api_requests


def test_rooms(client: Any, twilio_emulator: TwilioEmulator) -> None:
    room = client.create_room(
        unique_name="weekly sync",
        type="group",
        max_participants=4,
        video_codecs=["VP8", "H264"],
        record_participants_on_connect=True,
        recording_rules=[RecordingRule(type="include", kind="audio")],
    )
    assert isinstance(room, Room) and room.status == "in-progress"
    assert room.max_participants == 4 and room.video_codecs == ["VP8", "H264"]
    assert client.fetch_room("weekly sync").sid == room.sid  # unique name works while live
    ended = client.update_room(room.sid, "completed")
    assert ended.status == "completed" and ended.end_time is not None
    assert twilio_emulator.state.rooms[room.sid].status == "completed"
    rules = client.fetch_recording_rules(room.sid)
    assert [r.model_dump(exclude_none=True) for r in rules.rules or []] == [
        {"type": "include", "kind": "audio"}
    ]


def test_recording_rules(client: Any, twilio_emulator: TwilioEmulator) -> None:
    room = twilio_emulator.state.add_room("rules")
    updated = client.update_recording_rules(
        room.sid, [{"type": "include", "all": True}, RecordingRule(type="exclude", kind="video")]
    )
    assert updated.room_sid == room.sid
    assert [rule.type for rule in updated.rules or []] == ["include", "exclude"]
    assert twilio_emulator.state.rooms[room.sid].recording_rules == [
        {"type": "include", "all": True},
        {"type": "exclude", "kind": "video"},
    ]


def test_participants_and_tracks(client: Any, twilio_emulator: TwilioEmulator) -> None:
    state = twilio_emulator.state
    room = state.add_room("live")
    alice = state.add_participant(room.sid, "alice")
    bob = state.add_participant(room.sid, "bob")
    track = state.add_track(bob.sid, "camera", "video")

    fetched = client.fetch_participant(room.sid, "alice")
    assert isinstance(fetched, Participant) and fetched.sid == alice.sid
    assert [p.identity for p in client.list_participants(room.sid, identity="bob")] == ["bob"]

    published = client.fetch_published_track(room.sid, bob.sid, track.sid)
    assert isinstance(published, PublishedTrack) and published.kind == "video"
    subscribed = client.fetch_subscribed_track(room.sid, alice.sid, track.sid)
    assert isinstance(subscribed, SubscribedTrack) and subscribed.publisher_sid == bob.sid

    rules = client.update_subscribe_rules(
        room.sid, alice.sid, [SubscribeRule(type="include", kind="audio")]
    )
    assert [r.kind for r in rules.rules or []] == ["audio"]
    assert client.fetch_subscribe_rules(room.sid, alice.sid).participant_sid == alice.sid
    assert list(client.list_subscribed_tracks(room.sid, alice.sid)) == []  # video excluded now

    gone = client.update_participant(room.sid, bob.sid, "disconnected")
    assert gone.status == "disconnected"
    anonymous = client.anonymize_participant(room.sid, alice.sid)
    assert anonymous.identity == alice.sid


def test_recordings(client: Any, twilio_emulator: TwilioEmulator) -> None:
    state = twilio_emulator.state
    room = state.add_room("rec", status="completed")
    person = state.add_participant(room.sid, "carol")
    first = state.add_recording(room.sid, person.sid, kind="video", codec="vp8")
    second = state.add_recording(room.sid, person.sid)

    recording = client.fetch_recording(first.sid)
    assert recording.container_format == "mkv" and recording.codec == "vp8"
    assert recording.grouping_sids == {"room_sid": room.sid, "participant_sid": person.sid}
    room_recording = client.fetch_room_recording(room.sid, second.sid)
    assert room_recording.room_sid == room.sid and room_recording.size == second.size

    assert client.delete_recording(first.sid) is None
    assert client.delete_room_recording(room.sid, second.sid) is None
    assert client.fetch_recording(first.sid).status == "deleted"
    assert list(client.list_recordings()) == []  # deleted ones are hidden by default
    assert len(list(client.list_recordings(status="deleted"))) == 2


def test_compositions(client: Any, twilio_emulator: TwilioEmulator) -> None:
    room = twilio_emulator.state.add_room("comp", status="completed")
    created = client.create_composition(
        room.sid,
        audio_sources=["*"],
        video_layout={"grid": {"video_sources": ["*"]}},
        resolution="1280x720",
        format="webm",
        trim=False,
    )
    assert isinstance(created, Composition) and created.room_sid == room.sid
    assert created.video_layout == {"grid": {"video_sources": ["*"]}}
    fetched = client.fetch_composition(created.sid)
    assert fetched.format == "webm" and fetched.resolution == "1280x720" and fetched.trim is False
    assert [c.sid for c in client.list_compositions(room_sid=room.sid)] == [created.sid]
    twilio_emulator.state.compositions[created.sid].status = "completed"
    assert client.delete_composition(created.sid) is None
    assert client.fetch_composition(created.sid).status == "deleted"


def test_composition_hooks(client: Any, twilio_emulator: TwilioEmulator) -> None:
    hook = client.create_composition_hook(
        "every room", enabled=False, audio_sources=["*"], format="mp4"
    )
    assert isinstance(hook, CompositionHook) and hook.enabled is False
    updated = client.update_composition_hook(hook.sid, "every room v2", enabled=True)
    assert updated.friendly_name == "every room v2" and updated.enabled is True
    assert client.fetch_composition_hook(hook.sid).friendly_name == "every room v2"
    assert [h.sid for h in client.list_composition_hooks(enabled=True)] == [hook.sid]
    assert client.delete_composition_hook(hook.sid) is None
    with pytest.raises(TwilioApiError) as caught:
        client.fetch_composition_hook(hook.sid)
    assert caught.value.status == 404


@pytest.mark.parametrize(
    ("create", "fetch", "model", "path"),
    [
        (
            "create_recording_settings",
            "fetch_recording_settings",
            RecordingSettings,
            "/v1/RecordingSettings/Default",
        ),
        (
            "create_composition_settings",
            "fetch_composition_settings",
            CompositionSettings,
            "/v1/CompositionSettings/Default",
        ),
    ],
)
def test_storage_settings(
    client: Any, twilio_emulator: TwilioEmulator, create: str, fetch: str, model: type, path: str
) -> None:
    written = getattr(client, create)(
        friendly_name="archive",
        aws_storage_enabled=True,
        aws_s3_url="https://bucket.s3.amazonaws.com/video",
        aws_credentials_sid="CR" + "a" * 32,
        encryption_enabled=False,
    )
    assert isinstance(written, model) and written.aws_storage_enabled is True
    read = getattr(client, fetch)()
    assert read.friendly_name == "archive" and read.aws_s3_url.endswith("/video")
    assert [r.method for r in api_requests(twilio_emulator, path)] == ["POST", "GET"]


def test_transcriptions(client: Any, twilio_emulator: TwilioEmulator) -> None:
    room = twilio_emulator.state.add_room("talk")
    started = client.create_transcription(room.sid, configuration={"languageCode": "en-US"})
    assert isinstance(started, Transcription) and started.status == "started"
    assert client.fetch_transcription(room.sid, started.ttid).room_sid == room.sid
    stopped = client.update_transcription(room.sid, started.ttid, status="stopped")
    assert stopped.status == "stopped"
    assert [t.ttid for t in client.list_transcriptions(room.sid)] == [started.ttid]
