"""Where finished files go: a local directory or an fsspec URL (``s3://bucket/prefix``).

Downloads are staged in a local partial folder and only land under their final name
once verified: a rename on the same filesystem for local DEST, a single upload (object
stores publish an object atomically when its upload completes) or upload-then-move for
other remote filesystems.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any, Protocol

from migrate.errors import ConfigError
from migrate.export.layout import STATE_FOLDER

# Filesystems whose single-object upload is atomic: a reader sees all or nothing.
_ATOMIC_UPLOAD_PROTOCOLS = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss"})
READ_CHUNK = 1 << 20
_S3_PART_SIZE = 8 << 20  # S3 parts: 5 MiB to 5 GiB, at most 10,000 per object
_S3_MAX_PARTS = 10_000


class Destination(Protocol):
    """The operations the exporter and ``export verify`` need from DEST."""

    url: str
    staging: Path

    async def publish_file(self, local: Path, relpath: str) -> None:
        """Move the verified local file ``local`` to ``relpath`` (removes ``local``)."""

    async def write_bytes(self, relpath: str, data: bytes) -> None:
        """Write a small file so that ``relpath`` holds either the old or the new content."""

    def open_read(self, relpath: str) -> AbstractContextManager[IO[bytes]]:
        """Context manager reading ``relpath``; raises FileNotFoundError when absent."""

    async def list_names(self, relpath: str) -> list[str]:
        """Names of the files directly in folder ``relpath``; empty when it is absent."""


def is_remote(dest: str) -> bool:
    """True for fsspec URLs other than ``file://``."""
    return "://" in dest and not dest.startswith("file://")


def state_dir_for(dest: str, override: str | None = None) -> Path:
    """The folder holding the manifest and partial downloads of ``dest``.

    Local DEST keeps it inside DEST (same filesystem, so renames are atomic); a remote
    DEST gets a folder under ``~/.twilio2zoom/state`` keyed by a hash of the URL.
    """
    if override:
        return Path(override).expanduser()
    if not is_remote(dest):
        return _local_root(dest) / STATE_FOLDER
    key = hashlib.sha256(dest.rstrip("/").encode()).hexdigest()[:24]
    return Path.home() / ".twilio2zoom" / "state" / key


def open_destination(
    dest: str,
    storage_options: dict[str, str] | None = None,
    state_dir: str | None = None,
    *,
    read_only: bool = False,
) -> Destination:
    """A :class:`Destination` for a local path or fsspec URL.

    ``read_only`` leaves the state folder alone: checking a DEST from a machine that
    never exported to it must not leave an empty state folder behind.
    """
    staging = state_dir_for(dest, state_dir) / "partial"
    if not read_only:
        staging.mkdir(parents=True, exist_ok=True)
    if not is_remote(dest):
        return LocalDestination(dest, staging)
    return FsspecDestination(dest, staging, storage_options or {})


def parse_storage_options(pairs: list[str]) -> dict[str, str]:
    """``key=value`` strings from ``--storage-option`` as a dict."""
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ConfigError(f"--storage-option expects KEY=VALUE, got {pair!r}")
        options[key.strip()] = value
    return options


def _local_root(dest: str) -> Path:
    return Path(dest.removeprefix("file://")).expanduser()


class LocalDestination:
    """DEST is a directory on this machine."""

    def __init__(self, dest: str, staging: Path) -> None:
        self.url = dest
        self.root = _local_root(dest)
        self.staging = staging

    # Local renames and small writes are quick metadata operations, done inline.
    async def publish_file(self, local: Path, relpath: str) -> None:
        """Rename into place (atomic on one filesystem)."""
        _rename_into(local, self.root / relpath)

    async def write_bytes(self, relpath: str, data: bytes) -> None:
        """Write beside the target, then rename over it."""
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        temp.write_bytes(data)
        _rename_into(temp, target)

    @contextmanager
    def open_read(self, relpath: str) -> Iterator[IO[bytes]]:
        """Open the file for reading."""
        with (self.root / relpath).open("rb") as handle:
            yield handle

    async def list_names(self, relpath: str) -> list[str]:
        """File names in the folder, sorted."""
        folder = self.root / relpath
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_file())


