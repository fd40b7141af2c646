"""The API catalog: required keys present, well-formed, anchors present in docs/mapping.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mappings.catalog import CATALOG, UnknownMappingError, anchor_for, lookup

REQUIRED = [
    "video.rooms.create",
    "video.rooms.fetch",
    "video.rooms.update",
    "video.rooms.list",
    "video.participants.list",
    "video.participants.fetch",
    "video.participants.update",
    "video.participants.anonymize",
    "video.published_tracks",
    "video.subscribed_tracks",
    "video.subscribe_rules",
    "video.recording_rules",
    "video.recordings",
    "video.recordings.media",
    "video.compositions",
    "video.composition_hooks",
    "video.composition_settings",
    "video.recording_settings",
    "video.transcriptions",
    "token.access_token",
    "token.video_grant",
    "webhook.status_callback",
    "webhook.request_validator",
    "rest.raw_http",
    "client.rest",
    "js.package",
    "js.cdn",
    "js.connect",
    "js.create_local_tracks",
    "js.create_local_audio_track",
    "js.create_local_video_track",
    "js.local_data_track",
    "js.attach",
    "js.detach",
    "js.disconnect",
    "mobile.ios",
    "mobile.android",
    "config.credentials",
]
CONNECT_OPTIONS = [
    "dominantSpeaker",
    "networkQuality",
    "bandwidthProfile",
    "preferredVideoCodecs",
    "preferredAudioCodecs",
    "automaticSubscription",
    "name",
    "audio",
    "video",
    "tracks",
    "region",
    "maxAudioBitrate",
    "maxVideoBitrate",
]
# Room and participant events of twilio-video.js (https://sdk.twilio.com/js/video/releases/2.35.0/docs/).
EVENTS = [
    "participantConnected",
    "participantDisconnected",
    "participantReconnected",
    "participantReconnecting",
    "dominantSpeakerChanged",
    "trackSubscribed",
    "trackUnsubscribed",
    "trackPublished",
    "trackUnpublished",
    "trackEnabled",
    "trackDisabled",
    "trackStarted",
    "trackSubscriptionFailed",
    "trackSwitchedOff",
    "trackSwitchedOn",
    "trackDimensionsChanged",
    "trackPublishPriorityChanged",
    "trackWarning",
    "trackWarningsCleared",
    "disconnected",
    "reconnecting",
    "reconnected",
    "networkQualityLevelChanged",
    "recordingStarted",
    "recordingStopped",
    "trackMessage",
    "transcription",
    "trackPublicationFailed",
    "trackStopped",
]
ALL_REQUIRED = (
    REQUIRED
    + [f"js.connect.option.{o}" for o in CONNECT_OPTIONS]
    + [f"js.event.{e}" for e in EVENTS]
)
DOC = Path(__file__).resolve().parents[2] / "docs" / "mapping.md"


@pytest.mark.parametrize("key", ALL_REQUIRED)
def test_required_key_present_and_complete(key: str) -> None:
    entry = lookup(key)
    assert entry.key == key
    assert entry.twilio and entry.zoom and entry.notes
    assert entry.fidelity in ("exact", "approximate", "unsupported")


def test_unknown_key_raises_keyerror() -> None:
    with pytest.raises(UnknownMappingError):
        lookup("video.nonexistent")


def test_anchors_are_unique_and_html_safe() -> None:
    anchors = [m.docs_anchor for m in CATALOG.values()]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[a-z0-9-]+", a) for a in anchors)
    assert anchor_for("js.event.participantConnected") == "js-event-participantconnected"


def test_every_anchor_exists_in_generated_docs() -> None:
    text = DOC.read_text(encoding="utf-8")
    ids = set(re.findall(r'<a id="([^"]+)"></a>', text))
    missing = [m.key for m in CATALOG.values() if m.docs_anchor not in ids]
    assert not missing


def test_unsupported_entries_name_an_alternative() -> None:
    # "nothing silently dropped": an unsupported entry still says what to do instead.
    for entry in CATALOG.values():
        if entry.fidelity == "unsupported":
            assert len(entry.notes) > 3 and entry.zoom


def test_catalog_is_read_only() -> None:
    with pytest.raises(TypeError):
        CATALOG["x"] = lookup("js.package")  # type: ignore[index]
