"""Audit and rewrite against hand labels on a folder of real repositories.

The labels (``benchmarks/corpus_labels/*.json``) hold, per file, the 1-based lines that
are Twilio Video touchpoints (``video``) and the lines that use Twilio for something else
(``non_video``); a statement over several lines is labelled at its first line. They hold
no source text: the repositories are checked out outside this one, each in
``<corpus>/<owner>+<name>`` at the commit the corpus list names.

    python benchmarks/corpus_bench.py --corpus /path/to/checkouts [--lang python]

Reported, over the labelled files:

- audit recall: labelled Video lines inside a Video finding's line span;
- non-Video lines flagged: labelled non-Video lines inside a Video finding's span;
- rewrite (shim, native) on a scratch copy of each repository: labelled Video lines that
  were rewritten (changed or removed) or carry a ``TODO(twilio2zoom)`` on their statement,
  Twilio Video names left on unchanged Video lines (shim), labelled non-Video lines the
  rewrite changed, files that failed, rewritten files that do not compile, a second run's
  changes and the exit status of ``rewrite --check`` right after;
- wall time of each step.

Labels and scoring are shared with the JS/TS benchmark (``benchmarks/corpus_scoring.py``).
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import difflib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_scoring import LABELS, AuditScore, FileLabel, checkout, load_labels

ROOT = Path(__file__).resolve().parents[1]
TODO = "TODO(twilio2zoom)"
# Fixed dates: the report must not depend on today.
CUTOFF = dt.date(2026, 12, 5)
TODAY = dt.date(2026, 1, 1)
# Virtualenvs committed to a repository are not its code (rewrite and audit skip them too).
_COPY_SKIP = shutil.ignore_patterns(
    ".git", "node_modules", "__pycache__", "*.pyc", "venv", ".venv", "env", "site-packages"
)
# Twilio Video names that shim mode must move (a line still importing or naming them).
_SHIM_LEFT = re.compile(
    r"from\s+twilio[\w.]*\s+import\s+.*\b(Client|AccessToken|VideoGrant)\b"
    r"|\btwilio\.(rest\.Client|jwt\.access_token\.(AccessToken|grants\.VideoGrant))\b"
)


@dataclass
class Tally(AuditScore):
    #: Video findings (Python) by confidence: proven (traced to twilio) or structural.
    confidence: dict[str, int] = field(default_factory=lambda: {"proven": 0, "structural": 0})


@dataclass
class RewriteTally:
    covered: int = 0
    total: int = 0
    names_left: int = 0
    non_video_changed: int = 0
    failed: list[str] = field(default_factory=list)
    not_compiling: list[str] = field(default_factory=list)
    second_run_changes: int = 0
    check_exit: list[int] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    seconds: float = 0.0


def audit_repo(root: Path, labels: list[FileLabel], tally: Tally) -> float:
    from migrate.audit.engine import run_audit

    started = time.perf_counter()
    report = run_audit(root, cutoff=CUTOFF, today=TODAY, jobs=1)
    seconds = time.perf_counter() - started
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for finding in report.findings:
        if finding.is_video:
            spans[finding.path].append((finding.line, finding.end_line))
            if finding.language == "python":
                tally.confidence[finding.confidence] += 1
    tally.add(labels, spans, "span")
    return seconds


def _marked(tree: ast.Module | None, lines: list[str], line: int) -> bool:
    """True when the statement holding ``line`` (or a block around it) carries the TODO."""
    if tree is None:
        return False
    starts: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt | ast.excepthandler) and not isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        ):
            end = node.end_lineno or node.lineno
            if node.lineno <= line <= end:
                starts.append(node.lineno)
    for start in starts:
        above = start - 2
        while above >= 0 and lines[above].strip().startswith("#"):
            if TODO in lines[above]:
                return True
            above -= 1
        if TODO in lines[start - 1]:
            return True
    return False


def _line_map(before: list[str], after: list[str]) -> dict[int, int]:
    """1-based lines of ``before`` left unchanged -> their line in ``after``."""
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                mapping[i1 + k + 1] = j1 + k + 1
    return mapping


def rewrite_repo(
    source: Path, labels: list[FileLabel], mode: str, tally: RewriteTally, scratch: Path
) -> None:
    from codemods.driver import rewrite_paths

    work = scratch / f"{mode}-{source.name}"
    shutil.copytree(source, work, ignore=_COPY_SKIP, symlinks=True)
    started = time.perf_counter()
    summary = rewrite_paths([work], mode, workers=1)  # type: ignore[arg-type]
    tally.seconds += time.perf_counter() - started
    for report in summary.failed:
        original = source / report.path.relative_to(work)
        if _compiles(original.read_bytes()):  # input that never parsed is not our failure
            tally.failed.append(f"{source.name}/{report.path.relative_to(work)}: {report.error}")
    for path in summary.changed:
        if path.suffix == ".py" and not _compiles(path.read_bytes()):
            tally.not_compiling.append(f"{source.name}/{path.relative_to(work)}")
    again = rewrite_paths([work], mode, check=True, workers=1)  # type: ignore[arg-type]
    tally.second_run_changes += again.files_changed
    proc = subprocess.run(
        [sys.executable, "-m", "migrate", "rewrite", "--check", "--mode", mode, str(work)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    tally.check_exit.append(proc.returncode)
    for label in labels:
        before = (source / label.path).read_text(encoding="utf-8", errors="replace")
        after = (work / label.path).read_text(encoding="utf-8", errors="replace")
        old, new = before.splitlines(), after.splitlines()
        kept = _line_map(old, new)
        try:
            tree: ast.Module | None = ast.parse(after)
        except SyntaxError:
            tree = None
        for line in label.video:
            tally.total += 1
            where = kept.get(line)
            if where is None or _marked(tree, new, where):
                tally.covered += 1
            else:
                tally.uncovered.append(f"{label.repo}:{label.path}:{line}")
        tally.non_video_changed += sum(1 for line in label.non_video if line not in kept)
        if mode == "shim" and label.video:
            # Any line still naming a Twilio Video class, except lines labelled non-Video.
            other = {kept[line] for line in label.non_video if line in kept}
            tally.names_left += sum(
                1
                for number, text in enumerate(new, 1)
                if number not in other and _SHIM_LEFT.search(text)
            )


def _compiles(data: bytes) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the repositories' own style warnings
        try:
            compile(data, "<rewritten>", "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of owner+name checkouts")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--lang", default="python", choices=("python", "js"))
    parser.add_argument("--repo", action="append", help="only this owner/name (repeatable)")
    parser.add_argument("--no-rewrite", action="store_true", help="audit figures only")
    parser.add_argument(
        "--mode", action="append", choices=("shim", "native"), help="rewrite modes (both)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    by_repo = load_labels(args.lang, args.labels)
    if args.repo:
        by_repo = {r: v for r, v in by_repo.items() if r in set(args.repo)}
    missing = [r for r in by_repo if not checkout(args.corpus, r).is_dir()]
    if missing:
        print(f"corpus_bench: no checkout for {', '.join(missing)}", file=sys.stderr)
        return 2
    audit = Tally()
    audit_seconds = 0.0
    for repo, labels in sorted(by_repo.items()):
        audit_seconds += audit_repo(checkout(args.corpus, repo), labels, audit)
    figures: dict[str, Any] = {
        "repos": len(by_repo),
        "files": sum(len(v) for v in by_repo.values()),
        "audit_recall": round(audit.found / max(audit.video, 1), 4),
        "video_lines": audit.video,
        "video_found": audit.found,
        "non_video_lines": audit.non_video,
        "non_video_flagged": audit.flagged,
        "non_video_flagged_pct": round(100 * audit.flagged / max(audit.non_video, 1), 2),
        "audit_seconds": round(audit_seconds, 2),
    }
    if args.lang == "python":
        figures["video_findings_proven"] = audit.confidence["proven"]
        figures["video_findings_structural"] = audit.confidence["structural"]
    rewrite: dict[str, RewriteTally] = {}
    if args.lang == "python" and not args.no_rewrite:
        with tempfile.TemporaryDirectory(prefix="corpus-bench-") as scratch:
            for mode in args.mode or ("shim", "native"):
                tally = rewrite[mode] = RewriteTally()
                for repo, labels in sorted(by_repo.items()):
                    rewrite_repo(checkout(args.corpus, repo), labels, mode, tally, Path(scratch))
        for mode, t in rewrite.items():
            figures[mode] = {
                # Shim mode keeps Video calls as they are (the shim serves them): its
                # figure is the names left; native must rewrite or mark every line.
                "video_lines_rewritten_or_marked": f"{t.covered}/{t.total}",
                "coverage": round(t.covered / max(t.total, 1), 4),
                "video_names_left": t.names_left if mode == "shim" else None,
                "non_video_lines_changed": t.non_video_changed,
                "failed_files": len(t.failed),
                "not_compiling": len(t.not_compiling),
                "second_run_changes": t.second_run_changes,
                "check_exit_nonzero": sum(1 for code in t.check_exit if code != 0),
                "seconds": round(t.seconds, 2),
            }
    print(json.dumps(figures, indent=2))
    if args.verbose:
        for miss in audit.misses:
            print("audit miss:", miss)
        for flag in audit.false_flags:
            print("non-video flagged:", flag)
        for mode, t in rewrite.items():
            for line in t.uncovered:
                print(f"{mode} uncovered:", line)
            for line in t.failed:
                print(f"{mode} failed:", line)
            for line in t.not_compiling:
                print(f"{mode} not compiling:", line)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"reproduce: python benchmarks/corpus_bench.py --corpus {args.corpus} --lang {args.lang}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
