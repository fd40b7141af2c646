"""Read a Twilio account and aggregate its mapping to Zoom into a :class:`PlanReport`.

Lists are consumed lazily and folded into counters as they stream, so memory grows with
the number of distinct findings and room names, not with rooms or recordings.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from mappings.compositions import map_hook_resource
from mappings.errors import MappingError
from mappings.fidelity import FIDELITY_ORDER, ParamMapping
from mappings.names import find_collisions
from mappings.rooms import map_create_room, room_create_params
from mappings.settings_map import map_storage_settings
from migrate.cutoff import cutoff_verdict
from migrate.export.estimate import assumed_rate, combine, planned_reads
from migrate.plan.models import (
    MAX_EXAMPLES,
    Area,
    ExportEstimate,
    Finding,
    HookPlan,
    MonthVolume,
    PlanOptions,
    PlanReport,
    RoomCounts,
)
from migrate.twilio import TwilioVideoClient
from migrate.twilio.models import RoomStatus

# Recording rules only exist for rooms Twilio can record
# (https://www.twilio.com/docs/video/api/recording-rules).
RECORDABLE_TYPES = ("group", "group-small")
MAX_ERRORS = 50
# Parameters whose values are names or URLs: grouped by fidelity only, not by value.
_FREE_FORM = {
    "UniqueName",
    "StatusCallback",
    "FriendlyName",
    "friendly_name",
    "aws_s3_url",
    "aws_credentials_sid",
    "encryption_key_sid",
}


class _Findings:
    """Findings keyed by area, parameter, value and fidelity, with counts and examples."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str, str, str], Finding] = {}

    def add(self, area: Area, row: ParamMapping, example: str) -> None:
        value = "" if row.param in _FREE_FORM else json.dumps(row.value, sort_keys=True)
        key = (area, row.param, value, row.fidelity)
        finding = self._by_key.get(key)
        if finding is None:
            finding = Finding(
                area=area,
                param=row.param,
                value=value,
                fidelity=row.fidelity,
                zoom=row.zoom,
                notes=row.notes,
            )
            self._by_key[key] = finding
        finding.count += 1
        if len(finding.examples) < MAX_EXAMPLES and example not in finding.examples:
            finding.examples.append(example)

    def sorted(self) -> list[Finding]:
        """Worst fidelity first, then by area, parameter and count."""
        return sorted(
            self._by_key.values(),
            key=lambda f: (-FIDELITY_ORDER.index(f.fidelity), f.area, f.param, -f.count),
        )


class _Errors(list[str]):
    """At most MAX_ERRORS messages, then a count of the rest."""

    dropped = 0

    def note(self, message: str) -> None:
        if len(self) < MAX_ERRORS:
            self.append(message)
        else:
            self.dropped += 1


def _dump(resource: Any) -> dict[str, Any]:
    return dict(resource.model_dump(mode="json"))


