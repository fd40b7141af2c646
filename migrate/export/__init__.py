"""Bulk export of a Twilio Video archive: recordings, compositions and room metadata.

Copies are verified (Content-Length, MD5 ETag, SHA-256), resumable (SQLite manifest)
and land under their final names only when complete. See docs/export.md.
"""

from migrate.export.estimate import estimate_export
from migrate.export.models import (
    DEFAULT_CONCURRENCY,
    DryRunReport,
    EstimateBound,
    ExportOptions,
    ExportSummary,
    VerifyReport,
    VerifySource,
    What,
)
from migrate.export.pipeline import run_export
from migrate.export.verify import verify_export

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DryRunReport",
    "EstimateBound",
    "ExportOptions",
    "ExportSummary",
    "VerifyReport",
    "VerifySource",
    "What",
    "estimate_export",
    "run_export",
    "verify_export",
]
