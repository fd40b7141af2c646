"""Participants, recordings and recording rules through the shim against the Zoom emulator."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Any

import pytest

from mappings.sids import participant_sid, recording_sid, room_sid
from migrate.sandbox.zoom import ZoomEmulator
from migrate.shim import ShimCompatibilityWarning
from migrate.shim.base.exceptions import TwilioRestException
from migrate.shim.errors import ShimNotSupportedError
from migrate.shim.jwt.access_token import AccessToken
from migrate.shim.jwt.access_token.grants import VideoGrant
from migrate.shim.rest import Client
from tests.shim.conftest import ACCOUNT_SID, api_calls, join

RT = re.compile(r"^RT[0-9a-f]{32}$")


def _join(zoom: ZoomEmulator, room: str, identity: str) -> dict[str, Any]:
    token = AccessToken(ACCOUNT_SID, "SK" + "1" * 32, "unused", identity=identity)
    token.add_grant(VideoGrant(room=room))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShimCompatibilityWarning)
        return join(zoom, token.to_jwt(), identity.title())


@pytest.fixture
def live_room(client: Client, zoom_env: ZoomEmulator) -> Any:
    room = client.video.v1.rooms.create(unique_name="Standup")
    _join(zoom_env, "Standup", "alice")
    _join(zoom_env, "Standup", "bob")
    zoom_env.calls.clear()
    return room


def test_list_and_fetch_participants(
    client: Client, zoom_env: ZoomEmulator, live_room: Any
) -> None:
    participants = client.video.v1.rooms(live_room.sid).participants.list()
    assert sorted(p.identity for p in participants) == ["alice", "bob"]
    session_id = next(iter(zoom_env.state.sessions))
    alice = next(p for p in participants if p.identity == "alice")
    assert alice.sid == participant_sid(session_id, "alice")
    assert alice.status == "connected" and alice.room_sid == live_room.sid
    assert isinstance(alice.start_time, dt.datetime)

    by_identity = client.video.v1.rooms(live_room.sid).participants("alice").fetch()
    by_sid = client.video.v1.rooms("Standup").participants(alice.sid).fetch()
    assert by_identity.sid == by_sid.sid == alice.sid
    users = [c for c in api_calls(zoom_env) if c[1].endswith("/users")]
    assert users and all(q["type"] == "live" for _, _, q, _ in users)

    only_bob = client.video.v1.rooms(live_room.sid).participants.list(identity="bob")
    assert [p.identity for p in only_bob] == ["bob"]
    assert client.video.v1.rooms(live_room.sid).participants.list(status="disconnected") == []


def test_disconnect_participant_is_user_remove(
    client: Client, zoom_env: ZoomEmulator, live_room: Any
) -> None:
    bob = client.video.v1.rooms(live_room.sid).participants("bob").update(status="disconnected")
    uuid = next(
        u for u in next(iter(zoom_env.state.sessions.values())).users if u.user_key == "bob"
    )
    assert (
        "PATCH",
        "/videosdk/sessions/{id}/events",
        {},
        {"method": "user.remove", "params": {"participant_uuid": uuid.participant_uuid}},
    ) in api_calls(zoom_env)
    # A live Zoom session lists only present users, so bob is gone from it.
    assert [p.identity for p in client.video.v1.rooms(live_room.sid).participants.list()] == [
        "alice"
    ]
    assert (bob.identity, bob.status) == ("bob", "disconnected")
    assert isinstance(bob.end_time, dt.datetime)


def test_unknown_participant_is_404(client: Client, live_room: Any) -> None:
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.rooms(live_room.sid).participants("carol").fetch()
    assert caught.value.status == 404


def test_track_calls_raise_not_supported_with_alternative(client: Client, live_room: Any) -> None:
    participant = client.video.v1.rooms(live_room.sid).participants("alice")
    with pytest.raises(ShimNotSupportedError, match=r"published_tracks.list\(\).*docs/mapping.md#"):
        participant.published_tracks.list()
    with pytest.raises(TwilioRestException, match="subscribe_rules.update"):
        participant.subscribe_rules.update(rules=[{"type": "include", "all": True}])
    with pytest.raises(ShimNotSupportedError, match="anonymize"):
        participant.anonymize().update()
    with pytest.raises(ShimNotSupportedError) as caught:
        client.video.v1.compositions.create(room_sid=live_room.sid, audio_sources=["*"])
    # A live room has no recording yet, so no Zoom file can stand for the composition.
    assert caught.value.status == 501 and "compose locally" in caught.value.msg


def test_completed_room_lists_disconnected_participants(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=3)
    past = zoom_env.state.add_past_session(
        "Old", start_time=start, users=[("Ann", "ann"), ("Guest", None)]
    )
    people = client.video.v1.rooms(room_sid(past.id)).participants.list()
    assert sorted(p.identity for p in people) == ["Guest", "ann"]
    assert {p.status for p in people} == {"disconnected"}
    assert all(p.duration == 1800 for p in people)


def test_room_and_account_recordings(client: Client, zoom_env: ZoomEmulator) -> None:
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=2)
    past = zoom_env.state.add_past_session(
        "Recorded", start_time=start, users=[("Ann", "ann")], recorded=True
    )
    files = zoom_env.state.sessions[past.id].files
    room = client.video.v1.rooms(room_sid(past.id))

    listed = room.recordings.list()
    assert {r.sid for r in listed} == {recording_sid(past.id, f.id) for f in files}
    assert all(RT.match(r.sid) and r.room_sid == room_sid(past.id) for r in listed)
    kinds = sorted(r.type for r in listed)
    assert kinds == ["audio", "audio", "video"]
    ann_audio = next(r for r in listed if "participant_sid" in r.grouping_sids)
    assert ann_audio.grouping_sids["participant_sid"] == participant_sid(past.id, "ann")
    assert ann_audio.container_format == "m4a" and ann_audio.size == files[0].file_size
    assert ann_audio.links["media"].startswith(zoom_env.url + "/rec/download/")

    account = client.video.v1.recordings.list(grouping_sid=[room_sid(past.id)], media_type="video")
    assert [r.type for r in account] == ["video"]
    assert account[0].url == f"https://video.twilio.com/v1/Recordings/{account[0].sid}"

    fetched = client.video.v1.recordings(account[0].sid).fetch()
    assert fetched.sid == account[0].sid and fetched.duration == 1800
    # Codecs are inferred by mappings.recordings, the same rule the bridge's callbacks use.
    assert (fetched.codec, ann_audio.codec) == ("h264", "aac")
    assert fetched.date_created == start and fetched.offset == int(start.timestamp() * 1000)

    assert client.video.v1.recordings(account[0].sid).delete() is True
    video_file = next(f for f in files if f.file_extension == "MP4")
    deletes = [(p, q) for m, p, q, _ in api_calls(zoom_env) if m == "DELETE"]
    assert deletes == [("/videosdk/sessions/{id}/recordings/" + video_file.id, {"action": "trash"})]
    assert len(room.recordings.list()) == 2


def test_recording_fetch_from_a_fresh_store_scans_zoom(
    client: Client, zoom_env: ZoomEmulator, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=1)
    past = zoom_env.state.add_past_session("R", start_time=start, recorded=True)
    sid = recording_sid(past.id, zoom_env.state.sessions[past.id].files[0].id)
    assert client.video.v1.recordings(sid).fetch().sid == sid
    assert [c[1] for c in api_calls(zoom_env)] == ["/videosdk/recordings"]
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.recordings("RT" + "f" * 32).fetch()
    assert caught.value.status == 404


def test_room_without_recordings_lists_none(client: Client, live_room: Any) -> None:
    assert client.video.v1.rooms(live_room.sid).recordings.list() == []


def test_recording_rules_start_and_stop_cloud_recording(
    client: Client, zoom_env: ZoomEmulator, live_room: Any
) -> None:
    rules = client.video.v1.rooms(live_room.sid).recording_rules
    assert rules.fetch().rules == [{"type": "exclude", "all": True}]

    updated = rules.update(rules=[{"type": "include", "all": True}])
    assert updated.rules == [{"type": "include", "all": True}]
    rules.update(rules=[{"type": "exclude", "all": True}])
    events = [c[3]["method"] for c in api_calls(zoom_env) if c[1].endswith("/events")]
    assert events == ["recording.start", "recording.stop"]

    with pytest.warns(ShimCompatibilityWarning) as warned:
        rules.update(
            rules=[{"type": "include", "kind": "audio"}, {"type": "exclude", "publisher": "bob"}]
        )
    texts = [str(w.message) for w in warned]
    assert any("bob's audio cannot be expressed" in t for t in texts)
    assert any("audio-only recording is an account setting" in t for t in texts)
    with pytest.raises(TwilioRestException) as caught:
        rules.update(rules=[{"type": "maybe"}])
    assert (caught.value.status, caught.value.code) == (400, 53120)


def test_invalid_recording_rules_raise_twilios_code_53120(
    client: Client, zoom_env: ZoomEmulator, live_room: Any
) -> None:
    """An application written against Twilio's docs checks ``e.code == 53120``."""
    rules = client.video.v1.rooms(live_room.sid).recording_rules
    before = len(api_calls(zoom_env))
    try:
        rules.update(rules=[{"type": "include", "all": True, "kind": "audio"}])
    except TwilioRestException as e:
        assert e.code == 53120
        assert (e.status, e.method) == (400, "POST")
        assert e.msg.startswith("Invalid Recording Rule(s): ")
        assert e.uri.endswith(f"/Rooms/{live_room.sid}/RecordingRules")
    else:
        pytest.fail("invalid rules were accepted")
    assert len(api_calls(zoom_env)) == before  # refused before anything reached Zoom
