"""Zoom recording files -> Twilio Recording / RoomRecording resources, field by field.

Twilio: ``video.v1.recording`` and ``room_recording``
(https://www.twilio.com/docs/video/api/recordings-resource: RT SID, ``type`` {audio, video, data},
``container_format`` {mka, mkv}, ``codec``, ``grouping_sids``, ``offset`` ...). Zoom:
``recording_files[]``, ``participant_audio_files[]`` and ``participant_video_files[]`` of ``GET
/videosdk/sessions/{id}/recordings`` and of the ``session.recording_completed`` webhook
(https://developers.zoom.us/docs/api/webhooks/). Zoom records per session, not per track, so one
Zoom file stands for one Twilio recording. The shim's REST views and the bridge's ``recording-*``
callbacks both derive their fields here, so a recording's SID, type, codec and source SID agree
wherever the application meets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mappings import sids
from mappings.errors import MappingError
from mappings.fidelity import ParamMapping
from mappings.times import parse_time, seconds_between, twilio_time

TWILIO_BASE_URL = "https://video.twilio.com"
TWILIO_RECORDING_STATUSES = ("processing", "completed", "deleted", "failed")
# Zoom media formats that Twilio would report as recordings, and their Twilio ``type``.
# Transcripts, chat, timelines and summaries are files Twilio has no kind for.
MEDIA_FILE_TYPES: Mapping[str, str] = {"MP4": "video", "M4A": "audio"}
# Twilio's ``type`` for any other Zoom file.
DATA_TYPE = "data"
# Codecs inside Zoom's MP4/M4A files are not documented; H.264/AAC is inferred.
MEDIA_CODECS: Mapping[str, str] = {"MP4": "h264", "M4A": "aac"}

# Where each field of the Twilio recording resource comes from in a Zoom recording file.
RECORDING_FIELDS: tuple[ParamMapping, ...] = (
    ParamMapping(
        param="sid",
        zoom="sids.recording_sid(session_id, file.id)",
        fidelity="approximate",
        notes="Stable derived RT SID per Zoom file.",
    ),
    ParamMapping(
        param="status",
        zoom="deleted when deleted_time is set, else completed",
        fidelity="approximate",
        notes="Zoom documents only 'completed'; any other file status shows as processing.",
    ),
    ParamMapping(param="date_created", zoom="recording_start", fidelity="exact", notes=""),
    ParamMapping(
        param="source_sid",
        zoom="sids.track_sid(session_id, user_key or user_id or recording_type or id, type)",
        fidelity="approximate",
        notes="Zoom files are per session or per user, not per track.",
    ),
    ParamMapping(param="size", zoom="file_size", fidelity="exact", notes="Bytes."),
    ParamMapping(
        param="type",
        zoom="video for MP4, audio for M4A, else data",
        fidelity="exact",
        notes="",
    ),
    ParamMapping(
        param="duration",
        zoom="recording_end - recording_start",
        fidelity="exact",
        notes="Seconds, rounded; under a second counts as 1, as on Twilio.",
    ),
    ParamMapping(
        param="container_format",
        zoom="file_extension (else file_type), lower case",
        fidelity="approximate",
        notes="mp4/m4a where Twilio used mkv/mka.",
    ),
    ParamMapping(
        param="codec",
        zoom="h264 for MP4, aac for M4A, else none",
        fidelity="approximate",
        notes="Inferred; Zoom does not report codecs.",
    ),
    ParamMapping(
        param="grouping_sids",
        zoom="room_sid, plus participant_sid for per-user files",
        fidelity="approximate",
        notes="Composite files have no participant.",
    ),
    ParamMapping(
        param="track_name",
        zoom="recording_type, else the container format",
        fidelity="approximate",
        notes="Zoom's layout name (e.g. gallery_view), not the name the client published.",
    ),
    ParamMapping(
        param="offset",
        zoom="recording_start in Unix ms",
        fidelity="approximate",
        notes="A common epoch, so the files of one room still align.",
    ),
    ParamMapping(
        param="media_external_location",
        zoom="external_storage_url of the session",
        fidelity="approximate",
        notes="When Zoom BYOS storage is on.",
    ),
    ParamMapping(
        param="links.media",
        zoom="download_url",
        fidelity="approximate",
        notes="Fetch with Authorization: Bearer <download_access_token>, not Basic auth.",
    ),
    ParamMapping(
        param="status_callback",
        zoom="(none: the room's status callback, where the caller knows it)",
        fidelity="approximate",
        notes="Zoom has no per-recording callback, only the account's webhook endpoint.",
    ),
)


#: Native mode: the key of a Zoom recording-file dict that holds a Twilio recording
#: attribute as it is (attributes missing here have no such key; see RECORDING_FIELDS).
NATIVE_FILE_KEYS: Mapping[str, str] = {
    "sid": "id",
    "status": "status",
    "size": "file_size",
    "date_created": "recording_start",
    "container_format": "file_extension",
    "media_url": "download_url",
}


def field_mapping(field: str, *, as_param: str | None = None) -> ParamMapping:
    """The :data:`RECORDING_FIELDS` row for ``field``, renamed ``as_param`` (a callback's name).

    Raises :class:`KeyError` for a field the recording resource does not have.
    """
    for row in RECORDING_FIELDS:
        if row.param == field:
            return row.model_copy(update={"param": as_param}) if as_param else row
    raise KeyError(field)


def media_format(file: Mapping[str, Any]) -> str | None:
    """``MP4`` or ``M4A`` when a Zoom file is media (by ``file_type``, else its extension)."""
    for name in ("file_type", "file_extension"):
        value = str(file.get(name) or "").upper()
        if value in MEDIA_FILE_TYPES:
            return value
    return None


def recording_type(file: Mapping[str, Any]) -> str:
    """Twilio's ``type`` of a Zoom file: video for MP4, audio for M4A, else data."""
    fmt = media_format(file)
    return MEDIA_FILE_TYPES[fmt] if fmt else DATA_TYPE


def container_format(file: Mapping[str, Any]) -> str | None:
    """Twilio's ``container_format``: the Zoom file's extension (else type), lower case."""
    value = str(file.get("file_extension") or file.get("file_type") or "")
    return value.lower() or None


def codec(file: Mapping[str, Any]) -> str | None:
    """Twilio's ``codec``, inferred from the media format (None for non-media files)."""
    fmt = media_format(file)
    return MEDIA_CODECS[fmt] if fmt else None


def owner_key(file: Mapping[str, Any]) -> str | None:
    """The user a per-user file belongs to (``user_key``, else the Zoom user id), or None."""
    owner = file.get("user_key") or file.get("user_id")
    return str(owner) if owner else None


def track_name(file: Mapping[str, Any]) -> str | None:
    """Twilio's ``track_name``: Zoom's ``recording_type``, else the container format."""
    recorded = file.get("recording_type")
    return str(recorded) if recorded else container_format(file)


def source_sid(session_id: str, file: Mapping[str, Any]) -> str:
    """The MT SID standing for the track a Zoom file recorded (per user where Zoom says)."""
    who = owner_key(file) or str(file.get("recording_type") or file.get("id") or "")
    return sids.track_sid(session_id, who, recording_type(file))


def grouping_sids(session_id: str, file: Mapping[str, Any]) -> dict[str, str]:
    """Twilio's ``grouping_sids``: the room, and the participant for per-user files."""
    grouping = {"room_sid": sids.room_sid(session_id)}
    owner = owner_key(file)
    if owner:
        grouping["participant_sid"] = sids.participant_sid(session_id, owner)
    return grouping


def recording_status(file: Mapping[str, Any]) -> str:
    """Twilio's ``status``: deleted for trashed files, completed for finished ones."""
    if file.get("deleted_time"):
        return "deleted"
    status = file.get("status")
    if not status or status == "completed":
        return "completed"
    # Zoom documents no other value; a file in any other state is not ready yet.
    return str(status) if status in TWILIO_RECORDING_STATUSES else "processing"


def recording_duration(file: Mapping[str, Any]) -> int | None:
    """Twilio's ``duration`` in whole seconds (rounded; under a second counts as 1)."""
    seconds = seconds_between(file.get("recording_start"), file.get("recording_end"))
    if seconds is None:
        return None
    return max(1, round(seconds)) if seconds > 0 else 0


def recording_offset(file: Mapping[str, Any]) -> int | None:
    """Twilio's ``offset``: the file's start in Unix milliseconds (an epoch common to all)."""
    start = parse_time(file.get("recording_start"))
    return int(start.timestamp() * 1000) if start else None


def recording_view(
    session: Mapping[str, Any],
    file: Mapping[str, Any],
    *,
    account_sid: str,
    room_level: bool = False,
    base_url: str = TWILIO_BASE_URL,
) -> dict[str, Any]:
    """A Zoom recording file as a Twilio Recording (or, ``room_level``, RoomRecording).

    ``session`` is the Zoom recordings object or webhook ``payload.object`` (only
    ``session_id`` and ``external_storage_url`` are read); ``file`` is one item of its file
    lists. Fields Zoom cannot know are None (the status callback: the caller knows it).
    """
    session_id = str(session.get("session_id") or "")
    file_id = str(file.get("id") or "")
    if not session_id or not file_id:
        raise MappingError("Zoom recording file needs a session_id and a file id")
    sid = sids.recording_sid(session_id, file_id)
    room = sids.room_sid(session_id)
    path = f"/v1/Rooms/{room}/Recordings/{sid}" if room_level else f"/v1/Recordings/{sid}"
    size = file.get("file_size")
    view: dict[str, Any] = {
        "account_sid": account_sid,
        "status": recording_status(file),
        "date_created": twilio_time(file.get("recording_start")),
        "sid": sid,
        "source_sid": source_sid(session_id, file),
        "size": int(size) if isinstance(size, int | float) else None,
        "url": base_url + path,
        "type": recording_type(file),
        "duration": recording_duration(file),
        "container_format": container_format(file),
        "codec": codec(file),
        "grouping_sids": grouping_sids(session_id, file),
        "track_name": track_name(file),
        "offset": recording_offset(file),
        "media_external_location": session.get("external_storage_url") or None,
        "links": {"media": str(file.get("download_url") or "")},
    }
    if room_level:
        view["room_sid"] = room
    else:
        view["status_callback"] = None
        view["status_callback_method"] = None
    return view
