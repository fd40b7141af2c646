"""Run an audit: walk, pre-filter, scan in parallel, and assemble the report.

The main process streams the tree (reading each file once and keeping only those that
pass the pre-filter); candidates go to a process pool in chunks while the walk goes on.
Small trees are scanned in-process: starting workers costs more than it saves there.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from pathlib import Path

from migrate import __version__
from migrate.audit.advice import DOCS_BASE_URL, make_finding, rule_info
from migrate.audit.discovery import discover
from migrate.audit.filetypes import classify
from migrate.audit.findings import AuditReport, FileResult, Finding
from migrate.audit.prefilter import mentions_twilio, skip_reason
from migrate.audit.rules import get_rule
from migrate.audit.summary import Tally, summarize
from migrate.audit.worker import Candidate, scan_batch
from migrate.errors import ConfigError

CHUNK_SIZE = 16
# Below this many candidates everything runs in-process.
PARALLEL_THRESHOLD = 2 * CHUNK_SIZE


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
    results = _scan(_candidates(root, use_gitignore, tally), jobs or os.cpu_count() or 1)
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
        summary=summarize(findings, tally, cutoff, today or dt.date.today()),
        rules=[rule_info(get_rule(rule_id), docs_base_url) for rule_id in used],
        findings=findings,
    )


def _candidates(root: Path, use_gitignore: bool, tally: Tally) -> Iterator[Candidate]:
    for path, rel in discover(root, use_gitignore):
        kind = classify(rel)
        if kind is None:
            continue
        tally.scanned += 1
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            tally.skipped["unreadable"] += 1
            continue
        if not mentions_twilio(data):
            continue
        reason = skip_reason(data, rel.rsplit("/", 1)[-1])
        if reason is not None:
            tally.skipped[reason] += 1
            continue
        yield rel, kind, data


def _scan(candidates: Iterator[Candidate], jobs: int) -> list[FileResult]:
    first: list[Candidate] = []
    for candidate in candidates:
        first.append(candidate)
        if len(first) >= PARALLEL_THRESHOLD and jobs > 1:
            return _scan_parallel(first, candidates, jobs)
    return scan_batch(first)


def _scan_parallel(
    first: list[Candidate], rest: Iterator[Candidate], jobs: int
) -> list[FileResult]:
    results: list[FileResult] = []
    pending: set[Future[list[FileResult]]] = set()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        batch = first
        for candidate in rest:
            if len(batch) >= CHUNK_SIZE:
                pending.add(pool.submit(scan_batch, batch))
                batch = []
                # Bound the work in flight so file contents never pile up in memory.
                while len(pending) > 2 * jobs:
                    done, pending = wait(pending, return_when="FIRST_COMPLETED")
                    results.extend(r for future in done for r in future.result())
            batch.append(candidate)
        if batch:
            pending.add(pool.submit(scan_batch, batch))
        for future in pending:
            results.extend(future.result())
    return results