def _month(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m") if moment else "unknown"


def build_plan(
    client: TwilioVideoClient, options: PlanOptions, *, cutoff: dt.date, now: dt.datetime
) -> PlanReport:
    """Read rooms, rules, hooks, settings and media volume; map each to Zoom and aggregate."""
    findings = _Findings()
    errors = _Errors()
    counts, names = _read_rooms(client, options, findings, errors)
    hooks = _read_hooks(client, findings, errors)
    _read_settings(client, findings)
    collisions = _name_collisions(names, findings)
    volume, items, nbytes = _volume(client, options)
    found = findings.sorted()
    if errors.dropped:
        errors.append(f"... and {errors.dropped} more")
    report = PlanReport(
        generated_at=now,
        since=options.since,
        until=options.until,
        rooms=counts,
        findings=found,
        hooks=hooks,
        collisions=collisions,
        volume=volume,
        export=_export_estimate(items, nbytes, counts.total, options, cutoff, now),
        totals={f: sum(x.count for x in found if x.fidelity == f) for f in FIDELITY_ORDER},
        errors=list(errors),
    )
    report.stamp(report.export.verdict)
    return report


def _read_rooms(
    client: TwilioVideoClient, options: PlanOptions, findings: _Findings, errors: _Errors
) -> tuple[RoomCounts, set[str]]:
    """Every live room and the finished ones in the window: counts, names, parameter findings."""
    counts = RoomCounts()
    names: set[str] = set()
    scopes: Iterable[tuple[RoomStatus, dt.datetime | None, dt.datetime | None]] = (
        ("in-progress", None, None),
        ("completed", options.since, options.until),
        ("failed", options.since, options.until),
    )
    sampled = 0
    for status, after, before in scopes:
        rooms = client.list_rooms(
            status=status, date_created_after=after, date_created_before=before
        )
        for room in rooms:
            resource = _dump(room)
            sid = str(resource.get("sid"))
            counts.total += 1
            counts.by_status[status] = counts.by_status.get(status, 0) + 1
            kind = str(resource.get("type"))
            counts.by_type[kind] = counts.by_type.get(kind, 0) + 1
            params = room_create_params(resource)
            if "UniqueName" in params:
                names.add(str(params["UniqueName"]))
            wants_rules = status == "in-progress" or sampled < options.rules_sample
            if kind in RECORDABLE_TYPES and wants_rules:
                sampled += status != "in-progress"
                counts.rules_fetched += 1
                rules = client.fetch_recording_rules(sid).rules or []
                if rules:
                    params["RecordingRules"] = [r.model_dump(exclude_none=True) for r in rules]
            try:
                mapping = map_create_room(params)
            except MappingError as exc:
                counts.unmappable += 1
                errors.note(f"room {sid}: {exc}")
                continue
            for row in mapping.params:
                area: Area = "recording_rules" if row.param == "RecordingRules" else "room"
                findings.add(area, row, sid)
    return counts, names


def _read_hooks(client: TwilioVideoClient, findings: _Findings, errors: _Errors) -> list[HookPlan]:
    """Each composition hook mapped to the Zoom recording files it needs."""
    hooks: list[HookPlan] = []
    for hook in client.list_composition_hooks():
        resource = _dump(hook)
        sid = str(resource.get("sid"))
        try:
            mapped = map_hook_resource(resource)
        except MappingError as exc:
            errors.note(f"composition hook {sid}: {exc}")
            continue
        hooks.append(
            HookPlan(
                sid=sid,
                friendly_name=str(resource.get("friendly_name") or ""),
                enabled=bool(resource.get("enabled")),
                fidelity=mapped.fidelity,
                zoom_files=mapped.zoom_files,
                compose_locally=mapped.compose_locally,
            )
        )
        for row in mapped.params:
            findings.add("composition_hook", row, sid)
    return hooks


def _read_settings(client: TwilioVideoClient, findings: _Findings) -> None:
    """The account's recording and composition storage settings."""
    areas: tuple[tuple[Area, Any], ...] = (
        ("recording_settings", client.fetch_recording_settings()),
        ("composition_settings", client.fetch_composition_settings()),
    )
    for area, settings in areas:
        for row in map_storage_settings(_dump(settings)).params:
            findings.add(area, row, "Default")


def _name_collisions(names: set[str], findings: _Findings) -> list[list[str]]:
    """Room names that would land in one Zoom session; each group is a finding."""
    collisions = [sorted(group) for group in find_collisions(names)]
    for group in collisions:
        findings.add(
            "names",
            ParamMapping(
                param="UniqueName",
                value=None,
                zoom="one shared Zoom session",
                fidelity="unsupported",
                notes="Zoom compares session names case-insensitively; rename all but one room.",
            ),
            " / ".join(group),
        )
    return collisions


def _export_estimate(
    items: int,
    nbytes: int,
    rooms: int,
    options: PlanOptions,
    cutoff: dt.date,
    now: dt.datetime,
) -> ExportEstimate:
    """The export's duration from the exporter's own model, at the assumed rate."""
    estimate = combine(
        bytes_to_copy=nbytes,
        items=items,
        api_reads=planned_reads(items, rooms),
        concurrency=1,
        listing_seconds=0.0,
        measured=assumed_rate(options.assumed_rate),
    )
    return ExportEstimate(
        items=items,
        bytes=nbytes,
        assumed_rate=options.assumed_rate,
        seconds=estimate.seconds,
        bound=estimate.bound,
        verdict=cutoff_verdict(estimate.seconds, cutoff, now),
    )


def _volume(client: TwilioVideoClient, options: PlanOptions) -> tuple[list[MonthVolume], int, int]:
    """Recordings and compositions per month; items and bytes that an export would copy."""
    months: dict[str, MonthVolume] = {}
    items = nbytes = 0

    def month(moment: dt.datetime | None) -> MonthVolume:
        key = _month(moment)
        return months.setdefault(key, MonthVolume(month=key))

    for rec in client.list_recordings(
        date_created_after=options.since, date_created_before=options.until
    ):
        m = month(rec.date_created)
        m.recordings += 1
        if rec.status == "completed":
            m.recording_bytes += rec.size or 0
            items, nbytes = items + 1, nbytes + (rec.size or 0)
        else:
            m.not_completed += 1
    for comp in client.list_compositions(
        date_created_after=options.since, date_created_before=options.until
    ):
        m = month(comp.date_created)
        m.compositions += 1
        if comp.status == "completed":
            m.composition_bytes += comp.size or 0
            items, nbytes = items + 1, nbytes + (comp.size or 0)
        else:
            m.not_completed += 1
    return [months[k] for k in sorted(months)], items, nbytes
