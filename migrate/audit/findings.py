"""The audit's data: what a scanner reports (``Hit``) and what a report shows (``Finding``).

Scanners run in worker processes and return small, picklable ``Hit`` tuples; the engine
turns each into a ``Finding`` by adding the rule and the Zoom advice from ``mappings``.
Lines and columns are 1-based everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from migrate.cutoff import CutoffStatus, cutoff_status

Category = Literal[
    "rest",
    "token",
    "webhook",
    "client-sdk",
    "mobile",
    "dependency",
    "config",
    "not-affected",
    "parse-error",
]
Severity = Literal["error", "warning", "note", "info"]
Language = Literal[
    "python", "javascript", "typescript", "swift", "objective-c", "kotlin", "java", "manifest",
    "config",
]  # fmt: skip
Autofix = Literal["shim", "native", "none"]
# proven: traced to a twilio import; structural: only the Video resource chain says so.
Confidence = Literal["proven", "structural"]
Effort = Literal["trivial", "small", "medium", "large"]

# Categories that are not Video touchpoints: they never fail a --fail-on-findings run.
NON_VIDEO_CATEGORIES: frozenset[str] = frozenset({"not-affected", "parse-error"})

JSON_SCHEMA_ID = "twilio2zoom.audit/v1"


class Hit(NamedTuple):
    """One match of one rule, as a scanner reports it.

    ``subject`` fills the rule's key and message templates (an option or event name,
    a resource operation, a grant name); ``snippet`` is the source text, already redacted;
    ``confidence`` is ``structural`` when the receiver could not be traced to twilio.
    """

    rule_id: str
    line: int
    column: int
    end_line: int
    subject: str = ""
    snippet: str = ""
    confidence: str = "proven"


class FileResult(NamedTuple):
    """What scanning one file produced; ``skipped`` names why a file was not parsed."""

    path: str
    language: str
    hits: list[Hit]
    parsed: bool
    skipped: str = ""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Finding(_Model):
    """One Twilio touchpoint, its Zoom equivalent and the work it needs."""

    path: str
    line: int
    column: int
    end_line: int
    language: str
    rule_id: str
    category: Category
    severity: Severity
    message: str
    twilio_api: str
    zoom_equivalent: str
    fidelity: str
    autofix: Autofix
    effort: Effort
    effort_hours: float
    docs_url: str
    snippet: str
    confidence: Confidence = "proven"

    @property
    def is_video(self) -> bool:
        """True for Video touchpoints (not ``not-affected`` notes or parse errors)."""
        return self.category not in NON_VIDEO_CATEGORIES


class EffortSummary(_Model):
    """Sum of per-finding effort, in hours and 8-hour working days."""

    hours: float
    days: float
    table: dict[str, float]


class Summary(_Model):
    """Totals a manager reads first."""

    files_scanned: int
    files_parsed: int
    files_with_findings: int
    files_skipped: dict[str, int]
    findings_total: int
    video_findings: int
    by_category: dict[str, int]
    by_language: dict[str, int]
    by_severity: dict[str, int]
    effort: EffortSummary
    cutoff: dt.date
    generated_on: dt.date
    cutoff_passed: bool
    days_left: int | None  # None once the cutoff has passed

    def cutoff_standing(self) -> CutoffStatus:
        """The cutoff as it stood on the day the audit ran."""
        return cutoff_status(self.cutoff, dt.datetime.combine(self.generated_on, dt.time(), dt.UTC))


class RuleInfo(_Model):
    """A rule as reports describe it (SARIF ``tool.driver.rules``)."""

    id: str
    category: Category
    severity: Severity
    description: str
    docs_url: str


class AuditReport(_Model):
    """The whole result of ``twilio2zoom audit``; its JSON form is versioned by ``schema``."""

    schema_id: str = Field(default=JSON_SCHEMA_ID, alias="schema")
    tool_version: str
    root: str
    summary: Summary
    rules: list[RuleInfo]
    findings: list[Finding]
