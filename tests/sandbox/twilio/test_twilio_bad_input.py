"""Bad credentials, malformed SIDs, out-of-range parameters and abused media URLs."""

from __future__ import annotations

import hashlib
import json
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest

from migrate.sandbox.twilio import TwilioEmulator


@pytest.fixture
def recording(twilio_emulator: TwilioEmulator):
    state = twilio_emulator.state
    room = state.add_room("r", status="completed")
    alice = state.add_participant(room.sid, "alice")
    return state.add_recording(room.sid, alice.sid, kind="audio", size=1_000_000)


def _media_url(api: httpx.Client, recording, **params) -> str:
    response = api.get(f"/v1/Recordings/{recording.sid}/Media", params=params)
    assert response.status_code == 302
    return response.json()["redirect_to"]


@pytest.mark.parametrize(
    "auth",
    [None, ("ACnope", "token"), ("SK" + "0" * 32, "wrong-secret"), ("", "")],
    ids=["none", "unknown-account", "wrong-secret", "empty"],
)
def test_wrong_credentials_are_401(twilio_emulator: TwilioEmulator, auth):
    response = httpx.get(f"{twilio_emulator.api_url}/v1/Rooms", auth=auth)
    assert response.status_code == 401
    assert response.json()["code"] == 20003
    assert response.headers["www-authenticate"].startswith("Basic")


def test_both_credential_pairs_are_accepted(twilio_emulator: TwilioEmulator):
    for auth in (
        (twilio_emulator.account_sid, twilio_emulator.auth_token),
        (twilio_emulator.api_key, twilio_emulator.api_secret),
    ):
        assert httpx.get(f"{twilio_emulator.api_url}/v1/Rooms", auth=auth).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/v1/Recordings/RT123",
        "/v1/Recordings/XX" + "0" * 32,
        "/v1/Compositions/CJ" + "g" * 32,
        "/v1/CompositionHooks/hook",
        "/v1/Rooms/not-a-room",
        "/v1/Rooms/RM" + "0" * 32 + "/Recordings",
        "/v1/Rooms/not-a-room/Recordings",
        "/v1/Recordings/RT" + "0" * 32 + "/Media",
    ],
)
def test_malformed_or_unknown_sids_are_404(api: httpx.Client, path: str):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == 20404


@pytest.mark.parametrize(
    ("path", "size", "status"),
    [
        ("/v1/Recordings", 0, 400),
        ("/v1/Recordings", 100, 200),
        ("/v1/Recordings", 101, 400),
        ("/v1/Compositions", 101, 400),
        ("/v1/Rooms", 101, 200),
        ("/v1/Rooms", 1000, 200),
        ("/v1/Rooms", 1001, 400),
        ("/v1/CompositionHooks", 0, 400),
        ("/v1/Rooms", "ten", 400),
    ],
)
def test_page_size_ranges_come_from_the_spec(api: httpx.Client, path, size, status):
    response = api.get(path, params={"PageSize": size})
    assert response.status_code == status
    if status == 400:
        assert response.json()["code"] == 20001 and "PageSize" in response.json()["message"]


def test_other_parameter_errors(api: httpx.Client, twilio_emulator: TwilioEmulator):
    cases = [
        ("GET", "/v1/Recordings", {"params": {"Status": "lost"}}),
        ("GET", "/v1/Recordings", {"params": {"DateCreatedAfter": "yesterday"}}),
        ("GET", "/v1/Recordings", {"params": {"GroupingSid": ["RM1"]}}),
        ("GET", "/v1/Recordings", {"params": {"PageToken": "forged"}}),
        ("POST", "/v1/Rooms", {"data": {"MaxParticipants": "51"}}),
        ("POST", "/v1/Rooms", {"data": {"MaxParticipants": "many"}}),
        ("POST", "/v1/Rooms", {"data": {"StatusCallback": "not a url"}}),
        ("POST", "/v1/Rooms", {"data": {"VideoCodecs": ["VP8", "AV1"]}}),
        ("POST", "/v1/Rooms", {"data": {"EmptyRoomTimeout": "61"}}),
        ("POST", "/v1/Rooms", {"data": {"RecordParticipantsOnConnect": "yes"}}),
        ("POST", "/v1/Compositions", {"data": {"RoomSid": "RM" + "0" * 32, "AudioSources": "*"}}),
        ("POST", "/v1/CompositionHooks", {"data": {"FriendlyName": "h", "Resolution": "4000x10"}}),
    ]
    for method, path, kwargs in cases:
        response = api.request(method, path, **kwargs)
        assert response.status_code == 400, (path, kwargs, response.text)
        assert set(response.json()) == {"code", "message", "more_info", "status"}
    assert twilio_emulator.state.rooms == {}  # nothing half-created


