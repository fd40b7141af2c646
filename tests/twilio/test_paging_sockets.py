"""Every list pages lazily across several pages over real sockets."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from migrate.sandbox.twilio import TwilioEmulator
from migrate.twilio import AsyncTwilioVideoClient, TwilioVideoClient
from tests.twilio.conftest import api_requests

EPOCH = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
ITEMS = 5  # seeded per list; with page_size=2 that is three pages


def _seed_room(emu: TwilioEmulator) -> tuple[Any, Any]:
    room = emu.state.add_room("paging", status="completed", date_created=EPOCH)
    return room, emu.state.add_participant(room.sid, "alice")


def _rooms(emu: TwilioEmulator) -> tuple[str, Callable[[Any], Any]]:
    for i in range(ITEMS):
        emu.state.add_room(f"r{i}", status="completed", date_created=EPOCH + dt.timedelta(hours=i))
    return "/v1/Rooms", lambda c: c.list_rooms(status="completed", page_size=2)


def _participants(emu: TwilioEmulator) -> tuple[str, Callable[[Any], Any]]:
    room, _ = _seed_room(emu)
    for i in range(ITEMS - 1):
        emu.state.add_participant(room.sid, f"p{i}")
    return f"/v1/Rooms/{room.sid}/Participants", lambda c: c.list_participants(
        room.sid, status="disconnected", page_size=2
    )


def _recordings(emu: TwilioEmulator) -> tuple[str, Callable[[Any], Any]]:
    room, person = _seed_room(emu)
    for _ in range(ITEMS):
        emu.state.add_recording(room.sid, person.sid)
    return "/v1/Recordings", lambda c: c.list_recordings(page_size=2)


def _room_recordings(emu: TwilioEmulator) -> tuple[str, Callable[[Any], Any]]:
    room, person = _seed_room(emu)
    for _ in range(ITEMS):
        emu.state.add_recording(room.sid, person.sid)
    return f"/v1/Rooms/{room.sid}/Recordings", lambda c: c.list_room_recordings(
        room.sid, page_size=2
    )


def _compositions(emu: TwilioEmulator) -> tuple[str, Callable[[Any], Any]]:
    room, _ = _seed_room(emu)
    for _ in range(ITEMS):
        emu.state.add_composition(room.sid, status="completed", audio_sources=["*"])
    return "/v1/Compositions", lambda c: c.list_compositions(page_size=2)


def _hooks(emu: TwilioEmulator) -> tuple[str, Callable[[Any], Any]]:
    for i in range(ITEMS):
        emu.state.add_hook(f"hook-{i}", audio_sources=["*"])
    return "/v1/CompositionHooks", lambda c: c.list_composition_hooks(page_size=2)


def _published(emu: TwilioEmulator) -> tuple[str, Callable[[Any], Any]]:
    room, person = _seed_room(emu)
    for i in range(ITEMS):
        emu.state.add_track(person.sid, f"t{i}")
    return f"/v1/Rooms/{room.sid}/Participants/{person.sid}/PublishedTracks", (
        lambda c: c.list_published_tracks(room.sid, person.sid, page_size=2)
    )


def _subscribed(emu: TwilioEmulator) -> tuple[str, Callable[[Any], Any]]:
    room = emu.state.add_room("live")
    viewer = emu.state.add_participant(room.sid, "viewer")
    speaker = emu.state.add_participant(room.sid, "speaker")
    for i in range(ITEMS):
        emu.state.add_track(speaker.sid, f"t{i}")
    return f"/v1/Rooms/{room.sid}/Participants/{viewer.sid}/SubscribedTracks", (
        lambda c: c.list_subscribed_tracks(room.sid, viewer.sid, page_size=2)
    )


def _transcriptions(emu: TwilioEmulator) -> tuple[str, Callable[[Any], Any]]:
    room = emu.state.add_room("talk")
    for _ in range(ITEMS):
        emu.state.add_transcription(room.sid, {})
    return f"/v1/Rooms/{room.sid}/Transcriptions", lambda c: c.list_transcriptions(
        room.sid, page_size=2
    )


LISTS = {
    "rooms": _rooms,
    "participants": _participants,
    "recordings": _recordings,
    "room_recordings": _room_recordings,
    "compositions": _compositions,
    "composition_hooks": _hooks,
    "published_tracks": _published,
    "subscribed_tracks": _subscribed,
    "transcriptions": _transcriptions,
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_pages_lazily(name: str, twilio_emulator: TwilioEmulator) -> None:
    path, listing = LISTS[name](twilio_emulator)
    with TwilioVideoClient(
        twilio_emulator.api_key, twilio_emulator.api_secret, base_url=twilio_emulator.api_url
    ) as client:
        iterator = listing(client)
        assert api_requests(twilio_emulator, path) == []  # nothing before iteration
        seen = [next(iterator), next(iterator)]
        assert len(api_requests(twilio_emulator, path)) == 1
        seen.append(next(iterator))
        assert len(api_requests(twilio_emulator, path)) == 2
        seen += list(iterator)
    requests = api_requests(twilio_emulator, path)
    assert (
        len(seen) == ITEMS
        and len({getattr(item, "sid", None) or item.ttid for item in seen}) == ITEMS
    )
    assert len(requests) == 3
    assert "PageToken=" in requests[1].query and "PageToken=" in requests[2].query


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_pages_with_the_async_client(name: str, twilio_emulator: TwilioEmulator) -> None:
    path, listing = LISTS[name](twilio_emulator)

    async def first_three_then_rest() -> tuple[list[Any], list[int]]:
        counts: list[int] = []
        seen: list[Any] = []
        async with AsyncTwilioVideoClient(
            twilio_emulator.api_key, twilio_emulator.api_secret, base_url=twilio_emulator.api_url
        ) as client:
            async for item in listing(client):
                seen.append(item)
                counts.append(len(api_requests(twilio_emulator, path)))
        return seen, counts

    seen, counts = asyncio.run(first_three_then_rest())
    assert len(seen) == ITEMS
    assert counts == [1, 1, 2, 2, 3]  # a page is fetched only when the previous one is used up


def test_limit_stops_fetching(twilio_emulator: TwilioEmulator) -> None:
    _, listing = _recordings(twilio_emulator)
    with TwilioVideoClient(
        twilio_emulator.api_key, twilio_emulator.api_secret, base_url=twilio_emulator.api_url
    ) as client:
        assert len(list(client.list_recordings(page_size=2, limit=3))) == 3
        assert len(list(client.list_recordings(limit=0))) == 0
    requests = api_requests(twilio_emulator, "/v1/Recordings")
    assert len(requests) == 2  # pages 1 and 2 only; limit=0 sent nothing


def test_default_page_size_is_the_lists_maximum(
    client: Any, twilio_emulator: TwilioEmulator
) -> None:
    _recordings(twilio_emulator)
    _rooms(twilio_emulator)
    assert len(list(client.list_recordings())) == ITEMS
    assert len(list(client.list_rooms(status="completed"))) == ITEMS + 1
    queries = [r.query for r in api_requests(twilio_emulator)]
    assert queries == ["PageSize=100", "Status=completed&PageSize=1000"]


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.list_recordings(page_size=101),
        lambda c: c.list_compositions(page_size=101),
        lambda c: c.list_rooms(page_size=1001),
    ],
)
def test_page_size_above_the_maximum_fails_before_any_request(
    client: Any, twilio_emulator: TwilioEmulator, call: Callable[[Any], Any]
) -> None:
    with pytest.raises(ValueError, match="page_size"):
        call(client)
    assert list(twilio_emulator.requests) == []


def test_rooms_default_to_in_progress(client: Any, twilio_emulator: TwilioEmulator) -> None:
    live = twilio_emulator.state.add_room("live")
    done = twilio_emulator.state.add_room("done", status="completed")
    assert [r.sid for r in client.list_rooms()] == [live.sid]
    assert [r.sid for r in client.list_rooms(status="completed")] == [done.sid]
    assert "Status" not in api_requests(twilio_emulator)[0].query


def test_date_filters(client: Any, twilio_emulator: TwilioEmulator) -> None:
    rooms = [
        twilio_emulator.state.add_room(
            f"d{i}", status="completed", date_created=EPOCH + dt.timedelta(days=i)
        )
        for i in range(5)
    ]
    # An aware datetime in UTC+2: 2026-03-03 02:00 local is 2026-03-03 00:00 UTC.
    plus_two = dt.timezone(dt.timedelta(hours=2))
    after = dt.datetime(2026, 3, 3, 2, 0, tzinfo=plus_two)
    found = client.list_rooms(
        status="completed",
        date_created_after=after,
        date_created_before=EPOCH + dt.timedelta(days=4),
    )
    assert [r.sid for r in found] == [rooms[2].sid, rooms[3].sid]
    assert "DateCreatedAfter=2026-03-03T00%3A00%3A00Z" in api_requests(twilio_emulator)[0].query


def test_recording_filters(client: Any, twilio_emulator: TwilioEmulator) -> None:
    room, person = _seed_room(twilio_emulator)
    other = twilio_emulator.state.add_room("other", status="completed")
    someone = twilio_emulator.state.add_participant(other.sid, "bob")
    audio = twilio_emulator.state.add_recording(room.sid, person.sid, kind="audio")
    video = twilio_emulator.state.add_recording(room.sid, person.sid, kind="video")
    twilio_emulator.state.add_recording(other.sid, someone.sid)
    assert [r.sid for r in client.list_recordings(grouping_sid=[room.sid])] == [
        audio.sid,
        video.sid,
    ]
    assert [r.sid for r in client.list_recordings(media_type="video")] == [video.sid]
    assert [r.sid for r in client.list_recordings(source_sid=audio.source_sid)] == [audio.sid]