def _rename_into(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        source.replace(target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        # --state-dir on another filesystem: copy beside the target, then rename,
        # so the final name still appears only complete.
        temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        shutil.copyfile(source, temp)
        temp.replace(target)
        source.unlink()


class FsspecDestination:
    """DEST is an fsspec URL; blocking fsspec calls run in a worker thread."""

    def __init__(self, dest: str, staging: Path, storage_options: dict[str, str]) -> None:
        self.url = dest
        self.staging = staging
        self._fs, self._root = _filesystem(dest, storage_options)
        protocol = self._fs.protocol
        protocols = {protocol} if isinstance(protocol, str) else set(protocol)
        self._atomic_upload = bool(protocols & _ATOMIC_UPLOAD_PROTOCOLS)
        self._s3 = bool(protocols & {"s3", "s3a"})

    def _full(self, relpath: str) -> str:
        return f"{self._root.rstrip('/')}/{relpath}"

    async def publish_file(self, local: Path, relpath: str) -> None:
        """Upload the verified file; never leaves a partial object under the final key."""
        await asyncio.to_thread(self._publish_sync, local, relpath)

    def _publish_sync(self, local: Path, relpath: str) -> None:
        target = self._full(relpath)
        options = self._put_options(local.stat().st_size)
        if self._atomic_upload:
            self._fs.put_file(str(local), target, **options)
        else:
            temp = self._full(f"{STATE_FOLDER}/partial/{uuid.uuid4().hex}.part")
            self._fs.put_file(str(local), temp, **options)
            self._fs.mv(temp, target)
        local.unlink()

    def _put_options(self, size: int) -> dict[str, int]:
        # s3fs holds one part in memory per upload (by default 50 MiB, and whole files
        # under 100 MiB); small parts keep memory flat, within S3's 10,000-part limit.
        if not self._s3:
            return {}
        return {"chunksize": max(_S3_PART_SIZE, -(-size // _S3_MAX_PARTS))}

    async def write_bytes(self, relpath: str, data: bytes) -> None:
        """Upload a small file (via the staging folder, like media)."""
        temp = self.staging / f"{uuid.uuid4().hex}.tmp"
        temp.write_bytes(data)
        await self.publish_file(temp, relpath)

    @contextmanager
    def open_read(self, relpath: str) -> Iterator[IO[bytes]]:
        """Stream the object; fsspec raises FileNotFoundError when it is missing."""
        with self._fs.open(self._full(relpath), "rb", block_size=READ_CHUNK) as handle:
            yield handle

    async def list_names(self, relpath: str) -> list[str]:
        """File names under the prefix, sorted (read fresh: no cached listing)."""
        return await asyncio.to_thread(self._list_sync, relpath)

    def _list_sync(self, relpath: str) -> list[str]:
        folder = self._full(relpath)
        self._fs.invalidate_cache(folder)
        try:
            entries = self._fs.ls(folder, detail=True)
        except FileNotFoundError:
            return []
        return sorted(
            str(e["name"]).rstrip("/").rpartition("/")[2] for e in entries if e["type"] == "file"
        )


def _filesystem(dest: str, storage_options: dict[str, str]) -> tuple[Any, str]:
    import fsspec.core

    options: dict[str, Any] = dict(storage_options)
    if dest.startswith(("s3://", "s3a://")) and "endpoint_url" not in options:
        endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        if endpoint:
            options["endpoint_url"] = endpoint
    try:
        fs, root = fsspec.core.url_to_fs(dest, **options)
    except ImportError as exc:
        raise ConfigError(
            f"{dest.split('://')[0]}:// destinations need an extra package "
            f"(for S3: python -m pip install s3fs, the twilio2zoom[s3] extra): {exc}"
        ) from None
    except ValueError as exc:
        raise ConfigError(f"cannot use destination {dest!r}: {exc}") from None
    return fs, str(root)
