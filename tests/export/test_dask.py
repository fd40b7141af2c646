"""Export on a real Dask LocalCluster of worker processes, against the Twilio sandbox."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from migrate.export import ExportSummary, verify_export
from migrate.export.shards import SHARDS_FOLDER
from migrate.sandbox.twilio import TwilioEmulator

from .conftest import (
    api_media_calls,
    export,
    final_media_files,
    media_requests,
    read_index,
    require_dask,
    seed_standup,
    true_sha256,
)

MIB = 1024 * 1024
BUCKET = "dask-archive"
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes of one thread each, shared by the tests of this module."""
    require_dask()
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            env=AWS_ENV,
        ) as local,
        Client(local) as client,
    ):
        yield client


def _seed(emu: TwilioEmulator, rooms: int, size: int) -> list[str]:
    sids: list[str] = []
    for number in range(rooms):
        seeded = seed_standup(emu, size=size, name=f"room-{number}")
        sids += seeded.recordings + seeded.compositions
    return sids


def _exactly_once(emu: TwilioEmulator, dest: Path, sids: list[str]) -> None:
    files = sorted(final_media_files(dest))
    assert sorted(p.stem for p in files) == sorted(sids)  # each item once, nothing else
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == true_sha256(emu, path.stem)
    rows = read_index(dest)
    assert sorted(r["sid"] for r in rows) == sorted(sids)
    assert {r["state"] for r in rows} == {"verified"}


def _no_secret_in_logs(client: Any, emu: TwilioEmulator, *captured: str) -> None:
    texts = list(captured)
    for logs in (client.get_worker_logs(), client.get_worker_logs(nanny=True)):
        texts += [msg for records in logs.values() for _, msg in records]
    texts += [msg for _, msg in client.get_scheduler_logs()]
    texts += [str(key) for key in client.who_has()]
    assert texts
    for secret in (emu.api_secret, emu.auth_token):
        assert not [t for t in texts if secret in t]


def test_local_folder_byte_exact_then_nothing_to_do_with_another_worker_count(
    emu: TwilioEmulator, tmp_path: Path, cluster: Any
) -> None:
    sids = _seed(emu, rooms=3, size=96 * 1024)
    emu.faults.rate_5xx = 0.1  # the usual faults are retried on the workers too
    emu.faults.retry_after = "0"
    emu.faults.inject_drop(path_contains=sids[0], times=1)
    summary = export(
        emu, tmp_path, scheduler=cluster.scheduler.address, batch_items=4, concurrency=2
    )
    assert (summary.copied, summary.failed) == (15, 0), summary.failures
    assert summary.workers is not None
    assert sum(w.items for w in summary.workers.values()) == 15
    assert sum(w.bytes for w in summary.workers.values()) == summary.bytes_copied
    assert set(summary.workers) <= set(cluster.scheduler_info()["workers"])
    _exactly_once(emu, tmp_path, sids)
    assert len(list((tmp_path / SHARDS_FOLDER).glob("*.json"))) >= 4  # 15 items, batches of 4
    assert verify_export(str(tmp_path)).exit_code == 0

    emu.faults.reset()
    emu.requests.clear()
    again = export(emu, tmp_path, workers=1, batch_items=4)  # another cluster, one worker
    assert (again.copied, again.skipped_verified) == (0, 15)
    assert media_requests(emu) == []
    assert not [r for r in emu.requests if r.path.endswith("/Media")]

    emu.requests.clear()
    (tmp_path / ".twilio2zoom" / "manifest.sqlite3").unlink()  # the client's state is lost:
    plain = export(emu, tmp_path)  # the shards in DEST still say what is verified
    assert (plain.copied, plain.skipped_verified) == (0, 15)
    assert media_requests(emu) == []
    assert plain.workers is None and "workers" not in plain.model_dump_json()


