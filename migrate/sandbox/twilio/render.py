"""Models rendered as the spec's resource JSON: every schema field, absolute URLs, ISO dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import (
    Composition,
    CompositionHook,
    Participant,
    Recording,
    Room,
    StorageSettings,
    Track,
    Transcription,
)

Json = dict[str, Any]


def iso(value: dt.datetime | None) -> str | None:
    """``2026-01-02T03:04:05Z`` (UTC, second precision), or None."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def room(r: Room, base: str) -> Json:
    """``video.v1.room``."""
    url = f"{base}/v1/Rooms/{r.sid}"
    return {
        "sid": r.sid,
        "status": r.status,
        "date_created": iso(r.date_created),
        "date_updated": iso(r.date_updated),
        "account_sid": r.account_sid,
        "enable_turn": r.enable_turn,
        "unique_name": r.unique_name,
        "status_callback": r.status_callback,
        "status_callback_method": r.status_callback_method,
        "end_time": iso(r.end_time),
        "duration": r.duration,
        "type": r.type,
        "max_participants": r.max_participants,
        "max_participant_duration": r.max_participant_duration,
        "max_concurrent_published_tracks": r.max_concurrent_published_tracks,
        "record_participants_on_connect": r.record_participants_on_connect,
        "video_codecs": r.video_codecs,
        "media_region": r.media_region,
        "audio_only": r.audio_only,
        "empty_room_timeout": r.empty_room_timeout,
        "unused_room_timeout": r.unused_room_timeout,
        "large_room": r.large_room,
        "url": url,
        "links": {
            "participants": f"{url}/Participants",
            "recordings": f"{url}/Recordings",
            "recording_rules": f"{url}/RecordingRules",
            "transcriptions": f"{url}/Transcriptions",
        },
    }


def _participant_common(p: Participant, account_sid: str, url: str) -> Json:
    return {
        "sid": p.sid,
        "room_sid": p.room_sid,
        "account_sid": account_sid,
        "status": p.status,
        "identity": p.identity,
        "date_created": iso(p.date_created),
        "date_updated": iso(p.date_updated),
        "start_time": iso(p.start_time),
        "end_time": iso(p.end_time),
        "duration": p.duration,
        "url": url,
    }


def participant(p: Participant, account_sid: str, base: str) -> Json:
    """``video.v1.room.room_participant``."""
    url = f"{base}/v1/Rooms/{p.room_sid}/Participants/{p.sid}"
    body = _participant_common(p, account_sid, url)
    body["links"] = {
        "published_tracks": f"{url}/PublishedTracks",
        "subscribed_tracks": f"{url}/SubscribedTracks",
        "subscribe_rules": f"{url}/SubscribeRules",
        "anonymize": f"{url}/Anonymize",
    }
    return body


def anonymized_participant(p: Participant, account_sid: str, base: str) -> Json:
    """``room_participant_anonymize``: the identity replaced by the participant SID."""
    url = f"{base}/v1/Rooms/{p.room_sid}/Participants/{p.sid}/Anonymize"
    return _participant_common(p, account_sid, url)


def published_track(t: Track, base: str) -> Json:
    """``room_participant_published_track``."""
    return {
        "sid": t.sid,
        "participant_sid": t.participant_sid,
        "room_sid": t.room_sid,
        "name": t.name,
        "date_created": iso(t.date_created),
        "date_updated": iso(t.date_created),
        "enabled": t.enabled,
        "kind": t.kind,
        "url": f"{base}/v1/Rooms/{t.room_sid}/Participants/{t.participant_sid}"
        f"/PublishedTracks/{t.sid}",
    }


def subscribed_track(t: Track, subscriber_sid: str, base: str) -> Json:
    """``room_participant_subscribed_track`` as seen by ``subscriber_sid``."""
    return {
        "sid": t.sid,
        "participant_sid": subscriber_sid,
        "publisher_sid": t.participant_sid,
        "room_sid": t.room_sid,
        "name": t.name,
        "date_created": iso(t.date_created),
        "date_updated": iso(t.date_created),
        "enabled": t.enabled,
        "kind": t.kind,
        "url": f"{base}/v1/Rooms/{t.room_sid}/Participants/{subscriber_sid}"
        f"/SubscribedTracks/{t.sid}",
    }


