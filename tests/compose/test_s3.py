"""An archive on S3 (a local moto server on loopback): compose reads and writes it there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from migrate.compose import ComposeSettings, run_compose
from tests.compose.media import Track, lay_out

BUCKET = "archive"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Any]]:
    """A moto S3 endpoint and a boto3 client on it."""
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        client = boto3.client("s3", endpoint_url=endpoint)
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client
    finally:
        server.stop()


def test_compose_an_archive_on_s3(ffmpeg: str, tmp_path: Path, s3: tuple[str, Any]) -> None:
    endpoint, client = s3
    local = tmp_path / "archive"
    room, _ = lay_out(
        ffmpeg,
        local,
        [Track("cam", "video", 0.0, 2.0, colour="red"),
         Track("mic", "audio", 0.0, 2.0, frequency=440)],
    )  # fmt: skip
    for path in local.rglob("*"):
        if path.is_file():
            client.upload_file(str(path), BUCKET, f"x/{path.relative_to(local).as_posix()}")
    params: dict[str, object] = {
        "VideoLayout": {"grid": {"video_sources": ["*"]}},
        "AudioSources": "*",
        "Resolution": "160x120",
    }
    options = {"endpoint_url": endpoint}
    settings = ComposeSettings(preset="ultrafast")
    summary = run_compose(
        f"s3://{BUCKET}/x", params=params, settings=settings, storage_options=options
    )
    assert summary.exit_code == 0, summary.results
    (result,) = summary.results
    assert result.status == "rendered" and result.path.startswith(f"{room}/compositions/")
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert f"x/{result.path}" in keys
    described_key = f"x/{result.path.rsplit('.', 1)[0]}.json"
    described = json.loads(client.get_object(Bucket=BUCKET, Key=described_key)["Body"].read())
    size = client.head_object(Bucket=BUCKET, Key=f"x/{result.path}")["ContentLength"]
    assert described["output"]["size"] == size
    assert not [k for k in keys if k.endswith(".tmp")]
    again = run_compose(
        f"s3://{BUCKET}/x", params=params, settings=settings, storage_options=options
    )
    assert [r.status for r in again.results] == ["skipped"]
