"""Stream one media file to a local partial file, verify it, and report its SHA-256.

The byte count is checked against Content-Length and the MD5 against an MD5-shaped
ETag; dropped connections resume with Range; an expired storage URL (403) is replaced
by a fresh one; what is retried, and when, is :class:`migrate.retry.RetryPolicy`'s answer.

What the media host announced (size, MD5) is kept beside the partial file, so a part
that was already complete when a run was killed is checked and finished by the next
run without any request at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import re
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from migrate.errors import Twilio2ZoomError
from migrate.export.bwlimit import TokenBucket
from migrate.lifecycle import Closing
from migrate.retry import RetryPolicy, describe_transport_error, parse_retry_after

# A quoted 32-hex ETag is the object's MD5; multipart ETags ("<hex>-<parts>") are not.
_MD5_ETAG = re.compile(r'^(?:W/)?"([0-9a-fA-F]{32})"$')
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")
_HASH_CHUNK = 1 << 20
# Received bytes are hashed and written in batches of this size, in a worker thread.
_WRITE_BATCH = 256 << 10
# Storage hosts answer 403 (S3) or 401 to a URL whose signature has expired.
_EXPIRED_URL_STATUS = frozenset({401, 403})

FreshUrl = Callable[[], Awaitable[str]]
OnBytes = Callable[[int], None]


class DownloadError(Twilio2ZoomError):
    """The media could not be fetched intact; the message is the reason for the manifest."""


@dataclass(frozen=True)
class Downloaded:
    """A verified local file."""

    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class Announced:
    """What the media host said about the whole object: its size and MD5, when given."""

    size: int | None
    md5: str | None


def announced_path(part_path: Path) -> Path:
    """The small JSON file beside a partial download recording its :class:`Announced`."""
    return part_path.with_name(part_path.name + ".json")


def read_announced(part_path: Path) -> Announced | None:
    """The announcement saved for ``part_path``; None when absent or unreadable."""
    try:
        data = json.loads(announced_path(part_path).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    size, md5 = data.get("size"), data.get("md5")
    return Announced(
        size if isinstance(size, int) and size >= 0 else None,
        md5 if isinstance(md5, str) else None,
    )


def save_announced(part_path: Path, announced: Announced) -> None:
    """Write the announcement beside the part, replacing any older one whole."""
    target = announced_path(part_path)
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    temp.write_text(json.dumps({"size": announced.size, "md5": announced.md5}))
    temp.replace(target)


def discard_part(part_path: Path) -> None:
    """Remove a partial download and its announcement (either may already be gone)."""
    for path in (part_path, announced_path(part_path)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def md5_from_etag(etag: str | None) -> str | None:
    """The MD5 carried by an ETag header, or None when the ETag is not MD5-shaped."""
    if not etag:
        return None
    match = _MD5_ETAG.match(etag.strip())
    return match.group(1).lower() if match else None


class PartFile(Closing):
    """A partial download on disk plus running SHA-256 and MD5 of its content.

    Opening an existing part re-hashes it, so a download killed in an earlier run
    resumes where it stopped.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sha = hashlib.sha256()
        self._md5 = hashlib.md5(usedforsecurity=False)
        self.size = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle: BinaryIO = path.open("a+b")
        try:
            _lock_exclusively(self._handle)
        except BaseException:
            self._handle.close()
            raise
        self._handle.seek(0)
        while chunk := self._handle.read(_HASH_CHUNK):
            self._update(chunk)

    def close(self) -> None:
        """Close the file; what was written stays."""
        self._handle.close()

    def _update(self, chunk: bytes | bytearray) -> None:
        self._sha.update(chunk)
        self._md5.update(chunk)
        self.size += len(chunk)

    def append(self, chunk: bytes | bytearray) -> None:
        """Write and hash the next bytes."""
        self._handle.write(chunk)
        self._update(chunk)

    async def append_in_thread(self, data: bytes | bytearray) -> None:
        """:meth:`append` off the event loop: hashing and writing release the GIL, so
        a batch is processed on another core while other downloads keep streaming."""
        if data:
            await asyncio.to_thread(self.append, data)

    def restart(self) -> None:
        """Throw away what was written (the server ignored Range, or the body was bad)."""
        self._handle.seek(0)
        self._handle.truncate()
        self._sha = hashlib.sha256()
        self._md5 = hashlib.md5(usedforsecurity=False)
        self.size = 0

    def flush(self) -> None:
        """Hand buffered bytes to the OS so a killed process keeps them for resuming."""
        self._handle.flush()

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the content so far."""
        return self._sha.hexdigest()

    @property
    def md5(self) -> str:
        """Hex MD5 of the content so far."""
        return self._md5.hexdigest()


def _lock_exclusively(handle: BinaryIO) -> None:
    """Hold an exclusive lock on the part while this process writes it.

    Two processes may pick the same item (a Dask task whose worker looked dead runs
    again elsewhere, or two exports to one DEST): the second must not append to the
    first's bytes. The OS drops the lock when the holder dies, so a killed worker's part
    is resumed by the next one.
    """
    if sys.platform == "win32":
        return  # flock is POSIX-only; on Windows two writers are not guarded
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise DownloadError("another process is downloading this item right now") from None


@dataclass(frozen=True)
class _Attempt:
    """Outcome of one GET: finished, or why to try again."""

    done: bool
    reason: str = ""
    wait_hint: float | None = None
    dropped: bool = False
    expired: bool = False
    restarted: bool = False


async def download_media(
    client: httpx.AsyncClient,
    fresh_url: FreshUrl,
    part_path: Path,
    *,
    policy: RetryPolicy,
    expected_size: int | None = None,
    on_bytes: OnBytes | None = None,
    limiter: TokenBucket | None = None,
) -> Downloaded:
    """Download to ``part_path`` until complete and verified, or raise :class:`DownloadError`.

    ``client`` must carry no credentials: the URL points at the storage host.
    ``fresh_url`` asks the API for a new pre-signed URL (called before the first
    request, and on expiry). ``expected_size`` is the size the listing gave; it lets a
    part left complete by a killed run be finished without asking for a URL.
    ``limiter`` paces the bytes received (``--bwlimit``).
    """
    # Re-hashing what an earlier run left can take a while: keep it off the event loop.
    part = await asyncio.to_thread(PartFile, part_path)
    with part:
        complete = _already_complete(part, read_announced(part_path), expected_size)
        # Counted after the check: a part it threw away adds nothing to the progress.
        if on_bytes is not None and part.size:
            on_bytes(part.size)
        if complete:
            return Downloaded(part_path, part.size, part.sha256)
        url = await fresh_url()
        failures = 0
        while True:
            before = part.size
            try:
                attempt = await _fetch_once(client, url, part, policy, on_bytes, limiter)
            except httpx.TransportError as exc:
                if not policy.retryable_error(exc, idempotent=True):
                    raise DownloadError(describe_transport_error(httpx.URL(url), exc)) from None
                attempt = _Attempt(False, f"connection lost: {type(exc).__name__}", dropped=True)
            finally:
                part.flush()
            if attempt.done:
                return Downloaded(part_path, part.size, part.sha256)
            if attempt.restarted:
                continue  # the part was dropped; a plain GET follows at once
            if attempt.expired:
                url = await fresh_url()
            # A drop after progress is not held against the item: long files on a
            # flaky link still finish. Every other failure counts toward the limit.
            progressed = attempt.dropped and part.size > before
            failures = 1 if progressed else failures + 1
            if failures >= policy.attempts:
                raise DownloadError(f"gave up after {failures} attempts: {attempt.reason}")
            await asyncio.sleep(policy.delay(failures, attempt.wait_hint))


def _already_complete(
    part: PartFile, announced: Announced | None, expected_size: int | None
) -> bool:
    """True when the part holds the whole object and passes the checks a download gets.

    The media host's own announcement wins over the listing's size. A part longer than
    the object, or one whose MD5 differs from the announced one, is thrown away here so
    that the download starts cleanly instead of meeting a 416.
    """
    size = announced.size if announced and announced.size is not None else expected_size
    if size is None or part.size == 0 or part.size < size:
        return False
    if part.size > size:
        part.restart()
        return False
    md5 = announced.md5 if announced else None
    if md5 is not None and part.md5 != md5:
        part.restart()
        return False
    return True


async def _fetch_once(
    client: httpx.AsyncClient,
    url: str,
    part: PartFile,
    policy: RetryPolicy,
    on_bytes: OnBytes | None,
    limiter: TokenBucket | None = None,
) -> _Attempt:
    offset = part.size
    headers = {"Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    async with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status in _EXPIRED_URL_STATUS:
            return _Attempt(False, f"storage host refused the URL ({status})", expired=True)
        if status == 416 and offset:
            # The part reaches past the object's end (the object changed, or no size was
            # known to finish it by): nothing in it can be trusted, so start over.
            part.restart()
            return _Attempt(False, "range not satisfiable", restarted=True)
        if policy.retryable_status(status, idempotent=True):
            wait = parse_retry_after(response.headers)
            return _Attempt(False, f"media host answered {status}", wait_hint=wait)
        if status not in (200, 206):
            raise DownloadError(f"media host answered {status}")
        total = _expected_total(response, offset)
        if status == 200 and offset:
            part.restart()  # the host ignored Range and sends the whole object
        etag_md5 = md5_from_etag(response.headers.get("etag"))
        # Saved before any byte is appended: whenever the part has data, the next run
        # knows what complete looks like for it.
        save_announced(part.path, Announced(total, etag_md5))
        batch = bytearray()
        try:
            async for chunk in response.aiter_raw():
                batch += chunk
                if on_bytes is not None:
                    on_bytes(len(chunk))
                if limiter is not None:
                    # Not reading is what slows the sender: TCP flow control does the rest.
                    await limiter.take(len(chunk))
                if len(batch) >= _WRITE_BATCH:
                    full, batch = batch, bytearray()
                    await part.append_in_thread(full)
        finally:
            # Bytes received before a drop are kept: the retry resumes after them.
            await part.append_in_thread(batch)
    return _check(part, total, etag_md5)


def _expected_total(response: httpx.Response, offset: int) -> int | None:
    """Full object size from Content-Range (206) or Content-Length (200)."""
    if response.status_code == 206:
        match = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
        if not match or int(match.group(1)) != offset:
            raise DownloadError("media host sent a range that does not continue the partial file")
        return None if match.group(3) == "*" else int(match.group(3))
    length = response.headers.get("content-length")
    return int(length) if length and length.isdigit() else None


def _check(part: PartFile, total: int | None, etag_md5: str | None) -> _Attempt:
    if total is not None and part.size < total:
        return _Attempt(False, f"body ended at {part.size} of {total} bytes", dropped=True)
    if total is not None and part.size > total:
        part.restart()
        return _Attempt(False, f"received more bytes than the {total} announced")
    if etag_md5 is not None and part.md5 != etag_md5:
        part.restart()
        return _Attempt(False, "content does not match the MD5 in the ETag")
    return _Attempt(True)
