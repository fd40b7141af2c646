"""HTTP handlers of the Twilio Video emulator, one per spec ``operationId``.

Each handler receives a ``Call`` whose parameters were already checked against the spec
(see ``urls.py``) and returns a ``Reply``. Handlers run under ``state.lock``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from mappings.limits import (
    TWILIO_COMPOSITION_DIM_MAX,
    TWILIO_COMPOSITION_DIM_MIN,
    TWILIO_COMPOSITION_PIXELS_MAX,
    TWILIO_GROUP_MAX_PARTICIPANTS,
    TWILIO_MAX_PARTICIPANT_DURATION_MAX,
    TWILIO_MEDIA_TTL_DEFAULT,
    TWILIO_PAGE_SIZE_DEFAULT,
    TWILIO_ROOM_TIMEOUT_MAX,
    TWILIO_ROOM_TIMEOUT_MIN,
)
from mappings.recording_rules import (
    Rule,
    RuleValidationError,
    validate_recording_rules,
    validate_subscribe_rules,
)
from migrate.sandbox.faults import FaultConfig
from migrate.sandbox.rawpath import encode_segment

from . import render
from .errors import ROOM_EXISTS, ApiError, invalid, not_found, rule_error
from .media import Bucket, MediaSigner
from .models import (
    RECORDABLE_ROOM_TYPES,
    Composition,
    CompositionHook,
    Participant,
    Recording,
    Room,
    StorageSettings,
    Transcription,
    TwilioState,
    utcnow,
)
from .paging import Cursor, Page, Sequenced, envelope, select
from .spec import Operation

T = TypeVar("T", bound=Sequenced)
HOOK_NAME_MAX = 100  # CompositionHook FriendlyName length (the spec)
MAX_PARTICIPANTS_OUT_OF_RANGE = 53107
_RESOLUTION = re.compile(r"(\d+)x(\d+)")


@dataclass(frozen=True)
class ApiEnv:
    """What handlers need besides the request: state, media signing, faults."""

    state: TwilioState
    signer: MediaSigner
    media_base: Callable[[], str]
    faults: Callable[[], FaultConfig]


@dataclass
class Call:
    """One validated request."""

    op: Operation
    env: ApiEnv
    base: str
    path: dict[str, str]
    params: dict[str, Any]
    filters: list[tuple[str, str]]

    @property
    def state(self) -> TwilioState:
        """The emulated account."""
        return self.env.state


@dataclass
class Reply:
    """Status, JSON body (None = empty) and extra headers."""

    status: int
    body: dict[str, Any] | None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Call], Reply]
HANDLERS: dict[str, Handler] = {}


def handles(operation_id: str) -> Callable[[Handler], Handler]:
    """Register a handler for ``operation_id``."""

    def register(handler: Handler) -> Handler:
        HANDLERS[operation_id] = handler
        return handler

    return register


def ok(call: Call, body: dict[str, Any] | None) -> Reply:
    """The operation's success status (from the spec) with ``body``."""
    return Reply(call.op.status, body)


# --- shared lookups and list helpers --------------------------------------------------


def _room(call: Call, key: str = "RoomSid") -> Room:
    room = call.state.find_room(call.path[key])
    if room is None:
        raise not_found(f"/Rooms/{call.path[key]}")
    return room


def _participant(call: Call, room: Room, key: str = "ParticipantSid") -> Participant:
    participant = call.state.find_participant(room, call.path[key])
    if participant is None:
        raise not_found(f"/Rooms/{room.sid}/Participants/{call.path[key]}")
    return participant


def _created_between(call: Call, created: dt.datetime) -> bool:
    after = call.params.get("DateCreatedAfter")
    before = call.params.get("DateCreatedBefore")
    return (after is None or created >= after) and (before is None or created < before)


