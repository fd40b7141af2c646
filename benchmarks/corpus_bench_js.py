"""Score the audit (and the rewrite) on hand-labelled JS/TS lines of real repositories.

Labels live in ``benchmarks/corpus_labels/*-js.json``, in the format and with the loader and
scorer of ``benchmarks/corpus_scoring.py`` (paths and line numbers only; the code stays in its
own repository). The labelling policy is in ``benchmarks/corpus_labels/README.md``.

A Video line is found when an audit finding of a Video category starts on it; a non-Video line is
flagged when such a finding starts on it. The rewrite score (``--rewrite``) copies each labelled
repository to a scratch folder, runs the JS/TS rewrite twice and checks that every rewritten file
still parses, that every labelled Video line was changed or carries a ``TODO(twilio2zoom)`` mark,
and that the second run changes nothing. A line whose only change is ``Twilio.Video`` becoming
Zoom's CDN global, with the member on it left as it was, counts as ``global-only``, not as
changed: that call is still Twilio-shaped.

    python benchmarks/corpus_bench_js.py --corpus /work/corpus [--rewrite]

The corpus folder holds one checkout per repository, named ``owner+name``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus_scoring import AuditScore, FileLabel, checkout, load_labels

NON_VIDEO_CATEGORIES = frozenset({"not-affected", "parse-error"})
Labels = dict[str, list[FileLabel]]
ZOOM_GLOBAL = "window.WebVideoSDK.default"


def video_spans(root: Path) -> dict[str, list[tuple[int, int]]]:
    """First and last line of every Video finding the audit reports under ``root``."""
    import datetime as dt

    from migrate.audit.engine import run_audit

    report = run_audit(root, cutoff=dt.date(2026, 12, 5), today=dt.date(2026, 1, 1), jobs=1)
    spans: dict[str, list[tuple[int, int]]] = {}
    for f in report.findings:
        if f.category not in NON_VIDEO_CATEGORIES:
            spans.setdefault(f.path, []).append((f.line, f.end_line))
    return spans


def score_audit(corpus: Path, labels: Labels) -> AuditScore:
    score = AuditScore()
    for repo, entries in labels.items():
        # A JS/TS line is found when a Video finding starts on it.
        score.add(entries, video_spans(checkout(corpus, repo)), "start")
    return score


@dataclass
class RewriteScore:
    files: int = 0
    failed: int = 0
    unparsable: list[str] = field(default_factory=list)
    unparsable_before: list[str] = field(default_factory=list)  # did not parse before either
    video: int = 0
    how: dict[str, int] = field(default_factory=dict)
    unhandled: list[str] = field(default_factory=list)
    second_run_changes: int = 0
    seconds: float = 0.0
    # Changed source files by kind of change: "rewritten" (a line of the source was edited)
    # or "todo-only" (only TODO(twilio2zoom) lines were added).
    file_kinds: dict[str, str] = field(default_factory=dict)


def score_rewrite(corpus: Path, labels: Labels) -> RewriteScore:
    from codemods.js.project import SCRIPT_EXTENSIONS, JsSummary, apply, rewrite_js_tree
    from codemods.js.rewrite import parses

    out = RewriteScore()
    for repo, entries in labels.items():
        with tempfile.TemporaryDirectory() as scratch:
            work = Path(scratch) / "repo"
            shutil.copytree(
                checkout(corpus, repo), work, ignore=shutil.ignore_patterns(".git", "node_modules")
            )
            started = time.perf_counter()
            summary = JsSummary()
            written = apply(rewrite_js_tree(work, summary))
            out.seconds += time.perf_counter() - started
            out.files += summary.files_changed
            out.failed += len(summary.failed)
            for path in written:
                original = checkout(corpus, repo) / path.relative_to(work)
                if original.is_file() and path.name != "package.json":
                    label = f"{repo}:{path.relative_to(work)}"
                    out.file_kinds[label] = _file_kind(
                        original.read_text("utf-8", "replace"), path.read_text("utf-8", "replace")
                    )
                dialect = SCRIPT_EXTENSIONS.get(path.suffix.lower())
                if dialect is None or parses(path.read_text("utf-8"), dialect):
                    continue
                original = checkout(corpus, repo) / path.relative_to(work)
                if original.exists() and not parses(original.read_text("utf-8"), dialect):
                    out.unparsable_before.append(f"{repo}:{path.relative_to(work)}")
                else:
                    out.unparsable.append(f"{repo}:{path.relative_to(work)}")
            for entry in entries:
                path = entry.path
                if path.endswith("package.json"):
                    continue
                before = (checkout(corpus, repo) / path).read_text("utf-8", "replace").splitlines()
                target = work / path
                after = target.read_text("utf-8", "replace") if target.exists() else ""
                rebound = "zoomVideo" in after
                for line in entry.video:
                    out.video += 1
                    original = before[line - 1].strip() if line <= len(before) else ""
                    how = _handled(original, after, rebound)
                    out.how[how] = out.how.get(how, 0) + 1
                    if how == "unhandled":
                        out.unhandled.append(f"{repo}:{path}:{line}")
            out.second_run_changes += len(list(rewrite_js_tree(work, JsSummary())))
    return out


def _file_kind(before: str, after: str) -> str:
    """``todo-only`` when every added line is a TODO mark and no line was removed."""
    import difflib

    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- ") or (line.startswith("+ ") and "TODO(twilio2zoom)" not in line):
            return "rewritten"
    return "todo-only"


def _handled(original: str, after: str, rebound: bool) -> str:
    """``changed`` (the line is not in the output as it was), ``global-only`` (only
    ``Twilio.Video`` became Zoom's CDN global), ``todo`` (a TODO(twilio2zoom)
    line stands above its statement), ``module`` (unchanged, exact, in a file now bound to
    the generated module) or ``unhandled``."""
    if original and original not in after:
        # Twilio.Video swapped for Zoom's CDN global with the member on it left as it was:
        # not handled in place (the TODO above it is what counts).
        swapped = original.replace("Twilio.Video", ZOOM_GLOBAL)
        if f"{ZOOM_GLOBAL}." in swapped and swapped in after:
            return "global-only"
        return "changed"
    lines = after.splitlines()
    for i, text in enumerate(lines):
        if original and original in text:
            window = lines[max(0, i - 8) : i + 1]
            if any("TODO(twilio2zoom)" in w for w in window):
                return "todo"
    return "module" if rebound else "unhandled"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of owner+name checkouts")
    parser.add_argument("--rewrite", action="store_true", help="also score the JS/TS rewrite")
    parser.add_argument("--show", action="store_true", help="list missed and false lines")
    parser.add_argument(
        "--files", action="store_true", help="list each changed file: rewritten or todo-only"
    )
    args = parser.parse_args(argv)
    labels = load_labels("js")
    started = time.perf_counter()
    score = score_audit(args.corpus, labels)
    elapsed = time.perf_counter() - started
    print(
        f"audit JS/TS: recall {score.recall:.3f} ({score.found}/{score.video} Video lines), "
        f"non-video flagged {score.flagged_rate:.3%} ({score.flagged}/{score.non_video}), "
        f"{len(labels)} repositories, {elapsed:.1f}s"
    )
    if args.show:
        for item in score.misses:
            print("  missed", item)
        for item in score.false_flags:
            print("  false ", item)
    if args.rewrite:
        rw = score_rewrite(args.corpus, labels)
        handled = rw.video - rw.how.get("unhandled", 0)
        rate = handled / rw.video if rw.video else 1.0
        per_file = rw.seconds / rw.files if rw.files else 0.0
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(rw.how.items()))
        print(
            f"rewrite JS/TS: {rw.files} files changed, {rw.failed} left unchanged (would not "
            f"parse), {len(rw.unparsable)} unparsable after ({len(rw.unparsable_before)} more did "
            f"not parse before either); labelled Video lines handled "
            f"{rate:.3f} ({handled}/{rw.video}: {kinds}); second run edits "
            f"{rw.second_run_changes}; {per_file * 1000:.1f} ms per changed file"
        )
        kinds_count: dict[str, int] = {}
        for kind in rw.file_kinds.values():
            kinds_count[kind] = kinds_count.get(kind, 0) + 1
        print(
            "rewrite JS/TS files: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds_count.items()))
        )
        if args.files:
            for label, kind in sorted(rw.file_kinds.items()):
                print(f"  {kind:10} {label}")
        if args.show:
            for item in rw.unparsable:
                print("  unparsable", item)
            for item in rw.unhandled:
                print("  unhandled", item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
