"""One builder per Twilio Video v1 operation (the vendored spec; ``/Media``: https://www.twilio.com/docs/video/api/recordings-resource).

Pure, no I/O.

Each returns a :class:`~migrate.twilio.calls.Call` or :class:`~migrate.twilio.calls.ListCall`
that the sync and async clients execute. Keyword arguments are the spec's parameter names
in snake_case; their types live once, in the ``TypedDict``s below, which both clients
reuse for their signatures.
"""

# No "from __future__ import annotations": TypedDict must see Required[...] unquoted.
from collections.abc import Mapping, Sequence
from typing import Any, Required, TypedDict, Unpack

from mappings.limits import (
    TWILIO_MEDIA_TTL_MAX,
    TWILIO_MEDIA_TTL_MIN,
    TWILIO_PAGE_SIZE_MAX,
    TWILIO_PAGE_SIZE_MAX_MEDIA_LISTS,
)
from migrate.twilio.calls import (
    SUCCESS_OR_REDIRECT,
    Call,
    ListCall,
    no_content,
    path,
    redirect_target,
    resource,
)
from migrate.twilio.models import (
    Composition,
    CompositionFormat,
    CompositionHook,
    CompositionSettings,
    CompositionStatus,
    HttpMethod,
    Participant,
    ParticipantStatus,
    PublishedTrack,
    Recording,
    RecordingRule,
    RecordingRules,
    RecordingSettings,
    RecordingStatus,
    RecordingType,
    ResourceT,
    Room,
    RoomRecording,
    RoomStatus,
    RoomType,
    SubscribedTrack,
    SubscribeRule,
    SubscribeRules,
    Transcription,
    TranscriptionStatus,
    VideoCodec,
)
from migrate.twilio.params import Timestamp, encode

JsonObject = Mapping[str, Any]

# --- keyword sets ---------------------------------------------------------------------


class PageOptions(TypedDict, total=False):
    """``page_size``: items per request (default: the list's maximum); ``limit``: items in all."""

    page_size: int | None
    limit: int | None


class _DateFilters(PageOptions, total=False):
    date_created_after: Timestamp | None
    date_created_before: Timestamp | None


class RoomFilters(_DateFilters, total=False):
    """Filters of ``GET /v1/Rooms``; without ``status`` Twilio lists only in-progress rooms."""

    status: RoomStatus | None
    unique_name: str | None


class ParticipantFilters(_DateFilters, total=False):
    """Filters of ``GET /v1/Rooms/{RoomSid}/Participants``."""

    status: ParticipantStatus | None
    identity: str | None


class RecordingFilters(_DateFilters, total=False):
    """Filters of ``GET /v1/Recordings``; ``grouping_sid`` is repeated once per SID."""

    status: RecordingStatus | None
    source_sid: str | None
    grouping_sid: Sequence[str]
    media_type: RecordingType | None


class RoomRecordingFilters(_DateFilters, total=False):
    """Filters of ``GET /v1/Rooms/{RoomSid}/Recordings``."""

    status: RecordingStatus | None
    source_sid: str | None


class CompositionFilters(_DateFilters, total=False):
    """Filters of ``GET /v1/Compositions``."""

    status: CompositionStatus | None
    room_sid: str | None


class CompositionHookFilters(_DateFilters, total=False):
    """Filters of ``GET /v1/CompositionHooks``."""

    enabled: bool | None
    friendly_name: str | None


class RoomParams(TypedDict, total=False):
    """Form parameters of ``POST /v1/Rooms`` (all optional)."""

    enable_turn: bool
    type: RoomType
    unique_name: str
    status_callback: str
    status_callback_method: HttpMethod
    max_participants: int
    record_participants_on_connect: bool
    transcribe_participants_on_connect: bool
    video_codecs: Sequence[VideoCodec]
    media_region: str
    recording_rules: Sequence[RecordingRule | JsonObject]
    transcriptions_configuration: JsonObject
    audio_only: bool
    max_participant_duration: int
    empty_room_timeout: int
    unused_room_timeout: int
    large_room: bool


