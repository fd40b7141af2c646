"""Status callbacks reach a loopback receiver, signed as twilio's RequestValidator expects."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from migrate.sandbox.runner import serve
from migrate.sandbox.twilio.callbacks import signature


@dataclass
class Received:
    method: str
    url: str
    params: dict[str, str]
    signature: str


class Receiver:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.app = Starlette(routes=[Route("/cb", self.handle, methods=["GET", "POST"])])

    async def handle(self, request: Request) -> Response:
        body = (await request.body()).decode()
        params = dict(parse_qsl(body)) if request.method == "POST" else {}
        self.received.append(
            Received(
                request.method,
                str(request.url),
                params,
                request.headers.get("x-twilio-signature", ""),
            )
        )
        return Response(status_code=204)

    def events(self) -> list[str]:
        return [
            r.params.get("StatusCallbackEvent") or _query(r.url)["StatusCallbackEvent"]
            for r in self.received
        ]


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(url.partition("?")[2]))


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    rec = Receiver()
    with serve(rec.app) as handle:
        yield rec, f"{handle.url}/cb"


def test_signature_matches_twilios_test_vector():
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+14158675309",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert signature(url, params, "12345") == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_room_lifecycle_callbacks_are_signed(api: httpx.Client, twilio_emulator, receiver):
    rec, url = receiver
    room = api.post("/v1/Rooms", data={"UniqueName": "cb", "StatusCallback": url}).json()
    state = twilio_emulator.state
    alice = state.add_participant(room["sid"], "alice")
    recording = state.add_recording(room["sid"], alice.sid, kind="video", status="processing")
    started = time.perf_counter()
    assert api.post(f"/v1/Rooms/{room['sid']}", data={"Status": "completed"}).status_code == 202
    assert time.perf_counter() - started < 1.0  # the API never waits for the receiver
    assert twilio_emulator.callbacks.wait_idle()

    assert rec.events() == [
        "room-created",
        "participant-connected",
        "track-added",
        "recording-started",
        "participant-disconnected",
        "recording-completed",
        "room-ended",
    ]
    validator = RequestValidator(twilio_emulator.auth_token)
    for item in rec.received:
        assert item.method == "POST"
        assert validator.validate(url, item.params, item.signature), item.params
        assert item.params["RoomSid"] == room["sid"] and item.params["RoomName"] == "cb"
        assert item.params["AccountSid"] == twilio_emulator.account_sid
    by_event = {r.params["StatusCallbackEvent"]: r.params for r in rec.received}
    done = by_event["recording-completed"]
    assert done["RecordingSid"] == recording.sid and done["Container"] == "mkv"
    assert done["MediaUri"] == f"/v1/Recordings/{recording.sid}/Media"
    assert done["Size"] == str(recording.size) and done["Codec"] == "vp8"
    assert by_event["participant-disconnected"]["ParticipantIdentity"] == "alice"
    assert "ParticipantDuration" in by_event["participant-disconnected"]
    assert "RoomDuration" in by_event["room-ended"]
    assert not validator.validate(url, {**done, "Size": "1"}, rec.received[-2].signature)
    assert all(d.status == 204 for d in twilio_emulator.callbacks.deliveries)


def test_get_callbacks_carry_params_in_the_signed_url(api, twilio_emulator, receiver):
    rec, url = receiver
    api.post(
        "/v1/Rooms", data={"UniqueName": "g", "StatusCallback": url, "StatusCallbackMethod": "GET"}
    )
    assert twilio_emulator.callbacks.wait_idle()
    [item] = rec.received
    assert item.method == "GET" and _query(item.url)["StatusCallbackEvent"] == "room-created"
    assert RequestValidator(twilio_emulator.auth_token).validate(item.url, {}, item.signature)


def test_composition_callbacks(api, twilio_emulator, receiver):
    rec, url = receiver
    state = twilio_emulator.state
    room = state.add_room("c")
    alice = state.add_participant(room.sid, "alice")
    state.add_recording(room.sid, alice.sid, status="processing")
    comp = api.post(
        "/v1/Compositions", data={"RoomSid": room.sid, "AudioSources": "*", "StatusCallback": url}
    ).json()
    hook = api.post(
        "/v1/CompositionHooks",
        data={"FriendlyName": "h", "AudioSources": "*", "StatusCallback": url},
    ).json()
    api.post(f"/v1/Rooms/{room.sid}", data={"Status": "completed"})
    deadline = time.monotonic() + 5
    while sum(e == "composition-available" for e in rec.events()) < 2:
        assert time.monotonic() < deadline, rec.events()
        time.sleep(0.02)
    events = [(r.params["CompositionSid"], r.params["StatusCallbackEvent"]) for r in rec.received]
    hooked = next(
        r.params for r in rec.received if r.params["StatusCallbackEvent"] == "composition-enqueued"
    )
    assert hooked["HookSid"] == hook["sid"] and hooked["HookFriendlyName"] == "h"
    assert [e for s, e in events if s == comp["sid"]] == [
        "composition-started",
        "composition-available",
    ]
    available = next(
        r.params
        for r in rec.received
        if r.params["StatusCallbackEvent"] == "composition-available"
        and r.params["CompositionSid"] == comp["sid"]
    )
    assert available["MediaUri"] == f"/v1/Compositions/{comp['sid']}/Media"
    assert int(available["Size"]) > 0
    validator = RequestValidator(twilio_emulator.auth_token)
    assert all(validator.validate(url, r.params, r.signature) for r in rec.received)


def test_unreachable_receiver_is_logged_not_fatal(api, twilio_emulator):
    response = api.post(
        "/v1/Rooms", data={"UniqueName": "x", "StatusCallback": "http://127.0.0.1:9/cb"}
    )
    assert response.status_code == 201
    assert twilio_emulator.callbacks.wait_idle()
    [delivery] = twilio_emulator.callbacks.deliveries
    assert delivery.status is None and delivery.error == "ConnectError"