@pytest.mark.parametrize(
    "rules",
    [
        "[]",
        '[{"type":"include"}]',
        '[{"type":"keep","all":true}]',
        '[{"type":"include","all":false}]',
        '[{"type":"include","all":true,"kind":"audio"}]',
        '[{"type":"include","kind":"data"}]',
        '[{"type":"include","kind":"audio","kind":"video"}]',
        '[{"type":"include","colour":"red"}]',
        "[" + ",".join(['{"type":"include","all":true}'] * 21) + "]",
        "not json",
    ],
)
def test_recording_rules_violations_are_53120(api: httpx.Client, rules: str):
    response = api.post("/v1/Rooms", data={"UniqueName": "x", "RecordingRules": rules})
    assert response.status_code == 400
    assert response.json()["code"] == 53120


@pytest.mark.parametrize(
    "rules",
    [
        '[{"type":"include","all":true,"priority":5}]',
        '[{"type":"include","publisher":42}]',
        '[{"type":"include","kind":"audio","kind":"data"}]',
        '[{"type":"include","colour":"red"}]',
        "[]",
    ],
)
def test_subscribe_rules_violations_are_53215(
    api: httpx.Client, twilio_emulator: TwilioEmulator, rules: str
):
    """The emulator judges rules with mappings' validators, so both refuse the same lists."""
    state = twilio_emulator.state
    room = state.add_room("s")
    bob = state.add_participant(room.sid, "bob")
    path = f"/v1/Rooms/{room.sid}/Participants/{bob.sid}/SubscribeRules"
    response = api.post(path, data={"Rules": rules})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["status"]) == (53215, 400)
    assert body["message"].startswith("Invalid Subscribe Rule(s): ")
    assert body["more_info"] == "https://www.twilio.com/docs/errors/53215"
    assert api.get(path).json()["rules"] == [{"type": "include", "all": True}]  # unchanged


def test_rules_are_kept_as_sent(api: httpx.Client, twilio_emulator: TwilioEmulator):
    rules = [{"type": "include", "publisher": "alice", "kind": "video"}]
    room = api.post("/v1/Rooms", data={"RecordingRules": json.dumps(rules)}).json()
    assert api.get(f"/v1/Rooms/{room['sid']}/RecordingRules").json()["rules"] == rules
    assert twilio_emulator.state.rooms[room["sid"]].recording_rules == rules


def test_missing_rules_are_53120(api: httpx.Client, twilio_emulator: TwilioEmulator):
    room = twilio_emulator.state.add_room("m")
    response = api.post(f"/v1/Rooms/{room.sid}/RecordingRules", data={})
    assert (response.status_code, response.json()["code"]) == (400, 53120)


def test_wrong_method_is_405(api: httpx.Client):
    response = api.delete("/v1/Rooms")
    assert response.status_code == 405
    assert set(response.json()) == {"code", "message", "more_info", "status"}


@pytest.mark.parametrize("ttl", [0, -5, 3601, "soon"])
def test_bad_ttl_is_400(api: httpx.Client, recording, ttl):
    response = api.get(f"/v1/Recordings/{recording.sid}/Media", params={"Ttl": ttl})
    assert response.status_code == 400 and "Ttl" in response.json()["message"]


