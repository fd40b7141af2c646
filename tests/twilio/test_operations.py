"""Pure request building: paths, page sizes, keyword checks, media paths, retry decisions."""

from __future__ import annotations

import pytest

from migrate.twilio import operations as ops
from migrate.twilio.calls import SUCCESS_OR_REDIRECT
from migrate.twilio.models import Composition, Recording, RoomRecording

RT = "RT" + "1" * 32
CJ = "CJ" + "2" * 32
RM = "RM" + "3" * 32


def test_page_size_defaults_to_each_lists_maximum() -> None:
    assert dict(ops.list_rooms().query)["PageSize"] == "1000"
    assert dict(ops.list_recordings().query)["PageSize"] == "100"
    assert dict(ops.list_compositions().query)["PageSize"] == "100"
    assert dict(ops.list_composition_hooks().query)["PageSize"] == "1000"
    assert dict(ops.list_participants(RM).query)["PageSize"] == "1000"


def test_a_small_limit_asks_for_no_more_than_it_needs() -> None:
    listing = ops.list_recordings(limit=7)
    assert dict(listing.query)["PageSize"] == "7" and listing.limit == 7


@pytest.mark.parametrize(
    "build",
    [
        lambda: ops.list_recordings(page_size=101),
        lambda: ops.list_compositions(page_size=101),
        lambda: ops.list_rooms(page_size=1001),
        lambda: ops.list_rooms(page_size=0),
        lambda: ops.list_rooms(limit=-1),
    ],
)
def test_page_size_out_of_range_is_a_value_error(build) -> None:
    with pytest.raises(ValueError):
        build()


def test_unknown_and_missing_keywords_are_type_errors() -> None:
    with pytest.raises(TypeError, match="unexpected parameter"):
        ops.list_rooms(colour="blue")
    with pytest.raises(TypeError, match="missing parameter"):
        ops.create_recording_settings(aws_storage_enabled=True)


def test_rooms_list_sends_no_status_unless_asked() -> None:
    assert "Status" not in dict(ops.list_rooms().query)
    assert dict(ops.list_rooms(status="completed").query)["Status"] == "completed"


def test_grouping_sid_is_repeated() -> None:
    query = ops.list_recordings(grouping_sid=[RM, "PA" + "4" * 32]).query
    assert [value for name, value in query if name == "GroupingSid"] == [RM, "PA" + "4" * 32]


def test_path_parts_are_percent_encoded() -> None:
    assert ops.fetch_room("team a/b").path == "/v1/Rooms/team%20a%2Fb"


@pytest.mark.parametrize(
    ("source", "path"),
    [
        (RT, f"/v1/Recordings/{RT}/Media"),
        (CJ, f"/v1/Compositions/{CJ}/Media"),
        (Recording(sid=RT), f"/v1/Recordings/{RT}/Media"),
        (RoomRecording(sid=RT, room_sid=RM), f"/v1/Rooms/{RM}/Recordings/{RT}/Media"),
        (Composition(sid=CJ), f"/v1/Compositions/{CJ}/Media"),
    ],
)
def test_media_paths(source, path: str) -> None:
    call = ops.media_url(source, 600)
    assert (call.path, call.query, call.ok) == (path, (("Ttl", "600"),), SUCCESS_OR_REDIRECT)


@pytest.mark.parametrize(("source", "ttl"), [("RM" + "0" * 32, 60), (RT, 0), (RT, 3601)])
def test_media_rejects_other_sids_and_ttls(source: str, ttl: int) -> None:
    with pytest.raises(ValueError):
        ops.media_url(source, ttl)
