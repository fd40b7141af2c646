"""Synthetic Twilio Video accounts: realistic, deterministic, cheap enough for 100,000 items.

Room ``i`` of a seeded account (all counted from 0):

- type: ``group-small`` when ``i % 10 == 7``, ``peer-to-peer`` when 8, ``go`` when 9,
  otherwise ``group``; status: ``in-progress`` when ``i % 5 == 3``, ``failed`` when 4,
  otherwise ``completed``.
- two participants per two recordings (at least one), identities like ``user-3``;
  recordable rooms (group, group-small) get exactly ``recordings_per_room`` recordings,
  alternating audio (.mka, OPUS) and video (.mkv, VP8), every one ``recording_size``
  bytes. Track names rotate through plain, ``../`` and unicode names.
- recording status: item number ``n`` (over the whole account) is ``failed`` when
  ``n % 17 == 5``, ``deleted`` when ``n % 17 == 11``; recordings of in-progress rooms
  are ``processing``; everything else ``completed``.
- every third completed group room has a completed composition; one more composition
  is ``failed`` and one ``enqueued``. Two composition hooks (one enabled) and named
  recording/composition settings complete the account.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .models import (
    RECORDABLE_ROOM_TYPES,
    RecordingStatus,
    RoomStatus,
    RoomType,
    TrackKind,
    TwilioState,
)

SEED_EPOCH = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
TRACK_NAMES = ("microphone", "camera", "../../etc/passwd", "écran partagé 🎥", "a/b\\c", "")


@dataclass(frozen=True)
class SeedSummary:
    """What ``seed_account`` created (counts and the bytes of downloadable media)."""

    rooms: int
    participants: int
    recordings: int
    completed_recordings: int
    compositions: int
    completed_compositions: int
    media_bytes: int


def _room_shape(i: int) -> tuple[RoomType, RoomStatus]:
    kinds: dict[int, RoomType] = {7: "group-small", 8: "peer-to-peer", 9: "go"}
    statuses: dict[int, RoomStatus] = {3: "in-progress", 4: "failed"}
    return kinds.get(i % 10, "group"), statuses.get(i % 5, "completed")


def _recording_status(n: int, room_status: RoomStatus) -> RecordingStatus:
    if n % 17 == 5:
        return "failed"
    if n % 17 == 11:
        return "deleted"
    return "processing" if room_status == "in-progress" else "completed"


def seed_account(
    state: TwilioState,
    *,
    rooms: int = 10,
    recordings_per_room: int = 4,
    recording_size: int = 64 * 1024,
    seed: int = 0,
) -> SeedSummary:
    """Fill ``state`` with a synthetic account (see the module docstring for its shape)."""
    rng = random.Random(seed)
    n = 0
    participants = 0
    for i in range(rooms):
        room_type, status = _room_shape(i)
        created = SEED_EPOCH + dt.timedelta(hours=i, seconds=rng.randrange(3600))
        room = state.add_room(
            f"room-{seed}-{i}",
            status=status,
            type=room_type,
            date_created=created,
            end_time=None if status == "in-progress" else created + dt.timedelta(minutes=45),
            record_participants_on_connect=room_type in RECORDABLE_ROOM_TYPES,
        )
        people = [
            state.add_participant(room.sid, f"user-{rng.randrange(1000)}", date_created=created)
            for _ in range(max(1, (recordings_per_room + 1) // 2))
        ]
        participants += len(people)
        if room_type not in RECORDABLE_ROOM_TYPES:
            continue
        for j in range(recordings_per_room):
            person = people[(j // 2) % len(people)]
            kind: TrackKind = "audio" if j % 2 == 0 else "video"
            state.add_recording(
                room.sid,
                person.sid,
                kind=kind,
                size=recording_size,
                status=_recording_status(n, status),
                track_name=TRACK_NAMES[n % len(TRACK_NAMES)] or None,
                date_created=created + dt.timedelta(seconds=j),
                duration=max(1, recording_size // 4000),
            )
            n += 1
        if status == "completed" and room_type == "group" and i % 3 == 0:
            state.add_composition(
                room.sid,
                status="completed",
                date_created=created + dt.timedelta(minutes=46),
                audio_sources=["*"],
            )
    _seed_extras(state)
    recordings = list(state.recordings.values())
    completed = [r for r in recordings if r.status == "completed"]
    compositions = list(state.compositions.values())
    done = [c for c in compositions if c.status == "completed"]
    return SeedSummary(
        rooms=rooms,
        participants=participants,
        recordings=len(recordings),
        completed_recordings=len(completed),
        compositions=len(compositions),
        completed_compositions=len(done),
        media_bytes=sum(r.size for r in completed) + sum(c.size for c in done),
    )


def _seed_extras(state: TwilioState) -> None:
    """Compositions in other states, hooks and settings."""
    completed_group = [r for r in state.room_list if r.status == "completed" and r.type == "group"]
    if completed_group:
        room = completed_group[-1]
        state.add_composition(room.sid, status="failed", audio_sources=["*"])
        state.add_composition(room.sid, status="enqueued", audio_sources=["*"], due=float("inf"))
    state.add_hook(
        "archive-every-room",
        enabled=True,
        audio_sources=["*"],
        video_layout={"grid": {"video_sources": ["*"]}},
    )
    state.add_hook("audio-only-disabled", enabled=False, audio_sources=["*"], format="webm")
    state.recording_settings.friendly_name = "sandbox recordings"
    state.composition_settings.friendly_name = "sandbox compositions"