def _list(
    call: Call,
    key: str,
    items: Sequence[T],
    keep: Callable[[T], bool],
    show: Callable[[T], dict[str, Any]],
) -> Reply:
    schema = call.op.param("PageSize").schema
    page_size = int(call.params.get("PageSize") or schema.get("default", TWILIO_PAGE_SIZE_DEFAULT))
    token = call.params.get("PageToken")
    cursor = Cursor.parse(token) if token else None
    page: Page[T] = select(items, keep, cursor, page_size)
    body = envelope(
        key,
        [show(item) for item in page.items],
        page,
        base_url=call.base,
        path=call.op.path.format(**{k: encode_segment(v) for k, v in call.path.items()}),
        filters=call.filters,
        page_size=page_size,
        page_number=call.params.get("Page", 0),
        cursor=cursor,
    )
    return ok(call, body)


def _sources_given(params: dict[str, Any]) -> None:
    if not params.get("VideoLayout") and not params.get("AudioSources"):
        raise invalid("Either VideoLayout or AudioSources must be provided")
    layout = params.get("VideoLayout")
    if layout is not None and not isinstance(layout, dict):
        raise invalid("VideoLayout must be a JSON object of regions")


def _resolution(value: str) -> str:
    match = _RESOLUTION.fullmatch(value)
    width, height = (int(match[1]), int(match[2])) if match else (0, 0)
    dims_ok = all(
        TWILIO_COMPOSITION_DIM_MIN <= d <= TWILIO_COMPOSITION_DIM_MAX for d in (width, height)
    )
    if not dims_ok or width * height > TWILIO_COMPOSITION_PIXELS_MAX:
        raise invalid(f"Resolution {value!r} is not supported")
    return value


def _rules(validate: Callable[[Any], list[Rule]], value: Any) -> list[dict[str, Any]]:
    """The rule list ``validate`` (a mappings validator) accepts, as the state keeps it."""
    try:
        rules = validate(value)
    except RuleValidationError as exc:
        raise rule_error(exc) from None
    return [rule.model_dump(exclude_none=True) for rule in rules]


def _int_in(params: dict[str, Any], name: str, low: int, high: int, code: int = 20001) -> None:
    value = params.get(name)
    if value is not None and not low <= value <= high:
        raise ApiError(400, code, f"{name} must be between {low} and {high}")


# --- rooms ---------------------------------------------------------------------------


@handles("CreateRoom")
def create_room(call: Call) -> Reply:
    """POST /v1/Rooms."""
    p = call.params
    state = call.state
    name = p.get("UniqueName")
    if name and state.find_room(name) is not None:
        raise ApiError(400, ROOM_EXISTS, f"Room exists: {name}")
    maximum = (
        10 * TWILIO_GROUP_MAX_PARTICIPANTS if p.get("LargeRoom") else TWILIO_GROUP_MAX_PARTICIPANTS
    )
    _int_in(p, "MaxParticipants", 1, maximum, MAX_PARTICIPANTS_OUT_OF_RANGE)
    _int_in(p, "MaxParticipantDuration", 1, TWILIO_MAX_PARTICIPANT_DURATION_MAX)
    for timeout in ("EmptyRoomTimeout", "UnusedRoomTimeout"):
        _int_in(p, timeout, TWILIO_ROOM_TIMEOUT_MIN, TWILIO_ROOM_TIMEOUT_MAX)
    on_connect = bool(p.get("RecordParticipantsOnConnect", False))
    rules: list[dict[str, Any]] = []
    if "RecordingRules" in p:
        rules = _rules(validate_recording_rules, p["RecordingRules"])
    elif on_connect:
        rules = [{"type": "include", "all": True}]
    fields: dict[str, Any] = {
        "status_callback": p.get("StatusCallback"),
        "status_callback_method": p.get("StatusCallbackMethod", "POST"),
        "record_participants_on_connect": on_connect,
        "recording_rules": rules,
        "audio_only": p.get("AudioOnly", False),
        "large_room": p.get("LargeRoom", False),
    }
    optional = {
        "MaxParticipants": "max_participants",
        "MaxParticipantDuration": "max_participant_duration",
        "VideoCodecs": "video_codecs",
        "MediaRegion": "media_region",
        "EmptyRoomTimeout": "empty_room_timeout",
        "UnusedRoomTimeout": "unused_room_timeout",
    }
    fields |= {attr: p[name] for name, attr in optional.items() if name in p}
    room = state.add_room(name, type=p.get("Type", "group"), **fields)
    return ok(call, render.room(room, call.base))


