"""Bring Your Own Storage settings and locations (Zoom's BYOS API), on the emulator."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from migrate.sandbox.zoom import ZoomEmulator
from migrate.zoom import ZoomApiError, ZoomClient
from migrate.zoom.models import S3AccessKey, S3Storage

SECRET = "aws-secret-access-key-0123456789"


def _s3(bucket: str = "acme-video", key_id: str = "AKIAEXAMPLE") -> S3Storage:
    return S3Storage(
        bucket=bucket,
        region="us-east-1",
        access_key=S3AccessKey(id=key_id, key=SecretStr(SECRET)),
    )


def test_location_crud_and_byos_switch(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    added = zoom_client.add_storage_location("archive", _s3())
    # Zoom receives the secret; the client's own objects never show it.
    stored = zoom_emulator.state.storage_locations[added.id]
    assert stored["s3"]["access_key"] == {"id": "AKIAEXAMPLE", "key": SECRET}
    assert stored["provider"] == "aws_s3" and stored["name"] == "archive"
    assert SECRET not in repr(added) and SECRET not in added.model_dump_json()
    assert added.s3 is not None and added.s3.bucket == "acme-video"

    assert [loc.id for loc in zoom_client.list_storage_locations()] == [added.id]
    fetched = zoom_client.get_storage_location(added.id)
    assert (fetched.name, fetched.verify_status) == ("archive", "success")

    zoom_client.update_storage_location(added.id, name="renamed")
    assert zoom_client.get_storage_location(added.id).name == "renamed"
    zoom_client.update_storage_location(added.id, s3=_s3(bucket="other-bucket"))
    moved = zoom_client.get_storage_location(added.id)
    assert moved.s3 is not None and moved.s3.bucket == "other-bucket"

    zoom_client.update_storage_settings(bring_our_own_storage=True, storage_location_id=added.id)
    assert zoom_emulator.state.storage_settings == {
        "bring_our_own_storage": True,
        "storage_location_id": added.id,
    }
    patch = zoom_emulator.calls[-1]
    assert (patch.method, patch.path) == ("PATCH", "/v2/videosdk/settings/storage")
    zoom_client.update_storage_settings(bring_our_own_storage=False)
    assert zoom_emulator.calls[-1].json == {"bring_our_own_storage": False}

    zoom_client.delete_storage_location(added.id)
    assert zoom_client.list_storage_locations() == []
    with pytest.raises(ZoomApiError) as caught:
        zoom_client.get_storage_location(added.id)
    assert caught.value.status == 404


def test_selecting_an_unknown_location_is_refused(zoom_client: ZoomClient) -> None:
    with pytest.raises(ZoomApiError) as caught:
        zoom_client.update_storage_settings(bring_our_own_storage=True, storage_location_id="nope")
    assert caught.value.status == 404
