"""Recording downloads: Range and ETag in the emulator, resuming dropped downloads in the client."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator

import httpx
import pytest

from migrate.retry import RetryPolicy
from migrate.sandbox.zoom import ZoomEmulator
from migrate.sandbox.zoom.models import RecordingFile
from migrate.sandbox.zoom.responses import requested_range
from migrate.zoom import ZoomClient, ZoomError
from tests.fixtures.zoom_fixtures import FAST_RETRY

DAY = dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC)


class CountingBuffer(io.BytesIO):
    """A seekable destination that counts every byte written to it, rewritten ones too."""

    def __init__(self, initial: bytes = b"") -> None:
        super().__init__(initial)
        self.seek(len(initial))
        self.writes = 0
        self.on_first_write: Callable[[], None] | None = None

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.writes == 0 and self.on_first_write is not None:
            self.on_first_write()
        self.writes += len(data)
        return super().write(data)


def _file(client: ZoomClient, emulator: ZoomEmulator) -> tuple[str, str, RecordingFile]:
    session = emulator.state.add_past_session("ranges", start_time=DAY, recorded=True)
    recordings = client.get_session_recordings(session.id)
    item = recordings.recording_files[0]
    found = emulator.state.find_file(item.id)
    assert item.download_url and recordings.download_access_token and found
    return item.download_url, recordings.download_access_token, found


# --- the emulator -----------------------------------------------------------------------
def test_emulator_serves_ranges_with_an_etag(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    url, token, item = _file(zoom_client, zoom_emulator)
    content, size = item.content(), item.file_size
    auth = {"Authorization": f"Bearer {token}"}

    whole = httpx.get(url, headers=auth)
    assert whole.status_code == 200 and whole.content == content
    assert whole.headers["accept-ranges"] == "bytes"
    etag = whole.headers["etag"]
    assert etag == item.etag and etag.startswith('"')

    cases = {
        "bytes=10-99": (10, 100),
        "bytes=70000-": (70000, size),  # across a generated chunk boundary
        "bytes=-16": (size - 16, size),
        f"bytes=5-{size + 50}": (5, size),
    }
    for header, (start, stop) in cases.items():
        part = httpx.get(url, headers={**auth, "Range": header})
        assert part.status_code == 206, header
        assert part.headers["content-range"] == f"bytes {start}-{stop - 1}/{size}"
        assert part.content == content[start:stop]
        assert part.headers["etag"] == etag

    beyond = httpx.get(url, headers={**auth, "Range": f"bytes={size}-"})
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{size}"

    same = httpx.get(url, headers={**auth, "Range": "bytes=1-2", "If-Range": etag})
    assert (same.status_code, same.content) == (206, content[1:3])
    other = httpx.get(url, headers={**auth, "Range": "bytes=1-2", "If-Range": '"old"'})
    assert (other.status_code, other.content) == (200, content)


def test_a_new_revision_changes_etag_and_bytes(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    url, token, item = _file(zoom_client, zoom_emulator)
    before, etag = item.content(), item.etag
    item.revision += 1
    after = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
    assert after.headers["etag"] != etag and after.content != before
    assert after.content == item.content() and len(after.content) == len(before)


def test_storage_host_serves_ranges_too(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    url, token, item = _file(zoom_client, zoom_emulator)
    zoom_emulator.download_redirect = "cross-host"
    auth = {"Authorization": f"Bearer {token}", "Range": "bytes=3-9"}
    redirect = httpx.get(url, headers=auth)
    part = httpx.get(redirect.headers["location"], headers={"Range": "bytes=3-9"})
    assert part.status_code == 206 and part.content == item.content()[3:10]


@pytest.mark.parametrize(
    "header", ["items=0-5", "bytes=0-1,4-5", "bytes=9-3", "bytes=-", "bytes=a-5", "bytes=²-"]
)
def test_ranges_the_emulator_ignores(header: str) -> None:
    assert requested_range(header, None, '"e"', 100) is None


def test_empty_suffix_and_empty_file_are_unsatisfiable() -> None:
    assert requested_range("bytes=-0", None, '"e"', 100) == "unsatisfiable"
    assert requested_range("bytes=0-", None, '"e"', 0) == "unsatisfiable"


# --- the client against the emulator's drop fault ----------------------------------------
def test_dropped_download_resumes_without_rewriting(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    url, token, item = _file(zoom_client, zoom_emulator)
    zoom_emulator.faults.inject_drop(path_contains="/rec/download/", times=2)
    dest = CountingBuffer(b"header")
    assert zoom_client.download(url, token, dest) == item.file_size
    assert dest.getvalue() == b"header" + item.content()
    assert dest.writes == item.file_size  # nothing was downloaded twice


def test_dropped_download_of_a_changed_file_starts_again(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    url, token, item = _file(zoom_client, zoom_emulator)
    old = item.content()

    def replace_the_file() -> None:
        item.revision += 1  # the body already streaming keeps the old bytes

    zoom_emulator.faults.inject_drop(path_contains="/rec/download/")
    dest = CountingBuffer(b"header")
    dest.on_first_write = replace_the_file
    assert zoom_client.download(url, token, dest) == item.file_size
    assert dest.getvalue() == b"header" + item.content()
    assert item.content() != old
    assert dest.writes > item.file_size  # the old partial bytes were dropped, not kept


def test_dropped_download_resumes_across_a_storage_redirect(
    zoom_client: ZoomClient, zoom_emulator: ZoomEmulator
) -> None:
    url, token, item = _file(zoom_client, zoom_emulator)
    zoom_emulator.download_redirect = "cross-host"
    zoom_emulator.faults.inject_drop(path_contains="/_sandbox/storage/")
    dest = CountingBuffer()
    assert zoom_client.download(url, token, dest) == item.file_size
    assert dest.getvalue() == item.content() and dest.writes == item.file_size
    assert all(r["authorization"] is None for r in zoom_emulator.storage_requests)


# --- the client against servers that behave otherwise -------------------------------------
DATA = bytes(range(256)) * 40
URL = "https://zoom.example/rec/download/f1"


class Dropping(httpx.SyncByteStream):
    """A body that stops with a dropped connection after ``cut`` bytes."""

    def __init__(self, data: bytes, cut: int) -> None:
        self.data, self.cut = data, cut

    def __iter__(self) -> Iterator[bytes]:
        yield self.data[: self.cut]
        raise httpx.ReadError("connection dropped")


Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def mocked() -> Iterator[Callable[[Handler], ZoomClient]]:
    clients: list[ZoomClient] = []

    def make(handler: Handler) -> ZoomClient:
        client = ZoomClient(
            "key",
            "secret-0123456789abcdef0123456789ab",
            retry=FAST_RETRY,
            transport=httpx.MockTransport(handler),
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def test_no_etag_nor_accept_ranges_restarts(mocked: Callable[[Handler], ZoomClient]) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        length = {"content-length": str(len(DATA))}
        if len(requests) == 1:
            return httpx.Response(200, headers=length, stream=Dropping(DATA, 1000))
        return httpx.Response(200, headers=length, content=DATA)

    dest = CountingBuffer()
    assert mocked(handler).download(URL, "t", dest) == len(DATA)
    assert dest.getvalue() == DATA and dest.writes == len(DATA) + 1000
    assert "range" not in requests[1].headers


def test_accept_ranges_alone_resumes_without_if_range(
    mocked: Callable[[Handler], ZoomClient],
) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if len(requests) == 1:
            headers = {"content-length": str(len(DATA)), "accept-ranges": "bytes"}
            return httpx.Response(200, headers=headers, stream=Dropping(DATA, 1000))
        headers = {"content-range": f"bytes 1000-{len(DATA) - 1}/{len(DATA)}"}
        return httpx.Response(206, headers=headers, content=DATA[1000:])

    dest = CountingBuffer()
    assert mocked(handler).download(URL, "t", dest) == len(DATA)
    assert dest.getvalue() == DATA and dest.writes == len(DATA)
    assert requests[1].headers["range"] == "bytes=1000-"
    assert "if-range" not in requests[1].headers


def test_a_range_of_another_version_is_not_spliced(
    mocked: Callable[[Handler], ZoomClient],
) -> None:
    """A server that ignores If-Range sends a 206 with the new ETag: start again."""
    new = DATA[::-1]
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        size = {"content-length": str(len(DATA))}
        if len(requests) == 1:
            return httpx.Response(200, headers={**size, "etag": '"v1"'}, stream=Dropping(DATA, 50))
        if "range" in request.headers:
            assert request.headers["if-range"] == '"v1"'
            headers = {"etag": '"v2"', "content-range": f"bytes 50-{len(new) - 1}/{len(new)}"}
            return httpx.Response(206, headers=headers, content=new[50:])
        return httpx.Response(200, headers={**size, "etag": '"v2"'}, content=new)

    dest = CountingBuffer()
    assert mocked(handler).download(URL, "t", dest) == len(new)
    assert dest.getvalue() == new
    assert [r.headers.get("range") for r in requests] == [None, "bytes=50-", None]


def test_416_after_the_last_byte_means_complete(
    mocked: Callable[[Handler], ZoomClient],
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "range" in request.headers:
            return httpx.Response(416, headers={"content-range": f"bytes */{len(DATA)}"})
        headers = {"content-length": str(len(DATA)), "etag": '"v1"'}
        return httpx.Response(200, headers=headers, stream=Dropping(DATA, len(DATA)))

    dest = CountingBuffer()
    assert mocked(handler).download(URL, "t", dest) == len(DATA)
    assert dest.getvalue() == DATA


def test_a_resumed_file_of_the_wrong_size_is_an_error(
    mocked: Callable[[Handler], ZoomClient],
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "range" in request.headers:  # claims the announced size but sends less
            headers = {"etag": '"v1"', "content-range": f"bytes 10-{len(DATA) - 1}/{len(DATA)}"}
            return httpx.Response(206, headers=headers, content=DATA[10:-5])
        headers = {"content-length": str(len(DATA)), "etag": '"v1"'}
        return httpx.Response(200, headers=headers, stream=Dropping(DATA, 10))

    client = mocked(handler)
    client.retry = RetryPolicy(attempts=2, base=0.01, cap=0.01)
    with pytest.raises(ZoomError, match="incomplete"):
        client.download(URL, "t", CountingBuffer())