@handles("FetchRoom")
def fetch_room(call: Call) -> Reply:
    """GET /v1/Rooms/{Sid}."""
    return ok(call, render.room(_room(call, "Sid"), call.base))


@handles("UpdateRoom")
def update_room(call: Call) -> Reply:
    """POST /v1/Rooms/{Sid}: Status=completed ends the room."""
    room = _room(call, "Sid")
    status = call.params["Status"]
    if status == "in-progress":
        if room.status != "in-progress":
            raise invalid(f"Room {room.sid} has ended and cannot be restarted")
    else:
        call.state.end_room(room, status)
    return ok(call, render.room(room, call.base))


@handles("ListRoom")
def list_room(call: Call) -> Reply:
    """GET /v1/Rooms (Status defaults to in-progress, as the spec says)."""
    status = call.params.get("Status", "in-progress")
    name = call.params.get("UniqueName")

    def keep(r: Room) -> bool:
        return (
            r.status == status
            and (name is None or r.unique_name == name)
            and _created_between(call, r.date_created)
        )

    return _list(call, "rooms", call.state.room_list, keep, lambda r: render.room(r, call.base))


# --- participants and tracks -----------------------------------------------------------


@handles("FetchRoomParticipant")
def fetch_participant(call: Call) -> Reply:
    """GET /v1/Rooms/{RoomSid}/Participants/{Sid} (Sid may be the identity)."""
    participant = _participant(call, _room(call), "Sid")
    return ok(call, render.participant(participant, call.state.account_sid, call.base))


@handles("UpdateRoomParticipant")
def update_participant(call: Call) -> Reply:
    """POST .../Participants/{Sid}: Status=disconnected removes the participant."""
    participant = _participant(call, _room(call), "Sid")
    status = call.params.get("Status")
    if status is not None:
        if participant.status == "disconnected" and status != "disconnected":
            raise invalid(f"Participant {participant.sid} is disconnected")
        call.state.set_participant_status(participant, status)
    return ok(call, render.participant(participant, call.state.account_sid, call.base))


@handles("ListRoomParticipant")
def list_participants(call: Call) -> Reply:
    """GET .../Participants (live rooms list connected participants by default)."""
    room = _room(call)
    status = call.params.get("Status") or ("connected" if room.status == "in-progress" else None)
    identity = call.params.get("Identity")

    def keep(p: Participant) -> bool:
        return (
            (status is None or p.status == status)
            and (identity is None or p.identity == identity)
            and _created_between(call, p.date_created)
        )

    account = call.state.account_sid
    return _list(
        call,
        "participants",
        room.participants,
        keep,
        lambda p: render.participant(p, account, call.base),
    )


@handles("UpdateRoomParticipantAnonymize")
def anonymize(call: Call) -> Reply:
    """POST .../Participants/{Sid}/Anonymize: the identity becomes the participant SID."""
    participant = _participant(call, _room(call), "Sid")
    participant.identity = participant.sid
    participant.date_updated = utcnow()
    return ok(call, render.anonymized_participant(participant, call.state.account_sid, call.base))


@handles("ListRoomParticipantPublishedTrack")
def list_published(call: Call) -> Reply:
    """GET .../PublishedTracks."""
    participant = _participant(call, _room(call))
    return _list(
        call,
        "published_tracks",
        participant.tracks,
        lambda _: True,
        lambda t: render.published_track(t, call.base),
    )


@handles("FetchRoomParticipantPublishedTrack")
def fetch_published(call: Call) -> Reply:
    """GET .../PublishedTracks/{Sid} (Sid may be the track name)."""
    participant = _participant(call, _room(call))
    sid = call.path["Sid"]
    track = next((t for t in participant.tracks if sid in (t.sid, t.name)), None)
    if track is None:
        raise not_found(f"/PublishedTracks/{sid}")
    return ok(call, render.published_track(track, call.base))


