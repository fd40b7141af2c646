"""How a recording download goes on after a drop: redirects, ranges, resume or restart.

Pure decisions over responses and the destination file; :class:`ZoomClient` does the I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import BinaryIO

import httpx

from migrate.zoom.errors import ZoomError

MAX_REDIRECTS = 5


def redirect_target(response: httpx.Response, origin: httpx.URL) -> tuple[httpx.URL, bool]:
    """Where a download redirect points, and whether it may carry the bearer token.

    The token only goes back to the scheme, host and port of the original download URL,
    never to a storage host the download is redirected to.
    """
    location = response.headers.get("location")
    if not location:
        raise ZoomError(f"redirect {response.status_code} without a Location header")
    target = response.url.join(location)
    same_origin = (target.scheme, target.host, target.port) == (
        origin.scheme,
        origin.host,
        origin.port,
    )
    return target, same_origin


def check_length(response: httpx.Response, received: int) -> None:
    """Raise when fewer or more bytes arrived than Content-Length announced."""
    expected = response.headers.get("content-length")
    unencoded = response.headers.get("content-encoding") is None
    if expected is not None and unencoded and int(expected) != received:
        raise ZoomError(f"download incomplete: got {received} of {expected} bytes")


def restart_point(dest: BinaryIO) -> int | None:
    """Where a failed download may restart from: ``dest``'s position, or None if unseekable."""
    return dest.tell() if dest.seekable() else None


def rewind(dest: BinaryIO, position: int) -> None:
    """Drop the partial bytes of a failed attempt before downloading again."""
    dest.seek(position)
    dest.truncate()


class Step(Enum):
    """What a download does with a response, as :meth:`DownloadProgress.accept` decides."""

    BODY = "read the body into dest"
    DONE = "the file is already complete in dest"
    AGAIN = "request again, without a range: the file changed"
    ERROR = "raise the API error of this response"


_CONTENT_RANGE = re.compile(r"bytes\s+(?:(\d+)-\d+|\*)/(\d+)", re.ASCII | re.IGNORECASE)


@dataclass
class DownloadProgress:
    """One download call's state across its attempts, so a drop resumes instead of restarting.

    A dropped download goes on from the bytes already in ``dest`` (``Range: bytes=N-``)
    when ``dest`` is seekable and the server named the file's version with a strong ETag
    (sent back as ``If-Range``) or offered ``Accept-Ranges: bytes``. A server that answers
    with the whole file instead, or a range of another version, makes it start again at
    ``start``. The client drives it and decides nothing on its own.
    """

    start: int | None  # dest's position at the call; None when dest cannot seek
    received: int = 0  # bytes of the file written to dest so far
    total: int | None = None  # the file's size as the server announced it
    etag: str | None = None  # strong ETags only: If-Range must not carry a weak one
    ranges: bool = False

    @classmethod
    def into(cls, dest: BinaryIO) -> DownloadProgress:
        """Progress of a download that writes to ``dest`` from its current position."""
        return cls(restart_point(dest))

    @property
    def resuming(self) -> bool:
        """Whether the next request asks only for the bytes still missing."""
        can_resume = self.etag is not None or self.ranges
        return self.start is not None and self.received > 0 and can_resume

    def request_headers(self) -> dict[str, str]:
        """``Range`` (and ``If-Range``) for the next request; empty for the whole file."""
        if not self.resuming:
            return {}
        headers = {"Range": f"bytes={self.received}-"}
        if self.etag is not None:
            headers["If-Range"] = self.etag
        return headers

    def after_failure(self, dest: BinaryIO) -> bool:
        """After a dropped connection: keep the bytes to resume, or drop them to restart.

        False when ``dest`` cannot seek, so the download cannot go on at all.
        """
        if self.start is None:
            return False
        if not self.resuming:
            self.restart(dest)
        return True

    def restart(self, dest: BinaryIO) -> None:
        """Forget everything and drop the bytes written so far."""
        if self.start is not None:
            rewind(dest, self.start)
        self.received, self.total, self.etag, self.ranges = 0, None, None, False

    def accept(self, response: httpx.Response, dest: BinaryIO) -> Step:
        """Decide about a (non-redirect) response before its body is read."""
        resuming = self.resuming
        if response.status_code == 416 and resuming:
            _, total = _content_range(response)
            if total == self.received and self.total in (None, total):
                return Step.DONE  # the connection dropped after the last byte
            self.restart(dest)
            return Step.AGAIN
        if not response.is_success:
            return Step.ERROR
        etag = _strong_etag(response)
        if response.status_code == 206:
            first, total = _content_range(response)
            # A 206 without an ETag answered our If-Range, so it is the version we named.
            same_version = etag == self.etag or (etag is None and self.etag is not None)
            same_size = total is not None and self.total in (None, total)
            if resuming and first == self.received and same_size and same_version:
                self.total = total
                return Step.BODY
            self.restart(dest)
            return Step.AGAIN
        if self.received:  # the whole file again: it changed, or the server ignored Range
            self.restart(dest)
        self.etag = etag
        self.ranges = response.headers.get("accept-ranges", "").strip().lower() == "bytes"
        self.total = _announced_length(response)
        return Step.BODY

    def finish(self, response: httpx.Response, written: int) -> int:
        """Check the body just read and the whole file; return the file's size."""
        check_length(response, written)
        if self.total is not None and self.received != self.total:
            raise ZoomError(f"download incomplete: got {self.received} of {self.total} bytes")
        return self.received


def _strong_etag(response: httpx.Response) -> str | None:
    etag = response.headers.get("etag")
    return etag if etag and not etag.startswith("W/") else None


def _announced_length(response: httpx.Response) -> int | None:
    length = response.headers.get("content-length")
    if length is None or response.headers.get("content-encoding") is not None:
        return None
    return int(length)


def _content_range(response: httpx.Response) -> tuple[int | None, int | None]:
    """First byte and total size from ``Content-Range`` (None where absent or unparsable)."""
    match = _CONTENT_RANGE.fullmatch(response.headers.get("content-range", "").strip())
    if match is None:
        return None, None
    first, total = match.groups()
    return (int(first) if first is not None else None), int(total)
