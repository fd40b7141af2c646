"""Large downloads and long listings keep memory flat."""

from __future__ import annotations

import datetime as dt
import io
import time
import tracemalloc

import pytest

from migrate.sandbox.zoom import ZoomEmulator
from migrate.zoom import ZoomClient, ZoomTransportError

DAY = dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC)


class CountingSink(io.RawIOBase):
    """A write-only, unseekable destination that counts bytes and keeps none of them."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        return len(data)


@pytest.mark.slow
def test_large_download_streams_with_flat_memory(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    size = 48 * 1024 * 1024
    zoom_emulator.state.file_size = size
    session = zoom_emulator.state.add_past_session("big", start_time=DAY, recorded=True)
    recordings = zoom_client.get_session_recordings(session.id)
    item = recordings.recording_files[0]
    assert item.download_url and recordings.download_access_token

    sink = CountingSink()
    tracemalloc.start()
    started = time.perf_counter()
    written = zoom_client.download(item.download_url, recordings.download_access_token, sink)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert written == sink.size == size
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes while streaming {size}"
    print(f"downloaded {size / 2**20:.0f} MiB in {elapsed:.2f} s under tracemalloc")


def test_listing_is_lazy_page_by_page(zoom_client: ZoomClient, zoom_emulator: ZoomEmulator) -> None:
    for i in range(650):
        zoom_emulator.state.add_past_session(f"s{i}", start_time=DAY + dt.timedelta(seconds=i))
    zoom_emulator.calls.clear()
    listing = zoom_client.list_sessions(type="past", from_=DAY.date(), to=DAY.date(), page_size=300)
    seen = 0
    for seen, _ in enumerate(listing, start=1):
        if seen == 300:
            assert len(zoom_emulator.calls) == 1
        if seen == 301:
            assert len(zoom_emulator.calls) == 2
    assert seen == 650 and len(zoom_emulator.calls) == 3


def _one_file(client: ZoomClient, emulator: ZoomEmulator) -> tuple[str, str, bytes]:
    session = emulator.state.add_past_session("drop", start_time=DAY, recorded=True)
    recordings = client.get_session_recordings(session.id)
    item = recordings.recording_files[0]
    expected = emulator.state.find_file(item.id)
    assert item.download_url and recordings.download_access_token and expected
    return item.download_url, recordings.download_access_token, expected.content()


def test_dropped_download_completes_in_seekable_dest(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    url, token, content = _one_file(zoom_client, zoom_emulator)
    zoom_emulator.faults.inject_drop(path_contains="/rec/download/")
    dest = io.BytesIO(b"header")
    dest.seek(6)
    assert zoom_client.download(url, token, dest) == len(content)
    assert dest.getvalue() == b"header" + content  # what was before the download stays


def test_dropped_download_into_unseekable_dest_is_one_line_error(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    url, token, _ = _one_file(zoom_client, zoom_emulator)
    zoom_emulator.faults.inject_drop(path_contains="/rec/download/")
    with pytest.raises(ZoomTransportError) as info:
        zoom_client.download(url, token, CountingSink())
    assert token not in str(info.value) and "\n" not in str(info.value)