@handles("ListRoomParticipantSubscribedTrack")
def list_subscribed(call: Call) -> Reply:
    """GET .../SubscribedTracks."""
    participant = _participant(call, _room(call))
    tracks = call.state.subscribed_tracks(participant)
    return _list(
        call,
        "subscribed_tracks",
        tracks,
        lambda _: True,
        lambda t: render.subscribed_track(t, participant.sid, call.base),
    )


@handles("FetchRoomParticipantSubscribedTrack")
def fetch_subscribed(call: Call) -> Reply:
    """GET .../SubscribedTracks/{Sid}."""
    participant = _participant(call, _room(call))
    sid = call.path["Sid"]
    track = next((t for t in call.state.subscribed_tracks(participant) if t.sid == sid), None)
    if track is None:
        raise not_found(f"/SubscribedTracks/{sid}")
    return ok(call, render.subscribed_track(track, participant.sid, call.base))


@handles("FetchRoomParticipantSubscribeRule")
def fetch_subscribe_rules(call: Call) -> Reply:
    """GET .../SubscribeRules."""
    p = _participant(call, _room(call))
    body = render.rules(p.room_sid, p.subscribe_rules, p.date_created, p.rules_updated, p.sid)
    return ok(call, body)


@handles("UpdateRoomParticipantSubscribeRule")
def update_subscribe_rules(call: Call) -> Reply:
    """POST .../SubscribeRules: replace the whole rule list (53215 when invalid)."""
    p = _participant(call, _room(call))
    p.subscribe_rules = _rules(validate_subscribe_rules, call.params.get("Rules"))
    p.rules_updated = utcnow()
    body = render.rules(p.room_sid, p.subscribe_rules, p.date_created, p.rules_updated, p.sid)
    return ok(call, body)


# --- recording rules ----------------------------------------------------------------------


@handles("FetchRoomRecordingRule")
def fetch_recording_rules(call: Call) -> Reply:
    """GET /v1/Rooms/{RoomSid}/RecordingRules."""
    room = _room(call)
    body = render.rules(room.sid, room.recording_rules, room.date_created, room.rules_updated)
    return ok(call, body)


@handles("UpdateRoomRecordingRule")
def update_recording_rules(call: Call) -> Reply:
    """POST .../RecordingRules: replace the rules (53120 when invalid; old rules stay)."""
    room = _room(call)
    room.recording_rules = _rules(validate_recording_rules, call.params.get("Rules"))
    room.rules_updated = utcnow()
    body = render.rules(room.sid, room.recording_rules, room.date_created, room.rules_updated)
    return ok(call, body)


# --- recordings ---------------------------------------------------------------------------


def _recording_filter(call: Call) -> Callable[[Recording], bool]:
    """Status (deleted hidden unless asked), SourceSid, GroupingSid, MediaType, dates."""
    p = call.params
    status = p.get("Status")
    source = p.get("SourceSid")
    groups = set(p.get("GroupingSid") or ())
    media_type = p.get("MediaType")

    def keep(r: Recording) -> bool:
        return (
            (r.status == status if status else r.status != "deleted")
            and (source is None or r.source_sid == source)
            and groups <= {r.room_sid, r.participant_sid}
            and (media_type is None or r.kind == media_type)
            and _created_between(call, r.date_created)
        )

    return keep


def _recording(call: Call, room: Room | None = None) -> Recording:
    recording = call.state.recordings.get(call.path["Sid"])
    if recording is None or (room is not None and recording.room_sid != room.sid):
        raise not_found(f"/Recordings/{call.path['Sid']}")
    return recording


def _delete_recording(call: Call, recording: Recording) -> Reply:
    if recording.status == "deleted":
        raise not_found(f"/Recordings/{recording.sid}")
    call.state.set_recording_status(recording, "deleted")
    return ok(call, None)


@handles("ListRecording")
def list_recordings(call: Call) -> Reply:
    """GET /v1/Recordings."""
    keep = _recording_filter(call)
    return _list(
        call,
        "recordings",
        call.state.recording_list,
        keep,
        lambda r: render.recording(r, call.base),
    )


@handles("FetchRecording")
def fetch_recording(call: Call) -> Reply:
    """GET /v1/Recordings/{Sid}."""
    return ok(call, render.recording(_recording(call), call.base))


