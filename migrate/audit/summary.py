"""Totals of an audit: counts, effort and the days left before the cutoff."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from migrate.audit.findings import EffortSummary, Finding, Summary
from migrate.cutoff import cutoff_status

# Hours of work per finding, by the catalog's effort grade (documented in docs/audit.md).
EFFORT_HOURS: dict[str, float] = {"trivial": 0.25, "small": 1.0, "medium": 4.0, "large": 16.0}
HOURS_PER_DAY = 8.0


class Tally:
    """File counters the engine keeps while it walks the tree."""

    def __init__(self) -> None:
        self.scanned = 0
        self.parsed = 0
        self.skipped: Counter[str] = Counter()


def summarize(
    findings: Iterable[Finding], tally: Tally, cutoff: dt.date, today: dt.date
) -> Summary:
    """Counts by category, language and severity, summed effort and days to ``cutoff``."""
    findings = list(findings)
    standing = cutoff_status(cutoff, dt.datetime.combine(today, dt.time(), dt.UTC))
    video = [f for f in findings if f.is_video]
    hours = round(sum(f.effort_hours for f in video), 2)
    return Summary(
        files_scanned=tally.scanned,
        files_parsed=tally.parsed,
        files_with_findings=len({f.path for f in video}),
        files_skipped=dict(sorted(tally.skipped.items())),
        findings_total=len(findings),
        video_findings=len(video),
        by_category=_count(f.category for f in findings),
        by_language=_count(f.language for f in findings),
        by_severity=_count(f.severity for f in findings),
        effort=EffortSummary(
            hours=hours, days=round(hours / HOURS_PER_DAY, 2), table=dict(EFFORT_HOURS)
        ),
        cutoff=cutoff,
        generated_on=today,
        cutoff_passed=standing.cutoff_passed,
        days_left=standing.days_left,
    )


def _count(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))
