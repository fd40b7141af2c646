"""Root test configuration: a clean environment and the sandbox fixtures."""

from __future__ import annotations

import os

import pytest

pytest_plugins = [
    "tests.fixtures.twilio_fixtures",
    "tests.fixtures.zoom_fixtures",
    "tests.fixtures.s3_fixtures",
]

_ENV_PREFIXES = ("TWILIO_", "ZOOM_", "TWILIO2ZOOM_")
#: The moment every test runs at, whatever the calendar says: the product reads "now" only
#: through migrate.clock, which this pins for the tests and every child process they start.
#: Run the suite on another day with TWILIO2ZOOM_TEST_NOW=2027-03-01 (any date, before or
#: after the default cutoff, must pass).
TEST_NOW = os.environ.get("TWILIO2ZOOM_TEST_NOW", "2026-11-23T12:00:00+00:00")
# Process-wide as well, for session- and module-scoped fixtures that run before the one below.
os.environ["TWILIO2ZOOM_NOW"] = TEST_NOW


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees credentials from the machine it runs on, nor its calendar."""
    for name in list(os.environ):
        if name.startswith(_ENV_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TWILIO2ZOOM_NOW", TEST_NOW)
