"""State of the emulated Twilio Video account: rooms, participants, tracks, recordings,
compositions, hooks, settings and transcriptions.

Tests seed and inspect it directly (``state.add_room(...)``). Every collection is an
append-only list in creation order (``seq``) plus a SID index, so listing pages is a
bisect and memory per recording stays at a few hundred bytes. Lifecycle changes are
announced to ``listeners`` as ``StateEvent`` (the callbacks module turns them into
signed status callbacks). All mutation goes through ``lock`` because the servers, the
lifecycle ticker and the test thread share one state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from mappings.limits import (
    TWILIO_COMPOSITION_DEFAULT_RESOLUTION,
    TWILIO_GROUP_MAX_PARTICIPANTS,
    TWILIO_MAX_PARTICIPANT_DURATION_DEFAULT,
    TWILIO_ROOM_TIMEOUT_DEFAULT,
)
from mappings.recording_rules import Rule, evaluate
from mappings.recording_rules import Track as RuleTrack

RoomStatus = Literal["in-progress", "completed", "failed"]
RoomType = Literal["group", "go", "peer-to-peer", "group-small"]
ParticipantStatus = Literal["connected", "disconnected", "reconnecting"]
TrackKind = Literal["audio", "video", "data"]
RecordingStatus = Literal["processing", "completed", "deleted", "failed"]
CompositionStatus = Literal["enqueued", "processing", "completed", "deleted", "failed"]

DEFAULT_ACCOUNT_SID = (
    "AC" + hashlib.blake2b(b"twilio2zoom sandbox account", digest_size=16).hexdigest()
)
# Room types that Twilio can record (peer-to-peer media never reaches its servers:
# https://www.twilio.com/docs/video/programmable-video-limits).
RECORDABLE_ROOM_TYPES = frozenset({"group", "group-small"})
DEFAULT_CODEC = {"audio": "OPUS", "video": "VP8", "data": "OPUS"}
CONTAINER = {"audio": "mka", "video": "mkv", "data": "mka"}
# Compositions are rendered at this size at most, so sandbox downloads stay quick.
COMPOSITION_MAX_BYTES = 8 * 1024 * 1024
COMPOSITION_MIN_BYTES = 64 * 1024


def utcnow() -> dt.datetime:
    """Now in UTC, whole seconds (Twilio's resources carry second precision)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(slots=True)
class Room:
    """A Video room (``RM``)."""

    seq: int
    sid: str
    account_sid: str
    unique_name: str
    status: RoomStatus
    type: RoomType
    date_created: dt.datetime
    date_updated: dt.datetime
    end_time: dt.datetime | None = None
    status_callback: str | None = None
    status_callback_method: str = "POST"
    max_participants: int = TWILIO_GROUP_MAX_PARTICIPANTS
    max_participant_duration: int = TWILIO_MAX_PARTICIPANT_DURATION_DEFAULT
    max_concurrent_published_tracks: int = 0
    record_participants_on_connect: bool = False
    video_codecs: list[str] = field(default_factory=lambda: ["VP8", "H264"])
    media_region: str = "us1"
    audio_only: bool = False
    empty_room_timeout: int = TWILIO_ROOM_TIMEOUT_DEFAULT
    unused_room_timeout: int = TWILIO_ROOM_TIMEOUT_DEFAULT
    large_room: bool = False
    enable_turn: bool = True
    recording_rules: list[dict[str, Any]] = field(default_factory=list)
    rules_updated: dt.datetime | None = None
    participants: list[Participant] = field(default_factory=list)
    recordings: list[Recording] = field(default_factory=list)
    transcriptions: list[Transcription] = field(default_factory=list)
    callback_sequence: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def duration(self) -> int | None:
        """Seconds from creation to end, once ended."""
        if self.end_time is None:
            return None
        return int((self.end_time - self.date_created).total_seconds())


@dataclass(slots=True)
class Participant:
    """A participant (``PA``) of one room."""

    seq: int
    sid: str
    room_sid: str
    identity: str
    status: ParticipantStatus
    date_created: dt.datetime
    date_updated: dt.datetime
    start_time: dt.datetime
    end_time: dt.datetime | None = None
    subscribe_rules: list[dict[str, Any]] = field(
        default_factory=lambda: [{"type": "include", "all": True}]
    )
    rules_updated: dt.datetime | None = None
    tracks: list[Track] = field(default_factory=list)

    @property
    def duration(self) -> int | None:
        """Seconds connected, once disconnected."""
        if self.end_time is None:
            return None
        return int((self.end_time - self.start_time).total_seconds())


@dataclass(slots=True)
class Track:
    """A published track (``MT``)."""

    seq: int
    sid: str
    room_sid: str
    participant_sid: str
    name: str
    kind: TrackKind
    enabled: bool
    date_created: dt.datetime


@dataclass(slots=True)
class Recording:
    """A single-track recording (``RT``). Its media is generated on demand, never stored."""

    seq: int
    sid: str
    account_sid: str
    room_sid: str
    participant_sid: str
    source_sid: str
    track_name: str
    kind: TrackKind
    codec: str
    status: RecordingStatus
    size: int
    duration: int
    offset: int
    date_created: dt.datetime
    status_callback: str | None = None
    status_callback_method: str | None = None
    media_external_location: str | None = None

    @property
    def container_format(self) -> str:
        """``mka`` for audio, ``mkv`` for video (the spec's container enum)."""
        return CONTAINER[self.kind]


@dataclass(slots=True)
class Composition:
    """A composition (``CJ``) of a room's recordings."""

    seq: int
    sid: str
    account_sid: str
    room_sid: str
    status: CompositionStatus
    date_created: dt.datetime
    format: str = "mp4"
    resolution: str = TWILIO_COMPOSITION_DEFAULT_RESOLUTION
    trim: bool = True
    audio_sources: list[str] = field(default_factory=list)
    audio_sources_excluded: list[str] = field(default_factory=list)
    video_layout: dict[str, Any] = field(default_factory=dict)
    size: int = 0
    duration: int = 0
    bitrate: int = 0
    date_completed: dt.datetime | None = None
    date_deleted: dt.datetime | None = None
    status_callback: str | None = None
    status_callback_method: str = "POST"
    media_external_location: str | None = None
    hook_sid: str | None = None
    due: float = 0.0


@dataclass(slots=True)
class CompositionHook:
    """A composition hook (``HK``): composes every completed room while enabled."""

    seq: int
    sid: str
    account_sid: str
    friendly_name: str
    enabled: bool
    date_created: dt.datetime
    date_updated: dt.datetime
    format: str = "mp4"
    resolution: str = TWILIO_COMPOSITION_DEFAULT_RESOLUTION
    trim: bool = True
    audio_sources: list[str] = field(default_factory=list)
    audio_sources_excluded: list[str] = field(default_factory=list)
    video_layout: dict[str, Any] = field(default_factory=dict)
    status_callback: str | None = None
    status_callback_method: str = "POST"


@dataclass(slots=True)
class StorageSettings:
    """``RecordingSettings/Default`` or ``CompositionSettings/Default`` (S3, encryption)."""

    friendly_name: str | None = None
    aws_credentials_sid: str | None = None
    aws_s3_url: str | None = None
    aws_storage_enabled: bool = False
    encryption_key_sid: str | None = None
    encryption_enabled: bool = False


@dataclass(slots=True)
class Transcription:
    """A room transcription (``ttid``)."""

    seq: int
    ttid: str
    room_sid: str
    status: Literal["started", "stopped", "failed"]
    configuration: dict[str, Any]
    date_created: dt.datetime
    date_updated: dt.datetime
    start_time: dt.datetime | None
    end_time: dt.datetime | None = None

    @property
    def duration(self) -> int | None:
        """Seconds transcribed, once stopped."""
        if self.start_time is None or self.end_time is None:
            return None
        return int((self.end_time - self.start_time).total_seconds())


@dataclass(frozen=True)
class StateEvent:
    """A lifecycle event (``room-created``, ``recording-completed``, ...) and its subjects."""

    name: str
    room: Room | None = None
    participant: Participant | None = None
    track: Track | None = None
    recording: Recording | None = None
    composition: Composition | None = None
    hook: CompositionHook | None = None
    timestamp: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


Listener = Callable[[StateEvent], None]


@dataclass
class Options:
    """Behaviour switches that are not faults (mutable at runtime)."""

    # /Media answers carry a Location header besides the JSON body (unconfirmed: Twilio documents
    # only the JSON).
    location_header: bool = True
    # Seconds a composition spends enqueued and then processing once its room completed.
    composition_step_seconds: float = 0.05


class TwilioState:
    """Everything the emulated account holds. Seed with ``add_*``; read the dicts freely."""

    def __init__(self, account_sid: str = DEFAULT_ACCOUNT_SID, *, seed: int = 0) -> None:
        self.account_sid = account_sid
        self.seed = seed
        self.options = Options()
        self.lock = threading.RLock()
        self.listeners: list[Listener] = []
        self.clear()

    def clear(self) -> None:
        """Forget every resource (options and listeners stay)."""
        with self.lock:
            self._sid_counter = itertools.count()
            self._seq = itertools.count()
            self.rooms: dict[str, Room] = {}
            self.room_list: list[Room] = []
            self.participants: dict[str, Participant] = {}
            self.tracks: dict[str, Track] = {}
            self.recordings: dict[str, Recording] = {}
            self.recording_list: list[Recording] = []
            self.compositions: dict[str, Composition] = {}
            self.composition_list: list[Composition] = []
            # Compositions that ``tick`` still has to move along (usually a handful).
            self.pending: list[Composition] = []
            self.hooks: dict[str, CompositionHook] = {}
            self.hook_list: list[CompositionHook] = []
            self.recording_settings = StorageSettings()
            self.composition_settings = StorageSettings()

    # --- identifiers and events ---------------------------------------------------

    def new_sid(self, prefix: str) -> str:
        """A unique, deterministic SID: prefix + 32 hex digits."""
        n = next(self._sid_counter)
        digest = hashlib.blake2b(f"{self.seed}:{prefix}:{n}".encode(), digest_size=16)
        return prefix + digest.hexdigest()

    def _next_seq(self) -> int:
        return next(self._seq)

    def emit(self, event: StateEvent) -> None:
        """Tell every listener about ``event``."""
        for listener in self.listeners:
            listener(event)

    # --- rooms ----------------------------------------------------------------------

    def add_room(
        self,
        unique_name: str | None = None,
        *,
        status: RoomStatus = "in-progress",
        type: RoomType = "group",
        date_created: dt.datetime | None = None,
        end_time: dt.datetime | None = None,
        **fields: Any,
    ) -> Room:
        """Create a room. Completed/failed rooms get an ``end_time`` (given or +1 h).

        Extra keyword arguments set Room fields (``status_callback``, ``max_participants``...).
        """
        with self.lock:
            created = date_created or utcnow()
            sid = self.new_sid("RM")
            if status != "in-progress" and end_time is None:
                end_time = created + dt.timedelta(hours=1)
            room = Room(
                self._next_seq(),
                sid,
                self.account_sid,
                unique_name or sid,
                status,
                type,
                created,
                end_time or created,
                end_time,
                **fields,
            )
            self.rooms[sid] = room
            self.room_list.append(room)
            self.emit(StateEvent("room-created", room))
            if status != "in-progress":
                self.emit(StateEvent("room-ended", room))
            return room

    def find_room(self, sid_or_name: str) -> Room | None:
        """A room by SID, or by unique name while it is in progress (the spec's Sid parameter)."""
        room = self.rooms.get(sid_or_name)
        if room is not None:
            return room
        for candidate in reversed(self.room_list):
            if candidate.unique_name == sid_or_name and candidate.status == "in-progress":
                return candidate
        return None

    def end_room(self, room: Room, status: RoomStatus = "completed") -> None:
        """End a room: disconnect participants, finish recordings, run enabled hooks."""
        with self.lock:
            if room.status != "in-progress":
                return
            now = utcnow()
            for participant in room.participants:
                if participant.status != "disconnected":
                    self.set_participant_status(participant, "disconnected", now=now)
            for recording in room.recordings:
                if recording.status == "processing":
                    self.set_recording_status(recording, "completed")
            room.status = status
            room.end_time = room.date_updated = now
            self.emit(StateEvent("room-ended", room))
            if status == "completed":
                for hook in self.hook_list:
                    if hook.enabled and room.type in RECORDABLE_ROOM_TYPES:
                        self.add_composition(room.sid, hook=hook)

    # --- participants and tracks ------------------------------------------------------

    def add_participant(
        self,
        room_sid: str,
        identity: str,
        *,
        status: ParticipantStatus | None = None,
        date_created: dt.datetime | None = None,
    ) -> Participant:
        """Add a participant; by default connected in live rooms, disconnected otherwise."""
        with self.lock:
            room = self.rooms[room_sid]
            created = date_created or (
                utcnow() if room.status == "in-progress" else room.date_created
            )
            if status is None:
                status = "connected" if room.status == "in-progress" else "disconnected"
            participant = Participant(
                self._next_seq(),
                self.new_sid("PA"),
                room_sid,
                identity,
                status,
                created,
                created,
                created,
                room.end_time if status == "disconnected" else None,
            )
            room.participants.append(participant)
            self.participants[participant.sid] = participant
            self.emit(StateEvent("participant-connected", room, participant))
            if status == "disconnected":
                self.emit(StateEvent("participant-disconnected", room, participant))
            return participant

    def find_participant(self, room: Room, sid_or_identity: str) -> Participant | None:
        """A participant of ``room`` by SID or identity (the latest with that identity)."""
        found = self.participants.get(sid_or_identity)
        if found is not None:
            return found if found.room_sid == room.sid else None
        matches = [p for p in room.participants if p.identity == sid_or_identity]
        return matches[-1] if matches else None

    def set_participant_status(
        self, participant: Participant, status: ParticipantStatus, *, now: dt.datetime | None = None
    ) -> None:
        """Change a participant's status; disconnecting stamps ``end_time``."""
        with self.lock:
            if participant.status == status:
                return
            participant.status = status
            participant.date_updated = now or utcnow()
            if status == "disconnected":
                participant.end_time = participant.date_updated
                room = self.rooms[participant.room_sid]
                self.emit(StateEvent("participant-disconnected", room, participant))

    def add_track(
        self,
        participant_sid: str,
        name: str,
        kind: TrackKind = "audio",
        *,
        enabled: bool = True,
        date_created: dt.datetime | None = None,
    ) -> Track:
        """Publish a track for a participant."""
        with self.lock:
            participant = self.participants[participant_sid]
            track = Track(
                self._next_seq(),
                self.new_sid("MT"),
                participant.room_sid,
                participant_sid,
                name,
                kind,
                enabled,
                date_created or participant.date_created,
            )
            participant.tracks.append(track)
            self.tracks[track.sid] = track
            room = self.rooms[participant.room_sid]
            self.emit(StateEvent("track-added", room, participant, track))
            return track

    def subscribed_tracks(self, participant: Participant) -> list[Track]:
        """Tracks ``participant`` subscribes to: other publishers' tracks matched by its rules."""
        room = self.rooms[participant.room_sid]
        selected: list[Track] = []
        for publisher in room.participants:
            if publisher.sid == participant.sid:
                continue
            selected += [
                t
                for t in publisher.tracks
                if _rules_select(participant.subscribe_rules, publisher, t)
            ]
        return sorted(selected, key=lambda t: t.seq)

    # --- recordings ---------------------------------------------------------------------

    def add_recording(
        self,
        room_sid: str,
        participant_sid: str,
        *,
        kind: TrackKind = "audio",
        size: int = 1024 * 1024,
        status: RecordingStatus = "completed",
        track_name: str | None = None,
        track_sid: str | None = None,
        date_created: dt.datetime | None = None,
        duration: int | None = None,
        codec: str | None = None,
    ) -> Recording:
        """Add a recording of one track. Without ``track_sid`` a track is published for it.

        Only metadata is stored; the media bytes are generated when downloaded.
        """
        with self.lock:
            room = self.rooms[room_sid]
            if track_sid is None:
                track_sid = self.add_track(participant_sid, track_name or kind, kind).sid
            track = self.tracks.get(track_sid)
            name = track_name or (track.name if track else track_sid)
            created = date_created or room.date_created
            recording = Recording(
                self._next_seq(),
                self.new_sid("RT"),
                self.account_sid,
                room_sid,
                participant_sid,
                track_sid,
                name,
                kind,
                codec or DEFAULT_CODEC[kind],
                status,
                size if status != "failed" else 0,
                duration if duration is not None else max(1, size // 4000),
                int(room.date_created.timestamp() * 1000) % 10**12,
                created,
                room.status_callback,
                room.status_callback_method if room.status_callback else None,
            )
            room.recordings.append(recording)
            self.recordings[recording.sid] = recording
            self.recording_list.append(recording)
            self.emit(StateEvent("recording-started", room, recording=recording))
            if status in ("completed", "failed", "deleted"):
                self._emit_recording_end(room, recording)
            return recording

    def _emit_recording_end(self, room: Room, recording: Recording) -> None:
        name = "recording-failed" if recording.status == "failed" else "recording-completed"
        self.emit(StateEvent(name, room, recording=recording))

    def set_recording_status(self, recording: Recording, status: RecordingStatus) -> None:
        """Move a recording along: processing -> completed/failed, or -> deleted."""
        with self.lock:
            previous, recording.status = recording.status, status
            if previous == "processing" and status in ("completed", "failed"):
                self._emit_recording_end(self.rooms[recording.room_sid], recording)

    # --- compositions and hooks -------------------------------------------------------------

    def add_composition(
        self,
        room_sid: str,
        *,
        status: CompositionStatus = "enqueued",
        size: int | None = None,
        format: str = "mp4",
        date_created: dt.datetime | None = None,
        hook: CompositionHook | None = None,
        **fields: Any,
    ) -> Composition:
        """Create a composition. ``enqueued`` ones advance by ``tick()``; others are as given."""
        with self.lock:
            room = self.rooms[room_sid]
            if hook is not None:
                for name in ("resolution", "trim", "audio_sources", "audio_sources_excluded"):
                    fields.setdefault(name, getattr(hook, name))
                fields.setdefault("video_layout", hook.video_layout)
                fields.setdefault("status_callback", hook.status_callback)
                fields.setdefault("status_callback_method", hook.status_callback_method)
                format = hook.format
            composition = Composition(
                self._next_seq(),
                self.new_sid("CJ"),
                self.account_sid,
                room_sid,
                status,
                date_created or utcnow(),
                format,
                hook_sid=hook.sid if hook else None,
                **fields,
            )
            if status == "completed":
                self._finish_composition(composition, room, size)
            self.compositions[composition.sid] = composition
            self.composition_list.append(composition)
            if status in ("enqueued", "processing"):
                self.pending.append(composition)
            if hook is not None:
                self.emit(
                    StateEvent("composition-enqueued", room, composition=composition, hook=hook)
                )
            return composition

    def _finish_composition(self, composition: Composition, room: Room, size: int | None) -> None:
        sources = [r for r in room.recordings if r.status == "completed"]
        if size is None:
            total = sum(r.size for r in sources)
            size = max(COMPOSITION_MIN_BYTES, min(total // 2, COMPOSITION_MAX_BYTES))
        composition.size = size
        composition.duration = max((r.duration for r in sources), default=1)
        composition.bitrate = size * 8 // max(composition.duration, 1) // 1000
        composition.date_completed = composition.date_completed or utcnow()

    def tick(self, now: float) -> None:
        """Advance compositions whose step is due (``now`` = time.monotonic())."""
        step = self.options.composition_step_seconds
        with self.lock:
            self.pending = [c for c in self.pending if c.status in ("enqueued", "processing")]
            for composition in list(self.pending):
                if composition.due > now:
                    continue
                room = self.rooms[composition.room_sid]
                if room.status == "failed":
                    composition.status = "failed"
                    self.emit(StateEvent("composition-failed", room, composition=composition))
                elif room.status == "in-progress":
                    continue
                elif composition.status == "enqueued":
                    composition.status = "processing"
                    composition.due = now + step
                    self.emit(StateEvent("composition-started", room, composition=composition))
                else:
                    composition.status = "completed"
                    self._finish_composition(composition, room, None)
                    self.emit(StateEvent("composition-available", room, composition=composition))

    def add_hook(
        self, friendly_name: str, *, enabled: bool = True, **fields: Any
    ) -> CompositionHook:
        """Create a composition hook."""
        with self.lock:
            now = utcnow()
            hook = CompositionHook(
                self._next_seq(),
                self.new_sid("HK"),
                self.account_sid,
                friendly_name,
                enabled,
                now,
                now,
                **fields,
            )
            self.hooks[hook.sid] = hook
            self.hook_list.append(hook)
            return hook

    def delete_hook(self, hook: CompositionHook) -> None:
        """Remove a hook for good (hooks have no ``deleted`` status)."""
        with self.lock:
            del self.hooks[hook.sid]
            self.hook_list.remove(hook)

    # --- transcriptions ----------------------------------------------------------------------

    def add_transcription(self, room_sid: str, configuration: dict[str, Any]) -> Transcription:
        """Start a transcription in a room."""
        with self.lock:
            room = self.rooms[room_sid]
            now = utcnow()
            transcription = Transcription(
                self._next_seq(),
                self.new_sid("GT"),
                room_sid,
                "started",
                configuration,
                now,
                now,
                now,
            )
            room.transcriptions.append(transcription)
            return transcription


def _rules_select(rules: list[dict[str, Any]], publisher: Participant, track: Track) -> bool:
    """Whether ``rules`` select one track; Twilio's set algebra is mappings'."""
    seen = RuleTrack(
        sid=track.sid,
        name=track.name,
        kind=track.kind,
        publisher=publisher.identity,
        publisher_sid=publisher.sid,
    )
    return bool(evaluate([Rule.model_validate(rule) for rule in rules], [seen]))
