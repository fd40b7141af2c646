"""benchmarks/audit_bench.py: the audit, start-up included, against ``grep -rl twilio``.

The test runs the benchmark script, which times the real command line in a subprocess
and grep back to back, round after round, and takes the median of the per-round ratios:
a busy machine slows both sides of a pair alike.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "benchmarks" / "audit_bench.py"
# The full tree (about five million lines of sdists and the sample apps, downloaded once) is
# not timed here: a ratio to grep on a shared machine swings with its load, so the 5x
# target is checked by hand, idle: `python benchmarks/audit_bench.py --max-ratio 5`.
# The short tree is small (grep reads it in about 10 ms), so the audit's interpreter
# start-up and the LibCST pass over the sample apps dominate and 5x cannot be met there:
# the bound is a regression guard (about 190x measured on a shared 2-core machine; a
# 10 ms denominator swings with any load, hence the headroom).
SHORT_MAX_AUDIT_RATIO = 800.0
ROUNDS = 3


def _run(*args: str, timeout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH), "--no-semgrep", "--rounds", str(ROUNDS), *args],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def _ratios(stdout: str) -> tuple[float, float, list[float]]:
    found = re.search(r"ratio audit_grep=([0-9.]+) engine_grep=([0-9.]+)", stdout)
    assert found is not None, stdout
    rounds = [float(r) for r in re.findall(r"^round \d+: .* ratio ([0-9.]+)x$", stdout, re.M)]
    assert len(rounds) == ROUNDS, stdout
    return float(found.group(1)), float(found.group(2)), rounds


def _check(stdout: str, bound: float) -> None:
    audit, engine, rounds = _ratios(stdout)
    # The reported ratio is the median of the rounds, start-up included.
    assert sorted(rounds)[ROUNDS // 2] == pytest.approx(audit, rel=0.05, abs=0.1)
    # The engine alone never costs much more than the whole command.
    assert 0 < engine <= audit * 1.25
    assert audit <= bound, stdout


@pytest.mark.benchmark
def test_audit_benchmark_short_mode() -> None:
    proc = _run("--short", "--max-ratio", str(SHORT_MAX_AUDIT_RATIO), timeout=240)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _check(proc.stdout, SHORT_MAX_AUDIT_RATIO)
    assert "reproduce: python benchmarks/audit_bench.py --short" in proc.stdout
