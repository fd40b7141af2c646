"""The HTML report opened in headless Chromium; the screenshot is kept for the docs."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from migrate.cli.app import run

FIXTURES = Path(__file__).parent / "fixtures"
SCREENSHOT = Path(__file__).parents[2] / "docs" / "images" / "audit-report.png"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="chromium not installed (apt-get install -y chromium); CI installs it",
)
def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    report = tmp_path / "audit.html"
    assert run(["audit", str(FIXTURES), "--format", "html", "--output", str(report)]) == 0
    shot = tmp_path / "shot.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={shot}",
             "--window-size=1280,2000", report.as_uri()],
            check=True, timeout=120, capture_output=True,
        )  # fmt: skip
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 50_000  # a blank page is a few KB
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.write_bytes(data)
