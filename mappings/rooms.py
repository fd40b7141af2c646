"""Twilio Rooms <-> Zoom sessions: create parameters, status updates, list filters, views.

Twilio: CreateRoom/UpdateRoom/ListRoom of the vendored Video v1 spec
(``migrate/sandbox/twilio/twilio_video_v1.json``).
Zoom: ``POST/GET /videosdk/sessions``, ``PUT …/status`` and ``GET …/users``
(https://developers.zoom.us/docs/api/video-sdk/). Each CreateRoom parameter maps through
one function in :data:`CREATE_ROOM_PARAMS`, so a parameter the spec adds shows up as
unmapped in tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from mappings import limits, sids
from mappings.errors import MappingError
from mappings.fidelity import Fidelity, FrozenModel, ParamMapping, param_row, weakest
from mappings.names import session_name_for
from mappings.recording_rules import (
    RuleValidationError,
    map_recording_rules,
    validate_recording_rules,
)
from mappings.regions import region_for
from mappings.times import twilio_time
from mappings.zoom_api import ZoomRequest

TWILIO_ROOM_TYPES = ("group", "go", "peer-to-peer", "group-small")
TWILIO_BASE_URL = "https://video.twilio.com"
AutoRecording = Literal["cloud", "none"]


class RoomCreateMapping(FrozenModel):
    """A CreateRoom call on Zoom: the session-create request, token hints and guidance.

    ``session_name`` is None when no UniqueName was given (Twilio then uses the SID; the
    caller picks a name). ``auto_recording`` is the session's recording setting (None: Zoom's
    default). ``jwt_claims`` are claims the tokens for this room should carry.
    """

    session_name: str | None
    auto_recording: AutoRecording | None
    request: ZoomRequest
    jwt_claims: dict[str, Any]
    client_guidance: list[str]
    params: list[ParamMapping]
    fidelity: Fidelity


def _bool(param: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise MappingError(f"{param} must be true or false, got {value!r}")


def _int(param: str, value: object, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise MappingError(f"{param} must be a whole number, got {value!r}") from None
    if not low <= number <= high:
        raise MappingError(f"{param} must be within {low}..{high}, got {number}")
    return number


class _Build:
    """Mutable accumulator for one CreateRoom mapping."""

    def __init__(self) -> None:
        self.session_name: str | None = None
        self.auto_recording: AutoRecording | None = None
        self.claims: dict[str, Any] = {}
        self.guidance: list[str] = []


Handler = Callable[[object, _Build, Mapping[str, object]], ParamMapping]


def _type(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    if v not in TWILIO_ROOM_TYPES:
        raise MappingError(f"Type must be one of {', '.join(TWILIO_ROOM_TYPES)}, got {v!r}")
    if v == "group":
        return param_row(
            "Type", v, "one Zoom session type", "exact", "Zoom sessions are SFU rooms."
        )
    caps = {"go": 2, "group-small": 4, "peer-to-peer": 10}
    b.guidance.append(f"enforce the {caps[str(v)]}-participant cap of '{v}' in your token server")
    notes = f"No room types on Zoom; the {caps[str(v)]}-person cap is not enforced by Zoom"
    if v in ("go", "peer-to-peer"):
        notes += "; media goes through Zoom servers, not peer to peer (recording becomes possible)"
    return param_row("Type", v, "one Zoom session type", "approximate", notes + ".")


def _unique_name(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    name = session_name_for(str(v))
    b.session_name = name.value
    return param_row(
        "UniqueName", v, f"session_name / tpc = {name.value!r}", name.fidelity, name.notes
    )


def _status_callback(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    b.guidance.append(
        "subscribe the twilio2zoom bridge to the Zoom app's session.* webhooks; it re-sends "
        f"them as Twilio status callbacks to {v}"
    )
    return param_row(
        "StatusCallback",
        v,
        "account-level webhook subscription + twilio2zoom bridge",
        "approximate",
        "Zoom webhooks are configured once per app, not per session; the bridge forwards "
        "per room. Track events are not sent.",
    )


def _status_callback_method(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    if str(v).upper() not in ("GET", "POST"):
        raise MappingError(f"StatusCallbackMethod must be GET or POST, got {v!r}")
    return param_row("StatusCallbackMethod", v, "bridge forwards with this method", "exact", "")


def _max_participants(v: object, b: _Build, p: Mapping[str, object]) -> ParamMapping:
    number = _int("MaxParticipants", v, 1, limits.ZOOM_MAX_USERS_PER_SESSION)
    b.guidance.append(f"stop issuing tokens for a session once {number} users are in it")
    return param_row(
        "MaxParticipants",
        number,
        "(no per-session cap; enforce in the token server)",
        "approximate",
        f"Zoom sessions take up to {limits.ZOOM_MAX_USERS_PER_SESSION} users; a lower cap "
        "is yours to enforce.",
    )


def _record_on_connect(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    on = _bool("RecordParticipantsOnConnect", v)
    b.auto_recording = "cloud" if on else "none"
    if not on:
        return param_row(
            "RecordParticipantsOnConnect", on, 'settings.auto_recording = "none"', "exact", ""
        )
    return param_row(
        "RecordParticipantsOnConnect",
        on,
        'settings.auto_recording = "cloud"',
        "approximate",
        "Zoom records the session (composite MP4/M4A, per-user audio) rather than each track.",
    )


def _transcribe_on_connect(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    on = _bool("TranscribeParticipantsOnConnect", v)
    if not on:
        return param_row("TranscribeParticipantsOnConnect", on, "(nothing to do)", "exact", "")
    b.claims["cloud_recording_transcript_option"] = 1
    return param_row(
        "TranscribeParticipantsOnConnect",
        on,
        "JWT cloud_recording_transcript_option = 1",
        "approximate",
        "Zoom produces a VTT transcript after a cloud-recorded session (billed separately); "
        "live captions are the SDK's caption-message events.",
    )


def _transcriptions_configuration(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    return param_row(
        "TranscriptionsConfiguration",
        v,
        "(no equivalent)",
        "unsupported",
        "Language, partial results and profanity options cannot be set per session; choose "
        "the transcript language in the Zoom account settings.",
    )


def _video_codecs(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    codecs = [v] if isinstance(v, str) else list(v) if isinstance(v, Sequence) else [v]
    bad = [c for c in codecs if c not in ("VP8", "H264")]
    if bad:
        raise MappingError(f"VideoCodecs allows VP8 and H264, got {bad[0]!r}")
    return param_row(
        "VideoCodecs",
        codecs,
        "(no equivalent; Zoom negotiates codecs)",
        "unsupported",
        "Drop it: Zoom clients pick codecs themselves.",
    )


def _media_region(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    region = region_for(str(v))
    if region is None:
        return param_row(
            "MediaRegion",
            v,
            "(unknown region)",
            "unsupported",
            "Not a Twilio region id; Zoom will pick the data center.",
        )
    if region.geo_regions:
        b.claims["geo_regions"] = region.geo_regions
    zoom = f"JWT geo_regions = {region.geo_regions!r}" if region.geo_regions else "(Zoom picks)"
    return param_row(
        "MediaRegion",
        v,
        zoom,
        region.fidelity,
        region.notes + " The region must be enabled on the Zoom account.",
    )


def _recording_rules(v: object, b: _Build, p: Mapping[str, object]) -> ParamMapping:
    try:
        rules = validate_recording_rules(v if isinstance(v, str | list | tuple) else str(v))
    except RuleValidationError as exc:
        raise MappingError(f"RecordingRules: {exc} (Twilio error {exc.code})") from None
    on_connect = _bool("RecordParticipantsOnConnect", p.get("RecordParticipantsOnConnect", False))
    plan = map_recording_rules(rules, record_on_connect=on_connect)
    b.auto_recording = "cloud" if plan.record else "none"
    if plan.cloud_recording_option is not None:
        b.claims["cloud_recording_option"] = plan.cloud_recording_option
    if plan.elect_identities:
        b.guidance.append(
            "issue tokens with cloud_recording_election=1 for " + ", ".join(plan.elect_identities)
        )
    zoom = f'settings.auto_recording = "{b.auto_recording}"'
    notes = "; ".join(plan.differences) or "Zoom records exactly what the rules select."
    return param_row(
        "RecordingRules",
        [r.model_dump(exclude_none=True) for r in rules],
        zoom,
        plan.fidelity,
        notes,
    )


def _audio_only(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    on = _bool("AudioOnly", v)
    if not on:
        return param_row("AudioOnly", on, "(nothing to do)", "exact", "")
    b.guidance.append("never call stream.startVideo(); Zoom cannot forbid video for a session")
    return param_row(
        "AudioOnly",
        on,
        "client-side: do not start video",
        "approximate",
        "No session flag; the client must not start video (video.block via the events API "
        "works per user while live).",
    )


def _max_participant_duration(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    seconds = _int("MaxParticipantDuration", v, 1, limits.TWILIO_MAX_PARTICIPANT_DURATION_MAX)
    b.guidance.append(
        f'remove users after {seconds} s with PATCH …/events {{"method": "user.remove"}}'
    )
    return param_row(
        "MaxParticipantDuration",
        seconds,
        "(no equivalent; remove users via the events API)",
        "unsupported",
        "Zoom does not cap time in session; schedule user.remove yourself.",
    )


def _empty_room_timeout(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    minutes = _int(
        "EmptyRoomTimeout", v, limits.TWILIO_ROOM_TIMEOUT_MIN, limits.TWILIO_ROOM_TIMEOUT_MAX
    )
    return param_row(
        "EmptyRoomTimeout",
        minutes,
        "(fixed: the session ends when the last user leaves)",
        "approximate",
        f"Zoom ends an emptied session at once; rejoining within {minutes} min starts a new "
        "session with the same name (and a new id).",
    )


def _unused_room_timeout(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    minutes = _int(
        "UnusedRoomTimeout", v, limits.TWILIO_ROOM_TIMEOUT_MIN, limits.TWILIO_ROOM_TIMEOUT_MAX
    )
    return param_row(
        "UnusedRoomTimeout",
        minutes,
        "(no equivalent)",
        "approximate",
        "A pre-created Zoom session does not expire on a timer; delete it with "
        "DELETE /videosdk/sessions/{id} if nobody joins.",
    )


def _large_room(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    on = _bool("LargeRoom", v)
    return param_row(
        "LargeRoom",
        on,
        "(not needed)",
        "exact",
        f"Every Zoom session takes up to {limits.ZOOM_MAX_USERS_PER_SESSION} users." if on else "",
    )


def _enable_turn(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    return param_row(
        "EnableTurn",
        _bool("EnableTurn", v),
        "(not needed)",
        "exact",
        "Deprecated on Twilio (always on); Zoom handles NAT traversal.",
    )


CREATE_ROOM_PARAMS: Mapping[str, Handler] = {
    "EnableTurn": _enable_turn,
    "Type": _type,
    "UniqueName": _unique_name,
    "StatusCallback": _status_callback,
    "StatusCallbackMethod": _status_callback_method,
    "MaxParticipants": _max_participants,
    "RecordParticipantsOnConnect": _record_on_connect,
    "TranscribeParticipantsOnConnect": _transcribe_on_connect,
    "VideoCodecs": _video_codecs,
    "MediaRegion": _media_region,
    "RecordingRules": _recording_rules,
    "TranscriptionsConfiguration": _transcriptions_configuration,
    "AudioOnly": _audio_only,
    "MaxParticipantDuration": _max_participant_duration,
    "EmptyRoomTimeout": _empty_room_timeout,
    "UnusedRoomTimeout": _unused_room_timeout,
    "LargeRoom": _large_room,
}


def spec_name(name: str) -> str:
    """The spec's PascalCase name for a twilio-python keyword: ``unique_name`` -> ``UniqueName``."""
    if "_" not in name and name[:1].isupper():
        return name
    return "".join(part.capitalize() for part in name.split("_"))


