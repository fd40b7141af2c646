"""Rewrite throughput on copies of the codemod samples, against plain ``libcst.parse_module``.

    python -m tests.codemods.throughput               # 160 copies of each sample, table
    python -m tests.codemods.throughput --copies 10   # seconds

Each rate is files per second over the same tree; the ratio to parsing alone is what to
compare across machines (a shared or slower machine shifts both the same way).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import libcst as cst

from codemods.driver import rewrite_paths
from codemods.pipeline import Mode

SAMPLES = sorted((Path(__file__).parent / "samples").glob("*.py"))


def build_tree(root: Path, copies: int) -> int:
    """``copies`` copies of every top-level sample under ``root``; returns the file count."""
    for index in range(copies):
        for sample in SAMPLES:
            (root / f"{sample.stem}_{index}.py").write_text(sample.read_text())
    return copies * len(SAMPLES)


def parse_rate(root: Path) -> float:
    """Files per second for reading and parsing every file with ``libcst.parse_module``."""
    files = sorted(root.glob("*.py"))
    started = time.perf_counter()
    for path in files:
        cst.parse_module(path.read_text(encoding="utf-8"))
    return len(files) / (time.perf_counter() - started)


def rewrite_rate(root: Path, mode: Mode, workers: int) -> float:
    """Files per second for ``rewrite_paths`` over a fresh copy of ``root``."""
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "tree"
        shutil.copytree(root, target)
        count = len(list(target.glob("*.py")))
        started = time.perf_counter()
        summary = rewrite_paths([target], mode, workers=workers)
        elapsed = time.perf_counter() - started
    if summary.failed:
        raise RuntimeError(f"{len(summary.failed)} files failed to rewrite")
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=160)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        count = build_tree(root, options.copies)
        parsed = parse_rate(root)
        print(f"{count} files; libcst.parse_module: {parsed:.0f} files/s")
        print("| mode | workers | files/s | parse_module / rewrite |")
        print("|---|---|---|---|")
        for mode in ("shim", "native"):
            for workers in (1, 2):
                rate = rewrite_rate(root, mode, workers)
                print(f"| {mode} | {workers} | {rate:.1f} | {parsed / rate:.0f}x |")


if __name__ == "__main__":
    main()
