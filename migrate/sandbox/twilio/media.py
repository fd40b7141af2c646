"""The media (storage) origin: pre-signed URLs serving generated recording/composition bytes.

It stands in for the S3 bucket that Twilio's ``/Media`` redirects point at
(https://www.twilio.com/docs/video/api/recordings-resource): URLs carry an expiry and an
HMAC signature (403 when expired or tampered), a request that also carries
``Authorization`` is refused with 400 as S3 does, and bodies support ``Range``. Bytes are
generated from the item on the fly in 1 MiB chunks: a real Matroska (or MP4/WebM) header,
then deterministic padding, never a whole file in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from migrate.sandbox.faults import BodyFaults, FaultConfig
from migrate.sandbox.matroska import Kind, file_prefix

from .models import Composition, Recording, TwilioState

CHUNK_SIZE = 1 << 20
# One seeded block of noise; an item's padding is this block read from an item-specific
# offset, so bytes are deterministic per item and cost a slice to produce.
_BLOCK = random.Random(0x7E11).randbytes(CHUNK_SIZE)
_DOUBLE_BLOCK = _BLOCK + _BLOCK

RECORDING_TYPES = {"audio": "audio/x-matroska", "video": "video/x-matroska"}
COMPOSITION_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
Bucket = Literal["recordings", "compositions"]


@dataclass(frozen=True)
class MediaObject:
    """The bytes of one recording or composition, described rather than stored."""

    sid: str
    filename: str
    size: int
    content_type: str
    prefix: bytes

    @property
    def _shift(self) -> int:
        digest = hashlib.blake2b(self.sid.encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") % CHUNK_SIZE

    def read(self, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Bytes ``start`` up to ``end`` (exclusive) in chunks of at most 1 MiB."""
        end = self.size if end is None else min(end, self.size)
        head = len(self.prefix)
        shift = self._shift
        position = start
        while position < end:
            if position < head:
                chunk = self.prefix[position : min(head, end)]
            else:
                offset = (position - head + shift) % CHUNK_SIZE
                chunk = _DOUBLE_BLOCK[offset : offset + min(CHUNK_SIZE, end - position)]
            position += len(chunk)
            yield chunk

    def md5(self) -> str:
        """Hex MD5 of the whole body (what S3 puts in a single-part ETag)."""
        digest = hashlib.md5(usedforsecurity=False)
        for chunk in self.read():
            digest.update(chunk)
        return digest.hexdigest()


def recording_object(r: Recording) -> MediaObject:
    """The Matroska file of a recording (``.mka`` audio, ``.mkv`` video)."""
    kind: Kind = "video" if r.kind == "video" else "audio"
    prefix = file_prefix(
        size=r.size, kind=kind, codec=r.codec, title=r.sid, duration_seconds=float(r.duration)
    )
    return MediaObject(
        r.sid, f"{r.sid}.{r.container_format}", r.size, RECORDING_TYPES[kind], prefix
    )


def _mp4_prefix(size: int) -> bytes:
    ftyp = struct.pack(">I4s4sI8s", 24, b"ftyp", b"isom", 0x200, b"isomiso2")
    remaining = size - len(ftyp)
    if remaining < 1 << 32:
        mdat = struct.pack(">I4s", remaining, b"mdat")
    else:
        mdat = struct.pack(">I4sQ", 1, b"mdat", remaining)
    return (ftyp + mdat)[:size]


def composition_object(c: Composition) -> MediaObject:
    """The playable-looking file of a composition (MP4 boxes or a WebM header)."""
    if c.format == "webm":
        prefix = file_prefix(
            size=c.size,
            kind="video",
            codec="VP8",
            title=c.sid,
            duration_seconds=float(c.duration),
            doc_type="webm",
        )
    else:
        prefix = _mp4_prefix(c.size)
    return MediaObject(c.sid, f"{c.sid}.{c.format}", c.size, COMPOSITION_TYPES[c.format], prefix)


