"""Rewrite files and projects: discovery, parallel processing, helper module, dependencies.

Nothing is written when ``check`` is set; otherwise a file is written only when its new
text parsed and a second run of the rewrite left it unchanged.
"""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from codemods.env_files import env_edits
from codemods.generate import HELPER_FILE, existing_helpers, render_helpers
from codemods.pipeline import CommandType, Mode, RewriteError, SourceResult, rewrite_source
from codemods.project_index import (
    ExportKey,
    ModuleContext,
    ProjectIndex,
    build_index,
    module_key,
)
from codemods.requirements import (
    FileEdit,
    dependency_edits,
    toolkit_requirement,
    toolkit_specifiers,
)
from codemods.walk import SKIP_DIRS, decode_source, encode_source, python_sources
from mappings.twilio_vocab import FILE_MARKERS

#: Directories never searched for sources.
SKIPPED_DIRS = SKIP_DIRS
#: What each mode's rewritten code needs at runtime.
ADDED_DEPENDENCIES: dict[Mode, tuple[str, ...]] = {
    "shim": ("twilio2zoom",),
    "native": ("PyJWT", "httpx"),
}
# Parallel processes only pay off beyond a handful of files.
_PARALLEL_THRESHOLD = 8
# Jobs per batch sent to a worker: enough to amortise the inter-process round trip,
# few enough (several batches per worker) that one slow file cannot leave a core idle.
_MAX_CHUNK = 16
_BATCHES_PER_WORKER = 4


@dataclass(frozen=True)
class FileReport:
    """What happened to one file."""

    path: Path
    changed: bool
    calls: int = 0
    todos: int = 0
    error: str | None = None


@dataclass
class RewriteSummary:
    """Totals of one ``rewrite`` run, plus per-file reports and unified diffs."""

    mode: Mode
    check: bool
    files_scanned: int = 0
    files_changed: int = 0
    calls_rewritten: int = 0
    todos_left: int = 0
    failed: list[FileReport] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    #: Files changed per language ("python", "javascript", "typescript").
    by_language: dict[str, int] = field(default_factory=dict)
    #: What to run where package.json changed (lockfiles are never edited).
    install_commands: list[str] = field(default_factory=list)
    #: Dependency pins the rewrite replaced because they conflict with what it needs.
    notes: list[str] = field(default_factory=list)
    # Packages taken out of a package.json and what replaces them.
    replaced: list[str] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        """True when files would change (the ``--check`` condition)."""
        return self.files_changed > 0


@dataclass(frozen=True)
class _Job:
    path: Path
    mode: Mode
    commands: tuple[CommandType, ...] | None
    check: bool
    diff: bool
    first_party: frozenset[str] = frozenset()
    project: ModuleContext | None = None


@dataclass(frozen=True)
class _Done:
    """What a worker sends back: counts and at most a diff, never whole sources."""

    path: Path
    result: SourceResult | None
    error: str | None
    diff: str | None = None


def iter_sources(root: Path) -> Iterator[Path]:
    """Python files under ``root`` (or ``root`` itself): the audit's walk (``codemods.walk``)."""
    yield from python_sources(root)


def first_party_modules(root: Path) -> frozenset[str]:
    """Top-level modules of the project at ``root`` (and of its ``src/`` layout).

    ``import zoom_video`` is placed with imports of these, the way isort and ruff
    recognise a project's own code.
    """
    found: set[str] = set()
    for base in (root, root / "src"):
        if not base.is_dir():
            continue
        for entry in base.iterdir():
            if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
                continue
            if entry.is_file() and entry.suffix == ".py":
                found.add(entry.stem)
            elif entry.is_dir() and entry.name.isidentifier() and any(entry.glob("*.py")):
                found.add(entry.name)
    return frozenset(found)


