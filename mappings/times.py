"""Zoom timestamps read once, the same way, by every mapping that shows a Twilio time.

Zoom sends ISO-8601 strings (usually UTC with ``Z``); Twilio shows
``YYYY-MM-DDTHH:MM:SSZ``. A value that is missing or does not parse is None, never a guess.
"""

from __future__ import annotations

import datetime as dt


def parse_time(value: object) -> dt.datetime | None:
    """A Zoom ISO-8601 time as an aware datetime (naive values are taken as UTC), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def twilio_time(value: object) -> str | None:
    """A Zoom ISO-8601 time in Twilio's form (``YYYY-MM-DDTHH:MM:SSZ``), or None."""
    moment = parse_time(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def seconds_between(start: object, end: object) -> float | None:
    """Seconds from one Zoom time to another (never negative), or None if either is missing."""
    begin, finish = parse_time(start), parse_time(end)
    if begin is None or finish is None:
        return None
    return max(0.0, (finish - begin).total_seconds())