def map_create_room(params: Mapping[str, object]) -> RoomCreateMapping:
    """Map CreateRoom parameters (spec names or twilio-python keywords) to Zoom.

    Every given parameter yields one :class:`ParamMapping`; None values count as absent.
    Raises :class:`MappingError` for unknown parameters or values Twilio would reject.
    """
    given = {spec_name(k): v for k, v in params.items() if v is not None}
    unknown = sorted(set(given) - set(CREATE_ROOM_PARAMS))
    if unknown:
        raise MappingError(f"not a CreateRoom parameter: {unknown[0]}")
    build = _Build()
    # Spec order, so RecordParticipantsOnConnect is seen before RecordingRules refines it.
    mapped = [
        CREATE_ROOM_PARAMS[k](given[k], build, given) for k in CREATE_ROOM_PARAMS if k in given
    ]
    body: dict[str, Any] = {"session_name": build.session_name}
    if build.auto_recording is not None:
        body["settings"] = {"auto_recording": build.auto_recording}
    return RoomCreateMapping(
        session_name=build.session_name,
        auto_recording=build.auto_recording,
        request=ZoomRequest(method="POST", path="/videosdk/sessions", body=body),
        jwt_claims=build.claims,
        client_guidance=build.guidance,
        params=mapped,
        fidelity=weakest(*(m.fidelity for m in mapped)),
    )


