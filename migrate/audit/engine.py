"""Run an audit: walk, pre-filter, scan in parallel, and assemble the report.

The main process only walks the tree; chunks of paths go to a process pool while the
walk goes on, and each worker reads, pre-filters and scans its files. A Python file is
scanned as soon as it is read, with a probe standing in for the project index (which
module hands out which twilio client); once the first pass has read every file and the
index is built, the second pass scans again only the files whose result the index can
change. Small trees are scanned in-process: starting workers costs more than it saves.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from functools import partial
from itertools import chain, islice
from pathlib import Path

from codemods.project_index import ProjectIndex
from migrate import __version__, clock
from migrate.audit.discovery import discover
from migrate.audit.docs_links import DOCS_BASE_URL
from migrate.audit.filetypes import classify
from migrate.audit.findings import AuditReport, FileResult, Finding
from migrate.audit.rules import get_rule
from migrate.audit.summary import Tally, summarize
from migrate.audit.worker import (
    BatchResult,
    FileTask,
    Provisional,
    scan_files,
    scan_python_files,
)
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
    from migrate.audit.advice import make_finding, rule_info  # see _scan

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
    secrets = load_settings().secret_values()
    batches = iter(lambda: list(islice(files, BATCH_SIZE)), [])
    first = list(islice(batches, PARALLEL_BATCHES))
    with ExitStack() as stack:
        pool: ProcessPoolExecutor | None = None
        if len(first) >= PARALLEL_BATCHES and jobs > 1:
            if any(kind.language == "python" for batch in first for _, _, kind in batch):
                # Workers are forked: the Python scanner (LibCST) loaded here once costs
                # them nothing, where each would otherwise load it on its first module.
                importlib.import_module("migrate.audit.python_scanner")
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs))
        # First pass: everything is scanned but the Python files that may use a client
        # another module hands out, and those the gate lets through are scanned with a
        # probe in place of the project index, which needs every file read first.
        results: list[FileResult] = []
        python: list[FileTask] = []
        provisional: list[Provisional] = []
        facts = []
        scan = partial(scan_files, secrets=secrets)
        for outcome in _map(pool, jobs, scan, chain(first, batches)):
            _gather(outcome, results, tally)
            python.extend(outcome.python)
            provisional.extend(outcome.provisional)
            facts.extend(outcome.facts)
        index = ProjectIndex.from_facts(facts)
        # Second pass: Python with the index. A provisional scan stands unless the index
        # knows a name it asked; the modules that build the clients others import come
        # last, once the importers said which of them serve Video.
        defining = index.defining_files
        again: list[FileTask] = []
        held: list[Provisional] = []
        for scanned in provisional:
            if scanned.task[1] in defining:
                held.append(scanned)
            elif index.answers_any(scanned.task[1], scanned.asked):
                again.append(scanned.task)
            else:
                results.append(scanned.result)
        passed = frozenset(task[1] for task in again) | {p.task[1] for p in held}
        late = [task for task in python if task[1] in defining]
        used: set[tuple[str, str]] = set()
        early = _chunks([t for t in python if t[1] not in defining] + again, jobs)
        step = partial(scan_python_files, index=index, served={}, secrets=secrets, gated=passed)
        for outcome in _map(pool, jobs, step, early):
            _gather(outcome, results, tally)
            used |= outcome.used
        served: dict[str, set[str]] = {}
        for module, path in used:
            served.setdefault(index.files.get(module, ""), set()).add(path)
        for module, paths in index.served.items():
            served.setdefault(index.files.get(module, ""), set()).update(paths)
        for scanned in held:
            rel = scanned.task[1]
            if rel in served or index.answers_any(rel, scanned.asked):
                late.append(scanned.task)
            else:
                results.append(scanned.result)
        step = partial(
            scan_python_files,
            index=index,
            served={k: frozenset(v) for k, v in served.items()},
            secrets=secrets,
            gated=passed,
        )
        for outcome in _map(pool, jobs, step, _chunks(late, jobs)):
            _gather(outcome, results, tally)
        # The workers are done: the catalog the report needs loads now rather than at
        # start-up (with a pool, while the last modules were scanned).
        importlib.import_module("migrate.audit.advice")
    return results


def _chunks(tasks: list[FileTask], jobs: int) -> Iterator[list[FileTask]]:
    # Every file here is parsed: batches small enough that each worker gets several.
    size = max(1, min(BATCH_SIZE, -(-len(tasks) // (4 * jobs))))
    for start in range(0, len(tasks), size):
        yield tasks[start : start + size]


def _gather(outcome: BatchResult, results: list[FileResult], tally: Tally) -> None:
    results.extend(outcome.results)
    tally.skipped.update(outcome.skipped)


def _map(
    pool: ProcessPoolExecutor | None,
    jobs: int,
    work: Callable[[list[FileTask]], BatchResult],
    batches: Iterator[list[FileTask]],
) -> Iterator[BatchResult]:
    if pool is None:
        yield from map(work, batches)
        return
    pending: set[Future[BatchResult]] = set()
    for batch in batches:
        pending.add(pool.submit(work, batch))
        # Bound the work in flight so results never pile up in memory.
        while len(pending) > 2 * jobs:
            done, pending = wait(pending, return_when="FIRST_COMPLETED")
            yield from (future.result() for future in done)
    for future in pending:
        yield future.result()