def _holder_of_part(pids: dict[str, int], partial: Path) -> int | None:
    """The worker process that has a part file open and more than 64 KiB written."""
    for pid in pids.values():
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        for link in links:
            if link.startswith(str(partial)) and link.endswith(".part"):
                try:
                    if Path(link).stat().st_size > 64 * 1024:
                        return pid
                except FileNotFoundError:
                    continue
    return None


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to find the worker")
def test_sigkill_a_worker_mid_transfer(
    emu: TwilioEmulator, tmp_path: Path, cluster: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    sids = _seed(emu, rooms=2, size=1 * MIB)
    emu.faults.bandwidth = 768 * 1024  # about 1.3 s per file: time to kill mid-file
    result: list[ExportSummary] = []
    runner = threading.Thread(
        target=lambda: result.append(
            export(emu, tmp_path, scheduler=cluster.scheduler.address, batch_items=3, concurrency=2)
        )
    )
    runner.start()
    pids = cluster.run(os.getpid)
    partial = tmp_path / ".twilio2zoom" / "partial"
    deadline = time.monotonic() + 60
    victim = None
    while victim is None:
        assert time.monotonic() < deadline, "no worker started a download"
        victim = _holder_of_part(pids, partial)
        time.sleep(0.02)
    os.kill(victim, signal.SIGKILL)
    runner.join(timeout=120)
    assert not runner.is_alive()
    [summary] = result
    assert (summary.copied, summary.failed) == (10, 0), summary.failures
    _exactly_once(emu, tmp_path, sids)
    assert verify_export(str(tmp_path)).exit_code == 0
    cluster.wait_for_workers(2, timeout=60)  # the nanny restarted the killed worker
    out, err = capfd.readouterr()
    _no_secret_in_logs(cluster, emu, out, err)


def test_s3_destination_and_a_second_client(
    emu: TwilioEmulator, tmp_path: Path, s3: tuple[str, Any], cluster: Any
) -> None:
    endpoint, client = s3
    # moto keeps buckets for the whole process: a bucket of our own leaves other tests' alone.
    client.create_bucket(Bucket=BUCKET)
    sids = _seed(emu, rooms=2, size=64 * 1024)
    dest = f"s3://{BUCKET}/dask"
    options: dict[str, Any] = {
        "storage_options": {"endpoint_url": endpoint},
        "scheduler": cluster.scheduler.address,
        "batch_items": 3,
    }
    summary = export(emu, dest, state_dir=str(tmp_path / "one"), **options)
    assert (summary.copied, summary.failed) == (10, 0), summary.failures
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    for sid in sids:
        [key] = [k for k in keys if sid in k and k.endswith((".mka", ".mkv", ".mp4"))]
        body = client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == true_sha256(emu, sid)
    assert {"dask/index.jsonl", "dask/index.csv"} <= keys
    assert len([k for k in keys if k.startswith(f"dask/{SHARDS_FOLDER}/")]) >= 8  # 2 per batch
    assert not [k for k in keys if k.endswith(".part")]
    report = verify_export(dest, storage_options={"endpoint_url": endpoint})
    assert (report.checked, report.ok) == (10, 10)

    emu.requests.clear()  # another machine: no manifest of its own, only DEST's shards
    again = export(emu, dest, state_dir=str(tmp_path / "two"), **options)
    assert (again.copied, again.skipped_verified) == (0, 10)
    assert media_requests(emu) == [] and not api_media_calls(emu, sids[0])


def test_a_failing_batch_is_reported_and_leaks_nothing(
    emu: TwilioEmulator, tmp_path: Path, cluster: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    sids = _seed(emu, rooms=1, size=32 * 1024)
    (tmp_path / ".twilio2zoom").mkdir()
    (tmp_path / SHARDS_FOLDER).write_text("a file where the shards folder goes")
    summary = export(emu, tmp_path, scheduler=cluster.scheduler.address)
    assert {f.sid for f in summary.failures} >= set(sids) and summary.exit_code == 1
    assert {r["state"] for r in read_index(tmp_path)} == {"failed"}  # retried by the next run
    assert all("batch did not finish" in f.reason for f in summary.failures)
    out, err = capfd.readouterr()
    _no_secret_in_logs(cluster, emu, out, err, *(f.reason for f in summary.failures))
    worker_text = str(cluster.get_worker_logs())
    assert "twilio2zoom-batch-" in worker_text  # the failure was logged, by batch name only
