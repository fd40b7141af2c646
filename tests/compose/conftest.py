"""Fixtures of the compose tests: the FFmpeg binary and a render helper."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from migrate.compose import ComposeSettings, run_compose
from tests.compose.media import require_ffmpeg

Render = Callable[..., tuple[Path, dict[str, Any]]]


@pytest.fixture(scope="session")
def ffmpeg() -> str:
    """The FFmpeg binary (fails under CI=true when missing)."""
    return require_ffmpeg()


@pytest.fixture
def render() -> Render:
    """Compose one room with CreateComposition ``params``; the output and its description."""

    def go(dest: Path, room: tuple[str, ...] = (), **params: Any) -> tuple[Path, dict[str, Any]]:
        summary = run_compose(
            str(dest), params=params, rooms=room, settings=ComposeSettings(preset="ultrafast")
        )
        assert summary.exit_code == 0, summary.results
        (result,) = summary.results
        assert result.status in ("rendered", "skipped"), result
        path = dest / result.path
        description = json.loads(path.with_suffix(".json").read_text())
        return path, description

    return go