class RoomStatusUpdate(FrozenModel):
    """UpdateRoom ``Status`` on Zoom: end the session, or delete it when nobody ever joined.

    Zoom cannot end a session that never started (a pre-registered one), so ``unstarted``
    is what replaces ending it; the room then reads as completed.
    """

    status: Literal["completed"]
    request: ZoomRequest
    unstarted: ZoomRequest


def map_room_status_update(status: str) -> RoomStatusUpdate:
    """UpdateRoom ``Status``: only ``completed`` (end the room) exists on Zoom."""
    if status != "completed":
        raise MappingError(
            f"room status {status!r} cannot be set on Zoom; only 'completed' (end) is supported"
        )
    return RoomStatusUpdate(
        status="completed",
        request=ZoomRequest(
            method="PUT", path="/videosdk/sessions/{session_id}/status", body={"action": "end"}
        ),
        unstarted=ZoomRequest(method="DELETE", path="/videosdk/sessions/{session_id}"),
    )


class RoomListQuery(FrozenModel):
    """A ListRoom call on Zoom: the request, plus filters the caller must apply itself.

    ``session_type`` … ``page_size`` are the request's query as typed values, for a caller
    that calls a client method rather than sending ``request``.
    """

    request: ZoomRequest
    session_type: Literal["live", "past"]
    from_date: dt.date
    to_date: dt.date
    session_name: str | None
    page_size: int
    created_after: dt.datetime | None
    created_before: dt.datetime | None
    unique_name: str | None
    empty: bool
    notes: list[str]


