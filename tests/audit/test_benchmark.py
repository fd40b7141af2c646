"""Short mode of benchmarks/audit_bench.py: runs end to end and prints its ratios."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "benchmarks" / "audit_bench.py"


@pytest.mark.benchmark
def test_audit_benchmark_short_mode() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--short", "--no-semgrep"],
        capture_output=True, text=True, timeout=240, check=True,
    )  # fmt: skip
    assert "audit / grep =" in proc.stdout
    assert "reproduce: python benchmarks/audit_bench.py --short" in proc.stdout
