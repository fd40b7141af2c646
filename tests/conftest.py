"""Root test configuration: a clean environment and the sandbox fixtures."""

from __future__ import annotations

import os

import pytest

pytest_plugins = ["tests.fixtures.twilio_fixtures", "tests.fixtures.zoom_fixtures"]

_ENV_PREFIXES = ("TWILIO_", "ZOOM_", "TWILIO2ZOOM_")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees credentials from the machine it runs on."""
    for name in list(os.environ):
        if name.startswith(_ENV_PREFIXES):
            monkeypatch.delenv(name, raising=False)
