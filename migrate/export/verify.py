"""``twilio2zoom export verify DEST``: re-hash every verified item and compare with the manifest."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from migrate.errors import ConfigError
from migrate.export.destination import READ_CHUNK, Destination, open_destination, state_dir_for
from migrate.export.manifest import MANIFEST_NAME, ItemRecord, Manifest
from migrate.export.models import ItemState, VerifyProblem, VerifyReport


def verify_export(
    dest: str, *, storage_options: dict[str, str] | None = None, state_dir: str | None = None
) -> VerifyReport:
    """Check size and SHA-256 of every item the manifest lists as verified.

    An item that fails the check is marked failed in the manifest, so that the next
    ``export`` run copies it again. Raises :class:`ConfigError` when DEST has no
    manifest (nothing was exported there).
    """
    manifest_path = state_dir_for(dest, state_dir) / MANIFEST_NAME
    if not manifest_path.is_file():
        raise ConfigError(f"no export manifest for {dest} at {manifest_path}; run export first")
    destination = open_destination(dest, storage_options, state_dir)
    report = VerifyReport(dest=dest)
    with Manifest(manifest_path) as manifest:
        bad: list[ItemRecord] = []
        for record in manifest.items(ItemState.VERIFIED):
            report.checked += 1
            problem = _check(destination, record)
            if problem is None:
                report.ok += 1
                report.bytes_checked += record.bytes or 0
                continue
            report.problems.append(
                VerifyProblem(sid=record.sid, path=record.path or "", problem=problem)
            )
            bad.append(replace(record, state=ItemState.FAILED, reason=f"verify: {problem}"))
        # Marked after the scan (not while its cursor is open): no longer verified,
        # so the next export run fetches them again.
        for record in bad:
            manifest.put(record)
    return report


def _check(dest: Destination, record: ItemRecord) -> str | None:
    if not record.path or not record.sha256:
        return "manifest entry has no path or checksum"
    digest = hashlib.sha256()
    size = 0
    try:
        with dest.open_read(record.path) as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        return "missing"
    if record.bytes is not None and size != record.bytes:
        return f"size {size} differs from the {record.bytes} bytes exported"
    if digest.hexdigest() != record.sha256:
        return "SHA-256 differs from the one recorded at export"
    return None
