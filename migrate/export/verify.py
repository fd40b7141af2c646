"""``twilio2zoom export verify DEST``: check every item the export recorded, whatever its state.

The reference is the manifest of the machine that exported. Where there is none (DEST
checked from another machine, or copied elsewhere), it is ``index.jsonl`` at DEST's
root, which lists path, bytes and SHA-256 per item. No listing, no credentials.

Every item counts: a copied one is re-hashed (files are read in chunks, so memory stays
flat whatever their size); one listed but not copied yet (a run was interrupted or
killed, or its copy failed) is reported as such; one Twilio has no media for is checked
for its record file. What a run finds is kept beside the manifest's rows, never in
them, so the next ``export`` copies the file again and the next verify checks it all
the same. Nothing is written under DEST's archive files.
"""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from migrate.errors import ConfigError
from migrate.export.destination import READ_CHUNK, Destination, open_destination, state_dir_for
from migrate.export.layout import INDEX_JSONL, UnsafeNameError, media_path, resource_json_path
from migrate.export.manifest import MANIFEST_NAME, RUN_FINISHED, ItemRecord, Manifest
from migrate.export.models import ItemState, VerifyReport, VerifySource

_SHA256_HEX = frozenset("0123456789abcdef")


def verify_export(
    dest: str, *, storage_options: dict[str, str] | None = None, state_dir: str | None = None
) -> VerifyReport:
    """Check every item recorded for the export at ``dest``; see the module docstring.

    Raises :class:`ConfigError` when DEST has neither a manifest nor an index (nothing
    was exported there).
    """
    manifest_path = state_dir_for(dest, state_dir) / MANIFEST_NAME
    if manifest_path.is_file():
        destination = open_destination(dest, storage_options, state_dir, read_only=True)
        report = VerifyReport(
            dest=dest, source=VerifySource.MANIFEST, source_path=str(manifest_path)
        )
        with Manifest(manifest_path) as manifest:
            last = manifest.last_export()
            report.export_finished = None if last is None else last == RUN_FINISHED
            for record in manifest.items():
                problem = _check_entry(destination, _Entry.of(record), report)
                if record.state is ItemState.VERIFIED:
                    # The next export copies it again; a later verify still checks it.
                    manifest.set_finding(record.sid, problem)
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


@dataclass(frozen=True)
class _Entry:
    """What verification needs of one item, from the manifest or from the index."""

    sid: str
    room_sid: str | None
    state: str
    reason: str | None
    bytes: int | None
    sha256: str | None
    path: str | None

    @classmethod
    def of(cls, record: ItemRecord) -> _Entry:
        return cls(
            record.sid,
            record.room_sid,
            str(record.state),
            record.reason,
            record.bytes,
            record.sha256,
            record.path,
        )


class _IndexEntry(BaseModel):
    """The fields of an ``index.jsonl`` line that verification needs (the rest is ignored)."""

    sid: str
    room_sid: str | None = None
    state: str
    reason: str | None = None
    bytes: int | None = None
    sha256: str | None = None
    path: str | None = None


def _verify_index_line(dest: Destination, number: int, line: bytes, report: VerifyReport) -> None:
    try:
        raw = _IndexEntry.model_validate_json(line)
    except ValidationError:
        report.listed += 1
        report.invalid += 1
        report.add_problem(f"line {number}", INDEX_JSONL, "unreadable index entry")
        return
    entry = _Entry(raw.sid, raw.room_sid, raw.state, raw.reason, raw.bytes, raw.sha256, raw.path)
    if _was_copied(entry):
        # The index is only as trustworthy as DEST: read a path only where the export
        # puts this item, so an edited index cannot point verification outside it.
        unsafe = _unsafe_index_path(entry)
        if unsafe is not None:
            report.listed += 1
            report.invalid += 1
            report.add_problem(entry.sid, entry.path, unsafe)
            return
    _check_entry(dest, entry, report)


def _was_copied(entry: _Entry) -> bool:
    """A file was published for it (a failed one only if a path and checksum were kept)."""
    if entry.state == ItemState.VERIFIED:
        return True
    return entry.state == ItemState.FAILED and bool(entry.path and entry.sha256)


def _check_entry(dest: Destination, entry: _Entry, report: VerifyReport) -> str | None:
    """Count one item in ``report``; return what is wrong with its file, if it was copied."""
    report.listed += 1
    if _was_copied(entry):
        report.copied += 1
        report.checked += 1
        problem = _check_file(dest, entry.path, entry.bytes, entry.sha256)
        if problem is None:
            report.ok += 1
            report.bytes_checked += entry.bytes or 0
        elif problem == _MISSING:
            report.missing += 1
        else:
            report.mismatched += 1
        if problem is not None:
            report.add_problem(entry.sid, entry.path, problem)
        return problem
    if entry.state == ItemState.NOT_COMPLETED:
        report.no_media += 1
        record = _record_path(entry)
        if record is None or not _exists(dest, record):
            report.add_problem(entry.sid, record, "missing (the record of an item without media)")
        return None
    if entry.state in (ItemState.PENDING, ItemState.FAILED):
        report.not_copied += 1
        why = "listed but not copied yet" if entry.state == ItemState.PENDING else "copy failed"
        detail = f": {entry.reason}" if entry.reason else ""
        report.add_problem(entry.sid, entry.path, f"{why}{detail}")
        return None
    report.invalid += 1
    report.add_problem(entry.sid, entry.path, f"unknown state {entry.state!r}")
    return None


def _record_path(entry: _Entry) -> str | None:
    if not entry.room_sid:
        return None
    try:
        return resource_json_path(entry.room_sid, entry.sid)
    except UnsafeNameError:
        return None


def _unsafe_index_path(entry: _Entry) -> str | None:
    """Why ``entry.path`` is not where the export puts this item, or None when it is."""
    if not entry.path or not entry.room_sid:
        return "index entry has no path"
    try:
        expected = media_path(entry.room_sid, entry.sid, entry.path.rpartition(".")[2])
    except UnsafeNameError:
        expected = None
    if expected != entry.path:
        return "index path is not where the export puts this item"
    return None


_MISSING = "missing"


def _exists(dest: Destination, path: str) -> bool:
    try:
        with dest.open_read(path):
            return True
    except FileNotFoundError:
        return False


def _check_file(
    dest: Destination, path: str | None, size: int | None, sha256: str | None
) -> str | None:
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
        return _MISSING
    if found != size:
        return f"size {found} differs from the {size} bytes exported"
    if digest.hexdigest() != sha256:
        return "SHA-256 differs from the one recorded at export"
    return None
