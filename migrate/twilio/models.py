"""Pydantic models of every Twilio Video v1 resource schema (the spec's ``components.schemas``).

Field names are the spec's. Every field is optional because the spec marks them all
nullable, and unknown fields are kept (``extra="allow"``) so a newer API never breaks
parsing. Enums are ``Literal``s, except ``codec``, which Twilio made case-insensitive
(the vendored spec) and so stays a plain ``str``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

RoomStatus = Literal["in-progress", "completed", "failed"]
RoomType = Literal["group", "go", "peer-to-peer", "group-small"]
VideoCodec = Literal["VP8", "H264"]
ParticipantStatus = Literal["connected", "disconnected", "reconnecting"]
TrackKind = Literal["audio", "video", "data"]
RecordingStatus = Literal["processing", "completed", "deleted", "failed"]
RecordingType = Literal["audio", "video", "data"]
ContainerFormat = Literal["mka", "mkv"]
CompositionStatus = Literal["enqueued", "processing", "completed", "deleted", "failed"]
CompositionFormat = Literal["mp4", "webm"]
TranscriptionStatus = Literal["started", "stopped", "failed"]
HttpMethod = Literal["GET", "POST"]
RuleType = Literal["include", "exclude"]


class TwilioResource(BaseModel):
    """Base of every resource: tolerant of fields the spec does not (yet) list."""

    model_config = ConfigDict(extra="allow")


class Room(TwilioResource):
    """``video.v1.room``."""

    sid: str | None = None
    status: RoomStatus | None = None
    date_created: dt.datetime | None = None
    date_updated: dt.datetime | None = None
    account_sid: str | None = None
    enable_turn: bool | None = None
    unique_name: str | None = None
    status_callback: str | None = None
    status_callback_method: HttpMethod | None = None
    end_time: dt.datetime | None = None
    duration: int | None = None
    type: RoomType | None = None
    max_participants: int | None = None
    max_participant_duration: int | None = None
    max_concurrent_published_tracks: int | None = None
    record_participants_on_connect: bool | None = None
    video_codecs: list[VideoCodec] | None = None
    media_region: str | None = None
    audio_only: bool | None = None
    empty_room_timeout: int | None = None
    unused_room_timeout: int | None = None
    large_room: bool | None = None
    url: str | None = None
    links: dict[str, str] | None = None


class Participant(TwilioResource):
    """``video.v1.room.room_participant`` (also the answer of Anonymize, which lacks ``links``)."""

    sid: str | None = None
    room_sid: str | None = None
    account_sid: str | None = None
    status: ParticipantStatus | None = None
    identity: str | None = None
    date_created: dt.datetime | None = None
    date_updated: dt.datetime | None = None
    start_time: dt.datetime | None = None
    end_time: dt.datetime | None = None
    duration: int | None = None
    url: str | None = None
    links: dict[str, str] | None = None


class PublishedTrack(TwilioResource):
    """``room_participant_published_track``."""

    sid: str | None = None
    participant_sid: str | None = None
    room_sid: str | None = None
    name: str | None = None
    date_created: dt.datetime | None = None
    date_updated: dt.datetime | None = None
    enabled: bool | None = None
    kind: TrackKind | None = None
    url: str | None = None


class SubscribedTrack(PublishedTrack):
    """``room_participant_subscribed_track``: a published track plus its publisher."""

    publisher_sid: str | None = None


class RecordingRule(TwilioResource):
    """One recording rule (https://www.twilio.com/docs/video/api/recording-rules); filters in one
    rule are ANDed."""

    type: RuleType
    all: bool | None = None
    publisher: str | None = None
    track: str | None = None
    kind: str | None = None


class SubscribeRule(RecordingRule):
    """One subscribe rule (https://www.twilio.com/docs/video/api/track-subscriptions): the
    recording-rule grammar plus ``priority``."""

    priority: str | None = None


class RecordingRules(TwilioResource):
    """``room_recording_rule``: the rules in force for a room."""

    room_sid: str | None = None
    rules: list[RecordingRule] | None = None
    date_created: dt.datetime | None = None
    date_updated: dt.datetime | None = None


class SubscribeRules(TwilioResource):
    """``room_participant_subscribe_rule``: a participant's subscribe rules."""

    participant_sid: str | None = None
    room_sid: str | None = None
    rules: list[SubscribeRule] | None = None
    date_created: dt.datetime | None = None
    date_updated: dt.datetime | None = None


class _RecordingBase(TwilioResource):
    """Fields shared by account-level and room-level recordings."""

    account_sid: str | None = None
    status: RecordingStatus | None = None
    date_created: dt.datetime | None = None
    sid: str | None = None
    source_sid: str | None = None
    size: int | None = None
    url: str | None = None
    type: RecordingType | None = None
    duration: int | None = None
    container_format: ContainerFormat | None = None
    codec: str | None = None
    grouping_sids: dict[str, Any] | None = None
    track_name: str | None = None
    offset: int | None = None
    media_external_location: str | None = None
    links: dict[str, str] | None = None


class Recording(_RecordingBase):
    """``video.v1.recording`` (``/v1/Recordings``)."""

    status_callback: str | None = None
    status_callback_method: HttpMethod | None = None


class RoomRecording(_RecordingBase):
    """``video.v1.room.room_recording`` (``/v1/Rooms/{RoomSid}/Recordings``)."""

    room_sid: str | None = None


class Composition(TwilioResource):
    """``video.v1.composition``."""

    account_sid: str | None = None
    status: CompositionStatus | None = None
    date_created: dt.datetime | None = None
    date_completed: dt.datetime | None = None
    date_deleted: dt.datetime | None = None
    sid: str | None = None
    room_sid: str | None = None
    audio_sources: list[str] | None = None
    audio_sources_excluded: list[str] | None = None
    video_layout: dict[str, Any] | None = None
    resolution: str | None = None
    trim: bool | None = None
    format: CompositionFormat | None = None
    bitrate: int | None = None
    size: int | None = None
    duration: int | None = None
    media_external_location: str | None = None
    status_callback: str | None = None
    status_callback_method: HttpMethod | None = None
    url: str | None = None
    links: dict[str, str] | None = None


class CompositionHook(TwilioResource):
    """``video.v1.composition_hook``."""

    account_sid: str | None = None
    friendly_name: str | None = None
    enabled: bool | None = None
    date_created: dt.datetime | None = None
    date_updated: dt.datetime | None = None
    sid: str | None = None
    audio_sources: list[str] | None = None
    audio_sources_excluded: list[str] | None = None
    video_layout: dict[str, Any] | None = None
    resolution: str | None = None
    trim: bool | None = None
    format: CompositionFormat | None = None
    status_callback: str | None = None
    status_callback_method: HttpMethod | None = None
    url: str | None = None


class _StorageSettings(TwilioResource):
    """External S3 storage and encryption settings (a per-account singleton)."""

    account_sid: str | None = None
    friendly_name: str | None = None
    aws_credentials_sid: str | None = None
    aws_s3_url: str | None = None
    aws_storage_enabled: bool | None = None
    encryption_key_sid: str | None = None
    encryption_enabled: bool | None = None
    url: str | None = None


class RecordingSettings(_StorageSettings):
    """``video.v1.recording_settings``."""


class CompositionSettings(_StorageSettings):
    """``video.v1.composition_settings``."""


class Transcription(TwilioResource):
    """``video.v1.room.room_transcriptions``."""

    ttid: str | None = None
    account_sid: str | None = None
    room_sid: str | None = None
    source_sid: str | None = None
    status: TranscriptionStatus | None = None
    date_created: dt.datetime | None = None
    date_updated: dt.datetime | None = None
    start_time: dt.datetime | None = None
    end_time: dt.datetime | None = None
    duration: int | None = None
    url: str | None = None
    configuration: dict[str, Any] | None = None


ResourceT = TypeVar("ResourceT", bound=TwilioResource)


class PageMeta(BaseModel):
    """The ``meta`` object of every list response (the spec's ``ListRoomResponse``)."""

    model_config = ConfigDict(extra="allow")

    page: int | None = None
    page_size: int | None = None
    first_page_url: str | None = None
    previous_page_url: str | None = None
    url: str | None = None
    next_page_url: str | None = None
    key: str | None = None


class Page(BaseModel, Generic[ResourceT]):
    """One page of a list: its items (from the array named by ``meta.key``) and ``meta``."""

    items: list[ResourceT]
    meta: PageMeta
