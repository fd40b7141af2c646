"""Recording operations and downloads of the sync client against the emulator."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import httpx
import pytest

from mappings import limits
from migrate.sandbox.zoom import ZoomEmulator
from migrate.zoom import ZoomApiError, ZoomClient

DAY = dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC)


def _recorded_session(
    client: ZoomClient, emulator: ZoomEmulator, token: Callable[..., str], *, iso: bool = False
) -> str:
    """Two users join, the host records, everyone leaves: files are made on session end."""
    host = emulator.join(
        token(
            "Recorded",
            1,
            user_key="host",
            cloud_recording_option=int(iso),
            cloud_recording_election=1,
        ),
        "Host",
    )
    guest = emulator.join(token("Recorded", 0, user_key="guest"), "Guest")
    session_id = host["session_id"]
    client.session_event(session_id, "recording.start")
    emulator.leave(session_id, guest["user_id"])
    emulator.leave(session_id, host["user_id"])
    return str(session_id)


def test_recording_made_on_session_end_and_downloadable(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    session_id = _recorded_session(zoom_client, zoom_emulator, zoom_session_token)
    recordings = zoom_client.get_session_recordings(session_id)
    assert zoom_emulator.calls[-1].query == {"include_fields": "download_access_token"}
    assert [f.recording_type for f in recordings.recording_files] == [
        "shared_screen_with_speaker_view",
        "audio_only",
    ]
    assert [f.user_key for f in recordings.participant_audio_files] == ["host", "guest"]
    assert recordings.participant_video_files == []  # host token did not ask for ISO video
    assert recordings.download_access_token
    assert recordings.recording_count == 4

    for item in recordings.all_files():
        assert item.download_url is not None
        sink = io.BytesIO()
        written = zoom_client.download(item.download_url, recordings.download_access_token, sink)
        expected = zoom_emulator.state.find_file(item.id)
        assert expected is not None
        assert written == item.file_size == len(sink.getvalue())
        assert sink.getvalue() == expected.content()


def test_iso_video_needs_host_option_and_user_election(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    session_id = _recorded_session(zoom_client, zoom_emulator, zoom_session_token, iso=True)
    recordings = zoom_client.get_session_recordings(session_id, include_download_token=False)
    assert recordings.download_access_token is None
    assert zoom_emulator.calls[-1].query == {}
    assert [(f.user_key, f.recording_type) for f in recordings.participant_video_files] == [
        ("host", "individual_user")  # the guest did not elect to be recorded
    ]


def test_download_needs_bearer_token(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    session_id = _recorded_session(zoom_client, zoom_emulator, zoom_session_token)
    url = zoom_client.get_session_recordings(session_id).recording_files[0].download_url
    assert url is not None
    assert httpx.get(url).status_code == 401
    with pytest.raises(ZoomApiError) as info:
        zoom_client.download(url, "not-a-download-token", io.BytesIO())
    assert (info.value.status, info.value.code) == (401, limits.ZOOM_ERROR_INVALID_TOKEN)
    assert "not-a-download-token" not in str(info.value)


def test_download_token_expires(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    session_id = _recorded_session(zoom_client, zoom_emulator, zoom_session_token)
    recordings = zoom_client.get_session_recordings(session_id, ttl=0)
    assert zoom_emulator.calls[-1].query["ttl"] == "0"
    assert recordings.download_access_token is not None
    with pytest.raises(ZoomApiError):
        zoom_client.download(
            recordings.recording_files[0].download_url or "",
            recordings.download_access_token,
            io.BytesIO(),
        )


def test_same_host_redirect_keeps_token_cross_host_drops_it(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    session_id = _recorded_session(zoom_client, zoom_emulator, zoom_session_token)
    recordings = zoom_client.get_session_recordings(session_id)
    item, token = recordings.recording_files[0], recordings.download_access_token
    assert item.download_url and token
    expected = zoom_emulator.state.find_file(item.id)
    assert expected is not None

    zoom_emulator.download_redirect = "same-host"  # second hop checks the bearer again
    sink = io.BytesIO()
    assert zoom_client.download(item.download_url, token, sink) == item.file_size
    assert sink.getvalue() == expected.content()

    zoom_emulator.download_redirect = "cross-host"
    sink = io.BytesIO()
    assert zoom_client.download(item.download_url, token, sink) == item.file_size
    assert sink.getvalue() == expected.content()
    assert zoom_emulator.storage_requests == [{"file_id": item.id, "authorization": None}]


def test_list_recordings_paginates_and_filters_dates(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    for i in range(5):
        zoom_emulator.state.add_past_session(
            f"rec {i}", start_time=DAY + dt.timedelta(days=i), users=[("U", "u")], recorded=True
        )
    zoom_emulator.state.add_past_session("unrecorded", start_time=DAY)
    found = list(
        zoom_client.list_recordings(
            from_=DAY.date(), to=DAY.date() + dt.timedelta(days=3), page_size=2
        )
    )
    assert [r.session_name for r in found] == ["rec 0", "rec 1", "rec 2", "rec 3"]
    assert all(len(r.all_files()) == 3 for r in found)
    calls = [c for c in zoom_emulator.calls if c.path == "/v2/videosdk/recordings"]
    assert len(calls) == 2
    assert calls[1].query["next_page_token"] and calls[1].query["page_size"] == "2"


def test_trash_recover_and_delete(zoom_client: ZoomClient, zoom_emulator: ZoomEmulator) -> None:
    session = zoom_emulator.state.add_past_session(
        "archive", start_time=DAY, users=[("A", "a")], recorded=True
    )
    day = DAY.date()
    first = zoom_client.get_session_recordings(session.id).recording_files[0]

    zoom_client.delete_recording_file(session.id, first.id)
    assert zoom_emulator.calls[-1].query == {"action": "trash"}
    remaining = zoom_client.get_session_recordings(session.id)
    assert first.id not in [f.id for f in remaining.all_files()]
    trashed = list(zoom_client.list_recordings(from_=day, to=day, trash=True))
    assert [f.id for r in trashed for f in r.all_files()] == [first.id]
    assert trashed[0].recording_files[0].deleted_time is not None

    zoom_client.recover_recording_file(session.id, first.id)
    assert zoom_emulator.calls[-1].json == {"action": "recover"}
    assert len(zoom_client.get_session_recordings(session.id).all_files()) == 3

    zoom_client.delete_session_recordings(session.id)
    with pytest.raises(ZoomApiError) as info:
        zoom_client.get_session_recordings(session.id)
    assert info.value.code == limits.ZOOM_ERROR_RECORDING_NOT_FOUND
    zoom_client.recover_session_recordings(session.id)
    assert zoom_emulator.calls[-1].raw_path.endswith("/recordings/status")
    assert len(zoom_client.get_session_recordings(session.id).all_files()) == 3

    zoom_client.delete_session_recordings(session.id, action="delete")
    assert zoom_emulator.calls[-1].query == {"action": "delete"}
    assert zoom_emulator.state.get(session.id).files == []
    zoom_emulator.flush_webhooks()
    admin = [e for e in zoom_emulator.events if e["event"].startswith("session.recording_")]
    assert [e["event"] for e in admin] == [
        "session.recording_trashed",
        "session.recording_recovered",
        "session.recording_trashed",
        "session.recording_recovered",
        "session.recording_deleted",
    ]
    assert admin[0]["payload"]["operator"]


def test_reports(zoom_client: ZoomClient, zoom_emulator: ZoomEmulator) -> None:
    zoom_emulator.state.add_past_session(
        "r",
        start_time=DAY,
        end_time=DAY + dt.timedelta(minutes=45),
        users=[("A", None), ("B", None)],
        recorded=True,
    )
    daily = zoom_client.daily_report(DAY.year, DAY.month)
    assert [(d.date, d.sessions, d.users, d.session_minutes) for d in daily.dates] == [
        (DAY.date().isoformat(), 1, 2, 45)
    ]
    storage = zoom_client.cloud_recording_report(from_=DAY.date(), to=DAY.date())
    assert storage.from_ == DAY.date().isoformat()
    assert [u.date for u in storage.cloud_recording_storage] == [DAY.date().isoformat()]
