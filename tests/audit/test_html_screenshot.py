"""The HTML report opened in headless Chromium, compared with the screenshot the docs show.

The report is rendered from a neutral root (a copy of the fixtures named ``your-app``) at the
suite's pinned clock, into a temporary folder: a test run never rewrites the committed image.
Regenerate it on purpose:
``UPDATE_SCREENSHOTS=1 python -m pytest tests/audit/test_html_screenshot.py``.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

from migrate.cli.app import run
from tests.tools import require_tool

FIXTURES = Path(__file__).parent / "fixtures"
SCREENSHOT = Path(__file__).parents[2] / "docs" / "images" / "audit-report.png"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
WINDOW = (1280, 2000)


def _dimensions(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_MAGIC) and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_html_report_renders_in_headless_chromium(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chromium = require_tool("chromium", "apt-get install -y chromium")
    shutil.copytree(FIXTURES, tmp_path / "your-app")
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "audit.html"
    assert run(["audit", "your-app", "--format", "html", "--output", str(report)]) == 0
    assert str(tmp_path) not in report.read_text(encoding="utf-8")
    shot = tmp_path / "shot.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={shot}",
             f"--window-size={WINDOW[0]},{WINDOW[1]}", report.as_uri()],
            check=True, timeout=120, capture_output=True,
        )  # fmt: skip
    data = shot.read_bytes()
    assert _dimensions(data) == WINDOW
    assert len(data) > 50_000  # a blank or error page compresses to a few KB
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOT.write_bytes(data)
    committed = SCREENSHOT.read_bytes()
    assert _dimensions(committed) == WINDOW
    # Fonts and anti-aliasing differ between Chromium builds, so pixels are not compared;
    # a report that lost or gained whole sections changes the compressed size far more.
    assert 0.6 < len(data) / len(committed) < 1.6