def _process(job: _Job) -> _Done:
    # Runs in a worker process: reads, rewrites and writes one file, so the parent holds
    # no source text and memory stays flat however large the project is.
    try:
        # Bytes decoded as the PEP 263 cookie says (a Latin-1 module stays Latin-1);
        # CRLF sources keep their line endings, untouched lines byte for byte.
        before, encoding = decode_source(job.path.read_bytes())
    except (OSError, UnicodeDecodeError, SyntaxError) as exc:
        return _Done(job.path, None, f"cannot read: {exc}")
    project = job.project
    if project is not None and not any(marker in before for marker in FILE_MARKERS):
        # Read only for the project's clients it imports: no resource-chain guesses here.
        project = replace(project, structural=False)
    try:
        result = rewrite_source(
            before, job.mode, commands=job.commands, first_party=job.first_party, project=project
        )
    except RewriteError as exc:
        return _Done(job.path, None, str(exc))
    edit = FileEdit(job.path, before, result.code, encoding)
    if result.changed and not job.check:
        _write(edit)
    shown = unified_diff(edit) if result.changed and job.diff else None
    result.code = ""  # the parent needs the counts, not the text
    return _Done(job.path, result, None, shown)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _jobs(
    sources: Sequence[Path], root: Path, index: ProjectIndex, template: _Job
) -> tuple[list[_Job], list[_Job]]:
    """Jobs for every source: those of the modules that build clients other modules
    import come second, once the others said which of their clients serve Video."""
    defining = index.defining_files
    first: list[_Job] = []
    last: list[_Job] = []
    for path in sources:
        rel = _rel(path, root)
        project = ModuleContext(index, rel) if index else None
        job = replace(template, path=path, project=project)
        (last if rel in defining else first).append(job)
    return first, last


def _run_project(
    jobs: tuple[list[_Job], list[_Job]], workers: int | None, index: ProjectIndex
) -> Iterator[_Done]:
    first, last = jobs
    used: set[ExportKey] = set()
    for item in _run(first, len(first), workers):
        if item.result is not None:
            used |= item.result.used
        yield item
    served: dict[str, set[str]] = {}
    for module, path in used:
        served.setdefault(module, set()).add(path)
    for key, paths in index.served.items():
        served.setdefault(key, set()).update(paths)
    late = []
    for job in last:
        assert job.project is not None
        own = frozenset(served.get(module_key(job.project.rel), ()))
        late.append(replace(job, project=replace(job.project, served=own)))
    yield from _run(late, len(late), workers)


