"""``twilio2zoom export verify DEST``: re-hash every verified item and compare.

The reference is the manifest of the machine that exported. Where there is none (DEST
checked from another machine, or copied elsewhere), it is ``index.jsonl`` at DEST's
root, which lists path, bytes and SHA-256 per item. Files are read in chunks, so memory
stays flat whatever their size.
"""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from dataclasses import replace

from pydantic import BaseModel, ValidationError

from migrate.errors import ConfigError
from migrate.export.destination import READ_CHUNK, Destination, open_destination, state_dir_for
from migrate.export.layout import INDEX_JSONL, UnsafeNameError, media_path
from migrate.export.manifest import MANIFEST_NAME, ItemRecord, Manifest
from migrate.export.models import ItemState, VerifyProblem, VerifyReport, VerifySource

_SHA256_HEX = frozenset("0123456789abcdef")


def verify_export(
    dest: str, *, storage_options: dict[str, str] | None = None, state_dir: str | None = None
) -> VerifyReport:
    """Check size and SHA-256 of every verified item of the export at ``dest``.

    With a manifest, an item that fails the check is marked failed in it, so that the
    next ``export`` run copies it again. Without one, ``DEST/index.jsonl`` is the
    reference and nothing is written anywhere. Raises :class:`ConfigError` when DEST
    has neither (nothing was exported there).
    """
    manifest_path = state_dir_for(dest, state_dir) / MANIFEST_NAME
    if manifest_path.is_file():
        destination = open_destination(dest, storage_options, state_dir)
        report = VerifyReport(
            dest=dest, source=VerifySource.MANIFEST, source_path=str(manifest_path)
        )
        with Manifest(manifest_path) as manifest:
            _verify_manifest(destination, manifest, report)
        return report
    destination = open_destination(dest, storage_options, state_dir, read_only=True)
    report = VerifyReport(
        dest=dest, source=VerifySource.INDEX, source_path=f"{dest.rstrip('/')}/{INDEX_JSONL}"
    )
    with ExitStack() as stack:
        try:
            index = stack.enter_context(destination.open_read(INDEX_JSONL))
        except FileNotFoundError:
            raise ConfigError(
                f"no export manifest for {dest} at {manifest_path}, and no {INDEX_JSONL} "
                "in DEST; run export first"
            ) from None
        for number, line in enumerate(index, start=1):
            if line.strip():
                _verify_index_line(destination, number, line, report)
    return report


def _verify_manifest(dest: Destination, manifest: Manifest, report: VerifyReport) -> None:
    bad: list[ItemRecord] = []
    for record in manifest.items(ItemState.VERIFIED):
        problem = _check(dest, record.path, record.bytes, record.sha256)
        _count(report, record.sid, record.path, record.bytes, problem)
        if problem is not None:
            bad.append(replace(record, state=ItemState.FAILED, reason=f"verify: {problem}"))
    # Marked after the scan (not while its cursor is open): no longer verified, so the
    # next export run fetches them again.
    for record in bad:
        manifest.put(record)


class _IndexEntry(BaseModel):
    """The fields of an ``index.jsonl`` line that verification needs (the rest is ignored)."""

    sid: str
    room_sid: str | None = None
    state: str
    bytes: int | None = None
    sha256: str | None = None
    path: str | None = None


def _verify_index_line(dest: Destination, number: int, line: bytes, report: VerifyReport) -> None:
    try:
        entry = _IndexEntry.model_validate_json(line)
    except ValidationError:
        _count(report, f"line {number}", INDEX_JSONL, None, "unreadable index entry")
        return
    if entry.state != ItemState.VERIFIED:
        return  # no media (not completed) or not copied (failed): nothing to re-hash
    problem = _unsafe_index_path(entry)
    if problem is None:
        problem = _check(dest, entry.path, entry.bytes, entry.sha256)
    _count(report, entry.sid, entry.path, entry.bytes, problem)


def _unsafe_index_path(entry: _IndexEntry) -> str | None:
    """Why ``entry.path`` is not where the export puts this item, or None when it is.

    The index is only as trustworthy as DEST; a path is read only when it is exactly
    the SID-built ``<room SID>/<SID>.<ext>``, so an edited index cannot point
    verification at files outside the export.
    """
    if not entry.path or not entry.room_sid:
        return "index entry has no path"
    try:
        expected = media_path(entry.room_sid, entry.sid, entry.path.rpartition(".")[2])
    except UnsafeNameError:
        expected = None
    if expected != entry.path:
        return "index path is not where the export puts this item"
    return None


def _count(
    report: VerifyReport, sid: str, path: str | None, size: int | None, problem: str | None
) -> None:
    report.checked += 1
    if problem is None:
        report.ok += 1
        report.bytes_checked += size or 0
    else:
        report.problems.append(VerifyProblem(sid=sid, path=path or "", problem=problem))


def _check(dest: Destination, path: str | None, size: int | None, sha256: str | None) -> str | None:
    if not path or size is None or not sha256:
        return "no path, size or checksum recorded"
    if len(sha256) != 64 or not set(sha256) <= _SHA256_HEX:
        return "recorded checksum is not a SHA-256"
    digest = hashlib.sha256()
    found = 0
    try:
        with dest.open_read(path) as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
                found += len(chunk)
    except FileNotFoundError:
        return "missing"
    if found != size:
        return f"size {found} differs from the {size} bytes exported"
    if digest.hexdigest() != sha256:
        return "SHA-256 differs from the one recorded at export"
    return None
