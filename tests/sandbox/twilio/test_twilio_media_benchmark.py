"""Throughput of the media origin for 1 and 16 concurrent connections (MB/s).

The downloading client runs in its own process so it does not share the server's GIL.
Short by default (seconds in CI); set TWILIO_MEDIA_BENCH_MB to move more data per run.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

import httpx
import pytest

from migrate.sandbox.twilio import TwilioEmulator

TOTAL_MB = int(os.environ.get("TWILIO_MEDIA_BENCH_MB", "96"))
MIB = 1024 * 1024


async def _download(client: httpx.AsyncClient, url: str) -> int:
    received = 0
    async with client.stream("GET", url) as response:
        response.raise_for_status()
        async for chunk in response.aiter_raw(MIB):
            received += len(chunk)
    return received


async def _download_all(urls: list[str]) -> tuple[int, float]:
    limits = httpx.Limits(max_connections=len(urls))
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        started = time.perf_counter()
        sizes = await asyncio.gather(*(_download(client, url) for url in urls))
        return sum(sizes), time.perf_counter() - started


def download_in_child(urls: list[str]) -> tuple[int, float]:
    """Bytes received and seconds taken, downloading every URL concurrently."""
    return asyncio.run(_download_all(urls))


@pytest.mark.benchmark
@pytest.mark.parametrize("connections", [1, 16])
def test_media_origin_throughput(
    api: httpx.Client, twilio_emulator: TwilioEmulator, connections: int
):
    state = twilio_emulator.state
    room = state.add_room("bench", status="completed")
    alice = state.add_participant(room.sid, "alice")
    size = TOTAL_MB * MIB // connections
    recordings = [
        state.add_recording(room.sid, alice.sid, kind="video", size=size)
        for _ in range(connections)
    ]
    urls = [api.get(f"/v1/Recordings/{r.sid}/Media").json()["redirect_to"] for r in recordings]
    for url in urls:  # compute and cache ETags outside the measurement
        assert httpx.head(url, timeout=60).status_code == 200
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        received, elapsed = pool.submit(download_in_child, urls).result(timeout=120)
    assert received == size * connections
    rate = received / MIB / elapsed
    print(
        f"\nmedia origin: {connections} connection(s), "
        f"{received / MIB:.0f} MiB in {elapsed:.2f}s = {rate:.0f} MiB/s"
    )
    assert rate > 10
