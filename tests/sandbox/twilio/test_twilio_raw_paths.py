"""Names holding ``/`` in the path: a room ``team/alpha`` and an identity ``a/b``.

Clients send them percent-encoded (``team%2Falpha``); the emulator must route on the raw
path, since the server has already decoded ``%2F`` into ``/`` in the ASGI ``path``.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from twilio.rest import Client

from migrate.sandbox.rawpath import decode_segment, encode_segment, raw_path
from migrate.sandbox.twilio import TwilioEmulator
from migrate.sandbox.twilio.models import Participant, Room
from migrate.twilio import TwilioVideoClient

ROOM_NAME = "team/alpha"
IDENTITY = "a/b"


@pytest.fixture
def slashed(twilio_emulator: TwilioEmulator) -> tuple[Room, Participant]:
    """A live room named ``team/alpha`` with a participant ``a/b`` publishing a track."""
    state = twilio_emulator.state
    room = state.add_room(ROOM_NAME)
    participant = state.add_participant(room.sid, IDENTITY)
    state.add_track(participant.sid, "mic")
    return room, participant


@pytest.fixture
def video_client(twilio_emulator: TwilioEmulator) -> Iterator[TwilioVideoClient]:
    """The project's own client, on the emulator."""
    client = TwilioVideoClient(
        twilio_emulator.api_key, twilio_emulator.api_secret, base_url=twilio_emulator.api_url
    )
    yield client
    client.close()


def test_official_twilio_package(twilio_client: Client, slashed: tuple[Room, Participant]):
    room, participant = slashed
    # twilio-python puts the name into the URL as given, so callers encode it themselves.
    rooms = twilio_client.video.v1.rooms
    fetched = rooms(quote(ROOM_NAME, safe="")).fetch()
    assert (fetched.sid, fetched.unique_name) == (room.sid, ROOM_NAME)
    people = rooms(quote(ROOM_NAME, safe="")).participants
    found = people(quote(IDENTITY, safe="")).fetch()
    assert (found.sid, found.identity) == (participant.sid, IDENTITY)
    assert [p.identity for p in people.list()] == [IDENTITY]


def test_project_client(video_client: TwilioVideoClient, slashed: tuple[Room, Participant]):
    room, participant = slashed
    # migrate.twilio encodes path parts itself.
    fetched = video_client.fetch_room(ROOM_NAME)
    assert (fetched.sid, fetched.unique_name) == (room.sid, ROOM_NAME)
    found = video_client.fetch_participant(ROOM_NAME, IDENTITY)
    assert (found.sid, found.identity) == (participant.sid, IDENTITY)
    assert [p.identity for p in video_client.list_participants(ROOM_NAME)] == [IDENTITY]


def test_encoded_segments_stay_whole(api: httpx.Client, slashed: tuple[Room, Participant]):
    room, participant = slashed
    assert api.get("/v1/Rooms/team%2Falpha").json()["sid"] == room.sid
    assert api.get("/v1/Rooms/team%2falpha").json()["sid"] == room.sid  # lower-case hex too
    tracks = api.get("/v1/Rooms/team%2Falpha/Participants/a%2Fb/PublishedTracks").json()
    assert [t["name"] for t in tracks["published_tracks"]] == ["mic"]
    # Page URLs echo the path with the name still encoded, so following them works.
    page = api.get("/v1/Rooms/team%2Falpha/Participants", params={"PageSize": 1}).json()
    assert "/v1/Rooms/team%2Falpha/Participants?" in page["meta"]["url"]
    assert api.get(page["meta"]["url"]).json()["participants"][0]["sid"] == participant.sid


def test_unencoded_slash_is_another_path(api: httpx.Client, slashed: tuple[Room, Participant]):
    response = api.get("/v1/Rooms/team/alpha")
    assert response.status_code == 404
    assert response.json()["code"] == 20404
    assert response.json()["message"] == "The requested resource /v1/Rooms/team/alpha was not found"


def test_request_log_keeps_the_decoded_path(
    api: httpx.Client, twilio_emulator: TwilioEmulator, slashed: tuple[Room, Participant]
):
    twilio_emulator.requests.clear()
    api.get("/v1/Rooms/team%2Falpha")
    [record] = list(twilio_emulator.requests)
    assert (record.path, record.status) == ("/v1/Rooms/team/alpha", 200)


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ({"path": "/v1/Rooms/team/alpha", "raw_path": b"/v1/Rooms/team%2Falpha"}, "team%2Falpha"),
        # No raw_path (optional in ASGI): the decoded path is re-encoded, keeping "/" as is.
        ({"path": "/v1/Rooms/50% off"}, "50%25%20off"),
    ],
)
def test_raw_path_helpers(scope: dict[str, object], expected: str):
    segment = raw_path(scope).rsplit("/", 1)[-1]
    assert segment == expected
    assert encode_segment(decode_segment(segment)) == expected


def test_segments_decode_as_utf8():
    assert decode_segment("caf%C3%A9%2F1") == "café/1"
    assert encode_segment("café/1") == "caf%C3%A9%2F1"
