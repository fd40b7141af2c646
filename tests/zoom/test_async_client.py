"""The async client runs the same operations against the emulator."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable

import pytest

from migrate.sandbox.zoom import ZoomEmulator
from migrate.zoom import AsyncZoomClient, ZoomApiError
from tests.fixtures.zoom_fixtures import FAST_RETRY

DAY = dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)


def _client(emulator: ZoomEmulator) -> AsyncZoomClient:
    return AsyncZoomClient(
        emulator.api_key, emulator.api_secret, base_url=emulator.api_url, retry=FAST_RETRY
    )


def test_async_session_lifecycle(
    zoom_emulator: ZoomEmulator, zoom_session_token: Callable[..., str]
) -> None:
    async def scenario() -> None:
        async with _client(zoom_emulator) as client:
            created = await client.create_session("Async Room")
            assert (await client.get_session(created.session_id)).session_name == "Async Room"
            host = zoom_emulator.join(zoom_session_token("async room", 1, user_key="h"), "Host")
            users = [u async for u in client.list_session_users(created.session_id)]
            assert [u.id for u in users] == [host["user_id"]]
            await client.session_event(created.session_id, "recording.start")
            await client.end_session(created.session_id)
            recordings = await client.get_session_recordings(created.session_id)
            assert recordings.download_access_token
            item = recordings.recording_files[0]
            sink = io.BytesIO()
            assert item.download_url
            written = await client.download(
                item.download_url, recordings.download_access_token, sink
            )
            expected = zoom_emulator.state.find_file(item.id)
            assert expected is not None and sink.getvalue() == expected.content() and written
            await client.delete_session_recordings(created.session_id, action="delete")
            await client.delete_session(created.session_id)
            with pytest.raises(ZoomApiError):
                await client.get_session(created.session_id)

    asyncio.run(scenario())
    methods = [(c.method, c.status) for c in zoom_emulator.calls]
    assert methods == [
        ("POST", 201),
        ("GET", 200),
        ("GET", 200),
        ("PATCH", 202),
        ("PUT", 204),
        ("GET", 200),
        ("DELETE", 204),
        ("DELETE", 204),
        ("GET", 404),
    ]


def test_async_pagination_and_retry(zoom_emulator: ZoomEmulator) -> None:
    for i in range(5):
        zoom_emulator.state.add_past_session(
            f"a{i}", start_time=DAY + dt.timedelta(minutes=i), recorded=True
        )
    zoom_emulator.faults.inject(status=429, retry_after="0", path_contains="/recordings")

    async def scenario() -> tuple[list[str], list[str]]:
        async with _client(zoom_emulator) as client:
            sessions = [
                s.session_name
                async for s in client.list_sessions(
                    type="past", from_=DAY.date(), to=DAY.date(), page_size=2
                )
            ]
            recorded = [
                r.session_id
                async for r in client.list_recordings(from_=DAY.date(), to=DAY.date(), page_size=4)
            ]
            await client.recover_session_recordings(recorded[0])
            return sessions, recorded

    sessions, recorded = asyncio.run(scenario())
    assert sessions == [f"a{i}" for i in range(5)]
    assert len(recorded) == 5
    listed = [c.status for c in zoom_emulator.calls if c.path == "/v2/videosdk/recordings"]
    assert listed == [429, 200, 200]


def test_async_download_restarts_after_drop(zoom_emulator: ZoomEmulator) -> None:
    session = zoom_emulator.state.add_past_session("drop", start_time=DAY, recorded=True)
    zoom_emulator.faults.inject_drop(path_contains="/rec/download/")

    async def scenario() -> tuple[int, bytes, str]:
        async with _client(zoom_emulator) as client:
            recordings = await client.get_session_recordings(session.id)
            item = recordings.recording_files[0]
            assert item.download_url and recordings.download_access_token
            sink = io.BytesIO()
            size = await client.download(item.download_url, recordings.download_access_token, sink)
            return size, sink.getvalue(), item.id

    size, data, file_id = asyncio.run(scenario())
    expected = zoom_emulator.state.find_file(file_id)
    assert expected is not None and data == expected.content() and size == len(data)
