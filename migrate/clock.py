"""The one clock: every "now" the product reads comes from here.

``TWILIO2ZOOM_NOW`` (a date or an ISO 8601 time; naive values are UTC) pins it, so a team can
rehearse what ``plan`` or ``export --dry-run`` will say on a given day, and so the test suite
never depends on the day it runs (``tests/conftest.py`` pins it for every test and every
child process).
"""

from __future__ import annotations

import datetime as dt
import os

from migrate.errors import ConfigError

NOW_VARIABLE = "TWILIO2ZOOM_NOW"


def now() -> dt.datetime:
    """The current time in UTC, or the pinned one."""
    pinned = os.environ.get(NOW_VARIABLE)
    if not pinned:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(pinned)
    except ValueError:
        raise ConfigError(
            f"{NOW_VARIABLE} expects a date (YYYY-MM-DD) or an ISO 8601 time, not {pinned!r}"
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def today() -> dt.date:
    """The current UTC date, or the pinned one."""
    return now().date()
