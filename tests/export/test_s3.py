"""A remote DEST: S3 through a local moto server on loopback."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from migrate.cli.app import run
from migrate.export import verify_export
from migrate.sandbox.twilio import TwilioEmulator
from tests.fixtures.s3_fixtures import BUCKET

from .conftest import export, media_requests, seed_standup, true_sha256


def _keys(client: Any) -> dict[str, Any]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {obj["Key"]: obj for obj in listed}


def test_export_to_s3_verify_and_resume(
    emu: TwilioEmulator, tmp_path: Path, s3: tuple[str, Any]
) -> None:
    endpoint, client = s3
    seeded = seed_standup(emu)
    dest = f"s3://{BUCKET}/twilio"
    opts: dict[str, Any] = {
        "storage_options": {"endpoint_url": endpoint},
        "state_dir": str(tmp_path / "state"),
    }
    summary = export(emu, dest, **opts)
    assert (summary.copied, summary.failed) == (5, 0)

    keys = _keys(client)
    for sid in seeded.recordings + seeded.compositions:
        [media] = [k for k in keys if sid in k and not k.endswith(".json")]
        assert media.startswith(f"twilio/{seeded.room_sid}/{sid}.")
        body = client.get_object(Bucket=BUCKET, Key=media)["Body"].read()
        import hashlib

        assert hashlib.sha256(body).hexdigest() == true_sha256(emu, sid)
    assert f"twilio/{seeded.room_sid}/room.json" in keys
    assert {"twilio/index.jsonl", "twilio/index.csv"} <= set(keys)
    assert not [k for k in keys if ".part" in k or ".twilio2zoom" in k]
    assert (tmp_path / "state" / "manifest.sqlite3").is_file()

    report = verify_export(
        dest, storage_options={"endpoint_url": endpoint}, state_dir=opts["state_dir"]
    )
    assert (report.checked, report.ok) == (5, 5)

    emu.requests.clear()
    summary = export(emu, dest, **opts)
    assert (summary.copied, summary.skipped_verified) == (0, 5)
    assert media_requests(emu) == []

    victim = next(k for k in keys if seeded.recordings[0] in k and not k.endswith(".json"))
    client.put_object(Bucket=BUCKET, Key=victim, Body=b"not the recording")
    args = ["export", "verify", dest, "--storage-option", f"endpoint_url={endpoint}"]
    assert run([*args, "--state-dir", opts["state_dir"]]) == 1


def test_endpoint_from_environment(
    emu: TwilioEmulator, tmp_path: Path, s3: tuple[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint, client = s3
    seed_standup(emu)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    summary = export(emu, f"s3://{BUCKET}/env", state_dir=str(tmp_path / "state"))
    assert summary.copied == 5
    assert any(k.startswith("env/") for k in _keys(client))


def test_missing_s3fs_is_one_line_exit_2(
    emu: TwilioEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in emu.env().items():
        monkeypatch.setenv(key, value)
    registry_module = sys.modules["fsspec.registry"]
    monkeypatch.setitem(sys.modules, "s3fs", None)  # import s3fs now fails
    monkeypatch.delitem(registry_module._registry, "s3", raising=False)  # forget the class
    code = run(["export", f"s3://{BUCKET}/x", "--state-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "twilio2zoom[s3]" in err and "Traceback" not in err


def test_large_file_goes_up_in_parts(
    emu: TwilioEmulator, tmp_path: Path, s3: tuple[str, Any]
) -> None:
    endpoint, client = s3
    room = emu.state.add_room("big", status="completed")
    person = emu.state.add_participant(room.sid, "p")
    sid = emu.state.add_recording(room.sid, person.sid, size=20 * 1024 * 1024).sid
    opts: dict[str, Any] = {
        "storage_options": {"endpoint_url": endpoint},
        "state_dir": str(tmp_path / "state"),
    }
    assert export(emu, f"s3://{BUCKET}/big", **opts).copied == 1
    key = f"big/{room.sid}/{sid}.mka"
    etag = client.head_object(Bucket=BUCKET, Key=key)["ETag"]
    assert etag.strip('"').endswith("-3")  # three 8 MiB parts: a multipart upload
    report = verify_export(f"s3://{BUCKET}/big", **opts)
    assert (report.ok, report.problems) == (1, [])


def test_verify_from_another_machine_uses_the_index(
    emu: TwilioEmulator,
    tmp_path: Path,
    s3: tuple[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    endpoint, client = s3
    seeded = seed_standup(emu)
    dest = f"s3://{BUCKET}/far"
    exporter_home = tmp_path / "exporter"
    monkeypatch.setenv("HOME", str(exporter_home))  # the default state folder lives here
    assert export(emu, dest, storage_options={"endpoint_url": endpoint}).copied == 5
    state = exporter_home / ".twilio2zoom"
    assert list(state.rglob("manifest.sqlite3"))
    shutil.rmtree(state)  # the exporting machine's state is gone

    args = ["export", "verify", dest, "--storage-option", f"endpoint_url={endpoint}"]
    assert run([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["source"], report["checked"], report["ok"]) == ("index", 5, 5)
    assert report["source_path"] == f"{dest}/index.jsonl"
    assert not state.exists()  # checking leaves no state folder behind

    keys = [k for k in _keys(client) if k.startswith("far/")]
    flipped_sid, missing_sid = seeded.recordings[0], seeded.compositions[0]
    flipped = next(k for k in keys if flipped_sid in k and not k.endswith(".json"))
    body = bytearray(client.get_object(Bucket=BUCKET, Key=flipped)["Body"].read())
    body[len(body) // 2] ^= 0x01  # same size: only the hash can tell
    client.put_object(Bucket=BUCKET, Key=flipped, Body=bytes(body))
    missing = next(k for k in keys if missing_sid in k and not k.endswith(".json"))
    client.delete_object(Bucket=BUCKET, Key=missing)

    assert run(args) == 1
    out = capsys.readouterr().out
    assert "3 of 5 copied files match" in out and f"{dest}/index.jsonl" in out
    problems = {line.split()[0]: line for line in out.splitlines()[2:]}
    assert "SHA-256 differs" in problems[flipped_sid]
    assert problems[missing_sid].endswith("missing")
