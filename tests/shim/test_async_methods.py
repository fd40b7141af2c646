"""twilio 9.x async methods through the shim: same results as the sync calls."""

from __future__ import annotations

import asyncio
from typing import Any

from migrate.sandbox.zoom import ZoomEmulator
from migrate.shim.rest import Client


def test_room_participant_recording_and_composition_async_methods(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    rooms: Any = client.video.v1.rooms

    async def scenario() -> dict[str, Any]:
        room = await rooms.create_async(unique_name="AsyncStandup")
        fetched = await rooms(room.sid).fetch_async()
        listed = await rooms.list_async(status="in-progress")
        streamed = [r.sid async for r in await rooms.stream_async(status="in-progress")]
        people = await rooms(room.sid).participants.list_async(status="connected")
        recordings = await rooms(room.sid).recordings.list_async()
        account_recordings = await client.video.v1.recordings.list_async(limit=5)  # type: ignore[attr-defined]
        compositions = await client.video.v1.compositions.list_async(room_sid=room.sid)  # type: ignore[attr-defined]
        ended = await rooms(room.sid).update_async(status="completed")
        return {
            "room": room,
            "fetched": fetched,
            "listed": [r.sid for r in listed],
            "streamed": streamed,
            "people": [p.identity for p in people],
            "recordings": recordings,
            "account_recordings": account_recordings,
            "compositions": compositions,
            "ended": ended,
        }

    got = asyncio.run(scenario())
    room = got["room"]
    assert room.unique_name == "AsyncStandup"
    assert got["fetched"].sid == room.sid and got["fetched"].unique_name == "AsyncStandup"
    # The async twins answer what the sync methods answer.
    assert got["listed"] == got["streamed"] == [r.sid for r in rooms.list(status="in-progress")]
    assert got["people"] == []
    assert got["recordings"] == [] and isinstance(got["account_recordings"], list)
    assert got["compositions"] == []
    assert got["ended"].status == "completed"
    # Nobody joined, so ending the room deletes the pre-registered session.
    assert any(c.method == "DELETE" for c in zoom_env.calls)
