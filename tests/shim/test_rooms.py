"""Twilio's room examples run through the shim, asserting the exact Zoom calls."""

from __future__ import annotations

import datetime as dt
import re
import warnings

import pytest

from mappings.names import session_name_for
from mappings.sids import room_sid
from migrate.sandbox.zoom import ZoomEmulator
from migrate.shim import ShimCompatibilityWarning
from migrate.shim.base.exceptions import TwilioRestException
from migrate.shim.jwt.access_token import AccessToken
from migrate.shim.jwt.access_token.grants import VideoGrant
from migrate.shim.rest import Client
from migrate.shim.store import status_callback_for_session
from tests.shim.conftest import ACCOUNT_SID, api_calls, join

SID = re.compile(r"^RM[0-9a-f]{32}$")
CREATE = ("POST", "/videosdk/sessions", {})


def test_create_daily_standup(client: Client, zoom_env: ZoomEmulator) -> None:
    room = client.video.v1.rooms.create(unique_name="DailyStandup")

    assert api_calls(zoom_env) == [(*CREATE, {"session_name": "DailyStandup"})]
    session_id = zoom_env.calls[0].path_params.get("session_id") or next(
        iter(zoom_env.state.sessions)
    )
    assert SID.match(room.sid) and room.sid == room_sid(session_id)
    assert room.unique_name == "DailyStandup"
    assert room.status == "in-progress"
    assert room.type == "group"
    assert room.account_sid == ACCOUNT_SID
    assert isinstance(room.date_created, dt.datetime) and room.date_created.tzinfo
    assert room.url == f"https://video.twilio.com/v1/Rooms/{room.sid}"
    assert room.links["participants"].endswith(f"/Rooms/{room.sid}/Participants")


def test_group_room_with_recording_and_status_callback(
    client: Client, zoom_env: ZoomEmulator, shim_store: object
) -> None:
    with pytest.warns(ShimCompatibilityWarning) as caught:
        room = client.video.v1.rooms.create(
            record_participants_on_connect=True,
            status_callback="https://example.com/video/events",
            type="group",
            unique_name="Recorded Standup",
        )
    messages = " ".join(str(w.message) for w in caught)
    # Reported at the application's line, not inside the shim.
    assert {w.filename for w in caught} == {__file__}
    assert "StatusCallback" in messages and "RecordParticipantsOnConnect" in messages
    assert "docs/mapping.md#video-rooms-create" in messages
    assert api_calls(zoom_env) == [
        (*CREATE, {"session_name": "Recorded Standup", "settings": {"auto_recording": "cloud"}})
    ]
    assert room.record_participants_on_connect is True
    assert room.status_callback == "https://example.com/video/events"
    session_id = next(iter(zoom_env.state.sessions))
    callback = status_callback_for_session(session_id)
    assert callback is not None
    assert (callback.url, callback.method, callback.room_sid) == (
        "https://example.com/video/events",
        "POST",
        room.sid,
    )


@pytest.mark.parametrize(
    ("kwargs", "param", "verb"),
    [
        ({"audio_only": True}, "AudioOnly", "is approximated"),
        ({"empty_room_timeout": 60}, "EmptyRoomTimeout", "is approximated"),
        ({"max_participant_duration": 86400}, "MaxParticipantDuration", "is not honoured"),
    ],
)
def test_parameters_without_zoom_equivalent_warn(
    client: Client, zoom_env: ZoomEmulator, kwargs: dict[str, object], param: str, verb: str
) -> None:
    with pytest.warns(ShimCompatibilityWarning, match=f"{param}=.*{verb}.*docs/mapping.md#"):
        room = client.video.v1.rooms.create(unique_name="Quiet Room", **kwargs)
    # Nothing of these parameters reaches Zoom: they have no session setting.
    assert api_calls(zoom_env) == [(*CREATE, {"session_name": "Quiet Room"})]
    assert room.status == "in-progress"


