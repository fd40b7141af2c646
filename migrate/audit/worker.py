"""Read, pre-filter and scan files with the scanners their kind names; runs in workers.

Python files take two passes: the first reads them for the project index (which module
hands out which twilio client, ``codemods.project_index``) and scans those the gate lets
through with an :class:`~codemods.project_index.IndexProbe` in place of the index; the
second scans, with the index, the files that may import one of its exports and those whose
provisional scan asked the probe about a name the index turned out to know.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from codemods.project_index import (
    ExportKey,
    IndexProbe,
    ModuleContext,
    ModuleFacts,
    ProjectIndex,
    imports_exports,
    module_facts,
    video_use,
)
from migrate.audit.excerpt import excerpt
from migrate.audit.filetypes import FileKind
from migrate.audit.findings import FileResult, Hit
from migrate.audit.prefilter import mentions_twilio, skip_reason, worth_reading
from migrate.audit.python_gate import may_have_findings
from migrate.settings import load_settings

# (path to read, relative posix path, kind)
FileTask = tuple[str, str, FileKind]
# What the Python gate said of a module: sent on, dropped, or not asked yet.
Gate = Literal["passed", "failed", "ask"]


@dataclass(frozen=True)
class Provisional:
    """A Python file scanned before the project index existed: kept unless the index
    knows one of the names the scan ``asked`` (or the file serves other modules)."""

    task: FileTask
    result: FileResult
    asked: frozenset[str]


@dataclass
class BatchResult:
    """What one chunk of files gave: the scanned files and why others were skipped.

    After a first pass, ``python`` holds the Python files to look at again once the
    index is built, ``provisional`` the scans made without it (each with the names it
    asked the probe) and ``facts`` what the files hand out; after a scan, ``used`` holds
    the exports of other modules the scanned files use for Video.
    """

    results: list[FileResult] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    python: list[FileTask] = field(default_factory=list)
    provisional: list[Provisional] = field(default_factory=list)
    facts: list[ModuleFacts] = field(default_factory=list)
    used: set[ExportKey] = field(default_factory=set)


def scan_candidate(
    rel: str,
    kind: FileKind,
    data: bytes,
    secrets: list[str],
    path: str | None = None,
    project: ModuleContext | None = None,
    used: set[ExportKey] | None = None,
    *,
    gate: Gate = "ask",
) -> FileResult:
    """Every hit in one file, each with its redacted excerpt; never raises for bad input.

    ``path`` (where the file is on disk) lets JS/TS scanners read the nearest package.json;
    ``project`` is the Python resolver's view of the other modules (their exports used
    here for Video are added to ``used``); ``gate`` is what the Python gate said, if
    it was asked already.
    """
    hits: list[Hit] = []
    parsed = False
    for scanner in kind.scanners:
        found = _run(scanner, data, path, project, used, gate)
        if found is not None:
            # A file with a parse error counts as a parse error, not as parsed.
            parsed = parsed or all(h.rule_id != "parse-error" for h in found)
            hits.extend(found)
    if hits:
        lines = data.decode("utf-8", "replace").splitlines()
        env_file = kind.scanners == ("env",)
        hits = [
            h._replace(snippet=excerpt(lines, h.line, h.end_line, secrets, env_file)) for h in hits
        ]
    return FileResult(rel, kind.language, hits, parsed)


def scan_files(batch: list[FileTask], secrets: list[str] | None = None) -> BatchResult:
    """Read, pre-filter and scan a chunk of files (one task of the process pool).

    Reading and the byte pre-filter happen here rather than in the walking process so
    that they, too, spread over every core; most files of a large tree stop at
    :func:`mentions_twilio` and are never parsed. Python files the gate lets through are
    scanned provisionally (see the module docstring); the others come back in ``python``
    for the second pass. ``secrets`` (the
    values excerpts redact) are read from the settings when not given; the engine reads
    them once.
    """
    if secrets is None:
        secrets = load_settings().secret_values()
    out = BatchResult()
    for task in batch:
        path, rel, kind = task
        try:
            data = _read(path)
        except OSError:
            out.skipped["unreadable"] += 1
            continue
        python = kind.scanners[0] == "python"
        script = kind.scanners[0].startswith("js:")
        if not worth_reading(data, path, script=script):
            # It may still call a twilio client another module of the project hands out.
            name = rel.rsplit("/", 1)[-1]
            if python and video_use(data) and skip_reason(data, name) is None:
                out.python.append(task)
            continue
        reason = skip_reason(data, rel.rsplit("/", 1)[-1])
        if reason is not None:
            out.skipped[reason] += 1
            continue
        if python:
            facts = module_facts(rel, data)
            if facts is not None:
                out.facts.append(facts)
            # The gate needs no index: decided here, while the walk goes on.
            if may_have_findings(data):
                out.provisional.append(_provisional(task, data, secrets))
            else:
                out.python.append(task)
            continue
        out.results.append(scan_candidate(rel, kind, data, secrets, path))
    return out


def _provisional(task: FileTask, data: bytes, secrets: list[str]) -> Provisional:
    path, rel, kind = task
    probe = IndexProbe()
    project = ModuleContext(probe, rel)
    result = scan_candidate(rel, kind, data, secrets, path, project, set(), gate="passed")
    return Provisional(task, result, frozenset(probe.asked))


def scan_python_files(
    batch: list[FileTask],
    index: ProjectIndex,
    served: dict[str, frozenset[str]],
    secrets: list[str] | None = None,
    gated: frozenset[str] = frozenset(),
) -> BatchResult:
    """Scan Python files the first pass kept, with the project index (second pass).

    ``served`` names, per file, the exports other modules use for Video; ``gated`` the
    files the first pass's gate sent on (scanned again because their provisional scan
    may differ). Any other file is scanned only if it may import an export of the index.
    """
    if secrets is None:
        secrets = load_settings().secret_values()
    out = BatchResult()
    for path, rel, kind in batch:
        try:
            data = _read(path)
        except OSError:
            out.skipped["unreadable"] += 1
            continue
        twilio = mentions_twilio(data)
        if not twilio and not index:
            continue  # kept only for imports of a client no module turned out to define
        # The gate: passed in the first pass, else worth asking again only for a module
        # that may import an export of the index; otherwise the Python scanner has nothing.
        gate: Gate = "passed" if rel in gated else "ask" if index.named_in(data) else "failed"
        project = ModuleContext(index, rel, served.get(rel, frozenset()), structural=twilio)
        out.results.append(
            scan_candidate(rel, kind, data, secrets, path, project, out.used, gate=gate)
        )
    return out


def _read(path: str) -> bytes:
    # Unbuffered: one read of the whole file, half the time of Path.read_bytes, which
    # matters when most of a tree is read only to be found not to mention twilio.
    with open(path, "rb", buffering=0) as handle:
        return handle.readall()


def _run(
    scanner: str,
    data: bytes,
    path: str | None = None,
    project: ModuleContext | None = None,
    used: set[ExportKey] | None = None,
    gate: Gate = "ask",
) -> list[Hit] | None:
    """Hits of one scanner; None when the file has nothing that scanner could find."""
    family, _, detail = scanner.partition(":")
    # Scanner modules are imported on first use: a tree without Python never loads LibCST.
    if family == "python":
        if gate == "failed":
            return None
        if gate == "ask":
            # The caller asked only if the module may import an export (ProjectIndex.named_in).
            imports_project = _ImportsProject(project) if project is not None else None
            if not may_have_findings(data, imports_project):
                return None
        from migrate.audit.python_scanner import scan_python_module

        hits, exports = scan_python_module(data, project)
        if used is not None:
            used |= exports
        return hits
    if family == "js":
        from migrate.audit.js_scanner import scan_js
        from migrate.audit.project import twilio_dependencies

        project_deps = twilio_dependencies(path) if path is not None else frozenset()
        return scan_js(data, detail, project=project_deps)
    if family == "markup":
        from migrate.audit.markup_scanner import scan_markup

        return scan_markup(data)
    if family == "mobile":
        from migrate.audit.mobile_scanner import scan_mobile

        return scan_mobile(data, detail)
    if family == "manifest":
        from migrate.audit.manifest_scanner import scan_manifest

        return scan_manifest(data, detail)
    from migrate.audit.config_scanner import scan_config

    return scan_config(data, env_file=family == "env")


class _ImportsProject:
    """Whether a module's top-level imports name an export of the project index."""

    def __init__(self, project: ModuleContext) -> None:
        self._project = project

    def __call__(self, tree: ast.Module) -> bool:
        return imports_exports(self._project.index, self._project.rel, tree)