def _run(jobs: Iterable[_Job], count: int, workers: int | None) -> Iterator[_Done]:
    processes = min(workers or _usable_cpus(), count)
    if count < _PARALLEL_THRESHOLD or processes <= 1:
        yield from map(_process, jobs)
        return
    # One pool for the whole run; each worker takes batches of files, never one process
    # per file. Workers are forked with the codemods already imported.
    chunk = max(1, min(_MAX_CHUNK, count // (processes * _BATCHES_PER_WORKER)))
    with ProcessPoolExecutor(max_workers=processes) as pool:
        yield from pool.map(_process, jobs, chunksize=chunk)


def _usable_cpus() -> int:
    """CPUs this process may run on (a container's or taskset's limit, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def rewrite_paths(
    paths: Sequence[Path],
    mode: Mode,
    *,
    check: bool = False,
    diff: bool = False,
    workers: int | None = None,
    commands: Sequence[CommandType] | None = None,
    shim_requirement: str | None = None,
) -> RewriteSummary:
    """Rewrite every Python file under ``paths`` in ``mode``; see the module docstring.

    Each path is a project root (a directory) or a single file whose directory is the
    root. Per root, native mode writes ``zoom_video.py`` holding the helpers used, and
    the dependency files gain what the new code needs (``twilio`` is dropped from them
    when no file there imports it any more) and ``.env`` files gain the ZOOM_* names.
    ``commands`` replaces the mode's commands. Shim mode adds ``shim_requirement``
    (default: this toolkit's exact version, with a comment pointing at the docs on hosting
    it); pins of PyJWT, httpx or pydantic that conflict with the toolkit are replaced.
    """
    added, comments = _added_requirements(mode, shim_requirement)
    needed = toolkit_specifiers()
    summary = RewriteSummary(mode=mode, check=check)
    steps = tuple(commands) if commands is not None else None
    for root_path in paths:
        root = root_path if root_path.is_dir() else root_path.parent
        sources = [p for p in iter_sources(root_path) if p.name != HELPER_FILE]
        first_party = first_party_modules(root)
        # Clients other modules hand out, known before any file is resolved.
        index = build_index((str(p), _rel(p, root)) for p in sources)
        jobs = _jobs(sources, root, index, _Job(root, mode, steps, check, diff, first_party))
        helpers: set[str] = set()
        # Unread files of a project given as a single file may still import twilio.
        still_twilio = not root_path.is_dir()
        rewrote = False
        for item in _run_project(jobs, workers, index):
            summary.files_scanned += 1
            if item.result is None:
                summary.failed.append(FileReport(item.path, False, error=item.error))
                still_twilio = True  # left as it was, so it still needs what it imported
                continue
            result = item.result
            helpers |= result.helpers
            still_twilio |= result.imports_twilio
            summary.calls_rewritten += result.calls
            summary.todos_left += result.todos
            if result.changed:
                rewrote = True
                _count(summary, item.path, item.diff)
                summary.by_language["python"] = summary.by_language.get("python", 0) + 1
        edits = _helper_edits(root, helpers)
        if rewrote:
            removed = () if still_twilio else ("twilio",)
            edits += dependency_edits(
                root, added, removed, comments=comments, needed=needed, notes=summary.notes
            )
            edits += env_edits(root)
        for edit in edits:
            _count(summary, edit.path, unified_diff(edit) if diff else None)
            if not check:
                _write(edit)
        _rewrite_js(root_path, summary, check=check, diff=diff)
    return summary


def _rewrite_js(root_path: Path, summary: RewriteSummary, *, check: bool, diff: bool) -> None:
    """JS/TS moves to @zoom/videosdk and Zoom REST whatever the mode (no JavaScript shim)."""
    # Imported here: a Python-only project never loads the JS parsers.
    from codemods.js.project import JsSummary, rewrite_js_tree

    js = JsSummary()
    for edit in rewrite_js_tree(root_path, js):
        _count(summary, edit.path, unified_diff(edit) if diff else None)
        if not check:
            edit.path.parent.mkdir(parents=True, exist_ok=True)
            _write(edit)
    summary.files_scanned += js.files_scanned
    summary.calls_rewritten += js.calls
    summary.todos_left += js.todos
    summary.failed.extend(FileReport(path, False, error=error) for path, error in js.failed)
    for language, count in js.by_language.items():
        summary.by_language[language] = summary.by_language.get(language, 0) + count
    summary.install_commands.extend(js.install_commands)
    summary.replaced.extend(js.replaced)


#: Where docs/rewrite.md explains how to install the toolkit in an app (it is not on PyPI).
HOSTING_DOCS = "docs/rewrite.md#installing-the-shim-in-your-app"


def _added_requirements(
    mode: Mode, shim_requirement: str | None
) -> tuple[tuple[str, ...], dict[str, str]]:
    if mode != "shim":
        return ADDED_DEPENDENCIES[mode], {}
    if shim_requirement is not None:
        return (shim_requirement,), {}
    spec = toolkit_requirement()
    return (spec,), {spec: f"not on PyPI: host it as {HOSTING_DOCS} explains"}


def _count(summary: RewriteSummary, path: Path, shown: str | None) -> None:
    summary.files_changed += 1
    summary.changed.append(path)
    if shown is not None:
        summary.diffs.append(shown)


def _helper_edits(root: Path, helpers: set[str]) -> list[FileEdit]:
    if not helpers:
        return []
    target = root / HELPER_FILE
    before = target.read_text(encoding="utf-8") if target.is_file() else None
    after = render_helpers(helpers | existing_helpers(target))
    return [] if after == before else [FileEdit(target, before, after)]


def _write(edit: FileEdit) -> None:
    # Write to a sibling and rename, so an interrupted run never leaves half a file.
    temporary = edit.path.with_name(f".{edit.path.name}.twilio2zoom.tmp")
    temporary.write_bytes(encode_source(edit.after, edit.encoding))
    if edit.before is not None:
        shutil.copymode(edit.path, temporary)
    temporary.replace(edit.path)


def unified_diff(edit: FileEdit) -> str:
    """A unified diff of one edit (``/dev/null`` as the old side of a new file)."""
    try:
        name = f"{edit.path.resolve().relative_to(Path.cwd()).as_posix()}"
        old, new = f"a/{name}", f"b/{name}"
    except ValueError:  # outside the working directory: show the path as it is
        old = new = edit.path.as_posix()
    return "".join(
        difflib.unified_diff(
            (edit.before or "").splitlines(keepends=True),
            edit.after.splitlines(keepends=True),
            fromfile=old if edit.before is not None else "/dev/null",
            tofile=new,
        )
    )