class CompositionParams(TypedDict, total=False):
    """Form parameters of ``POST /v1/Compositions`` besides ``RoomSid``."""

    video_layout: JsonObject
    audio_sources: Sequence[str]
    audio_sources_excluded: Sequence[str]
    resolution: str
    format: CompositionFormat
    status_callback: str
    status_callback_method: HttpMethod
    trim: bool


class CompositionHookParams(CompositionParams, total=False):
    """Form parameters of creating or updating a composition hook besides ``FriendlyName``."""

    enabled: bool


class StorageSettingsParams(TypedDict, total=False):
    """Form parameters of ``POST /v1/{Recording,Composition}Settings/Default``."""

    friendly_name: Required[str]
    aws_credentials_sid: str
    encryption_key_sid: str
    aws_s3_url: str
    aws_storage_enabled: bool
    encryption_enabled: bool


class TranscriptionParams(TypedDict, total=False):
    """Form parameters of creating or updating a room's transcriptions."""

    status: TranscriptionStatus
    configuration: JsonObject


# --- helpers --------------------------------------------------------------------------


def _checked(given: Mapping[str, Any], allowed: type[Any]) -> dict[str, Any]:
    """Reject keywords the operation does not take, before anything is sent."""
    known: frozenset[str] = allowed.__required_keys__ | allowed.__optional_keys__
    unknown = sorted(set(given) - known)
    if unknown:
        raise TypeError(f"unexpected parameter(s): {', '.join(unknown)}")
    missing = sorted(allowed.__required_keys__ - set(given))
    if missing:
        raise TypeError(f"missing parameter(s): {', '.join(missing)}")
    return dict(given)


