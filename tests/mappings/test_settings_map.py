"""Recording/composition storage settings -> Zoom BYOS."""

from __future__ import annotations

import pytest

from mappings.settings_map import (
    map_storage_settings,
    parse_s3_url,
    s3_url,
    storage_settings_view,
)


@pytest.mark.parametrize(
    ("url", "bucket", "region", "prefix"),
    [
        ("https://my-bucket.s3.amazonaws.com/video", "my-bucket", None, "video"),
        ("https://my-bucket.s3.eu-west-1.amazonaws.com/", "my-bucket", "eu-west-1", ""),
        ("https://s3.us-east-2.amazonaws.com/my-bucket/a/b", "my-bucket", "us-east-2", "a/b"),
        ("https://my.bucket.s3-us-west-2.amazonaws.com", "my.bucket", "us-west-2", ""),
    ],
)
def test_s3_urls(url: str, bucket: str, region: str | None, prefix: str) -> None:
    loc = parse_s3_url(url)
    assert loc is not None and (loc.bucket, loc.region, loc.prefix) == (bucket, region, prefix)


def test_non_s3_url() -> None:
    assert parse_s3_url("https://storage.googleapis.com/b") is None


def test_default_settings_map_exactly() -> None:
    m = map_storage_settings(
        {"friendly_name": "Default", "aws_storage_enabled": False, "encryption_enabled": False}
    )
    assert m.fidelity == "exact" and m.requests == []


def test_external_s3_becomes_byos_without_secrets() -> None:
    m = map_storage_settings(
        {
            "friendly_name": "archive",
            "aws_storage_enabled": True,
            "aws_s3_url": "https://acme.s3.us-east-1.amazonaws.com/rec",
            "aws_credentials_sid": "CR" + "1" * 32,
        }
    )
    post, patch = m.requests
    assert post.path == "/videosdk/settings/storage/location"
    assert (
        post.body is not None
        and post.body["s3"]["bucket"] == "acme"
        and post.body["s3"]["region"] == "us-east-1"
    )
    assert patch.body == {
        "bring_our_own_storage": True,
        "storage_location_id": "<id from the POST>",
    }
    assert m.fidelity == "approximate" and m.actions


def test_encryption_is_unsupported_with_an_alternative() -> None:
    m = map_storage_settings(
        {
            "aws_storage_enabled": False,
            "encryption_enabled": True,
            "encryption_key_sid": "CR" + "2" * 32,
        }
    )
    assert m.fidelity == "unsupported"
    assert any("SSE-KMS" in a for a in m.actions)


def test_non_s3_storage_is_unsupported() -> None:
    m = map_storage_settings({"aws_storage_enabled": True, "aws_s3_url": "https://example.com/x"})
    assert m.fidelity == "unsupported" and m.requests == []


def test_s3_url_rebuilds_a_virtual_hosted_url() -> None:
    assert s3_url("acme", "eu-west-1") == "https://acme.s3.eu-west-1.amazonaws.com"
    assert s3_url("acme", None) == "https://acme.s3.amazonaws.com"
    rebuilt = parse_s3_url(s3_url("acme", "eu-west-1"))
    assert rebuilt is not None and (rebuilt.bucket, rebuilt.region) == ("acme", "eu-west-1")


STORED = {
    "friendly_name": "archive",
    "aws_credentials_sid": "CR" + "1" * 32,
    "aws_s3_url": "https://acme.s3.us-east-1.amazonaws.com/rec",
    "aws_storage_enabled": True,
}
URL = "https://video.twilio.com/v1/RecordingSettings/Default"


def test_view_keeps_twilio_values_zoom_has_no_field_for() -> None:
    location = {"name": "archive", "s3": {"bucket": "acme", "region": "us-east-1"}}
    view = storage_settings_view(location, STORED, account_sid="AC1", url=URL)
    assert view == {
        "account_sid": "AC1",
        "friendly_name": "archive",
        "aws_credentials_sid": "CR" + "1" * 32,
        "aws_s3_url": "https://acme.s3.us-east-1.amazonaws.com/rec",
        "aws_storage_enabled": True,
        "encryption_key_sid": None,
        "encryption_enabled": False,
        "url": URL,
    }


def test_view_follows_zoom_when_it_points_elsewhere() -> None:
    location = {"name": "moved", "s3": {"bucket": "other", "region": None}}
    view = storage_settings_view(location, STORED, account_sid="AC1", url=URL)
    assert (view["aws_s3_url"], view["aws_credentials_sid"], view["friendly_name"]) == (
        "https://other.s3.amazonaws.com",
        None,
        "moved",
    )
    off = storage_settings_view(None, STORED, account_sid="AC1", url=URL)
    assert off["aws_storage_enabled"] is False and off["aws_s3_url"] == STORED["aws_s3_url"]
    assert storage_settings_view(None, None, account_sid="AC1", url=URL)["friendly_name"] is None