def map_room_list(
    *,
    today: dt.date,
    status: str | None = None,
    unique_name: str | None = None,
    date_created_after: dt.datetime | None = None,
    date_created_before: dt.datetime | None = None,
) -> RoomListQuery:
    """ListRoom filters -> ``GET /videosdk/sessions`` query.

    Zoom needs ``from``/``to`` dates: missing ones default to the API's retention window
    ending ``today``. Times within a day and exact (case-sensitive) names are left to the
    caller (``created_after`` etc.). ``failed`` rooms do not exist on Zoom: ``empty``.
    """
    status = status or "in-progress"  # Twilio's default
    if status not in ("in-progress", "completed", "failed"):
        raise MappingError(f"room status filter must be in-progress, completed or failed: {status}")
    notes: list[str] = []
    start = (
        date_created_after.date()
        if date_created_after
        else today - dt.timedelta(days=limits.ZOOM_SESSION_RETENTION_DAYS)
    )
    end = date_created_before.date() if date_created_before else today
    session_type: Literal["live", "past"] = "live" if status == "in-progress" else "past"
    session_name = session_name_for(unique_name).value if unique_name else None
    query = {
        "type": session_type,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "page_size": str(limits.ZOOM_MAX_PAGE_SIZE),
    }
    if session_name is not None:
        query["session_name"] = session_name
        notes.append("Zoom matches session_name case-insensitively; compare exactly afterwards")
    if status == "failed":
        notes.append("Zoom has no failed sessions; the result is always empty")
    return RoomListQuery(
        request=ZoomRequest(method="GET", path="/videosdk/sessions", query=query),
        session_type=session_type,
        from_date=start,
        to_date=end,
        session_name=session_name,
        page_size=limits.ZOOM_MAX_PAGE_SIZE,
        created_after=date_created_after,
        created_before=date_created_before,
        unique_name=unique_name,
        empty=status == "failed",
        notes=notes,
    )