@pytest.mark.parametrize("status", ["processing", "failed", "deleted"])
def test_media_of_unfinished_recordings_is_404(api, twilio_emulator: TwilioEmulator, status):
    state = twilio_emulator.state
    room = state.add_room("r", status="completed")
    alice = state.add_participant(room.sid, "alice")
    rec = state.add_recording(room.sid, alice.sid, status=status)
    assert api.get(f"/v1/Recordings/{rec.sid}/Media").status_code == 404


def test_media_redirect_carries_location_unless_disabled(api, recording, twilio_emulator):
    response = api.get(f"/v1/Recordings/{recording.sid}/Media")
    assert response.headers["location"] == response.json()["redirect_to"]
    twilio_emulator.state.options.location_header = False
    response = api.get(f"/v1/Recordings/{recording.sid}/Media")
    assert response.status_code == 302 and "location" not in response.headers


def test_expired_media_url_is_403_and_a_fresh_one_works(api, recording):
    url = _media_url(api, recording, Ttl=3)
    assert httpx.get(url).status_code == 200
    time.sleep(3.2)  # a 1 s TTL expired before the first GET on a loaded machine
    expired = httpx.get(url)
    assert expired.status_code == 403 and b"AccessDenied" in expired.content
    assert httpx.get(_media_url(api, recording)).status_code == 200


@pytest.mark.parametrize("part", ["Expires", "Signature", "response-content-disposition", "path"])
def test_tampered_media_url_is_403(api, recording, part):
    url = _media_url(api, recording)
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    path = parts.path
    if part == "path":
        path = path.replace("RT", "RT0", 1)
    else:
        query[part] = query[part][:-1] + ("0" if query[part][-1] != "0" else "1")
    tampered = f"{parts.scheme}://{parts.netloc}{path}?{urlencode(query)}"
    response = httpx.get(tampered)
    assert response.status_code == 403


def test_authorization_header_at_media_origin_is_400(api, recording, twilio_emulator):
    url = _media_url(api, recording)
    response = httpx.get(url, auth=(twilio_emulator.api_key, twilio_emulator.api_secret))
    assert response.status_code == 400 and b"InvalidArgument" in response.content
    assert [r.had_authorization for r in twilio_emulator.requests if r.origin == "media"] == [True]


def test_media_ranges(api, recording):
    url = _media_url(api, recording)
    whole = httpx.get(url).content
    assert len(whole) == 1_000_000
    part = httpx.get(url, headers={"Range": "bytes=100-299"})
    assert part.status_code == 206
    assert part.headers["content-range"] == "bytes 100-299/1000000"
    assert part.content == whole[100:300]
    assert httpx.get(url, headers={"Range": "bytes=999000-"}).content == whole[999000:]
    assert httpx.get(url, headers={"Range": "bytes=-10"}).content == whole[-10:]
    unsatisfiable = httpx.get(url, headers={"Range": "bytes=2000000-"})
    assert unsatisfiable.status_code == 416
    assert unsatisfiable.headers["content-range"] == "bytes */1000000"
    full = httpx.get(url, headers={"Range": "bytes=0-1,5-6"})  # multi-range: whole body
    assert full.status_code == 200 and full.headers["accept-ranges"] == "bytes"
    assert full.headers["etag"] == f'"{hashlib.md5(whole).hexdigest()}"'


def test_media_bytes_are_deterministic_per_item(api, twilio_emulator: TwilioEmulator):
    state = twilio_emulator.state
    room = state.add_room("r", status="completed")
    alice = state.add_participant(room.sid, "alice")
    one, two = (
        state.add_recording(room.sid, alice.sid, kind="video", size=3_000_000) for _ in range(2)
    )
    first = httpx.get(_media_url(api, one)).content
    assert httpx.get(_media_url(api, one)).content == first
    assert httpx.get(_media_url(api, two)).content != first