def rules(
    room_sid: str,
    items: list[dict[str, Any]],
    created: dt.datetime,
    updated: dt.datetime | None,
    participant_sid: str | None = None,
) -> Json:
    """``room_recording_rule`` (or ``room_participant_subscribe_rule`` with a participant)."""
    body: Json = {} if participant_sid is None else {"participant_sid": participant_sid}
    body |= {
        "room_sid": room_sid,
        "rules": items,
        "date_created": iso(created),
        "date_updated": iso(updated or created),
    }
    return body


def _recording_common(r: Recording, url: str) -> Json:
    return {
        "account_sid": r.account_sid,
        "status": r.status,
        "date_created": iso(r.date_created),
        "sid": r.sid,
        "source_sid": r.source_sid,
        "size": r.size,
        "url": url,
        "type": r.kind,
        "duration": r.duration,
        "container_format": r.container_format,
        "codec": r.codec,
        "grouping_sids": {"room_sid": r.room_sid, "participant_sid": r.participant_sid},
        "track_name": r.track_name,
        "offset": r.offset,
        "media_external_location": r.media_external_location,
        "links": {"media": f"{url}/Media"},
    }


def recording(r: Recording, base: str) -> Json:
    """``video.v1.recording`` (account-level ``/v1/Recordings``)."""
    body = _recording_common(r, f"{base}/v1/Recordings/{r.sid}")
    body["status_callback"] = r.status_callback
    body["status_callback_method"] = r.status_callback_method
    return body


def room_recording(r: Recording, base: str) -> Json:
    """``video.v1.room.room_recording`` (``/v1/Rooms/{RoomSid}/Recordings``)."""
    body = _recording_common(r, f"{base}/v1/Rooms/{r.room_sid}/Recordings/{r.sid}")
    body["room_sid"] = r.room_sid
    return body


def composition(c: Composition, base: str) -> Json:
    """``video.v1.composition``."""
    url = f"{base}/v1/Compositions/{c.sid}"
    return {
        "account_sid": c.account_sid,
        "status": c.status,
        "date_created": iso(c.date_created),
        "date_completed": iso(c.date_completed),
        "date_deleted": iso(c.date_deleted),
        "sid": c.sid,
        "room_sid": c.room_sid,
        "audio_sources": c.audio_sources,
        "audio_sources_excluded": c.audio_sources_excluded,
        "video_layout": c.video_layout,
        "resolution": c.resolution,
        "trim": c.trim,
        "format": c.format,
        "bitrate": c.bitrate,
        "size": c.size,
        "duration": c.duration,
        "media_external_location": c.media_external_location,
        "status_callback": c.status_callback,
        "status_callback_method": c.status_callback_method,
        "url": url,
        "links": {"media": f"{url}/Media"},
    }


def hook(h: CompositionHook, base: str) -> Json:
    """``video.v1.composition_hook``."""
    return {
        "account_sid": h.account_sid,
        "friendly_name": h.friendly_name,
        "enabled": h.enabled,
        "date_created": iso(h.date_created),
        "date_updated": iso(h.date_updated),
        "sid": h.sid,
        "audio_sources": h.audio_sources,
        "audio_sources_excluded": h.audio_sources_excluded,
        "video_layout": h.video_layout,
        "resolution": h.resolution,
        "trim": h.trim,
        "format": h.format,
        "status_callback": h.status_callback,
        "status_callback_method": h.status_callback_method,
        "url": f"{base}/v1/CompositionHooks/{h.sid}",
    }


def settings(s: StorageSettings, account_sid: str, url: str) -> Json:
    """``composition_settings`` / ``recording_settings``."""
    return {
        "account_sid": account_sid,
        "friendly_name": s.friendly_name,
        "aws_credentials_sid": s.aws_credentials_sid,
        "aws_s3_url": s.aws_s3_url,
        "aws_storage_enabled": s.aws_storage_enabled,
        "encryption_key_sid": s.encryption_key_sid,
        "encryption_enabled": s.encryption_enabled,
        "url": url,
    }


def transcription(t: Transcription, account_sid: str, base: str) -> Json:
    """``video.v1.room.room_transcriptions``."""
    return {
        "ttid": t.ttid,
        "account_sid": account_sid,
        "room_sid": t.room_sid,
        "source_sid": None,
        "status": t.status,
        "date_created": iso(t.date_created),
        "date_updated": iso(t.date_updated),
        "start_time": iso(t.start_time),
        "end_time": iso(t.end_time),
        "duration": t.duration,
        "url": f"{base}/v1/Rooms/{t.room_sid}/Transcriptions/{t.ttid}",
        "configuration": t.configuration,
    }
