"""Twilio status callbacks <-> Zoom webhooks, event by event and parameter by parameter.

Twilio events and parameters: https://www.twilio.com/docs/video/api/status-callbacks. Zoom events
and payload fields: https://developers.zoom.us/docs/api/video-sdk/events/. The bridge calls
:func:`twilio_callbacks_for_zoom_event` to re-send a Zoom webhook as the Twilio callbacks an
existing handler expects; the audit and the docs read :data:`TWILIO_EVENTS` (which Zoom event
replaces each Twilio one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from mappings import recordings, sids
from mappings.errors import MappingError
from mappings.fidelity import Fidelity, FrozenModel, ParamMapping

# The recording-file rules live in mappings.recordings; these names stay importable here.
from mappings.recordings import MEDIA_CODECS as MEDIA_CODECS
from mappings.recordings import MEDIA_FILE_TYPES as MEDIA_FILE_TYPES
from mappings.times import seconds_between

ROOM_TYPE = "group"  # Zoom has one session type; Twilio's closest is a group room.


class TwilioCallback(FrozenModel):
    """One Twilio status callback: the event name, its form parameters, and the room and
    session it belongs to (typed, so callers need not read them back out of ``params``)."""

    event: str
    params: dict[str, str]
    room_sid: str
    session_id: str
    session_name: str


class EventMapping(FrozenModel):
    """Which event on the other side stands for this one, and how faithfully."""

    twilio: str | None
    zoom: str | None
    fidelity: Fidelity
    notes: str


# Every Twilio status-callback event and the Zoom webhook that replaces it.
TWILIO_EVENTS: Mapping[str, EventMapping] = {
    m.twilio or "": m
    for m in (
        EventMapping(
            twilio="room-created",
            zoom="session.started",
            fidelity="exact",
            notes="Fires on first join (Zoom sessions start when someone joins).",
        ),
        EventMapping(
            twilio="room-ended",
            zoom="session.ended",
            fidelity="exact",
            notes="RoomDuration from start_time/end_time.",
        ),
        EventMapping(
            twilio="participant-connected",
            zoom="session.user_joined",
            fidelity="exact",
            notes="Identity from user_key (else the display name).",
        ),
        EventMapping(
            twilio="participant-disconnected",
            zoom="session.user_left",
            fidelity="approximate",
            notes="ParticipantDuration only when the payload carries join_time.",
        ),
        EventMapping(
            twilio="track-added",
            zoom="session.sharing_started",
            fidelity="approximate",
            notes="Only screen shares surface; camera and microphone tracks have no webhook.",
        ),
        EventMapping(
            twilio="track-removed",
            zoom="session.sharing_ended",
            fidelity="approximate",
            notes="Only screen shares, as for track-added.",
        ),
        EventMapping(
            twilio="track-enabled",
            zoom=None,
            fidelity="unsupported",
            notes="Mute state is only visible in the client SDK (user-updated).",
        ),
        EventMapping(
            twilio="track-disabled",
            zoom=None,
            fidelity="unsupported",
            notes="Mute state is only visible in the client SDK (user-updated).",
        ),
        EventMapping(
            twilio="recording-started",
            zoom="session.recording_started",
            fidelity="approximate",
            notes="One event per session recording, not per track; no SourceSid.",
        ),
        EventMapping(
            twilio="recording-completed",
            zoom="session.recording_completed",
            fidelity="approximate",
            notes="One callback per MP4/M4A file (composite and per-user files); "
            "transcript, chat and timeline files have no Twilio counterpart.",
        ),
        EventMapping(
            twilio="recording-failed",
            zoom=None,
            fidelity="unsupported",
            notes="Zoom sends no recording-failure webhook.",
        ),
        EventMapping(
            twilio="composition-enqueued",
            zoom=None,
            fidelity="unsupported",
            notes="No composition API; layouts are rendered by cloud recording.",
        ),
        EventMapping(
            twilio="composition-hook-failed",
            zoom=None,
            fidelity="unsupported",
            notes="No composition hooks.",
        ),
        EventMapping(
            twilio="composition-started",
            zoom=None,
            fidelity="unsupported",
            notes="No composition API.",
        ),
        EventMapping(
            twilio="composition-progress",
            zoom=None,
            fidelity="unsupported",
            notes="No composition API.",
        ),
        EventMapping(
            twilio="composition-available",
            zoom="session.recording_completed",
            fidelity="approximate",
            notes="Composite files (gallery/speaker view) arrive with the recording.",
        ),
        EventMapping(
            twilio="composition-failed",
            zoom=None,
            fidelity="unsupported",
            notes="No composition API.",
        ),
    )
}

# Zoom webhooks the bridge turns into Twilio callbacks (others produce none).
ZOOM_EVENTS: Mapping[str, EventMapping] = {
    "session.started": TWILIO_EVENTS["room-created"],
    "session.ended": TWILIO_EVENTS["room-ended"],
    "session.user_joined": TWILIO_EVENTS["participant-connected"],
    "session.user_left": TWILIO_EVENTS["participant-disconnected"],
    "session.sharing_started": TWILIO_EVENTS["track-added"],
    "session.sharing_ended": TWILIO_EVENTS["track-removed"],
    "session.recording_started": TWILIO_EVENTS["recording-started"],
    "session.recording_completed": TWILIO_EVENTS["recording-completed"],
    "session.recording_paused": EventMapping(
        twilio=None,
        zoom="session.recording_paused",
        fidelity="unsupported",
        notes="Twilio has no paused state for recordings.",
    ),
    "session.recording_resumed": EventMapping(
        twilio=None,
        zoom="session.recording_resumed",
        fidelity="unsupported",
        notes="Twilio starts a new recording (new RT SID) instead.",
    ),
    "session.recording_stopped": EventMapping(
        twilio=None,
        zoom="session.recording_stopped",
        fidelity="unsupported",
        notes="Twilio reports the end as recording-completed, which Zoom sends once files "
        "are ready.",
    ),
}

# Where each Twilio callback parameter comes from in a Zoom webhook.
PARAMETERS: tuple[ParamMapping, ...] = (
    ParamMapping(
        param="AccountSid",
        zoom="(bridge setting)",
        fidelity="approximate",
        notes="The Twilio account the handler expects; Zoom's account_id is not used.",
    ),
    ParamMapping(
        param="RoomSid",
        zoom="sids.room_sid(object.session_id)",
        fidelity="approximate",
        notes="Stable derived RM SID.",
    ),
    ParamMapping(param="RoomName", zoom="object.session_name", fidelity="exact", notes=""),
    ParamMapping(
        param="RoomStatus",
        zoom="completed on session.ended and session.recording_completed, else in-progress",
        fidelity="exact",
        notes="Zoom processes cloud recordings after the session ends, so their files arrive "
        "for a completed room.",
    ),
    ParamMapping(
        param="RoomType",
        zoom="always 'group'",
        fidelity="approximate",
        notes="Zoom has a single session type.",
    ),
    ParamMapping(
        param="StatusCallbackEvent", zoom="event (via the event table)", fidelity="exact", notes=""
    ),
    ParamMapping(
        param="Timestamp", zoom="event_ts (ms) as UTC ISO-8601", fidelity="exact", notes=""
    ),
    ParamMapping(
        param="SequenceNumber",
        zoom="(bridge counter)",
        fidelity="approximate",
        notes="Not an ordering guarantee on either side.",
    ),
    ParamMapping(
        param="RoomDuration",
        zoom="object.end_time - object.start_time",
        fidelity="exact",
        notes="room-ended only.",
    ),
    ParamMapping(
        param="ParticipantSid",
        zoom="sids.participant_sid(session_id, user_key or id)",
        fidelity="approximate",
        notes="Stable derived PA SID.",
    ),
    ParamMapping(
        param="ParticipantIdentity",
        zoom="user.user_key, else user.name",
        fidelity="approximate",
        notes="Exact when tokens carried the identity as user_key.",
    ),
    ParamMapping(
        param="ParticipantStatus",
        zoom="connected / disconnected by event",
        fidelity="exact",
        notes="",
    ),
    ParamMapping(
        param="ParticipantDuration",
        zoom="user.leave_time - user.join_time",
        fidelity="approximate",
        notes="Only when join_time is in the payload.",
    ),
    ParamMapping(
        param="TrackSid",
        zoom="sids.track_sid(session_id, user, 'share')",
        fidelity="approximate",
        notes="Screen shares only.",
    ),
    ParamMapping(
        param="TrackKind", zoom="'video' for screen shares", fidelity="approximate", notes=""
    ),
    ParamMapping(
        param="TrackName",
        zoom="sharing_details.content, or the file's recording_type",
        fidelity="approximate",
        notes="",
    ),
    ParamMapping(
        param="RecordingSid",
        zoom="sids.recording_sid(session_id, file.id)",
        fidelity="approximate",
        notes="Stable derived RT SID per Zoom file.",
    ),
    ParamMapping(
        param="RecordingUri",
        zoom="/v1/Recordings/{RecordingSid}",
        fidelity="approximate",
        notes="Served by the shim.",
    ),
    ParamMapping(
        param="MediaUri",
        zoom="/v1/Recordings/{RecordingSid}/Media",
        fidelity="approximate",
        notes="Relative, as Twilio sends it; the shim redirects to download_url.",
    ),
    # Parameters that carry a field of the recording resource come from the same rule.
    recordings.field_mapping("source_sid", as_param="SourceSid"),
    recordings.field_mapping("container_format", as_param="Container"),
    recordings.field_mapping("codec", as_param="Codec"),
    recordings.field_mapping("type", as_param="Type"),
    recordings.field_mapping("duration", as_param="Duration"),
    recordings.field_mapping("size", as_param="Size"),
    recordings.field_mapping("offset", as_param="OffsetFromTwilioVideoEpoch"),
    recordings.field_mapping("media_external_location", as_param="MediaExternalLocation"),
    ParamMapping(
        param="FailedOperation",
        zoom="(none)",
        fidelity="unsupported",
        notes="No recording-failed webhook.",
    ),
)


# Zoom sends these once the session is over (recordings are processed after it ends).
_AFTER_SESSION_END = frozenset({"session.ended", "session.recording_completed"})


def twilio_callbacks_for_zoom_event(
    event: Mapping[str, Any], *, account_sid: str, sequence_number: int = 0
) -> list[TwilioCallback]:
    """The Twilio callbacks that stand for one Zoom webhook body (parsed JSON).

    Unmapped events (see :data:`ZOOM_EVENTS`) give an empty list. A body without
    ``event``, ``payload.object`` or ``session_id`` raises :class:`MappingError`.
    """
    name = event.get("event")
    if not isinstance(name, str):
        raise MappingError("Zoom webhook body has no 'event' name")
    builder = _BUILDERS.get(name)
    if builder is None:
        return []
    payload = event.get("payload")
    obj = payload.get("object") if isinstance(payload, Mapping) else None
    if not isinstance(obj, Mapping) or not isinstance(obj.get("session_id"), str):
        raise MappingError(f"Zoom webhook {name!r} has no payload.object.session_id")
    ended = name in _AFTER_SESSION_END
    session_id, session_name = obj["session_id"], str(obj.get("session_name", ""))
    room = sids.room_sid(session_id)
    base = {
        "AccountSid": account_sid,
        "RoomSid": room,
        "RoomName": session_name,
        "RoomStatus": "completed" if ended else "in-progress",
        "RoomType": ROOM_TYPE,
        "Timestamp": _timestamp(event.get("event_ts")),
        "SequenceNumber": str(sequence_number),
    }
    twilio_event = ZOOM_EVENTS[name].twilio or ""
    return [
        TwilioCallback(
            event=twilio_event,
            params={**base, "StatusCallbackEvent": twilio_event, **p},
            room_sid=room,
            session_id=session_id,
            session_name=session_name,
        )
        for p in builder(obj)
    ]


def _timestamp(event_ts: object) -> str:
    """Zoom's event_ts (epoch milliseconds) as Twilio's UTC ISO-8601 with microseconds."""
    if isinstance(event_ts, int | float) and not isinstance(event_ts, bool):
        moment = dt.datetime.fromtimestamp(event_ts / 1000, tz=dt.UTC)
    else:
        moment = dt.datetime.now(tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _seconds_between(start: object, end: object) -> str | None:
    seconds = seconds_between(start, end)
    return None if seconds is None else str(round(seconds))


def _user_key(user: Mapping[str, Any]) -> str:
    return str(user.get("user_key") or user.get("id") or "")


def _user_params(session_id: str, user: Mapping[str, Any]) -> dict[str, str]:
    key = _user_key(user)
    identity = str(user.get("user_key") or user.get("name") or key)
    return {
        "ParticipantSid": sids.participant_sid(session_id, key),
        "ParticipantIdentity": identity,
    }


def _user(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    user = obj.get("user")
    if not isinstance(user, Mapping):
        raise MappingError("Zoom webhook has no payload.object.user")
    return user


def _room_started(obj: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    yield {}


def _room_ended(obj: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    duration = _seconds_between(obj.get("start_time"), obj.get("end_time"))
    yield {"RoomDuration": duration} if duration is not None else {}


def _user_joined(obj: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    yield {**_user_params(obj["session_id"], _user(obj)), "ParticipantStatus": "connected"}


def _user_left(obj: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    user = _user(obj)
    params = {**_user_params(obj["session_id"], user), "ParticipantStatus": "disconnected"}
    duration = _seconds_between(user.get("join_time"), user.get("leave_time"))
    if duration is not None:
        params["ParticipantDuration"] = duration
    yield params


def _sharing(obj: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    user = _user(obj)
    params = _user_params(obj["session_id"], user)
    details = user.get("sharing_details")
    content = details.get("content") if isinstance(details, Mapping) else None
    yield {
        **params,
        "ParticipantStatus": "connected",
        "TrackSid": sids.track_sid(obj["session_id"], _user_key(user), "share"),
        "TrackKind": "video",
        "TrackName": str(content or "screen"),
    }


def _recording_started(obj: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    file = obj.get("recording_file")
    start = file.get("recording_start") if isinstance(file, Mapping) else None
    start_text = str(start or obj.get("start_time") or "")
    yield {"RecordingSid": sids.recording_sid(obj["session_id"], f"started:{start_text}")}


def _recording_completed(obj: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    session_id: str = obj["session_id"]
    external = obj.get("external_storage_url")
    for list_name in ("recording_files", "participant_audio_files", "participant_video_files"):
        files = obj.get(list_name) or []
        for file in files if isinstance(files, list) else []:
            if not isinstance(file, Mapping):
                continue
            if recordings.media_format(file) is None or not file.get("id"):
                continue
            yield _recording_file_params(session_id, file, external)


def _recording_file_params(
    session_id: str, file: Mapping[str, Any], external: object
) -> dict[str, str]:
    # Same rules as the shim's Recording resource, so callbacks and REST views agree.
    rt = sids.recording_sid(session_id, str(file["id"]))
    params = {
        "RecordingSid": rt,
        "RecordingUri": f"/v1/Recordings/{rt}",
        "MediaUri": f"/v1/Recordings/{rt}/Media",
        "SourceSid": recordings.source_sid(session_id, file),
        "TrackName": str(recordings.track_name(file)),
        "Container": str(recordings.container_format(file)),
        "Codec": str(recordings.codec(file)),
        "Type": recordings.recording_type(file),
        "Size": str(int(file.get("file_size") or 0)),
    }
    owner = recordings.owner_key(file)
    if owner:
        params["ParticipantSid"] = sids.participant_sid(session_id, owner)
        params["ParticipantIdentity"] = str(file.get("user_key") or owner)
    duration = recordings.recording_duration(file)
    if duration is not None:
        params["Duration"] = str(duration)
    offset = recordings.recording_offset(file)
    if offset is not None:
        params["OffsetFromTwilioVideoEpoch"] = str(offset)
    if isinstance(external, str) and external:
        params["MediaExternalLocation"] = external
    return params


_BUILDERS: Mapping[str, Callable[[Mapping[str, Any]], Iterator[dict[str, str]]]] = {
    "session.started": _room_started,
    "session.ended": _room_ended,
    "session.user_joined": _user_joined,
    "session.user_left": _user_left,
    "session.sharing_started": _sharing,
    "session.sharing_ended": _sharing,
    "session.recording_started": _recording_started,
    "session.recording_completed": _recording_completed,
}
