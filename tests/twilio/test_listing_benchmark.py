"""Listing throughput and flat memory over real sockets.

Short mode (the default, seconds in CI): 1,000 and 4,000 recordings. Set
TWILIO_LIST_BENCH_ITEMS to list more, e.g. 50000, and run with ``-s`` to see the rates.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
import tracemalloc

import pytest

from migrate.sandbox.twilio import TwilioEmulator
from migrate.twilio import AsyncTwilioVideoClient, TwilioVideoClient

pytestmark = pytest.mark.benchmark

ITEMS = int(os.environ.get("TWILIO_LIST_BENCH_ITEMS", "4000"))


def _seed(emu: TwilioEmulator, count: int) -> None:
    room = emu.state.add_room("bench", status="completed")
    person = emu.state.add_participant(room.sid, "p")
    track = emu.state.add_track(person.sid, "mic")
    for _ in range(count):
        emu.state.add_recording(room.sid, person.sid, track_sid=track.sid)


def _list_sync(emu: TwilioEmulator) -> int:
    with TwilioVideoClient(emu.api_key, emu.api_secret, base_url=emu.api_url) as client:
        return sum(1 for _ in client.list_recordings())


def _list_async(emu: TwilioEmulator) -> int:
    async def run() -> int:
        async with AsyncTwilioVideoClient(emu.api_key, emu.api_secret, base_url=emu.api_url) as c:
            return sum([1 async for _ in c.list_recordings()])

    return asyncio.run(run())


def _peak_while_listing(emu: TwilioEmulator) -> int:
    # Each page's httpx Response sits in a reference cycle (response <-> its stream) and
    # lives until the cyclic GC runs; start from a collected heap so the peak depends on
    # the list's length, not on when the seeding left the collector.
    gc.collect()
    tracemalloc.start()
    try:
        _list_sync(emu)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_list_grows(twilio_emulator: TwilioEmulator) -> None:
    _seed(twilio_emulator, ITEMS // 4)
    small = _peak_while_listing(twilio_emulator)
    _seed(twilio_emulator, ITEMS - ITEMS // 4)
    large = _peak_while_listing(twilio_emulator)
    print(
        f"\npeak traced memory: {small / 1e6:.2f} MB for {ITEMS // 4} items, "
        f"{large / 1e6:.2f} MB for {ITEMS} items"
    )
    assert large < small * 1.5  # four times the items, about the same peak: one page at a time


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_listing_rate(kind: str, twilio_emulator: TwilioEmulator) -> None:
    _seed(twilio_emulator, ITEMS)
    started = time.perf_counter()
    count = (_list_sync if kind == "sync" else _list_async)(twilio_emulator)
    elapsed = time.perf_counter() - started
    print(f"\n{kind}: {count} recordings in {elapsed:.2f}s = {count / elapsed:,.0f} items/s")
    assert count == ITEMS
