"""``--bwlimit``: rclone-style rates and the token bucket, alone and in a real download."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from migrate.errors import ConfigError
from migrate.export.bwlimit import TokenBucket, parse_rate, process_bucket
from migrate.sandbox.twilio import TwilioEmulator

from .conftest import export, seed_standup

KIB = 1024
MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("10M", 10 * MIB),
        ("512k", 512 * KIB),
        ("1.5G", int(1.5 * 1024 * MIB)),
        ("100", 100 * KIB),  # rclone: a bare number is KiB/s
        ("2048B", 2048),
        ("8MiB/s", 8 * MIB),
        ("off", None),
        ("0", None),
    ],
)
def test_parse_rate(text: str, rate: int | None) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["fast", "10X", "-1M", "M"])
def test_bad_rates_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError, match="--bwlimit"):
        parse_rate(text)


def test_bucket_paces_several_threads_together() -> None:
    bucket = TokenBucket(4 * MIB)

    async def pull(total: int) -> None:
        for _ in range(total // (64 * KIB)):
            await bucket.take(64 * KIB)

    def thread_pull() -> None:
        asyncio.run(pull(MIB))

    import threading

    started = time.monotonic()
    threads = [threading.Thread(target=thread_pull) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    # 2 MiB at 4 MiB/s, less the small initial burst: about half a second, never less.
    assert 0.4 <= elapsed < 2.0


def test_one_bucket_per_process_and_rate() -> None:
    assert process_bucket(None) is None
    assert process_bucket(3 * MIB) is process_bucket(3 * MIB)


def test_export_respects_bwlimit(emu: TwilioEmulator, tmp_path: Path) -> None:
    seed_standup(emu, size=256 * KIB)  # 5 files, 1.25 MiB
    started = time.monotonic()
    summary = export(emu, tmp_path, bwlimit=2 * MIB, concurrency=8)
    elapsed = time.monotonic() - started
    assert summary.copied == 5
    assert elapsed >= 0.5  # 1.25 MiB at 2 MiB/s (less one burst) cannot go faster
    assert summary.bytes_copied / elapsed <= 2.2 * MIB
