"""Options, item states and the reports of an export and of ``export verify``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from migrate.cutoff import CutoffFields, CutoffVerdict

# Chosen from benchmarks/export_bench.py (see docs/export.md, "Sizing").
DEFAULT_CONCURRENCY = 32
# Items per Dask task: enough to keep a worker's connections busy between tasks, few
# enough that a task lost with its worker costs little to redo.
DEFAULT_BATCH_ITEMS = 64


class What(StrEnum):
    """The kinds of things an export copies (``--what``)."""

    RECORDINGS = "recordings"
    COMPOSITIONS = "compositions"
    METADATA = "metadata"


class ItemState(StrEnum):
    """State of one recording or composition in the manifest."""

    VERIFIED = "verified"
    NOT_COMPLETED = "not_completed"
    FAILED = "failed"
    PENDING = "pending"  # listed by a run that ended (or was killed) before copying it


class ExportOptions(BaseModel):
    """What to copy and how; the CLI options of ``twilio2zoom export``."""

    model_config = ConfigDict(frozen=True)

    created_after: dt.datetime | None = None
    created_before: dt.datetime | None = None
    rooms: tuple[str, ...] = ()
    what: frozenset[What] = frozenset(What)
    concurrency: int = Field(DEFAULT_CONCURRENCY, ge=1, le=256)
    storage_options: dict[str, str] = Field(default_factory=dict)
    state_dir: str | None = None
    show_progress: bool = True
    # Bytes per second per process (per Dask worker); None is no limit.
    bwlimit: int | None = Field(None, ge=1)
    # Dask: an existing scheduler's address, or the size of a local cluster (not both).
    scheduler: str | None = None
    workers: int | None = Field(None, ge=1, le=256)
    batch_items: int = Field(DEFAULT_BATCH_ITEMS, ge=1, le=10_000)

    @model_validator(mode="after")
    def _one_cluster(self) -> ExportOptions:
        if self.scheduler and self.workers:
            raise ValueError("--scheduler and --workers exclude each other")
        return self

    @property
    def on_dask(self) -> bool:
        """True when the copy runs on a Dask cluster."""
        return bool(self.scheduler or self.workers)


class FailedItem(BaseModel):
    """An item that could not be copied, and why."""

    sid: str
    reason: str


class WorkerTotals(BaseModel):
    """What one Dask worker finished: items handled, bytes copied, items failed."""

    items: int = 0
    bytes: int = 0
    failed: int = 0


class ExportSummary(CutoffFields):
    """Totals of one export run."""

    dest: str
    copied: int = 0
    skipped_verified: int = 0
    not_completed: int = 0
    failed: int = 0
    rooms: int = 0
    bytes_copied: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    failures: list[FailedItem] = Field(default_factory=list)
    # Per worker address, only for a run on Dask (absent from the JSON otherwise).
    workers: dict[str, WorkerTotals] | None = Field(None, exclude_if=lambda v: v is None)

    @property
    def exit_code(self) -> int:
        """0 when everything listed is copied or legitimately has no media; 1 otherwise."""
        return 1 if self.failed or self.interrupted else 0


class VerifyProblem(BaseModel):
    """One item the archive should hold but does not, intact."""

    sid: str
    path: str
    problem: str


class VerifySource(StrEnum):
    """What ``export verify`` compared the files with."""

    MANIFEST = "manifest"  # the local manifest of the machine that exported
    INDEX = "index"  # DEST's own index.jsonl, when no manifest is at hand


# Problems kept in a report; the counts cover all of them.
VERIFY_PROBLEMS_MAX = 1000


class VerifyReport(BaseModel):
    """Result of checking every item an export recorded, whatever its state.

    ``listed`` = ``copied`` + ``not_copied`` + ``no_media`` + ``invalid``;
    ``copied`` = ``ok`` + ``missing`` + ``mismatched``.
    """

    dest: str
    source: VerifySource = VerifySource.MANIFEST
    source_path: str = ""
    listed: int = 0
    copied: int = 0
    checked: int = 0  # files re-hashed: the same as ``copied``, the name older reports used
    ok: int = 0
    missing: int = 0
    mismatched: int = 0
    not_copied: int = 0
    no_media: int = 0
    invalid: int = 0
    bytes_checked: int = 0
    # None when unknown (no manifest, or one written before runs were recorded).
    export_finished: bool | None = None
    problems: list[VerifyProblem] = Field(default_factory=list)
    problems_omitted: int = 0

    @property
    def complete(self) -> bool:
        """True when every listed item is in DEST, intact, and the last run finished."""
        return not self.problems and not self.problems_omitted and self.export_finished is not False

    @property
    def exit_code(self) -> int:
        """1 when anything is missing, mismatched, not copied yet, or the run never ended."""
        return 0 if self.complete else 1

    def add_problem(self, sid: str, path: str | None, problem: str) -> None:
        """Record a problem; past :data:`VERIFY_PROBLEMS_MAX` only the count grows."""
        if len(self.problems) < VERIFY_PROBLEMS_MAX:
            self.problems.append(VerifyProblem(sid=sid, path=path or "", problem=problem))
        else:
            self.problems_omitted += 1


class EstimateBound(StrEnum):
    """Which limit sets an export's duration, as the dry run sees it."""

    CONNECTIONS = "connections"  # --concurrency x the rate one connection gets
    AGGREGATE = "aggregate"  # what many connections measured together (a shared limit)
    REQUESTS = "requests"  # Twilio's REST read quota (listing, /Media, room records)
    LISTING = "listing"  # walking the lists, as timed by the dry run
    NONE = "none"  # nothing to do


class DryRunReport(CutoffFields):
    """What an export would copy, and how long it would take (see docs/export.md)."""

    dest: str
    to_copy: int = 0
    bytes_to_copy: int = 0
    already_verified: int = 0
    not_completed: int = 0
    rooms: int = 0
    listing_seconds: float = 0.0
    per_connection_bytes_per_second: float | None = None
    first_byte_seconds: float | None = None
    aggregate_bytes_per_second: float | None = None
    aggregate_connections: int = 0
    rate_bytes_per_second: float | None = None
    rate_source: str = ""
    transfer_seconds: float = 0.0
    listing_reads: int = 0
    media_reads: int = 0
    room_reads: int = 0
    api_reads: int = 0
    request_floor_seconds: float = 0.0
    estimated_seconds: float = 0.0
    bound: EstimateBound = EstimateBound.NONE
    verdict: CutoffVerdict | None = None
