"""Each fault knob, observed from a plain httpx client over real sockets."""

from __future__ import annotations

import hashlib
import time

import httpx
import pytest

from migrate.sandbox.faults import FaultConfig
from migrate.sandbox.twilio import TwilioEmulator

SIZE = 2_000_000


@pytest.fixture
def media(twilio_emulator: TwilioEmulator):
    state = twilio_emulator.state
    room = state.add_room("f", status="completed")
    alice = state.add_participant(room.sid, "alice")
    return state.add_recording(room.sid, alice.sid, kind="video", size=SIZE)


def _url(api: httpx.Client, recording, **params) -> str:
    response = api.get(f"/v1/Recordings/{recording.sid}/Media", params=params)
    assert response.status_code == 302, response.text
    return response.json()["redirect_to"]


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def test_latency_is_added_to_every_request(api: httpx.Client, twilio_emulator: TwilioEmulator):
    base, _ = _timed(lambda: api.get("/v1/Rooms"))
    twilio_emulator.faults.latency = 0.4
    slow, response = _timed(lambda: api.get("/v1/Rooms"))
    assert response.status_code == 200
    assert slow >= 0.4 > base


def test_bandwidth_caps_media_bodies(api, media, twilio_emulator: TwilioEmulator):
    url = _url(api, media)
    twilio_emulator.faults.bandwidth = 2_000_000
    elapsed, response = _timed(lambda: httpx.get(url, timeout=30))
    assert len(response.content) == SIZE
    rate = SIZE / elapsed
    assert 0.5 * 2_000_000 <= rate <= 1.15 * 2_000_000, rate


def test_rate_429_with_retry_after_and_twilio_code(api, twilio_emulator: TwilioEmulator):
    twilio_emulator.faults.rate_429 = 1.0
    twilio_emulator.faults.retry_after = "7"
    response = api.get("/v1/Rooms")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    assert response.json()["code"] == 20429
    twilio_emulator.faults.rate_429 = 0.0
    assert api.get("/v1/Rooms").status_code == 200


def test_rate_5xx(api, twilio_emulator: TwilioEmulator):
    twilio_emulator.faults.rate_5xx = 1.0
    response = api.get("/v1/Recordings")
    assert response.status_code == 503 and response.json()["code"] == 20503


def test_rates_are_reproducible_with_a_seed(api, twilio_emulator: TwilioEmulator):
    def pattern() -> list[int]:
        twilio_emulator.faults.reseed(7)
        twilio_emulator.faults.rate_429 = 0.5
        return [api.get("/v1/Rooms").status_code for _ in range(20)]

    first = pattern()
    assert {200, 429} == set(first)
    assert pattern() == first


def test_one_shot_injections(api, media, twilio_emulator: TwilioEmulator):
    faults = twilio_emulator.faults
    faults.inject(origin="api", path_contains="/Recordings", status=429, times=2, retry_after="3")
    assert api.get("/v1/Rooms").status_code == 200  # other paths untouched
    first, second = api.get("/v1/Recordings"), api.get("/v1/Recordings")
    assert [first.status_code, second.status_code] == [429, 429]
    assert first.headers["retry-after"] == "3"
    assert api.get("/v1/Recordings").status_code == 200
    faults.inject(origin="media", status=500)
    url = _url(api, media)
    assert httpx.get(url).status_code == 500
    assert httpx.get(url).status_code == 200


def test_origins_limit_random_faults(api, media, twilio_emulator: TwilioEmulator):
    url = _url(api, media)
    twilio_emulator.faults.origins = frozenset({"api"})
    twilio_emulator.faults.rate_5xx = 1.0
    assert api.get("/v1/Rooms").status_code == 503
    assert httpx.get(url).status_code == 200


def _read_until_cut(url: str) -> tuple[int, int]:
    received = 0
    with httpx.stream("GET", url) as response:
        declared = int(response.headers["content-length"])
        with pytest.raises(httpx.RemoteProtocolError):
            for chunk in response.iter_bytes():
                received += len(chunk)
    return received, declared


def test_drop_cuts_the_body_short(api, media, twilio_emulator: TwilioEmulator):
    url = _url(api, media)
    twilio_emulator.faults.inject_drop(path_contains=media.sid)
    received, declared = _read_until_cut(url)
    assert declared == SIZE and 0 < received < SIZE
    assert len(httpx.get(url).content) == SIZE  # one shot only
    twilio_emulator.faults.drop_rate = 1.0
    received, _ = _read_until_cut(url)
    assert received < SIZE


def test_corrupt_flips_bytes_while_headers_stay_true(api, media, twilio_emulator: TwilioEmulator):
    url = _url(api, media)
    good = httpx.get(url)
    etag = good.headers["etag"].strip('"')
    assert hashlib.md5(good.content).hexdigest() == etag
    twilio_emulator.faults.corrupt_rate = 1.0
    bad = httpx.get(url)
    assert bad.headers["etag"].strip('"') == etag
    assert int(bad.headers["content-length"]) == len(bad.content) == SIZE
    assert hashlib.md5(bad.content).hexdigest() != etag
    assert sum(a != b for a, b in zip(good.content, bad.content)) == 1


def test_url_ttl_overrides_the_requested_lifetime(api, media, twilio_emulator: TwilioEmulator):
    twilio_emulator.faults.url_ttl = 3  # 1 s expired before the first GET on a loaded machine
    url = _url(api, media, Ttl=3600)
    assert httpx.get(url).status_code == 200
    time.sleep(3.2)
    assert httpx.get(url).status_code == 403


def test_reset_restores_defaults_in_place():
    faults = FaultConfig(latency=1.0, rate_429=0.5)
    faults.inject(status=500)
    faults.reset()
    assert faults == FaultConfig()
