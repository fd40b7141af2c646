"""Compare two versions of the Python gate (``migrate.audit.python_gate``) side by side.

Check the old code out into a folder (``git archive COMMIT | tar -x -C /tmp/old``), then

    python benchmarks/python_gate_compare.py --old /tmp/old --tree TREE [--also DIR ...]

Decisions: every ``.py`` file under ``--tree`` and each ``--also`` folder goes through both
gates; the script counts the files where they differ (a file the old gate kept and the new
one drops is an error: exit 1). Speed: the files of ``--tree`` the audit reads (those
``worth_reading`` accepts) go through the old gate and then the new one, ``--rounds`` times
in one process; it prints the CPU times and the median of the per-round ratios. The tree
of ``benchmarks/audit_bench.py`` is the one the docs quote.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

PACKAGES = ("migrate", "mappings", "codemods")
ROOT = Path(__file__).resolve().parents[1]
Gate = Callable[[bytes], bool]


def load_gate(code_root: Path) -> Gate:
    """``may_have_findings`` of the checkout at ``code_root``; the package names are
    released afterwards so that another checkout can be loaded beside it."""
    for name in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
        del sys.modules[name]
    sys.path.insert(0, str(code_root))
    try:
        gate: Gate = importlib.import_module("migrate.audit.python_gate").may_have_findings
    finally:
        sys.path.remove(str(code_root))
        for name in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
            del sys.modules[name]
    return gate


def python_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            if name.endswith(".py"):
                yield Path(folder, name)


def compare(old: Gate, new: Gate, roots: list[Path]) -> dict[str, list[Path]]:
    """Files where the gates differ: ``dropped`` (old True, new False) and ``added``."""
    differ: dict[str, list[Path]] = {"dropped": [], "added": []}
    for root in roots:
        for path in python_files(root):
            try:
                source = path.read_bytes()
            except OSError:
                continue
            before, after = old(source), new(source)
            if before != after:
                differ["dropped" if before else "added"].append(path)
    return differ


def side_by_side(
    old: Gate, new: Gate, sources: list[bytes], rounds: int
) -> list[tuple[float, float]]:
    """(old, new) CPU seconds over ``sources``, per round."""
    pairs = []
    for _ in range(rounds):
        times = []
        for gate in (old, new):
            start = time.process_time()
            for source in sources:
                gate(source)
            times.append(time.process_time() - start)
        pairs.append((times[0], times[1]))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--old", type=Path, required=True, help="checkout of the old code")
    parser.add_argument("--new", type=Path, default=ROOT, help="checkout of the new code")
    parser.add_argument("--tree", type=Path, required=True, help="tree to time (and compare)")
    parser.add_argument("--also", type=Path, action="append", default=[], help="compare only")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    old, new = load_gate(args.old), load_gate(args.new)
    roots = [args.tree, *args.also]
    differ = compare(old, new, roots)
    total = sum(1 for root in roots for _ in python_files(root))
    print(
        f"decisions: {total} files, {len(differ['dropped'])} kept by the old gate only, "
        f"{len(differ['added'])} by the new one only"
    )
    for kind, paths in differ.items():
        for path in paths[:20]:
            print(f"  {kind}: {path}")
    sys.path.insert(0, str(args.new))
    from migrate.audit.prefilter import worth_reading

    sources = []
    for path in python_files(args.tree):
        source = path.read_bytes()
        if worth_reading(source, path, script=False):
            sources.append(source)
    pairs = side_by_side(old, new, sources, max(1, args.rounds))
    for index, (before, after) in enumerate(pairs, 1):
        print(f"round {index}: old {before * 1000:.1f} ms, new {after * 1000:.1f} ms")
    ratio = statistics.median(after / before for before, after in pairs)
    print(
        f"{len(sources)} files the audit reads, {sum(map(len, sources)):,} bytes: "
        f"new / old CPU = {ratio:.2f} (median of {len(pairs)} rounds)"
    )
    return 1 if differ["dropped"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
