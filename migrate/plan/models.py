"""The migration plan as data: aggregated findings, volumes and the export estimate.

Everything is aggregated while reading (counts, a few example SIDs), so a plan of an
account with a million recordings is as small as one of ten.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from mappings.fidelity import Fidelity
from migrate.cutoff import CutoffFields, CutoffVerdict
from migrate.export.models import EstimateBound

Area = Literal[
    "room",
    "recording_rules",
    "composition_hook",
    "recording_settings",
    "composition_settings",
    "names",
]
MAX_EXAMPLES = 3
# Assumed sustained download rate for the export estimate: 100 Mbit/s (stated in the report).
DEFAULT_ASSUMED_RATE = 100_000_000 // 8


class PlanOptions(BaseModel):
    """What to read: rooms created in ``[since, until)``, plus every in-progress room.

    ``rules_sample`` bounds how many completed rooms have their recording rules fetched
    (one request each); every in-progress room's rules are fetched.
    """

    since: dt.datetime
    until: dt.datetime | None = None
    rules_sample: int = Field(default=100, ge=0)
    assumed_rate: int = Field(default=DEFAULT_ASSUMED_RATE, gt=0, description="bytes/s")


class Finding(BaseModel):
    """One parameter outcome and how often it occurred, with example SIDs or names."""

    area: Area
    param: str
    value: str
    fidelity: Fidelity
    zoom: str
    notes: str
    count: int = 0
    examples: list[str] = Field(default_factory=list)


class MonthVolume(BaseModel):
    """Media created in one month (``YYYY-MM``); bytes count completed items only."""

    month: str
    recordings: int = 0
    recording_bytes: int = 0
    compositions: int = 0
    composition_bytes: int = 0
    not_completed: int = 0


class RoomCounts(BaseModel):
    """Rooms read, by status and by type."""

    total: int = 0
    by_status: dict[str, int] = Field(default_factory=dict)
    by_type: dict[str, int] = Field(default_factory=dict)
    rules_fetched: int = 0
    unmappable: int = 0


class HookPlan(BaseModel):
    """One composition hook: the Zoom recording files it needs, and its verdict."""

    sid: str
    friendly_name: str
    enabled: bool
    fidelity: Fidelity
    zoom_files: list[str]
    compose_locally: bool


class ExportEstimate(BaseModel):
    """Bytes to export, how long the exporter's model says it takes at the assumed rate, and
    the cutoff verdict."""

    items: int
    bytes: int
    assumed_rate: int
    seconds: float
    bound: EstimateBound
    verdict: CutoffVerdict


class PlanReport(CutoffFields):
    """The whole plan; ``totals`` counts findings (weighted by occurrences) per fidelity."""

    generated_at: dt.datetime
    since: dt.datetime
    until: dt.datetime | None
    rooms: RoomCounts
    findings: list[Finding]
    hooks: list[HookPlan]
    collisions: list[list[str]]
    volume: list[MonthVolume]
    export: ExportEstimate
    totals: dict[str, int]
    errors: list[str]