def test_unique_name_zoom_cannot_hold_is_kept_for_twilio(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    name = "team/standup*2026"
    with pytest.warns(ShimCompatibilityWarning, match="UniqueName"):
        room = client.video.v1.rooms.create(unique_name=name)
    zoom_name = session_name_for(name).value
    assert zoom_name != name
    assert api_calls(zoom_env) == [(*CREATE, {"session_name": zoom_name})]
    assert room.unique_name == name
    assert client.video.v1.rooms(name).fetch().sid == room.sid


def test_room_without_unique_name_gets_a_generated_session_name(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    with pytest.warns(ShimCompatibilityWarning, match="without unique_name"):
        room = client.video.v1.rooms.create()
    [(_, _, _, body)] = api_calls(zoom_env)
    assert room.unique_name == body["session_name"]


def test_invalid_parameter_is_a_400(client: Client, zoom_env: ZoomEmulator) -> None:
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.rooms.create(unique_name="x", max_participant_duration=10**6)
    assert caught.value.status == 400
    assert "MaxParticipantDuration" in caught.value.msg
    assert zoom_env.calls == []


def test_fetch_by_unique_name_and_by_sid(client: Client, zoom_env: ZoomEmulator) -> None:
    created = client.video.v1.rooms.create(unique_name="DailyStandup")
    zoom_env.calls.clear()

    by_name = client.video.v1.rooms("DailyStandup").fetch()
    by_sid = client.video.v1.rooms(created.sid).fetch()

    assert by_name.sid == by_sid.sid == created.sid
    assert by_sid.unique_name == "DailyStandup"
    # By name: the store names the session, Zoom confirms it is not over, then the fetch.
    assert [(m, p) for m, p, _, _ in api_calls(zoom_env)] == [
        ("GET", "/videosdk/sessions/{id}"),
        ("GET", "/videosdk/sessions/{id}"),
        ("GET", "/videosdk/sessions/{id}"),
    ]


def test_fetch_by_sid_from_another_process_falls_back_to_zoom(
    client: Client, zoom_env: ZoomEmulator, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    past = zoom_env.state.add_past_session("Yesterday", start_time=start)
    sid = room_sid(past.id)

    room = client.video.v1.rooms(sid).fetch()

    assert (room.sid, room.status, room.unique_name) == (sid, "completed", "Yesterday")
    methods = [(m, p, q.get("type")) for m, p, q, _ in api_calls(zoom_env)]
    assert methods == [
        ("GET", "/videosdk/sessions", "live"),
        ("GET", "/videosdk/sessions", "past"),
        ("GET", "/videosdk/sessions/{id}", None),
    ]
    zoom_env.calls.clear()
    client.video.v1.rooms(sid).fetch()  # now the store knows it
    assert [p for _, p, _, _ in api_calls(zoom_env)] == ["/videosdk/sessions/{id}"]


def test_unknown_room_is_twilios_404(client: Client, zoom_env: ZoomEmulator) -> None:
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.rooms("RM" + "0" * 32).fetch()
    assert (caught.value.status, caught.value.code) == (404, 20404)
    assert caught.value.uri == "https://video.twilio.com/v1/Rooms/RM" + "0" * 32


def test_list_completed_rooms_by_unique_name(client: Client, zoom_env: ZoomEmulator) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for days in (1, 2, 3):
        zoom_env.state.add_past_session("DailyStandup", start_time=now - dt.timedelta(days=days))
    zoom_env.state.add_past_session("Retro", start_time=now - dt.timedelta(days=1))

    rooms = client.video.v1.rooms.list(status="completed", unique_name="DailyStandup", limit=20)

    assert len(rooms) == 3
    assert {r.unique_name for r in rooms} == {"DailyStandup"}
    assert all(r.status == "completed" and SID.match(r.sid) for r in rooms)
    assert all(isinstance(r.end_time, dt.datetime) and r.duration == 1800 for r in rooms)
    [(method, path, query, _)] = api_calls(zoom_env)
    assert (method, path) == ("GET", "/videosdk/sessions")
    assert query["type"] == "past" and query["session_name"] == "DailyStandup"
    assert query["to"] == now.date().isoformat()


def test_list_paging_and_limits(client: Client, zoom_env: ZoomEmulator) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for minutes in range(7):
        zoom_env.state.add_past_session(
            f"r{minutes}", start_time=now - dt.timedelta(minutes=minutes + 40)
        )

    assert len(client.video.v1.rooms.list(status="completed", limit=5)) == 5
    streamed = list(client.video.v1.rooms.stream(status="completed", page_size=2))
    assert len(streamed) == 7
    # Zoom is asked for pages of the requested size and the cursor is followed.
    sizes = [c.query.get("page_size") for c in zoom_env.calls[-4:]]
    assert sizes == ["2", "2", "2", "2"]

    page = client.video.v1.rooms.page(status="completed", page_size=3)
    names = [r.unique_name for r in page]
    second = page.next_page()
    assert second is not None
    third = second.next_page()
    assert third is not None and third.next_page() is None
    names += [r.unique_name for r in second] + [r.unique_name for r in third]
    assert sorted(names) == [f"r{i}" for i in range(7)]
    resumed = client.video.v1.rooms.page(
        status="completed", page_size=3, page_token=page.next_page_token
    )
    assert [r.unique_name for r in resumed] == [r.unique_name for r in second]
    assert client.video.v1.rooms.list(status="failed") == []


def test_update_to_completed_ends_the_session(client: Client, zoom_env: ZoomEmulator) -> None:
    room = client.video.v1.rooms.create(unique_name="DailyStandup")
    token = AccessToken(ACCOUNT_SID, "SK" + "1" * 32, "unused", identity="alice")
    token.add_grant(VideoGrant(room="DailyStandup"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShimCompatibilityWarning)
        join(zoom_env, token.to_jwt(), "Alice")
    zoom_env.calls.clear()

    ended = client.video.v1.rooms(room.sid).update(status="completed")

    assert ended.status == "completed" and isinstance(ended.end_time, dt.datetime)
    calls = api_calls(zoom_env)
    assert ("PUT", "/videosdk/sessions/{id}/status", {}, {"action": "end"}) in calls
    assert client.video.v1.rooms(room.sid).fetch().status == "completed"
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.rooms("DailyStandup").fetch()  # names address in-progress rooms only
    assert caught.value.status == 404


def test_update_before_anyone_joined_deletes_the_pre_registered_session(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    room = client.video.v1.rooms.create(unique_name="Never Used")
    zoom_env.calls.clear()
    ended = room.update(status="completed")
    assert ended.status == "completed"
    assert ("DELETE", "/videosdk/sessions/{id}") in [(m, p) for m, p, _, _ in api_calls(zoom_env)]


def test_update_to_other_status_is_refused(client: Client, zoom_env: ZoomEmulator) -> None:
    room = client.video.v1.rooms.create(unique_name="Stay")
    with pytest.raises(TwilioRestException) as caught:
        room.update(status="in-progress")
    assert caught.value.status == 400


def test_deprecated_rooms_shortcut_warns_like_twilio(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    with pytest.warns(DeprecationWarning, match=r"^rooms is deprecated. Use v1.rooms instead.$"):
        rooms = client.video.rooms
    room = rooms.create(unique_name="Legacy")
    assert room.unique_name == "Legacy"
