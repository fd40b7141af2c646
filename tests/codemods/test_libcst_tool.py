"""The commands run under LibCST's own runner (python -m libcst.tool codemod)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[2]


def test_shim_command_runs_under_libcst_tool(tmp_path: Path) -> None:
    target = tmp_path / "rooms.py"
    target.write_text(
        "from twilio.rest import Client as TwilioClient  # keep\n\n"
        "TwilioClient().video.v1.rooms.create(unique_name='x')\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "--no-format",
            "-x",
            "codemods.shim_imports.ShimImportsCommand",
            str(target),
        ],
        cwd=REPO,  # .libcst.codemod.yaml lives here
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_text().startswith(
        "from migrate.shim.rest import Client as TwilioClient  # keep\n"
    )