class MediaSigner:
    """Pre-signs media URLs: ``Expires`` (unix time) and an HMAC-SHA256 ``Signature``."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _signature(self, path: str, expires: str, disposition: str) -> str:
        message = f"{path}\n{expires}\n{disposition}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def url(self, base: str, bucket: Bucket, filename: str, ttl: int, disposition: str) -> str:
        """A URL valid for ``ttl`` seconds from now."""
        path = f"/{bucket}/{quote(filename)}"
        expires = str(int(time.time()) + ttl)
        query = {
            "Expires": expires,
            "response-content-disposition": disposition,
            "Signature": self._signature(path, expires, disposition),
        }
        return f"{base}{path}?{urlencode(query, quote_via=quote)}"

    def check(self, path: str, query: dict[str, str]) -> str | None:
        """None when the URL is intact and unexpired, else the reason to refuse it."""
        expires = query.get("Expires", "")
        disposition = query.get("response-content-disposition", "")
        expected = self._signature(path, expires, disposition)
        if not hmac.compare_digest(expected, query.get("Signature", "")):
            return "SignatureDoesNotMatch"
        if not expires.isdigit() or int(expires) < time.time():
            return "AccessDenied"
        return None


def _s3_error(status: int, code: str, message: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    )
    return Response(body, status, media_type="application/xml")


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def parse_range(header: str | None, size: int) -> tuple[int, int] | Literal[False] | None:
    """``(start, end_exclusive)`` for a single byte range; None = whole body; False = 416."""
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None or match.groups() == ("", ""):
        return None  # unsupported syntax (e.g. several ranges): RFC 9110 allows a full 200
    first, last = match.groups()
    if first == "":
        length = int(last)
        return (max(size - length, 0), size) if length > 0 and size > 0 else False
    start = int(first)
    end = size if last == "" else min(int(last) + 1, size)
    if start >= size or end <= start:
        return False
    return start, end


class MediaOrigin:
    """The storage host's app: looks items up in ``state`` and streams their bytes."""

    def __init__(
        self,
        state: Callable[[], TwilioState],
        signer: MediaSigner,
        faults: Callable[[], FaultConfig],
    ) -> None:
        self._state = state
        self._signer = signer
        self._faults = faults
        self._md5: dict[tuple[str, int], str] = {}
        self.app = Starlette(
            routes=[Route("/{bucket}/{filename}", self.serve, methods=["GET", "HEAD"])]
        )

    def forget(self) -> None:
        """Drop cached MD5s (after a state reset)."""
        self._md5.clear()

    def _lookup(self, bucket: str, filename: str) -> MediaObject | None:
        sid = filename.partition(".")[0]
        state = self._state()
        with state.lock:
            if bucket == "recordings":
                recording = state.recordings.get(sid)
                if recording and recording.status == "completed":
                    return recording_object(recording)
            if bucket == "compositions":
                composition = state.compositions.get(sid)
                if composition and composition.status == "completed":
                    return composition_object(composition)
        return None

    async def _etag(self, item: MediaObject) -> str:
        key = (item.sid, item.size)
        if key not in self._md5:
            self._md5[key] = await run_in_threadpool(item.md5)
        return f'"{self._md5[key]}"'

    async def serve(self, request: Request) -> Response:
        """GET/HEAD one object by its pre-signed URL."""
        if "authorization" in request.headers:
            return _s3_error(
                400,
                "InvalidArgument",
                "Only one auth mechanism allowed; only the "
                "X-Amz-Algorithm query parameter, Signature query string parameter or the "
                "Authorization header should be specified",
            )
        refusal = self._signer.check(request.url.path, dict(request.query_params))
        if refusal == "AccessDenied":
            return _s3_error(403, refusal, "Request has expired")
        if refusal is not None:
            return _s3_error(403, refusal, "The request signature we calculated does not match")
        item = self._lookup(request.path_params["bucket"], request.path_params["filename"])
        if item is None:
            return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
        span = parse_range(request.headers.get("range"), item.size)
        if span is False:
            return Response(
                status_code=416,
                headers={"Content-Range": f"bytes */{item.size}", "Accept-Ranges": "bytes"},
            )
        start, end = span or (0, item.size)
        headers = {
            "Content-Length": str(end - start),
            "ETag": await self._etag(item),
            "Accept-Ranges": "bytes",
            "Content-Disposition": request.query_params.get("response-content-disposition")
            or f'attachment; filename="{item.filename}"',
        }
        if span:
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{item.size}"
        status = 206 if span else 200
        if request.method == "HEAD":
            return Response(status_code=status, headers=headers, media_type=item.content_type)
        shaping = BodyFaults.decide(self._faults(), "media", request.url.path, end - start)
        return StreamingResponse(
            shaping.apply(item.read(start, end)),
            status_code=status,
            headers=headers,
            media_type=item.content_type,
        )