def page_size_for(page_size: int | None, limit: int | None, maximum: int) -> int:
    """The PageSize to send: the list's maximum (or fewer when ``limit`` needs fewer).

    Raises ValueError for a page size outside 1..maximum or a negative limit.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    if page_size is None:
        return max(1, min(maximum, limit)) if limit is not None else maximum
    if not 1 <= page_size <= maximum:
        raise ValueError(
            f"page_size must be between 1 and {maximum} for this list, not {page_size}"
        )
    return page_size


def _list(
    model: type[ResourceT],
    list_path: str,
    filters: Mapping[str, Any],
    allowed: type[Any],
    maximum: int = TWILIO_PAGE_SIZE_MAX,
) -> ListCall[ResourceT]:
    values = _checked(filters, allowed)
    limit = values.pop("limit", None)
    size = page_size_for(values.pop("page_size", None), limit, maximum)
    return ListCall(list_path, (*encode(values), ("PageSize", str(size))), model, limit)


def _post(model: type[ResourceT], post_path: str, form: Mapping[str, Any]) -> Call[ResourceT]:
    return Call("POST", post_path, resource(model), form=encode(form))


def _get(model: type[ResourceT], get_path: str) -> Call[ResourceT]:
    return Call("GET", get_path, resource(model))


def _delete(delete_path: str) -> Call[None]:
    return Call("DELETE", delete_path, no_content)


def _rules(rules: Sequence[RecordingRule | JsonObject]) -> dict[str, Any]:
    return {"rules": list(rules)}


_ROOM = "/v1/Rooms/{}"
_PARTICIPANT = "/v1/Rooms/{}/Participants/{}"

# --- rooms ----------------------------------------------------------------------------


def list_rooms(**filters: Unpack[RoomFilters]) -> ListCall[Room]:
    """``GET /v1/Rooms`` (sends no Status unless given, so Twilio's in-progress default holds)."""
    return _list(Room, "/v1/Rooms", filters, RoomFilters)


def fetch_room(sid_or_unique_name: str) -> Call[Room]:
    """``GET /v1/Rooms/{Sid}``; an in-progress room's unique name works as its SID."""
    return _get(Room, path(_ROOM, sid_or_unique_name))


def create_room(**params: Unpack[RoomParams]) -> Call[Room]:
    """``POST /v1/Rooms``."""
    return _post(Room, "/v1/Rooms", _checked(params, RoomParams))


def update_room(sid: str, status: RoomStatus) -> Call[Room]:
    """``POST /v1/Rooms/{Sid}`` with ``Status`` (``completed`` ends the room)."""
    return _post(Room, path(_ROOM, sid), {"status": status})


# --- participants and tracks ----------------------------------------------------------


def list_participants(
    room_sid: str, **filters: Unpack[ParticipantFilters]
) -> ListCall[Participant]:
    """``GET /v1/Rooms/{RoomSid}/Participants``."""
    return _list(Participant, path(_ROOM + "/Participants", room_sid), filters, ParticipantFilters)


def fetch_participant(room_sid: str, sid_or_identity: str) -> Call[Participant]:
    """``GET /v1/Rooms/{RoomSid}/Participants/{Sid}``; an identity works as the SID."""
    return _get(Participant, path(_PARTICIPANT, room_sid, sid_or_identity))


def update_participant(room_sid: str, sid: str, status: ParticipantStatus) -> Call[Participant]:
    """``POST .../Participants/{Sid}`` (``disconnected`` removes the participant)."""
    return _post(Participant, path(_PARTICIPANT, room_sid, sid), {"status": status})


def anonymize_participant(room_sid: str, sid: str) -> Call[Participant]:
    """``POST .../Participants/{Sid}/Anonymize`` (no body)."""
    return _post(Participant, path(_PARTICIPANT + "/Anonymize", room_sid, sid), {})


def list_published_tracks(
    room_sid: str, participant_sid: str, **options: Unpack[PageOptions]
) -> ListCall[PublishedTrack]:
    """``GET .../Participants/{ParticipantSid}/PublishedTracks``."""
    list_path = path(_PARTICIPANT + "/PublishedTracks", room_sid, participant_sid)
    return _list(PublishedTrack, list_path, options, PageOptions)


def fetch_published_track(room_sid: str, participant_sid: str, sid: str) -> Call[PublishedTrack]:
    """``GET .../PublishedTracks/{Sid}``."""
    track_path = path(_PARTICIPANT + "/PublishedTracks/{}", room_sid, participant_sid, sid)
    return _get(PublishedTrack, track_path)


def list_subscribed_tracks(
    room_sid: str, participant_sid: str, **options: Unpack[PageOptions]
) -> ListCall[SubscribedTrack]:
    """``GET .../Participants/{ParticipantSid}/SubscribedTracks``."""
    list_path = path(_PARTICIPANT + "/SubscribedTracks", room_sid, participant_sid)
    return _list(SubscribedTrack, list_path, options, PageOptions)


def fetch_subscribed_track(room_sid: str, participant_sid: str, sid: str) -> Call[SubscribedTrack]:
    """``GET .../SubscribedTracks/{Sid}`` (needs the ``MT`` SID)."""
    track_path = path(_PARTICIPANT + "/SubscribedTracks/{}", room_sid, participant_sid, sid)
    return _get(SubscribedTrack, track_path)


def fetch_subscribe_rules(room_sid: str, participant_sid: str) -> Call[SubscribeRules]:
    """``GET .../Participants/{ParticipantSid}/SubscribeRules``."""
    return _get(SubscribeRules, path(_PARTICIPANT + "/SubscribeRules", room_sid, participant_sid))


def update_subscribe_rules(
    room_sid: str, participant_sid: str, rules: Sequence[SubscribeRule | JsonObject]
) -> Call[SubscribeRules]:
    """``POST .../SubscribeRules`` with ``Rules`` as a JSON array (replaces every rule)."""
    rules_path = path(_PARTICIPANT + "/SubscribeRules", room_sid, participant_sid)
    return _post(SubscribeRules, rules_path, _rules(rules))


# --- recording rules and recordings ---------------------------------------------------


def fetch_recording_rules(room_sid: str) -> Call[RecordingRules]:
    """``GET /v1/Rooms/{RoomSid}/RecordingRules``."""
    return _get(RecordingRules, path(_ROOM + "/RecordingRules", room_sid))


def update_recording_rules(
    room_sid: str, rules: Sequence[RecordingRule | JsonObject]
) -> Call[RecordingRules]:
    """``POST /v1/Rooms/{RoomSid}/RecordingRules`` with ``Rules`` as a JSON array."""
    return _post(RecordingRules, path(_ROOM + "/RecordingRules", room_sid), _rules(rules))


def list_recordings(**filters: Unpack[RecordingFilters]) -> ListCall[Recording]:
    """``GET /v1/Recordings`` (PageSize at most 100)."""
    return _list(
        Recording, "/v1/Recordings", filters, RecordingFilters, TWILIO_PAGE_SIZE_MAX_MEDIA_LISTS
    )


def fetch_recording(sid: str) -> Call[Recording]:
    """``GET /v1/Recordings/{Sid}``."""
    return _get(Recording, path("/v1/Recordings/{}", sid))


def delete_recording(sid: str) -> Call[None]:
    """``DELETE /v1/Recordings/{Sid}`` (media goes; metadata stays 30 days as ``deleted``)."""
    return _delete(path("/v1/Recordings/{}", sid))


def list_room_recordings(
    room_sid: str, **filters: Unpack[RoomRecordingFilters]
) -> ListCall[RoomRecording]:
    """``GET /v1/Rooms/{RoomSid}/Recordings``."""
    list_path = path(_ROOM + "/Recordings", room_sid)
    return _list(RoomRecording, list_path, filters, RoomRecordingFilters)


def fetch_room_recording(room_sid: str, sid: str) -> Call[RoomRecording]:
    """``GET /v1/Rooms/{RoomSid}/Recordings/{Sid}``."""
    return _get(RoomRecording, path(_ROOM + "/Recordings/{}", room_sid, sid))


def delete_room_recording(room_sid: str, sid: str) -> Call[None]:
    """``DELETE /v1/Rooms/{RoomSid}/Recordings/{Sid}``."""
    return _delete(path(_ROOM + "/Recordings/{}", room_sid, sid))


# --- compositions and hooks -----------------------------------------------------------


def list_compositions(**filters: Unpack[CompositionFilters]) -> ListCall[Composition]:
    """``GET /v1/Compositions`` (PageSize at most 100)."""
    return _list(
        Composition,
        "/v1/Compositions",
        filters,
        CompositionFilters,
        TWILIO_PAGE_SIZE_MAX_MEDIA_LISTS,
    )


def create_composition(room_sid: str, **params: Unpack[CompositionParams]) -> Call[Composition]:
    """``POST /v1/Compositions``."""
    form = {"room_sid": room_sid, **_checked(params, CompositionParams)}
    return _post(Composition, "/v1/Compositions", form)


def fetch_composition(sid: str) -> Call[Composition]:
    """``GET /v1/Compositions/{Sid}``."""
    return _get(Composition, path("/v1/Compositions/{}", sid))


def delete_composition(sid: str) -> Call[None]:
    """``DELETE /v1/Compositions/{Sid}``."""
    return _delete(path("/v1/Compositions/{}", sid))


def list_composition_hooks(**filters: Unpack[CompositionHookFilters]) -> ListCall[CompositionHook]:
    """``GET /v1/CompositionHooks``."""
    return _list(CompositionHook, "/v1/CompositionHooks", filters, CompositionHookFilters)


def create_composition_hook(
    friendly_name: str, **params: Unpack[CompositionHookParams]
) -> Call[CompositionHook]:
    """``POST /v1/CompositionHooks``."""
    form = {"friendly_name": friendly_name, **_checked(params, CompositionHookParams)}
    return _post(CompositionHook, "/v1/CompositionHooks", form)


def fetch_composition_hook(sid: str) -> Call[CompositionHook]:
    """``GET /v1/CompositionHooks/{Sid}``."""
    return _get(CompositionHook, path("/v1/CompositionHooks/{}", sid))


def update_composition_hook(
    sid: str, friendly_name: str, **params: Unpack[CompositionHookParams]
) -> Call[CompositionHook]:
    """``POST /v1/CompositionHooks/{Sid}`` (``FriendlyName`` is required by the spec)."""
    form = {"friendly_name": friendly_name, **_checked(params, CompositionHookParams)}
    return _post(CompositionHook, path("/v1/CompositionHooks/{}", sid), form)


def delete_composition_hook(sid: str) -> Call[None]:
    """``DELETE /v1/CompositionHooks/{Sid}``."""
    return _delete(path("/v1/CompositionHooks/{}", sid))


# --- storage settings (per-account singletons) ----------------------------------------


def fetch_recording_settings() -> Call[RecordingSettings]:
    """``GET /v1/RecordingSettings/Default``."""
    return _get(RecordingSettings, "/v1/RecordingSettings/Default")


def create_recording_settings(**params: Unpack[StorageSettingsParams]) -> Call[RecordingSettings]:
    """``POST /v1/RecordingSettings/Default``."""
    form = _checked(params, StorageSettingsParams)
    return _post(RecordingSettings, "/v1/RecordingSettings/Default", form)


def fetch_composition_settings() -> Call[CompositionSettings]:
    """``GET /v1/CompositionSettings/Default``."""
    return _get(CompositionSettings, "/v1/CompositionSettings/Default")


def create_composition_settings(
    **params: Unpack[StorageSettingsParams],
) -> Call[CompositionSettings]:
    """``POST /v1/CompositionSettings/Default``."""
    form = _checked(params, StorageSettingsParams)
    return _post(CompositionSettings, "/v1/CompositionSettings/Default", form)


# --- transcriptions -------------------------------------------------------------------


def list_transcriptions(room_sid: str, **options: Unpack[PageOptions]) -> ListCall[Transcription]:
    """``GET /v1/Rooms/{RoomSid}/Transcriptions``."""
    return _list(Transcription, path(_ROOM + "/Transcriptions", room_sid), options, PageOptions)


def create_transcription(
    room_sid: str, **params: Unpack[TranscriptionParams]
) -> Call[Transcription]:
    """``POST /v1/Rooms/{RoomSid}/Transcriptions``."""
    form = _checked(params, TranscriptionParams)
    return _post(Transcription, path(_ROOM + "/Transcriptions", room_sid), form)


def fetch_transcription(room_sid: str, ttid: str) -> Call[Transcription]:
    """``GET /v1/Rooms/{RoomSid}/Transcriptions/{Ttid}``."""
    return _get(Transcription, path(_ROOM + "/Transcriptions/{}", room_sid, ttid))


def update_transcription(
    room_sid: str, ttid: str, **params: Unpack[TranscriptionParams]
) -> Call[Transcription]:
    """``POST /v1/Rooms/{RoomSid}/Transcriptions/{Ttid}`` (e.g. ``status="stopped"``)."""
    form = _checked(params, TranscriptionParams)
    return _post(Transcription, path(_ROOM + "/Transcriptions/{}", room_sid, ttid), form)


# --- media ----------------------------------------------------------------------------

MediaSource = Recording | RoomRecording | Composition | str


def media_path(source: MediaSource) -> str:
    """The ``/Media`` path of a recording, room recording or composition (or its SID)."""
    if isinstance(source, RoomRecording):
        if source.room_sid and source.sid:
            return path(_ROOM + "/Recordings/{}/Media", source.room_sid, source.sid)
        sid = source.sid
    elif isinstance(source, Recording | Composition):
        sid = source.sid
    else:
        sid = source
    if sid and sid.startswith("RT"):
        return path("/v1/Recordings/{}/Media", sid)
    if sid and sid.startswith("CJ"):
        return path("/v1/Compositions/{}/Media", sid)
    raise ValueError(f"media needs a recording (RT...) or composition (CJ...) SID, not {sid!r}")


def media_url(source: MediaSource, ttl: int) -> Call[str]:
    """``GET .../Media?Ttl=..``: the temporary URL from the 302 body, not followed."""
    if not TWILIO_MEDIA_TTL_MIN <= ttl <= TWILIO_MEDIA_TTL_MAX:
        raise ValueError(f"ttl must be between {TWILIO_MEDIA_TTL_MIN} and {TWILIO_MEDIA_TTL_MAX}")
    return Call(
        "GET",
        media_path(source),
        redirect_target,
        query=(("Ttl", str(ttl)),),
        ok=SUCCESS_OR_REDIRECT,
    )
