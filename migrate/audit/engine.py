"""Run an audit: walk, pre-filter, scan in parallel, and assemble the report.

The main process only walks the tree; chunks of paths go to a process pool while the
walk goes on, and each worker reads, pre-filters and scans its files. Small trees are
scanned in-process: starting workers costs more than it saves there.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from functools import partial
from itertools import chain, islice
from pathlib import Path

from migrate import __version__, clock
from migrate.audit.discovery import discover
from migrate.audit.docs_links import DOCS_BASE_URL
from migrate.audit.filetypes import classify
from migrate.audit.findings import AuditReport, FileResult, Finding
from migrate.audit.rules import get_rule
from migrate.audit.summary import Tally, summarize
from migrate.audit.worker import BatchResult, FileTask, scan_files
from migrate.errors import ConfigError
from migrate.settings import load_settings

BATCH_SIZE = 64
# A tree of fewer batches than this is scanned in-process: starting workers would cost
# more than it saves.
PARALLEL_BATCHES = 4


def run_audit(
    root: Path,
    *,
    cutoff: dt.date,
    jobs: int | None = None,
    use_gitignore: bool = True,
    today: dt.date | None = None,
    docs_base_url: str = DOCS_BASE_URL,
) -> AuditReport:
    """Audit the tree (or single file) at ``root``; raises ConfigError if it does not exist."""
    if not root.exists():
        raise ConfigError(f"no such file or directory: {root}")
    tally = Tally()
    results = _scan(_files(root, use_gitignore, tally), jobs or os.cpu_count() or 1, tally)
    from migrate.audit.advice import make_finding, rule_info  # see _scan_parallel

    findings: list[Finding] = []
    for result in results:
        tally.parsed += result.parsed
        findings.extend(
            make_finding(hit, result.path, result.language, docs_base_url) for hit in result.hits
        )
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.rule_id))
    used = sorted({f.rule_id for f in findings})
    return AuditReport(
        tool_version=__version__,
        root=str(root),
        summary=summarize(findings, tally, cutoff, today or clock.today()),
        rules=[rule_info(get_rule(rule_id), docs_base_url) for rule_id in used],
        findings=findings,
    )


def _files(root: Path, use_gitignore: bool, tally: Tally) -> Iterator[FileTask]:
    for path, rel in discover(root, use_gitignore):
        kind = classify(rel)
        if kind is not None:
            tally.scanned += 1
            yield path, rel, kind


def _scan(files: Iterator[FileTask], jobs: int, tally: Tally) -> list[FileResult]:
    # Read once here, not once per batch: loading the settings costs as much as
    # pre-filtering a batch.
    scan = partial(scan_files, secrets=load_settings().secret_values())
    batches = iter(lambda: list(islice(files, BATCH_SIZE)), [])
    first = list(islice(batches, PARALLEL_BATCHES))
    if len(first) < PARALLEL_BATCHES or jobs == 1:
        outcomes: Iterable[BatchResult] = map(scan, chain(first, batches))
    else:
        if any(kind.language == "python" for batch in first for _, _, kind in batch):
            # Workers are forked: the Python scanner (LibCST) loaded here once costs
            # them nothing, where each would otherwise load it on its first module.
            importlib.import_module("migrate.audit.python_scanner")
        outcomes = _scan_parallel(scan, chain(first, batches), jobs)
    results: list[FileResult] = []
    for outcome in outcomes:
        results.extend(outcome.results)
        tally.skipped.update(outcome.skipped)
    return results


def _scan_parallel(
    scan: Callable[[list[FileTask]], BatchResult], batches: Iterator[list[FileTask]], jobs: int
) -> Iterator[BatchResult]:
    pending: set[Future[BatchResult]] = set()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in batches:
            pending.add(pool.submit(scan, batch))
            # Bound the work in flight so results never pile up in memory.
            while len(pending) > 2 * jobs:
                done, pending = wait(pending, return_when="FIRST_COMPLETED")
                yield from (future.result() for future in done)
        # The walk is over and the workers have the last batches: load the catalog the
        # report needs now, off the critical path, instead of at start-up.
        importlib.import_module("migrate.audit.advice")
        for future in pending:
            yield future.result()
