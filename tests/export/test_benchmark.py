"""Short mode of benchmarks/export_bench.py: the pipeline beats the sequential script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.benchmark
def test_export_beats_sequential_script() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/export_bench.py", "--short", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)["speed"]
    [speedup] = result["speedup_vs_naive"].values()
    assert speedup > 1.2, result
