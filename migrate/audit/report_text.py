"""Text report: a Rich table of findings and a summary, for terminals and CI logs."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from migrate.audit.findings import AuditReport

_STYLES = {"error": "bold red", "warning": "yellow", "note": "cyan", "info": "dim"}


def print_text(report: AuditReport, console: Console) -> None:
    """Findings grouped by file, then totals, effort and the days left to the cutoff."""
    table = Table(title=f"Twilio Video touchpoints in {report.root}", show_lines=False)
    # Location and rule stay whole so they can be searched for; prose columns wrap.
    table.add_column("Location", no_wrap=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Finding", ratio=1, overflow="fold")
    table.add_column("Zoom equivalent", ratio=1, overflow="fold")
    table.add_column("Fix / effort", no_wrap=True)
    for f in report.findings:
        table.add_row(
            f"{f.path}:{f.line}",
            f"[{_STYLES[f.severity]}]{f.rule_id}[/]",
            f.message if f.confidence == "proven" else f"{f.message} (structural match)",
            f.zoom_equivalent,
            f"{f.autofix} / {f.effort}",
        )
    console.print(table)
    s = report.summary
    console.print(
        f"{s.video_findings} Video findings in {s.files_with_findings} files "
        f"({s.findings_total} total, {s.files_scanned} files scanned, {s.files_parsed} parsed)"
    )
    console.print("By category: " + _pairs(s.by_category))
    console.print("By language: " + _pairs(s.by_language))
    if s.files_skipped:
        console.print("Skipped: " + _pairs(s.files_skipped))
    console.print(
        f"Estimated effort: {s.effort.hours:g} h ({s.effort.days:g} days); "
        f"cutoff {s.cutoff.isoformat()}: {s.days_left} days left"
    )


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
