"""Helpers for the codemod tests: sample projects copied to a temporary directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A writable copy of every sample (the Flask app at the root, the rest beside it)."""
    shutil.copytree(SAMPLES / "flask_video", tmp_path, dirs_exist_ok=True)
    for sample in SAMPLES.glob("*.py"):
        shutil.copy(sample, tmp_path / sample.name)
    return tmp_path
