"""media_url resolves the temporary URL on the media origin without following it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from migrate.sandbox.twilio import TwilioEmulator
from migrate.twilio import TwilioApiError


def _completed(emu: TwilioEmulator) -> tuple[Any, Any, Any]:
    room = emu.state.add_room("media", status="completed")
    person = emu.state.add_participant(room.sid, "dave")
    recording = emu.state.add_recording(room.sid, person.sid, kind="video", size=4096)
    composition = emu.state.add_composition(room.sid, status="completed", audio_sources=["*"])
    return room, recording, composition


@pytest.mark.parametrize("source", ["sid", "recording", "room_recording", "composition"])
def test_media_url_points_at_the_media_origin(
    client: Any, twilio_emulator: TwilioEmulator, source: str
) -> None:
    room, recording, composition = _completed(twilio_emulator)
    target = {
        "sid": lambda: recording.sid,
        "recording": lambda: client.fetch_recording(recording.sid),
        "room_recording": lambda: client.fetch_room_recording(room.sid, recording.sid),
        "composition": lambda: client.fetch_composition(composition.sid),
    }[source]()
    url = client.media_url(target, ttl=120)

    assert url.startswith(twilio_emulator.media_url + "/")
    media_path = [r for r in twilio_emulator.requests if r.path.endswith("/Media")]
    assert [(r.origin, r.status, r.query) for r in media_path] == [("api", 302, "Ttl=120")]
    # Nothing reached the media origin, and every API request carried credentials.
    assert [r for r in twilio_emulator.requests if r.origin == "media"] == []
    assert all(r.had_authorization for r in twilio_emulator.requests)


def test_resolved_url_downloads_without_credentials(
    client: Any, twilio_emulator: TwilioEmulator
) -> None:
    _, recording, _ = _completed(twilio_emulator)
    url = client.media_url(recording.sid)
    body = httpx.get(url, timeout=10).content
    assert len(body) == 4096
    media = [r for r in twilio_emulator.requests if r.origin == "media"]
    assert len(media) == 1 and not media[0].had_authorization


def test_media_of_an_unfinished_item_is_a_404(client: Any, twilio_emulator: TwilioEmulator) -> None:
    room = twilio_emulator.state.add_room("live")
    person = twilio_emulator.state.add_participant(room.sid, "erin")
    recording = twilio_emulator.state.add_recording(room.sid, person.sid, status="processing")
    with pytest.raises(TwilioApiError) as caught:
        client.media_url(recording.sid)
    assert (caught.value.status, caught.value.code) == (404, 20404)


def test_media_url_without_location_header(client: Any, twilio_emulator: TwilioEmulator) -> None:
    twilio_emulator.state.options.location_header = False
    _, recording, _ = _completed(twilio_emulator)
    assert client.media_url(recording.sid).startswith(twilio_emulator.media_url)
