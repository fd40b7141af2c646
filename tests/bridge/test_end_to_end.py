"""Every mapped event, from the Zoom emulator through the bridge to a Twilio-style app."""

from __future__ import annotations

from collections.abc import Callable

from mappings import sids
from migrate.sandbox.zoom import ZoomEmulator
from migrate.zoom import ZoomClient
from tests.bridge.conftest import (
    ACCOUNT_SID,
    Receiver,
    RunningBridge,
    post_signed,
    wait_until,
    zoom_event,
)

COMMON = {"AccountSid", "RoomSid", "RoomName", "RoomStatus", "RoomType", "StatusCallbackEvent"}
COMMON |= {"Timestamp", "SequenceNumber"}
PARTICIPANT = {"ParticipantSid", "ParticipantIdentity", "ParticipantStatus"}
RECORDING = {"RecordingSid", "RecordingUri", "MediaUri", "SourceSid", "TrackName", "Container"}
RECORDING |= {"Codec", "Type", "Size", "Duration", "OffsetFromTwilioVideoEpoch"}


def test_session_lifecycle_from_the_emulator(
    zoom_emulator: ZoomEmulator,
    zoom_client: ZoomClient,
    zoom_session_token: Callable[..., str],
    bridge_factory: Callable[..., RunningBridge],
    receiver: Receiver,
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    zoom_emulator.webhook_urls.append(bridge.webhook_url)
    assert zoom_emulator.validate_webhook_url(bridge.webhook_url)

    alice = zoom_emulator.join(zoom_session_token("Team Sync", user_key="alice"), "Alice")
    bob = zoom_emulator.join(zoom_session_token("Team Sync"), "Bob")
    session_id = alice["session_id"]
    zoom_client.session_event(session_id, "recording.start")
    zoom_client.session_event(session_id, "recording.stop")
    zoom_emulator.leave(session_id, alice["user_id"])
    zoom_emulator.leave(session_id, bob["user_id"])  # the last one out ends the session
    zoom_emulator.flush_webhooks()
    assert all(d.status == 200 for d in zoom_emulator.deliveries)

    # started, 2 joined, recording started, 2 left, ended, 4 files (MP4, M4A, 2 per-user M4A)
    got = receiver.wait_for(11)
    assert all(r.valid for r in got), "every callback carries a valid X-Twilio-Signature"
    assert all(r.method == "POST" and r.path == "/status" for r in got)
    assert all(r.headers["content-type"] == "application/x-www-form-urlencoded" for r in got)
    events = [r.params["StatusCallbackEvent"] for r in got]
    assert events == [
        "room-created",
        "participant-connected",
        "participant-connected",
        "recording-started",
        "participant-disconnected",
        "participant-disconnected",
        "room-ended",
        *["recording-completed"] * 4,
    ]
    room = sids.room_sid(session_id)
    for position, r in enumerate(got):
        assert r.params["AccountSid"] == ACCOUNT_SID
        assert r.params["RoomSid"] == room
        assert r.params["RoomName"] == "Team Sync"
        assert r.params["RoomType"] == "group"
        assert r.params["SequenceNumber"] == str(position)
        assert COMMON <= set(r.params)
    statuses = [r.params["RoomStatus"] for r in got]
    assert statuses[:6] == ["in-progress"] * 6
    assert statuses[6:] == ["completed"] * 5  # room-ended, then the recordings Zoom processed

    joined = got[1].params
    assert PARTICIPANT <= set(joined)
    assert joined["ParticipantIdentity"] == "alice"
    assert joined["ParticipantStatus"] == "connected"
    assert joined["ParticipantSid"] == sids.participant_sid(session_id, "alice")
    assert got[2].params["ParticipantIdentity"] == "Bob"  # no user_key: the display name
    left = got[4].params
    assert left["ParticipantStatus"] == "disconnected"
    assert left["ParticipantSid"] == joined["ParticipantSid"]
    assert got[3].params["RecordingSid"].startswith("RT")
    assert "RoomDuration" in got[6].params

    files = [r.params for r in got[7:]]
    assert all(RECORDING <= set(p) for p in files)
    assert {p["Container"] for p in files} == {"mp4", "m4a"}
    assert {p["Type"] for p in files} == {"video", "audio"}
    recording_sids = {p["RecordingSid"] for p in files}
    assert len(recording_sids) == 4
    assert all(p["MediaUri"] == f"/v1/Recordings/{p['RecordingSid']}/Media" for p in files)
    assert all(int(p["Size"]) == zoom_emulator.state.file_size for p in files)
    wait_until(lambda: bridge.stats()["delivered"] == 11)
    stats = bridge.stats()
    assert stats["pending"] == stats["failed"] == 0
    assert stats["ignored"] == 1  # session.recording_stopped has no Twilio counterpart


def test_screen_share_events(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    # The emulator has no screen sharing, so these two webhooks are built by hand.
    bridge = bridge_factory(receiver.url + "/status")
    user = {"id": "16778240", "name": "Carol", "user_key": "carol"}
    for name in ("session.sharing_started", "session.sharing_ended"):
        shared = {**user, "sharing_details": {"content": "desktop", "date_time": "x"}}
        event = zoom_event(name, "sess-share", "Share Room", user=shared)
        assert post_signed(bridge.webhook_url, event).status_code == 200
    added, removed = receiver.wait_for(2)
    assert added.valid and removed.valid
    assert added.params["StatusCallbackEvent"] == "track-added"
    assert removed.params["StatusCallbackEvent"] == "track-removed"
    assert added.params["TrackSid"] == sids.track_sid("sess-share", "carol", "share")
    assert added.params["TrackKind"] == "video"
    assert added.params["TrackName"] == "desktop"
    assert added.params["ParticipantIdentity"] == "carol"
