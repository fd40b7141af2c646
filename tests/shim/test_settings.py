"""recording_settings() / composition_settings() as Zoom BYOS storage, on the emulator."""

from __future__ import annotations

import warnings

import pytest

from migrate.sandbox.zoom import ZoomEmulator
from migrate.shim import ShimCompatibilityWarning
from migrate.shim.base.exceptions import TwilioRestException
from migrate.shim.errors import ShimNotSupportedError
from migrate.shim.rest import Client
from tests.shim.conftest import ACCOUNT_SID, api_calls

CR = "CR" + "1" * 32
KEY_CR = "CR" + "2" * 32
URL = "https://acme-video.s3.us-east-1.amazonaws.com/recordings"
SECRET = "aws-secret-access-key-0123456789"
KEY_ID = "AKIAEXAMPLE"


def _messages(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, ShimCompatibilityWarning)]


def test_fetch_without_byos_reports_zoom_cloud_storage(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    settings = client.video.v1.recording_settings().fetch()
    assert (settings.aws_storage_enabled, settings.encryption_enabled) == (False, False)
    assert settings.account_sid == ACCOUNT_SID and settings.aws_s3_url is None
    assert settings.url == "https://video.twilio.com/v1/RecordingSettings/Default"
    assert api_calls(zoom_env) == [("GET", "/videosdk/settings/storage/location", {}, None)]


def test_create_with_access_key_adds_and_selects_a_location(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        created = client.video.v1.recording_settings().create(
            "archive",
            aws_credentials_sid=CR,
            aws_s3_url=URL,
            aws_storage_enabled=True,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
        )
    texts = _messages(caught)
    credential = next(t for t in texts if "aws_credentials_sid" in t)
    assert "aws_access_key_id" in credential
    assert "docs/mapping.md#video-recording-settings" in credential
    assert any("aws_s3_url" in t and "'recordings' is not used" in t for t in texts)
    assert all(SECRET not in t for t in texts)
    # Warnings point at the application's line, not at the shim.
    assert {w.filename for w in caught} == {__file__}

    (location_id,) = zoom_env.state.storage_locations
    location = zoom_env.state.storage_locations[location_id]
    assert location["s3"] == {
        "bucket": "acme-video",
        "region": "us-east-1",
        "authentication_mechanism": "aws_access_key",
        "access_key": {"id": "AKIAEXAMPLE", "key": SECRET},
    }
    assert zoom_env.state.storage_settings == {
        "bring_our_own_storage": True,
        "storage_location_id": location_id,
    }
    assert (created.friendly_name, created.aws_storage_enabled) == ("archive", True)
    assert (created.aws_s3_url, created.aws_credentials_sid) == (URL, CR)
    assert created.encryption_enabled is False

    fetched = client.video.v1.recording_settings().fetch()
    assert (fetched.aws_s3_url, fetched.aws_storage_enabled, fetched.friendly_name) == (
        URL,
        True,
        "archive",
    )
    assert SECRET not in client._backend.store.path.read_bytes().decode("latin-1")


def test_credential_sid_alone_cannot_reach_s3(client: Client, zoom_env: ZoomEmulator) -> None:
    with pytest.raises(ShimNotSupportedError) as caught:
        client.video.v1.recording_settings().create(
            "archive", aws_credentials_sid=CR, aws_s3_url=URL, aws_storage_enabled=True
        )
    message = caught.value.msg
    assert f"aws_credentials_sid={CR!r}" in message and "aws_access_key_id=" in message
    assert "docs/mapping.md#video-recording-settings" in message
    assert caught.value.status == 501 and caught.value.method == "POST"
    # Nothing was switched on Zoom.
    assert [c for c in api_calls(zoom_env) if c[0] != "GET"] == []


def test_existing_zoom_location_for_the_bucket_is_reused(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    existing = zoom_env.state.add_storage_location(
        {"name": "set up on Zoom", "s3": {"bucket": "acme-video", "region": "us-east-1"}}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        created = client.video.v1.composition_settings().create(
            "archive", aws_credentials_sid=CR, aws_s3_url=URL, aws_storage_enabled=True
        )
    assert any("aws_credentials_sid" in t and "own access key" in t for t in _messages(caught))
    assert zoom_env.state.storage_settings["storage_location_id"] == existing["id"]
    assert len(zoom_env.state.storage_locations) == 1
    assert created.friendly_name == "archive" and created.aws_storage_enabled is True
    assert created.url == "https://video.twilio.com/v1/CompositionSettings/Default"


def test_encryption_is_refused_before_anything_is_sent(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    with pytest.raises(ShimNotSupportedError) as caught:
        client.video.v1.recording_settings().create(
            "secure", encryption_key_sid=KEY_CR, encryption_enabled=True
        )
    message = caught.value.msg
    assert "encryption_enabled=True" in message and KEY_CR in message
    assert "SSE-KMS" in message and "docs/mapping.md#video-recording-settings" in message
    assert api_calls(zoom_env) == []


def test_unused_encryption_key_warns_and_byos_goes_off(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    with pytest.warns(ShimCompatibilityWarning, match="encryption_key_sid.*not honoured"):
        settings = client.video.v1.recording_settings().create(
            "plain", encryption_key_sid=KEY_CR, aws_storage_enabled=False
        )
    assert zoom_env.state.storage_settings == {"bring_our_own_storage": False}
    assert (settings.aws_storage_enabled, settings.encryption_key_sid) == (False, KEY_CR)


def test_non_s3_url_is_refused(client: Client, zoom_env: ZoomEmulator) -> None:
    with pytest.raises(ShimNotSupportedError, match=r"aws_s3_url=.*Amazon S3 only"):
        client.video.v1.recording_settings().create(
            "gcs",
            aws_s3_url="https://storage.googleapis.com/b",
            aws_storage_enabled=True,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
        )
    assert api_calls(zoom_env) == []


def test_twilio_validation_happens_first(client: Client, zoom_env: ZoomEmulator) -> None:
    with pytest.raises(TwilioRestException) as caught:
        client.video.v1.recording_settings().create("")
    assert caught.value.status == 400
    with pytest.raises(TwilioRestException, match="aws_secret_access_key"):
        client.video.v1.recording_settings().create("x", aws_access_key_id="AKIA")
    assert api_calls(zoom_env) == []


def test_one_zoom_setting_serves_both_resources(client: Client, zoom_env: ZoomEmulator) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShimCompatibilityWarning)
        client.video.v1.recording_settings().create(
            "recordings",
            aws_s3_url=URL,
            aws_storage_enabled=True,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
        )
    other = "https://compositions.s3.eu-west-1.amazonaws.com"
    with pytest.warns(ShimCompatibilityWarning, match="one storage setting on Zoom"):
        client.video.v1.composition_settings().create(
            "compositions",
            aws_s3_url=other,
            aws_storage_enabled=True,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
        )
    recording = client.video.v1.recording_settings().fetch()
    assert (recording.aws_s3_url, recording.friendly_name) == (other, "compositions")


def test_fresh_store_reads_zoom_selected_location(client: Client, zoom_env: ZoomEmulator) -> None:
    zoom_env.state.add_storage_location(
        {"name": "console", "selected": True, "s3": {"bucket": "b1", "region": "eu-west-1"}}
    )
    settings = client.video.v1.recording_settings().fetch()
    assert settings.aws_storage_enabled is True and settings.friendly_name == "console"
    assert settings.aws_s3_url == "https://b1.s3.eu-west-1.amazonaws.com"
    assert settings.aws_credentials_sid is None


def test_deleted_location_reads_as_zoom_cloud(client: Client, zoom_env: ZoomEmulator) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShimCompatibilityWarning)
        client.video.v1.recording_settings().create(
            "archive",
            aws_s3_url=URL,
            aws_storage_enabled=True,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
        )
    zoom_env.state.storage_locations.clear()
    assert client.video.v1.recording_settings().fetch().aws_storage_enabled is False
