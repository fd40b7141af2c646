"""The official twilio package (unchanged) drives every Video resource of the emulator."""

from __future__ import annotations

import hashlib
import json
import time

import httpx
import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from migrate.sandbox.twilio import TwilioEmulator


def _wait(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


def test_rooms_create_fetch_list_update(twilio_client: Client, twilio_emulator: TwilioEmulator):
    rooms = twilio_client.video.v1.rooms
    room = rooms.create(
        unique_name="daily-standup",
        type="group",
        max_participants=4,
        video_codecs=["VP8", "H264"],
        recording_rules=[{"type": "include", "all": True}],
        empty_room_timeout=10,
    )
    assert room.sid.startswith("RM") and room.status == "in-progress"
    assert room.max_participants == 4 and room.video_codecs == ["VP8", "H264"]
    assert room.empty_room_timeout == 10
    assert rooms("daily-standup").fetch().sid == room.sid  # unique name while in progress
    assert [r.sid for r in rooms.list()] == [room.sid]  # default Status=in-progress
    assert rooms.list(status="completed") == []

    twilio_emulator.state.add_participant(room.sid, "alice")
    ended = rooms(room.sid).update(status="completed")
    assert ended.status == "completed" and ended.end_time is not None
    assert [r.sid for r in rooms.list(status="completed")] == [room.sid]
    assert all(
        p.status == "disconnected" for p in twilio_emulator.state.rooms[room.sid].participants
    )
    with pytest.raises(TwilioRestException) as err:
        rooms("daily-standup").fetch()  # unique names address in-progress rooms only
    assert err.value.status == 404 and err.value.code == 20404


def test_room_unique_name_clash_is_refused(twilio_client: Client):
    twilio_client.video.v1.rooms.create(unique_name="same")
    with pytest.raises(TwilioRestException) as err:
        twilio_client.video.v1.rooms.create(unique_name="same")
    assert err.value.status == 400 and err.value.code == 53113


def test_participants_tracks_and_subscribe_rules(
    twilio_client: Client, twilio_emulator: TwilioEmulator
):
    state = twilio_emulator.state
    room = state.add_room("class")
    alice = state.add_participant(room.sid, "alice")
    bob = state.add_participant(room.sid, "bob")
    mic = state.add_track(alice.sid, "mic", "audio")
    state.add_track(alice.sid, "cam", "video")
    participants = twilio_client.video.v1.rooms(room.sid).participants

    assert {p.identity for p in participants.list()} == {"alice", "bob"}
    assert participants("alice").fetch().sid == alice.sid  # identity in place of the SID
    published = participants(alice.sid).published_tracks
    assert [t.name for t in published.list()] == ["mic", "cam"]
    assert published("mic").fetch().sid == mic.sid
    subscribed = participants(bob.sid).subscribed_tracks
    assert {t.name for t in subscribed.list()} == {"mic", "cam"}
    assert subscribed(mic.sid).fetch().publisher_sid == alice.sid

    rules = participants(bob.sid).subscribe_rules
    assert rules.fetch().rules == [{"type": "include", "all": True}]
    updated = rules.update(rules=[{"type": "include", "kind": "audio"}])
    assert updated.rules == [{"type": "include", "kind": "audio"}]
    assert [t.name for t in subscribed.list()] == ["mic"]
    with pytest.raises(TwilioRestException) as err:
        rules.update(rules=[{"type": "include", "kind": "smell"}])
    assert err.value.code == 53215

    kicked = participants(bob.sid).update(status="disconnected")
    assert kicked.status == "disconnected" and kicked.end_time is not None
    assert [p.identity for p in participants.list()] == ["alice"]
    assert [p.identity for p in participants.list(status="disconnected")] == ["bob"]
    anonymous = participants(alice.sid).anonymize().update()
    assert anonymous.identity == alice.sid


def test_recording_rules(twilio_client: Client, twilio_emulator: TwilioEmulator):
    room = twilio_client.video.v1.rooms.create(
        unique_name="rules", record_participants_on_connect=True
    )
    rules = twilio_client.video.v1.rooms(room.sid).recording_rules
    assert rules.fetch().rules == [{"type": "include", "all": True}]
    new = [{"type": "exclude", "all": True}, {"type": "include", "kind": "audio"}]
    assert rules.update(rules=new).rules == new
    with pytest.raises(TwilioRestException) as err:
        rules.update(rules=[{"type": "include", "all": True, "kind": "audio"}])
    assert err.value.status == 400 and err.value.code == 53120
    assert rules.fetch().rules == new  # the previous rules stay active


def test_recordings_pages_come_from_the_emulator(
    twilio_client: Client, twilio_emulator: TwilioEmulator
):
    state = twilio_emulator.state
    room = state.add_room("rec", status="completed")
    alice = state.add_participant(room.sid, "alice")
    made = [state.add_recording(room.sid, alice.sid, kind="audio", size=1000 + i) for i in range(7)]
    state.add_recording(room.sid, alice.sid, status="deleted")

    listed = twilio_client.video.v1.recordings.list(page_size=3)
    assert [r.sid for r in listed] == [r.sid for r in made]
    room_listed = twilio_client.video.v1.rooms(room.sid).recordings.list(page_size=2)
    assert [r.sid for r in room_listed] == [r.sid for r in made]
    paged = [r for r in twilio_emulator.requests if "PageToken=" in r.query]
    assert len(paged) == 2 + 3  # later pages were requested from the emulator itself
    assert len(twilio_client.video.v1.recordings.list(status="deleted")) == 1
    assert len(twilio_client.video.v1.recordings.list(grouping_sid=[room.sid, alice.sid])) == 7
    assert twilio_client.video.v1.recordings.list(media_type="video") == []

    fetched = twilio_client.video.v1.recordings(made[0].sid).fetch()
    assert fetched.size == 1000 and fetched.container_format == "mka"
    assert fetched.grouping_sids == {"room_sid": room.sid, "participant_sid": alice.sid}
    assert (
        twilio_client.video.v1.rooms(room.sid).recordings(made[1].sid).fetch().room_sid == room.sid
    )
    assert twilio_client.video.v1.recordings(made[2].sid).delete() is True
    assert twilio_client.video.v1.recordings(made[2].sid).fetch().status == "deleted"
    assert twilio_client.video.v1.rooms(room.sid).recordings(made[3].sid).delete() is True


def test_media_redirect_downloads_without_credentials(
    twilio_client: Client, twilio_emulator: TwilioEmulator
):
    state = twilio_emulator.state
    room = state.add_room("media", status="completed")
    alice = state.add_participant(room.sid, "alice")
    recording = state.add_recording(room.sid, alice.sid, kind="video", size=300_000)

    url = f"{twilio_emulator.api_url}/v1/Recordings/{recording.sid}/Media?Ttl=3600"
    response = twilio_client.request("GET", url)
    assert response.status_code == 302
    target = json.loads(response.text)["redirect_to"]
    assert target.startswith(twilio_emulator.media_url)
    media = httpx.get(target)
    assert media.status_code == 200
    assert media.headers["content-type"] == "video/x-matroska"
    assert len(media.content) == 300_000
    assert media.headers["etag"] == f'"{hashlib.md5(media.content).hexdigest()}"'
    assert media.content.startswith(b"\x1a\x45\xdf\xa3")  # EBML magic
    media_requests = [r for r in twilio_emulator.requests if r.origin == "media"]
    assert media_requests and not any(r.had_authorization for r in media_requests)


def test_compositions_lifecycle(twilio_client: Client, twilio_emulator: TwilioEmulator):
    state = twilio_emulator.state
    room = state.add_room("compose")
    alice = state.add_participant(room.sid, "alice")
    state.add_recording(room.sid, alice.sid, kind="audio", size=200_000, status="processing")
    compositions = twilio_client.video.v1.compositions
    created = compositions.create(
        room_sid=room.sid,
        audio_sources=["*"],
        video_layout={"grid": {"video_sources": ["*"]}},
        format="webm",
        resolution="1280x720",
    )
    assert created.status == "enqueued" and created.format == "webm"
    time.sleep(0.2)
    assert compositions(created.sid).fetch().status == "enqueued"  # waits for the room to end
    twilio_client.video.v1.rooms(room.sid).update(status="completed")
    _wait(lambda: compositions(created.sid).fetch().status == "completed")
    done = compositions(created.sid).fetch()
    assert done.size > 0 and done.date_completed is not None
    assert [c.sid for c in compositions.list(room_sid=room.sid)] == [created.sid]
    media = twilio_client.request(
        "GET", f"{twilio_emulator.api_url}/v1/Compositions/{created.sid}/Media"
    )
    body = httpx.get(json.loads(media.text)["redirect_to"])
    assert body.headers["content-type"] == "video/webm" and len(body.content) == done.size
    assert compositions(created.sid).delete() is True
    assert compositions.list() == []
    assert [c.status for c in compositions.list(status="deleted")] == ["deleted"]
    with pytest.raises(TwilioRestException) as err:
        compositions.create(room_sid=room.sid)  # neither layout nor audio sources
    assert err.value.status == 400


def test_composition_hooks_crud(twilio_client: Client, twilio_emulator: TwilioEmulator):
    hooks = twilio_client.video.v1.composition_hooks
    hook = hooks.create(
        "every-room",
        audio_sources=["*"],
        video_layout={"main": {"video_sources": ["*"]}},
        format="mp4",
    )
    assert hook.sid.startswith("HK") and hook.enabled is True
    assert hooks(hook.sid).fetch().friendly_name == "every-room"
    changed = hooks(hook.sid).update("renamed", enabled=False, resolution="320x240")
    assert changed.friendly_name == "renamed" and changed.enabled is False
    assert changed.resolution == "320x240"
    assert [h.sid for h in hooks.list(enabled=False)] == [hook.sid]
    assert hooks.list(friendly_name="nope") == []
    assert hooks(hook.sid).delete() is True
    with pytest.raises(TwilioRestException) as err:
        hooks(hook.sid).fetch()
    assert err.value.status == 404

    # An enabled hook composes every room that completes.
    hooks.create("auto", audio_sources=["*"])
    room = twilio_client.video.v1.rooms.create(unique_name="hooked")
    twilio_client.video.v1.rooms(room.sid).update(status="completed")
    assert [c.room_sid for c in twilio_client.video.v1.compositions.list()] == [room.sid]


def test_settings(twilio_client: Client, twilio_emulator: TwilioEmulator):
    for settings in (
        twilio_client.video.v1.recording_settings(),
        twilio_client.video.v1.composition_settings(),
    ):
        assert settings.fetch().aws_storage_enabled is False
        created = settings.create(
            "archive",
            aws_s3_url="https://bucket.s3.amazonaws.com/prefix",
            aws_storage_enabled=True,
            aws_credentials_sid="CR" + "a" * 32,
        )
        assert created.friendly_name == "archive" and created.aws_storage_enabled is True
        assert settings.fetch().aws_s3_url == "https://bucket.s3.amazonaws.com/prefix"


def test_transcriptions(twilio_client: Client, twilio_emulator: TwilioEmulator):
    room = twilio_client.video.v1.rooms.create(unique_name="talk")
    transcriptions = twilio_client.video.v1.rooms(room.sid).transcriptions
    created = transcriptions.create(configuration={"languageCode": "en-US"})
    assert created.status == "started" and created.configuration == {"languageCode": "en-US"}
    assert [t.ttid for t in transcriptions.list()] == [created.ttid]
    stopped = transcriptions(created.ttid).update(status="stopped")
    assert stopped.status == "stopped" and stopped.end_time is not None
    assert transcriptions(created.ttid).fetch().status == "stopped"


def test_compositions_of_failed_rooms_fail(twilio_client: Client, twilio_emulator: TwilioEmulator):
    room = twilio_client.video.v1.rooms.create(unique_name="doomed")
    created = twilio_client.video.v1.compositions.create(room_sid=room.sid, audio_sources=["*"])
    twilio_client.video.v1.rooms(room.sid).update(status="failed")
    _wait(lambda: twilio_client.video.v1.compositions(created.sid).fetch().status == "failed")
    with pytest.raises(TwilioRestException):
        twilio_client.video.v1.compositions(created.sid).delete()
