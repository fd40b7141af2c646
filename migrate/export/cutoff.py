"""Whether work that takes a given time, started now, finishes before the cutoff date."""

from __future__ import annotations

import datetime as dt

from migrate.export.models import CutoffVerdict


def cutoff_verdict(
    seconds: float, cutoff: dt.date, now: dt.datetime | None = None
) -> CutoffVerdict:
    """Compare ``now + seconds`` with the start (00:00 UTC) of the cutoff day."""
    start = now or dt.datetime.now(dt.UTC)
    finishes_at = start + dt.timedelta(seconds=max(seconds, 0.0))
    deadline = dt.datetime.combine(cutoff, dt.time(), tzinfo=dt.UTC)
    before = finishes_at < deadline
    return CutoffVerdict(cutoff=cutoff, finishes_at=finishes_at, before_cutoff=before)


def describe(verdict: CutoffVerdict) -> str:
    """One human sentence about the verdict."""
    when = verdict.finishes_at.strftime("%Y-%m-%d %H:%M UTC")
    if verdict.before_cutoff:
        return f"finishes around {when}, before the cutoff {verdict.cutoff.isoformat()}"
    return f"finishes around {when}, AFTER the cutoff {verdict.cutoff.isoformat()}"
