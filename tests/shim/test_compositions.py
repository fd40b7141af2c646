"""Compositions as Zoom composite recording files, through the shim against the emulator."""

from __future__ import annotations

import datetime as dt
import re
import warnings

import pytest

from mappings.sids import composition_sid, recording_sid, room_sid
from migrate.sandbox.zoom import ZoomEmulator
from migrate.sandbox.zoom.models import RecordingFile, Session
from migrate.shim import ShimCompatibilityWarning
from migrate.shim.base.exceptions import TwilioRestException
from migrate.shim.errors import ShimNotSupportedError
from migrate.shim.rest import Client
from tests.shim.conftest import ACCOUNT_SID, api_calls

CJ = re.compile(r"^CJ[0-9a-f]{32}$")
GRID = {"grid": {"video_sources": ["*"]}}
START = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=2)


@pytest.fixture
def recorded(zoom_env: ZoomEmulator) -> Session:
    """A past session whose recording has the emulator's default files (no gallery view)."""
    past = zoom_env.state.add_past_session(
        "Lecture", start_time=START, users=[("Ann", "ann")], recorded=True
    )
    return zoom_env.state.sessions[past.id]


def _file(session: Session, recording_type: str) -> RecordingFile:
    return next(f for f in session.files if f.recording_type == recording_type)


def _add_gallery(session: Session) -> RecordingFile:
    template = _file(session, "shared_screen_with_speaker_view")
    gallery = RecordingFile(
        id="gallery-file-1",
        group="recording_files",
        file_type="MP4",
        file_extension="MP4",
        file_size=template.file_size,
        recording_start=template.recording_start,
        recording_end=template.recording_end,
        recording_type="gallery_view",
    )
    session.files.append(gallery)
    return gallery


def test_composite_files_are_listed_as_compositions(client: Client, recorded: Session) -> None:
    listed = client.video.v1.compositions.list()
    audio = _file(recorded, "audio_only")
    speaker = _file(recorded, "shared_screen_with_speaker_view")
    # Per-user audio files are recordings, not compositions.
    assert {c.sid for c in listed} == {
        composition_sid(recorded.id, audio.id),
        composition_sid(recorded.id, speaker.id),
    }
    by_sid = {c.sid: c for c in listed}
    mixed = by_sid[composition_sid(recorded.id, audio.id)]
    assert CJ.match(mixed.sid) and mixed.sid != recording_sid(recorded.id, audio.id)
    assert (mixed.status, mixed.format, mixed.room_sid) == (
        "completed",
        "mp4",
        room_sid(recorded.id),
    )
    assert (mixed.audio_sources, mixed.video_layout) == (["*"], {})
    assert (mixed.duration, mixed.size, mixed.account_sid) == (1800, audio.file_size, ACCOUNT_SID)
    assert mixed.date_created == START and isinstance(mixed.date_completed, dt.datetime)
    assert mixed.url == f"https://video.twilio.com/v1/Compositions/{mixed.sid}"
    assert mixed.links["media"].endswith(f"/rec/download/{audio.id}")
    video = by_sid[composition_sid(recorded.id, speaker.id)]
    assert set(video.video_layout) == {"screen", "speaker"} and video.trim is False

    in_room = client.video.v1.compositions.list(room_sid=room_sid(recorded.id))
    assert {c.sid for c in in_room} == set(by_sid)
    assert client.video.v1.compositions.list(room_sid="RM" + "0" * 32) == []
    assert client.video.v1.compositions.list(date_created_after=START + dt.timedelta(hours=1)) == []
    page = client.video.v1.compositions.page(page_size=1)
    assert len(page) == 1 and page.next_page_token == "PT1"


def test_fetch_and_delete_by_cj_sid(
    client: Client, zoom_env: ZoomEmulator, recorded: Session
) -> None:
    audio = _file(recorded, "audio_only")
    sid = composition_sid(recorded.id, audio.id)
    # A fresh store: the CJ SID is found by scanning the account's recordings.
    fetched = client.video.v1.compositions(sid).fetch()
    assert (fetched.sid, fetched.audio_sources) == (sid, ["*"])
    assert fetched.fetch().sid == sid

    ann = next(f for f in recorded.files if f.user_key == "ann")
    for not_a_composition in (
        composition_sid(recorded.id, ann.id),
        recording_sid(recorded.id, audio.id),
        "CJ" + "f" * 32,
    ):
        with pytest.raises(TwilioRestException) as caught:
            client.video.v1.compositions(not_a_composition).fetch()
        assert caught.value.status == 404

    zoom_env.calls.clear()
    assert client.video.v1.compositions(sid).delete() is True
    deletes = [(p, q) for m, p, q, _ in api_calls(zoom_env) if m == "DELETE"]
    assert deletes == [("/videosdk/sessions/{id}/recordings/" + audio.id, {"action": "trash"})]
    assert sid not in {c.sid for c in client.video.v1.compositions.list()}


def test_create_audio_of_everyone_returns_the_m4a(client: Client, recorded: Session) -> None:
    with pytest.warns(ShimCompatibilityWarning, match="room_sid=.*no composing after the fact"):
        created = client.video.v1.compositions.create(
            room_sid=room_sid(recorded.id), audio_sources=["*"], format="mp4"
        )
    assert created.sid == composition_sid(recorded.id, _file(recorded, "audio_only").id)
    assert created.status == "completed"


def test_create_grid_needs_zoom_gallery_file(client: Client, recorded: Session) -> None:
    rm = room_sid(recorded.id)
    with pytest.raises(ShimNotSupportedError) as caught:
        client.video.v1.compositions.create(room_sid=rm, video_layout=GRID, audio_sources=["*"])
    message = caught.value.msg
    assert "no Zoom gallery_view recording file" in message
    assert "compose locally from the exported tracks" in message
    assert "docs/mapping.md#video-compositions" in message

    gallery = _add_gallery(recorded)
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        created = client.video.v1.compositions.create(
            room_sid=rm, video_layout=GRID, audio_sources=["*"], resolution="1280x720"
        )
    assert created.sid == composition_sid(recorded.id, gallery.id)
    assert created.video_layout == GRID and created.status == "completed"
    texts = [str(w.message) for w in warned]
    assert any("video_layout=" in t and "gallery view" in t for t in texts)
    assert any("resolution='1280x720'" in t for t in texts)
    assert {w.filename for w in warned} == {__file__}


def test_create_without_a_zoom_file_for_the_parameters_raises_first(
    client: Client, zoom_env: ZoomEmulator, recorded: Session
) -> None:
    zoom_env.calls.clear()
    with pytest.raises(ShimNotSupportedError) as caught:
        client.video.v1.compositions.create(
            room_sid=room_sid(recorded.id), audio_sources=["teacher", "student*"]
        )
    message = caught.value.msg
    assert "audio_sources=['teacher', 'student*']" in message
    assert "compose locally from the exported tracks" in message
    assert caught.value.status == 501 and zoom_env.calls == []


def test_create_with_invalid_parameters_is_twilios_400(client: Client, recorded: Session) -> None:
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.compositions.create(room_sid=room_sid(recorded.id))
    assert caught.value.status == 400 and "VideoLayout or AudioSources" in caught.value.msg
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.compositions.create(room_sid="RM" + "0" * 32, audio_sources=["*"])
    assert caught.value.status == 404