@handles("DeleteRecording")
def delete_recording(call: Call) -> Reply:
    """DELETE /v1/Recordings/{Sid}: media gone, metadata kept with status deleted."""
    return _delete_recording(call, _recording(call))


@handles("ListRoomRecording")
def list_room_recordings(call: Call) -> Reply:
    """GET /v1/Rooms/{RoomSid}/Recordings."""
    room = _room(call)
    keep = _recording_filter(call)
    return _list(
        call, "recordings", room.recordings, keep, lambda r: render.room_recording(r, call.base)
    )


@handles("FetchRoomRecording")
def fetch_room_recording(call: Call) -> Reply:
    """GET /v1/Rooms/{RoomSid}/Recordings/{Sid}."""
    return ok(call, render.room_recording(_recording(call, _room(call)), call.base))


@handles("DeleteRoomRecording")
def delete_room_recording(call: Call) -> Reply:
    """DELETE /v1/Rooms/{RoomSid}/Recordings/{Sid}."""
    return _delete_recording(call, _recording(call, _room(call)))


# --- media redirects ----------------------------------------------------------------------


def _redirect(call: Call, bucket: Bucket, filename: str) -> Reply:
    """302 with ``{"redirect_to": ...}`` (and Location when enabled) to the media origin."""
    ttl = call.env.faults().url_ttl or call.params.get("Ttl", TWILIO_MEDIA_TTL_DEFAULT)
    disposition = call.params.get("ContentDisposition") or f'attachment; filename="{filename}"'
    url = call.env.signer.url(call.env.media_base(), bucket, filename, ttl, disposition)
    headers = {"Location": url} if call.state.options.location_header else {}
    return Reply(302, {"redirect_to": url}, headers)


def _recording_media(call: Call, recording: Recording) -> Reply:
    if recording.status != "completed":
        raise not_found(f"/Recordings/{recording.sid}/Media")
    return _redirect(call, "recordings", f"{recording.sid}.{recording.container_format}")


@handles("FetchRecordingMedia")
def recording_media(call: Call) -> Reply:
    """GET /v1/Recordings/{Sid}/Media."""
    return _recording_media(call, _recording(call))


@handles("FetchRoomRecordingMedia")
def room_recording_media(call: Call) -> Reply:
    """GET /v1/Rooms/{RoomSid}/Recordings/{Sid}/Media."""
    return _recording_media(call, _recording(call, _room(call)))


@handles("FetchCompositionMedia")
def composition_media(call: Call) -> Reply:
    """GET /v1/Compositions/{Sid}/Media."""
    composition = _composition(call)
    if composition.status != "completed":
        raise not_found(f"/Compositions/{composition.sid}/Media")
    return _redirect(call, "compositions", f"{composition.sid}.{composition.format}")


# --- compositions -------------------------------------------------------------------------


def _composition(call: Call) -> Composition:
    composition = call.state.compositions.get(call.path["Sid"])
    if composition is None:
        raise not_found(f"/Compositions/{call.path['Sid']}")
    return composition


def _layout_fields(p: dict[str, Any]) -> dict[str, Any]:
    names = {
        "AudioSources": "audio_sources",
        "AudioSourcesExcluded": "audio_sources_excluded",
        "VideoLayout": "video_layout",
        "Trim": "trim",
        "StatusCallback": "status_callback",
        "StatusCallbackMethod": "status_callback_method",
    }
    fields = {attr: p[name] for name, attr in names.items() if name in p}
    if "Resolution" in p:
        fields["resolution"] = _resolution(p["Resolution"])
    return fields


@handles("CreateComposition")
def create_composition(call: Call) -> Reply:
    """POST /v1/Compositions: enqueued, then processing and completed once the room ended."""
    p = call.params
    room = call.state.rooms.get(p["RoomSid"])
    if room is None:
        raise invalid(f"Room {p['RoomSid']} not found")
    if room.type not in RECORDABLE_ROOM_TYPES:
        raise invalid(f"Rooms of type {room.type} have no recordings to compose")
    _sources_given(p)
    composition = call.state.add_composition(
        room.sid,
        format=p.get("Format", "mp4"),
        due=time.monotonic() + call.state.options.composition_step_seconds,
        **_layout_fields(p),
    )
    return ok(call, render.composition(composition, call.base))


