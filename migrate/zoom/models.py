"""Zoom Video SDK REST resources, with Zoom's field names
(https://developers.zoom.us/docs/api/video-sdk/).

Unknown fields are kept (``extra="allow"``) so newer API fields are never lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr


def _blank_to_none(value: Any) -> Any:
    # Zoom sends "" for timestamps that are not set yet (a live session's end_time).
    return None if value == "" else value


Timestamp = Annotated[dt.datetime | None, BeforeValidator(_blank_to_none)]


class ZoomModel(BaseModel):
    """Base of every resource: extra fields allowed, field names as Zoom sends them."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class DialInNumber(ZoomModel):
    """A PSTN dial-in number of a session."""

    country: str | None = None
    country_name: str | None = None
    number: str | None = None
    type: str | None = None


class SessionSettings(ZoomModel):
    """``settings`` of a created or fetched session."""

    auto_recording: str | None = None
    global_dial_in_countries: list[str] = Field(default_factory=list)
    global_dial_in_numbers: list[DialInNumber] = Field(default_factory=list)


class CreatedSession(ZoomModel):
    """Answer of ``POST /videosdk/sessions``: a pre-registered, not yet started session."""

    session_id: str
    session_name: str
    session_number: int | None = None
    passcode: str | None = None
    created_at: Timestamp = None
    settings: SessionSettings | None = None


class SessionSummary(ZoomModel):
    """One item of ``GET /videosdk/sessions``."""

    id: str
    session_name: str
    start_time: Timestamp = None
    end_time: Timestamp = None
    duration: str | None = None
    user_count: int | None = None
    has_voip: bool | None = None
    has_video: bool | None = None
    has_screen_share: bool | None = None
    has_recording: bool | None = None
    has_pstn: bool | None = None
    session_key: str | None = None
    has_session_summary: bool | None = None


class SessionDetail(SessionSummary):
    """Answer of ``GET /videosdk/sessions/{sessionId}``."""

    session_number: int | None = None
    passcode: str | None = None
    created_at: Timestamp = None
    settings: SessionSettings | None = None


class AudioCall(ZoomModel):
    """A phone leg of a session user."""

    call_number: str | None = None
    call_type: str | None = None
    zoom_number: str | None = None


class SessionUser(ZoomModel):
    """One item of ``GET /videosdk/sessions/{sessionId}/users``."""

    id: str
    name: str | None = None
    user_key: str | None = None
    participant_uuid: str | None = None
    join_time: Timestamp = None
    leave_time: Timestamp = None
    device: str | None = None
    ip_address: str | None = None
    location: str | None = None
    network_type: str | None = None
    microphone: str | None = None
    speaker: str | None = None
    camera: str | None = None
    data_center: str | None = None
    connection_type: str | None = None
    client: str | None = None
    audio_call: list[AudioCall] = Field(default_factory=list)


class RecordingFile(ZoomModel):
    """A composite or shared recording file (``recording_files[]``)."""

    id: str
    recording_start: Timestamp = None
    recording_end: Timestamp = None
    file_type: str | None = None
    file_extension: str | None = None
    file_size: int | None = None
    download_url: str | None = None
    status: str | None = None
    recording_type: str | None = None
    deleted_time: Timestamp = None


class ParticipantFile(RecordingFile):
    """A per-user audio or ISO video file (``participant_audio_files[]`` / ``_video_files[]``)."""

    file_name: str | None = None
    user_id: str | None = None
    user_key: str | None = None


class SessionRecordings(ZoomModel):
    """The recordings of one session (both list shapes and the single-session endpoint)."""

    session_id: str
    session_name: str | None = None
    session_key: str | None = None
    start_time: Timestamp = None
    timezone: str | None = None
    duration: int | None = None
    total_size: int | None = None
    recording_count: int | None = None
    recording_files: list[RecordingFile] = Field(default_factory=list)
    participant_audio_files: list[ParticipantFile] = Field(default_factory=list)
    participant_video_files: list[ParticipantFile] = Field(default_factory=list)
    download_access_token: str | None = None
    external_storage_url: str | None = None

    def all_files(self) -> list[RecordingFile]:
        """Composite, per-user audio and per-user video files together."""
        return [
            *self.recording_files,
            *self.participant_audio_files,
            *self.participant_video_files,
        ]


class DailyUsage(ZoomModel):
    """One day of the daily usage report."""

    date: str
    sessions: int | None = None
    users: int | None = None
    session_minutes: int | None = None


class DailyReport(ZoomModel):
    """Answer of ``GET /videosdk/report/daily``."""

    year: int
    month: int
    dates: list[DailyUsage] = Field(default_factory=list)


class CloudRecordingUsage(ZoomModel):
    """One day of the cloud recording usage report."""

    date: str
    usage: str | None = None
    plan_usage: str | None = None
    free_usage: str | None = None


class CloudRecordingReport(ZoomModel):
    """Answer of ``GET /videosdk/report/cloud_recording``."""

    from_: str = Field(alias="from")
    to: str
    cloud_recording_storage: list[CloudRecordingUsage] = Field(default_factory=list)


class S3AccessKey(ZoomModel):
    """An AWS access key of a BYOS location; the secret never shows in ``repr`` or dumps."""

    id: str
    key: SecretStr | None = None


class S3Storage(ZoomModel):
    """The ``s3`` object of a storage location (Amazon S3 is BYOS's only provider)."""

    bucket: str
    region: str | None = None
    authentication_mechanism: str = "aws_access_key"
    access_key: S3AccessKey | None = None


class StorageLocation(ZoomModel):
    """A Bring Your Own Storage location (``/videosdk/settings/storage/location``)."""

    id: str
    name: str | None = None
    provider: str = "aws_s3"
    selected: bool | None = None
    verify_status: str | None = None
    s3: S3Storage | None = None