def _duration(start: object, end: object, fallback: object = None) -> int | None:
    a, b = twilio_time(start), twilio_time(end)
    if a and b:
        delta = dt.datetime.fromisoformat(b) - dt.datetime.fromisoformat(a)
        return max(0, int(delta.total_seconds()))
    # Zoom types duration as a string; its format is undocumented, so only plain numbers count.
    if isinstance(fallback, int) or (isinstance(fallback, str) and re.fullmatch(r"\d+", fallback)):
        return int(fallback)
    return None


def room_view(
    session: Mapping[str, Any], *, account_sid: str, base_url: str = TWILIO_BASE_URL
) -> dict[str, Any]:
    """A Zoom session (list item, details or create response) as a Twilio Room resource.

    The SID is derived from the Zoom id; fields Zoom cannot know are None, never invented.
    """
    session_id = str(session.get("id") or session.get("session_id") or "")
    if not session_id:
        raise MappingError("Zoom session has no id")
    sid = sids.room_sid(session_id)
    created = twilio_time(session.get("created_at")) or twilio_time(session.get("start_time"))
    ended = twilio_time(session.get("end_time"))
    settings = session.get("settings")
    auto = settings.get("auto_recording") if isinstance(settings, Mapping) else None
    url = f"{base_url}/v1/Rooms/{sid}"
    return {
        "sid": sid,
        "status": "completed" if ended else "in-progress",
        "date_created": created,
        "date_updated": ended or created,
        "account_sid": account_sid,
        "enable_turn": True,
        "unique_name": session.get("session_name"),
        "status_callback": None,
        "status_callback_method": "POST",
        "end_time": ended,
        "duration": _duration(
            session.get("start_time"), session.get("end_time"), session.get("duration")
        ),
        "type": "group",
        "max_participants": limits.ZOOM_MAX_USERS_PER_SESSION,
        "max_participant_duration": None,
        "max_concurrent_published_tracks": 0,
        "record_participants_on_connect": auto == "cloud",
        "video_codecs": None,
        "media_region": None,
        "audio_only": False,
        "empty_room_timeout": None,
        "unused_room_timeout": None,
        "large_room": False,
        "url": url,
        "links": {
            "participants": f"{url}/Participants",
            "recordings": f"{url}/Recordings",
            "recording_rules": f"{url}/RecordingRules",
            "transcriptions": f"{url}/Transcriptions",
        },
    }