@handles("FetchComposition")
def fetch_composition(call: Call) -> Reply:
    """GET /v1/Compositions/{Sid}."""
    return ok(call, render.composition(_composition(call), call.base))


@handles("DeleteComposition")
def delete_composition(call: Call) -> Reply:
    """DELETE /v1/Compositions/{Sid} (failed compositions cannot be deleted: compositions-resource
    doc)."""
    composition = _composition(call)
    if composition.status == "deleted":
        raise not_found(f"/Compositions/{composition.sid}")
    if composition.status == "failed":
        raise invalid(f"Composition {composition.sid} failed and cannot be deleted")
    composition.status = "deleted"
    composition.date_deleted = utcnow()
    return ok(call, None)


@handles("ListComposition")
def list_compositions(call: Call) -> Reply:
    """GET /v1/Compositions (deleted hidden unless Status=deleted)."""
    status = call.params.get("Status")
    room_sid = call.params.get("RoomSid")

    def keep(c: Composition) -> bool:
        return (
            (c.status == status if status else c.status != "deleted")
            and (room_sid is None or c.room_sid == room_sid)
            and _created_between(call, c.date_created)
        )

    items = call.state.composition_list
    return _list(call, "compositions", items, keep, lambda c: render.composition(c, call.base))


# --- composition hooks --------------------------------------------------------------------


def _hook(call: Call) -> CompositionHook:
    hook = call.state.hooks.get(call.path["Sid"])
    if hook is None:
        raise not_found(f"/CompositionHooks/{call.path['Sid']}")
    return hook


def _hook_name(call: Call, name: str, current: CompositionHook | None = None) -> str:
    if not name or len(name) > HOOK_NAME_MAX:
        raise invalid(f"FriendlyName must be 1 to {HOOK_NAME_MAX} characters")
    clash = any(h.friendly_name == name and h is not current for h in call.state.hook_list)
    if clash:
        raise invalid(f"A CompositionHook named {name!r} already exists")
    return name


@handles("CreateCompositionHook")
def create_hook(call: Call) -> Reply:
    """POST /v1/CompositionHooks."""
    p = call.params
    name = _hook_name(call, p["FriendlyName"])
    _sources_given(p)
    fields = _layout_fields(p)
    if "Format" in p:
        fields["format"] = p["Format"]
    hook = call.state.add_hook(name, enabled=p.get("Enabled", True), **fields)
    return ok(call, render.hook(hook, call.base))


@handles("FetchCompositionHook")
def fetch_hook(call: Call) -> Reply:
    """GET /v1/CompositionHooks/{Sid}."""
    return ok(call, render.hook(_hook(call), call.base))


@handles("UpdateCompositionHook")
def update_hook(call: Call) -> Reply:
    """POST /v1/CompositionHooks/{Sid}: FriendlyName required, other fields as given."""
    hook = _hook(call)
    p = call.params
    hook.friendly_name = _hook_name(call, p["FriendlyName"], hook)
    for attr, value in _layout_fields(p).items():
        setattr(hook, attr, value)
    if "Format" in p:
        hook.format = p["Format"]
    if "Enabled" in p:
        hook.enabled = p["Enabled"]
    hook.date_updated = utcnow()
    return ok(call, render.hook(hook, call.base))


@handles("DeleteCompositionHook")
def delete_hook(call: Call) -> Reply:
    """DELETE /v1/CompositionHooks/{Sid}."""
    call.state.delete_hook(_hook(call))
    return ok(call, None)


@handles("ListCompositionHook")
def list_hooks(call: Call) -> Reply:
    """GET /v1/CompositionHooks."""
    enabled = call.params.get("Enabled")
    name = call.params.get("FriendlyName")

    def keep(h: CompositionHook) -> bool:
        return (
            (enabled is None or h.enabled == enabled)
            and (name is None or h.friendly_name == name)
            and _created_between(call, h.date_created)
        )

    items = call.state.hook_list
    return _list(call, "composition_hooks", items, keep, lambda h: render.hook(h, call.base))


