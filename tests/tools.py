"""External tools the tests drive for real (Chromium, FFmpeg, Node): found, or the test stops.

Under ``CI=true`` a missing tool fails the test: CI installs every tool it needs
(``.ci/run``), so a skip there would hide a broken install. Elsewhere it skips, naming the
install command.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    """True where CI runs the suite (``CI=true``, as CI services set it)."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tool(name: str, install: str) -> str:
    """The path of executable ``name``; fails under CI, skips elsewhere, when it is missing."""
    path = shutil.which(name)
    if path is not None:
        return path
    message = f"{name} is not installed ({install})"
    if in_ci():
        pytest.fail(f"{message}; CI installs it, so its absence is a broken install")
    pytest.skip(message)