def participant_view(
    session_id: str,
    user: Mapping[str, Any],
    *,
    account_sid: str,
    base_url: str = TWILIO_BASE_URL,
) -> dict[str, Any]:
    """A Zoom session user (REST ``users[]`` item) as a Twilio Participant resource.

    Identity is the ``user_key`` the token carried (else the display name); the PA SID is
    derived from the session id and that key (else the Zoom user id).
    """
    key = str(user.get("user_key") or user.get("id") or "")
    if not key:
        raise MappingError("Zoom user has neither user_key nor id")
    sid = sids.participant_sid(session_id, key)
    room = sids.room_sid(session_id)
    joined, left = twilio_time(user.get("join_time")), twilio_time(user.get("leave_time"))
    url = f"{base_url}/v1/Rooms/{room}/Participants/{sid}"
    return {
        "sid": sid,
        "room_sid": room,
        "account_sid": account_sid,
        "status": "disconnected" if left else "connected",
        "identity": str(user.get("user_key") or user.get("name") or key),
        "date_created": joined,
        "date_updated": left or joined,
        "start_time": joined,
        "end_time": left,
        "duration": _duration(user.get("join_time"), user.get("leave_time")),
        "url": url,
        "links": {
            "published_tracks": f"{url}/PublishedTracks",
            "subscribed_tracks": f"{url}/SubscribedTracks",
            "subscribe_rules": f"{url}/SubscribeRules",
            "anonymize": f"{url}/Anonymize",
        },
    }


# Values a Room resource reports when CreateRoom left a parameter out (the vendored spec); such
# values say nothing about the application, so plans leave them out.
CREATE_ROOM_DEFAULTS: Mapping[str, object] = {
    "EnableTurn": True,
    "Type": "group",
    "MaxParticipants": limits.TWILIO_GROUP_MAX_PARTICIPANTS,
    "RecordParticipantsOnConnect": False,
    "VideoCodecs": ["VP8", "H264"],
    "AudioOnly": False,
    "MaxParticipantDuration": limits.TWILIO_MAX_PARTICIPANT_DURATION_DEFAULT,
    "EmptyRoomTimeout": limits.TWILIO_ROOM_TIMEOUT_DEFAULT,
    "UnusedRoomTimeout": limits.TWILIO_ROOM_TIMEOUT_DEFAULT,
    "LargeRoom": False,
}
# Room resource field -> CreateRoom parameter (RecordingRules live in their own resource).
_ROOM_FIELDS = {
    "enable_turn": "EnableTurn",
    "type": "Type",
    "unique_name": "UniqueName",
    "status_callback": "StatusCallback",
    "status_callback_method": "StatusCallbackMethod",
    "max_participants": "MaxParticipants",
    "record_participants_on_connect": "RecordParticipantsOnConnect",
    "video_codecs": "VideoCodecs",
    "media_region": "MediaRegion",
    "audio_only": "AudioOnly",
    "max_participant_duration": "MaxParticipantDuration",
    "empty_room_timeout": "EmptyRoomTimeout",
    "unused_room_timeout": "UnusedRoomTimeout",
    "large_room": "LargeRoom",
}


def room_create_params(room: Mapping[str, Any]) -> dict[str, object]:
    """The CreateRoom parameters a fetched Room resource (snake_case) shows it was made with.

    Twilio defaults and unset fields are left out; a room without a unique name (Twilio
    then reports its SID) has no UniqueName; the callback method only counts with a URL.
    """
    params: dict[str, object] = {}
    for field, param in _ROOM_FIELDS.items():
        value = room.get(field)
        if value is None or CREATE_ROOM_DEFAULTS.get(param) == value:
            continue
        if param == "VideoCodecs" and sorted(value) == sorted(["VP8", "H264"]):
            continue
        params[param] = value
    if params.get("UniqueName") == room.get("sid"):
        del params["UniqueName"]
    if "StatusCallback" not in params:
        params.pop("StatusCallbackMethod", None)
    return params
