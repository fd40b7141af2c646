"""JSON report: the ``AuditReport`` model as is (schema ``twilio2zoom.audit/v1``)."""

from __future__ import annotations

from migrate.audit.findings import AuditReport


def render_json(report: AuditReport) -> str:
    """The report as indented JSON; field names are documented in docs/audit.md."""
    return report.model_dump_json(by_alias=True, indent=2) + "\n"
