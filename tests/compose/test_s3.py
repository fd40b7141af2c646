"""An archive on S3 (a local moto server on loopback): compose reads and writes it there."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from migrate.compose import ComposeSettings, run_compose
from tests.compose.media import Track, lay_out
from tests.fixtures.s3_fixtures import BUCKET


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
