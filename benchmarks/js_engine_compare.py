"""Time two versions of the JS/TS resolver side by side, in one process, on the same files.

Made to compare the ast-grep resolver with the tree-sitter one it replaced (commit 3bc78f2):
check the old code out into a folder (``git archive 3bc78f2 | tar -x -C /tmp/old``; running it
needs ``pip install tree-sitter tree-sitter-javascript tree-sitter-typescript``), then

    python benchmarks/js_engine_compare.py --corpus /work/corpus --old /tmp/old [--rounds 3]

Audit: every JS/TS file and page of the corpus that mentions Twilio (the files ``audit``
parses; with ``--all``, every one) goes through the old scanner and the new one in turn,
``--rounds`` times; each file's time is its fastest round. Findings must be the same, or
the script says where not.
Rewrite (``--rewrite``): the whole JS/TS rewrite of each repository, old then new, on
scratch copies, each in a fresh process. Prints the totals, the median per file and the ratios.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

PACKAGES = ("migrate", "mappings", "codemods")


def load(code_root: Path) -> dict[str, ModuleType]:
    """The scanner and rewrite modules of the checkout at ``code_root``; the package names
    are released afterwards so that another checkout can be loaded beside it."""
    for name in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
        del sys.modules[name]
    sys.path.insert(0, str(code_root))
    try:
        wanted = (
            "migrate.audit.js_scanner", "migrate.audit.markup_scanner", "migrate.audit.filetypes",
            "migrate.audit.project", "migrate.audit.worker", "codemods.js.project",
        )  # fmt: skip
        modules = {name.rsplit(".", 1)[-1]: importlib.import_module(name) for name in wanted}
    finally:
        sys.path.remove(str(code_root))
        for name in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
            del sys.modules[name]
    return modules


def candidates(
    corpus: Path, modules: dict[str, ModuleType], every: bool = False
) -> list[tuple[Path, str, bytes]]:
    """(path, scanner, contents) of every JS/TS file and page the audit would parse (with
    ``every``, of every JS/TS file and page)."""
    classify = modules["filetypes"].classify
    mentions = modules["worker"].mentions_twilio
    out = []
    for path in sorted(corpus.rglob("*")):
        if ".git" in path.parts or "node_modules" in path.parts or not path.is_file():
            continue
        kind = classify(path.name)
        scanners = [s for s in kind.scanners if s.startswith(("js:", "markup"))] if kind else []
        if scanners:
            data = path.read_bytes()
            if every or mentions(data):
                out.append((path, scanners[0], data))
    return out


def scanner(modules: dict[str, ModuleType]) -> Callable[[Path, str, bytes], list[Any]]:
    scan_js = modules["js_scanner"].scan_js
    scan_markup = modules["markup_scanner"].scan_markup
    deps = modules["project"].twilio_dependencies

    def run(path: Path, kind: str, data: bytes) -> list[Any]:
        if kind == "markup":
            return list(scan_markup(data))
        return list(scan_js(data, kind.partition(":")[2], project=deps(str(path))))

    return run


def compare_audit(files: list[tuple[Path, str, bytes]], old: Any, new: Any, rounds: int) -> None:
    best: dict[str, list[float]] = {"old": [], "new": []}
    differ = []
    for path, kind, data in files:
        old(path, kind, data), new(path, kind, data)  # project lookups cached, code warm
        times = {"old": float("inf"), "new": float("inf")}
        for _ in range(rounds):
            for label, run in (("old", old), ("new", new)):
                started = time.perf_counter()
                hits = run(path, kind, data)
                times[label] = min(times[label], time.perf_counter() - started)
                if label == "old":
                    old_hits = [tuple(h) for h in hits]
                elif [tuple(h) for h in hits] != old_hits:
                    differ.append(path)
        for label in best:
            best[label].append(times[label])
    report("audit scan", len(files), best)
    print(f"  findings differ in {len(set(differ))} of {len(files)} files")
    for path in sorted(set(differ))[:20]:
        print("   ", path)


# The rewrite imports its modules on first use, so each version runs in its own process
# (started per repository, old and new in turn); only the rewrite itself is timed.
_REWRITE = """
import sys, time
from pathlib import Path
from codemods.js.project import JsSummary, apply, rewrite_js_tree
started = time.perf_counter()
apply(rewrite_js_tree(Path(sys.argv[1]), JsSummary()))
print(time.perf_counter() - started)
"""


def compare_rewrite(corpus: Path, old_root: Path, new_root: Path) -> None:
    best: dict[str, list[float]] = {"old": [], "new": []}
    repos = sorted(p for p in corpus.iterdir() if p.is_dir())
    for repo in repos:
        for label, root in (("old", old_root), ("new", new_root)):
            with tempfile.TemporaryDirectory() as scratch:
                work = Path(scratch) / "repo"
                shutil.copytree(repo, work, ignore=shutil.ignore_patterns(".git", "node_modules"))
                done = subprocess.run(
                    [sys.executable, "-c", _REWRITE, str(work)],
                    cwd=root,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                best[label].append(float(done.stdout.split()[-1]))
    report("rewrite (per repository)", len(repos), best)


def report(what: str, count: int, best: dict[str, list[float]]) -> None:
    old, new = sum(best["old"]), sum(best["new"])
    print(
        f"{what}: {count} items; tree-sitter (old) {old:.3f}s total, "
        f"median {statistics.median(best['old']) * 1000:.2f} ms; "
        f"ast-grep (new) {new:.3f}s total, median {statistics.median(best['new']) * 1000:.2f} ms; "
        f"new/old {new / old:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of checkouts")
    parser.add_argument("--old", type=Path, required=True, help="checkout of the old resolver")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rewrite", action="store_true", help="also time the JS/TS rewrite")
    parser.add_argument("--all", action="store_true", help="scan files without Twilio too")
    args = parser.parse_args(argv)
    if not (args.old / "migrate").is_dir() or not args.corpus.is_dir():
        print("error: --old must be a checkout and --corpus a folder", file=sys.stderr)
        return 2
    old = load(args.old)
    here = Path(__file__).resolve().parent.parent
    new = load(here)
    files = candidates(args.corpus, new, every=args.all)
    compare_audit(files, scanner(old), scanner(new), args.rounds)
    if args.rewrite:
        compare_rewrite(args.corpus, args.old, here)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
