"""Short mode of tests/codemods/throughput.py: rewrite speed as a ratio to parsing alone.

A ratio, not a time, so that a slower or busier machine does not fail it. Before the
single-parse pipeline (one metadata resolution per tree version, imports applied once,
per-command pre-filters) the ratios were about 76 (shim) and 158 (native).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codemods.throughput import build_tree, parse_rate, rewrite_rate

#: Highest accepted ``parse_module`` rate / rewrite rate, with headroom for noise.
# Native mode ends with a pass of the audit's finder over the result (every Video line left
# gets a TODO), which costs one more metadata resolution per rewritten file: measured about
# 197 on an idle 2-core machine (was 158 before that pass). A regression guard, with headroom.
MAX_RATIO = {"shim": 65.0, "native": 240.0}
ROUNDS = 3


@pytest.mark.benchmark
@pytest.mark.parametrize("mode", ["shim", "native"])
def test_rewrite_throughput_relative_to_parsing(tmp_path: Path, mode: str) -> None:
    build_tree(tmp_path, copies=6)
    # Side by side, round after round: a busy moment slows the parse and the rewrite of
    # the same round alike, and the median round is the figure.
    ratios = []
    for _ in range(ROUNDS):
        # Parsing these small files takes milliseconds: the best of a few runs is stable.
        parsed = max(parse_rate(tmp_path) for _ in range(3))
        rewritten = rewrite_rate(tmp_path, mode, workers=1)  # type: ignore[arg-type]
        ratios.append(parsed / rewritten)
        print(f"{mode}: parse_module {parsed:.0f} files/s, rewrite {rewritten:.1f} files/s")
    ratio = sorted(ratios)[ROUNDS // 2]
    assert ratio <= MAX_RATIO[mode], f"{mode} rewrite is {ratio:.0f}x slower than parsing"
