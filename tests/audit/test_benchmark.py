"""Short mode of benchmarks/audit_bench.py: runs end to end and bounds its ratios."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "benchmarks" / "audit_bench.py"
# The short tree is small (grep reads it in a few hundredths of a second), so the audit's
# interpreter start-up and the LibCST pass over the sample apps dominate: its bound is a
# regression guard, not the full tree's 5x target (python benchmarks/audit_bench.py).
SHORT_MAX_AUDIT_RATIO = 800.0


@pytest.mark.benchmark
def test_audit_benchmark_short_mode() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--short", "--no-semgrep",
         "--max-ratio", str(SHORT_MAX_AUDIT_RATIO)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = re.search(r"ratio audit_grep=([0-9.]+) engine_grep=([0-9.]+)", proc.stdout)
    assert found is not None, proc.stdout
    audit, engine = float(found.group(1)), float(found.group(2))
    # The engine alone never costs more than the whole command (start-up included).
    assert 0 < engine <= audit * 1.25
    assert audit <= SHORT_MAX_AUDIT_RATIO
    assert "reproduce: python benchmarks/audit_bench.py --short" in proc.stdout
