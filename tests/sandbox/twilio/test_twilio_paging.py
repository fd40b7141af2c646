"""Paging envelopes: absolute URLs back to the emulator, both directions, filters kept."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import httpx

from migrate.sandbox.twilio import TwilioEmulator

T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def _seed(emu: TwilioEmulator, count: int) -> list[str]:
    state = emu.state
    room = state.add_room("p", status="completed")
    alice = state.add_participant(room.sid, "alice")
    made = [
        state.add_recording(room.sid, alice.sid, date_created=T0 + dt.timedelta(minutes=i))
        for i in range(count)
    ]
    state.add_recording(room.sid, alice.sid, status="deleted", date_created=T0)
    return [r.sid for r in made]


def _sids(body: dict) -> list[str]:
    return [r["sid"] for r in body[body["meta"]["key"]]]


def test_pages_walk_forward_and_back(api: httpx.Client, twilio_emulator: TwilioEmulator):
    sids = _seed(twilio_emulator, 25)
    first = api.get("/v1/Recordings", params={"PageSize": 10, "Status": "completed"}).json()
    meta = first["meta"]
    assert meta["page"] == 0 and meta["page_size"] == 10 and meta["key"] == "recordings"
    assert meta["previous_page_url"] is None
    assert (
        meta["first_page_url"]
        == f"{twilio_emulator.api_url}/v1/Recordings?Status=completed&PageSize=10&Page=0"
    )
    second = httpx.get(meta["next_page_url"], auth=api.auth).json()
    third = httpx.get(second["meta"]["next_page_url"], auth=api.auth).json()
    assert _sids(first) + _sids(second) + _sids(third) == sids
    assert [second["meta"]["page"], third["meta"]["page"]] == [1, 2]
    assert third["meta"]["next_page_url"] is None
    assert parse_qs(urlsplit(third["meta"]["url"]).query)["Status"] == ["completed"]
    back = httpx.get(third["meta"]["previous_page_url"], auth=api.auth).json()
    assert _sids(back) == _sids(second) and back["meta"]["page"] == 1
    back_again = httpx.get(back["meta"]["previous_page_url"], auth=api.auth).json()
    assert _sids(back_again) == _sids(first) and back_again["meta"]["previous_page_url"] is None


def test_exact_multiple_has_no_empty_last_page(api, twilio_emulator):
    _seed(twilio_emulator, 20)
    body = api.get("/v1/Recordings", params={"PageSize": 10}).json()
    last = httpx.get(body["meta"]["next_page_url"], auth=api.auth).json()
    assert len(last["recordings"]) == 10 and last["meta"]["next_page_url"] is None


def test_default_page_size_and_date_filters(api, twilio_emulator):
    sids = _seed(twilio_emulator, 60)
    assert len(api.get("/v1/Recordings").json()["recordings"]) == 50  # spec default
    window = {
        "DateCreatedAfter": (T0 + dt.timedelta(minutes=10)).isoformat(),
        "DateCreatedBefore": "2026-03-01T00:20:00Z",
    }
    body = api.get("/v1/Recordings", params=window).json()
    assert _sids(body) == sids[10:20]  # after is inclusive, before exclusive
    assert len(api.get("/v1/Recordings", params={"Status": "deleted"}).json()["recordings"]) == 1


def test_media_content_disposition(api, twilio_emulator):
    sid = _seed(twilio_emulator, 1)[0]
    inline = 'inline; filename="talk.mka"'
    url = api.get(f"/v1/Recordings/{sid}/Media", params={"ContentDisposition": inline}).json()
    assert httpx.get(url["redirect_to"]).headers["content-disposition"] == inline
    default = api.get(f"/v1/Recordings/{sid}/Media").json()["redirect_to"]
    assert httpx.get(default).headers["content-disposition"] == f'attachment; filename="{sid}.mka"'
