"""Parameter serialisation matches twilio-python's wire format (``twilio/base/serialize.py``)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest

from migrate.twilio.models import RecordingRule
from migrate.twilio.params import encode, format_timestamp, spec_name


@pytest.mark.parametrize(
    ("keyword", "name"),
    [
        ("date_created_after", "DateCreatedAfter"),
        ("aws_s3_url", "AwsS3Url"),
        ("page_size", "PageSize"),
        ("status", "Status"),
        ("record_participants_on_connect", "RecordParticipantsOnConnect"),
        ("transcriptions_configuration", "TranscriptionsConfiguration"),
    ],
)
def test_spec_names(keyword: str, name: str) -> None:
    assert spec_name(keyword) == name


def test_create_room_body_is_byte_identical_to_twilio_python() -> None:
    # The body twilio-python 9.11.0 produced for the same call.
    expected = (
        "Type=group&UniqueName=demo&MaxParticipants=4&RecordParticipantsOnConnect=true"
        "&VideoCodecs=VP8&VideoCodecs=H264"
        "&RecordingRules=%5B%7B%22type%22%3A+%22include%22%2C+%22all%22%3A+true%7D%5D"
    )
    pairs = encode(
        {
            "type": "group",
            "unique_name": "demo",
            "max_participants": 4,
            "record_participants_on_connect": True,
            "video_codecs": ["VP8", "H264"],
            "recording_rules": [RecordingRule(type="include", all=True)],
        }
    )
    assert urlencode(pairs) == expected


def test_none_is_omitted_and_false_is_sent() -> None:
    assert encode({"status": None, "enabled": False, "grouping_sid": ()}) == (("Enabled", "false"),)


def test_json_params_are_dumped_once() -> None:
    pairs = encode({"video_layout": {"grid": {"video_sources": ["*"]}}, "configuration": {}})
    assert pairs == (
        ("VideoLayout", '{"grid": {"video_sources": ["*"]}}'),
        ("Configuration", "{}"),
    )


def test_aware_datetimes_are_converted_to_utc() -> None:
    paris = dt.timezone(dt.timedelta(hours=2))
    assert format_timestamp(dt.datetime(2026, 6, 1, 12, 30, tzinfo=paris)) == "2026-06-01T10:30:00Z"
    assert format_timestamp(dt.datetime(2026, 6, 1, 12, 30, 5)) == "2026-06-01T12:30:05Z"
    assert format_timestamp(dt.date(2026, 6, 1)) == "2026-06-01"


def test_unsupported_value_is_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="cannot send a object"):
        encode({"status": object()})