# --- settings -----------------------------------------------------------------------------


def _settings_reply(call: Call, settings: StorageSettings, name: str) -> Reply:
    url = f"{call.base}/v1/{name}/Default"
    return ok(call, render.settings(settings, call.state.account_sid, url))


def _update_settings(call: Call, settings: StorageSettings, name: str) -> Reply:
    names = {
        "FriendlyName": "friendly_name",
        "AwsCredentialsSid": "aws_credentials_sid",
        "AwsS3Url": "aws_s3_url",
        "AwsStorageEnabled": "aws_storage_enabled",
        "EncryptionKeySid": "encryption_key_sid",
        "EncryptionEnabled": "encryption_enabled",
    }
    for param, attr in names.items():
        if param in call.params:
            setattr(settings, attr, call.params[param])
    return _settings_reply(call, settings, name)


@handles("FetchRecordingSettings")
def fetch_recording_settings(call: Call) -> Reply:
    """GET /v1/RecordingSettings/Default."""
    return _settings_reply(call, call.state.recording_settings, "RecordingSettings")


@handles("CreateRecordingSettings")
def create_recording_settings(call: Call) -> Reply:
    """POST /v1/RecordingSettings/Default."""
    return _update_settings(call, call.state.recording_settings, "RecordingSettings")


@handles("FetchCompositionSettings")
def fetch_composition_settings(call: Call) -> Reply:
    """GET /v1/CompositionSettings/Default."""
    return _settings_reply(call, call.state.composition_settings, "CompositionSettings")


@handles("CreateCompositionSettings")
def create_composition_settings(call: Call) -> Reply:
    """POST /v1/CompositionSettings/Default."""
    return _update_settings(call, call.state.composition_settings, "CompositionSettings")


# --- transcriptions -------------------------------------------------------------------------


def _transcription(call: Call, room: Room) -> Transcription:
    ttid = call.path["Ttid"]
    found = next((t for t in room.transcriptions if t.ttid == ttid), None)
    if found is None:
        raise not_found(f"/Rooms/{room.sid}/Transcriptions/{ttid}")
    return found


@handles("CreateRoomTranscriptions")
def create_transcription(call: Call) -> Reply:
    """POST /v1/Rooms/{RoomSid}/Transcriptions (the room must be in progress)."""
    room = _room(call)
    if room.status != "in-progress":
        raise invalid(f"Room {room.sid} is not in progress")
    transcription = call.state.add_transcription(room.sid, call.params.get("Configuration") or {})
    return ok(call, render.transcription(transcription, call.state.account_sid, call.base))


@handles("FetchRoomTranscriptions")
def fetch_transcription(call: Call) -> Reply:
    """GET /v1/Rooms/{RoomSid}/Transcriptions/{Ttid}."""
    transcription = _transcription(call, _room(call))
    return ok(call, render.transcription(transcription, call.state.account_sid, call.base))


@handles("UpdateRoomTranscriptions")
def update_transcription(call: Call) -> Reply:
    """POST .../Transcriptions/{Ttid}: start or stop; Configuration replaces the old one."""
    transcription = _transcription(call, _room(call))
    now = utcnow()
    status = call.params.get("Status")
    if status is not None:
        transcription.status = status
        transcription.end_time = now if status != "started" else None
        if status == "started":
            transcription.start_time = now
    if "Configuration" in call.params:
        transcription.configuration = call.params["Configuration"]
    transcription.date_updated = now
    return ok(call, render.transcription(transcription, call.state.account_sid, call.base))


@handles("ListRoomTranscriptions")
def list_transcriptions(call: Call) -> Reply:
    """GET /v1/Rooms/{RoomSid}/Transcriptions."""
    room = _room(call)
    account = call.state.account_sid
    return _list(
        call,
        "transcriptions",
        room.transcriptions,
        lambda _: True,
        lambda t: render.transcription(t, account, call.base),
    )
