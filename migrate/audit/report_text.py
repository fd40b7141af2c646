"""Text report: findings and a summary, for terminals and CI logs.

Wide consoles get a table. Below :data:`TABLE_MIN_WIDTH` columns (80 is what a pipe or a
CI log gets) a table's prose columns would be folded a few letters wide, so each finding
becomes a block of labelled lines instead, wrapped at word boundaries.
"""

from __future__ import annotations

import textwrap

from rich.console import Console
from rich.table import Table
from rich.text import Text

from migrate.audit.findings import AuditReport, Finding

_STYLES = {"error": "bold red", "warning": "yellow", "note": "cyan", "info": "dim"}
TABLE_MIN_WIDTH = 120
_LABEL_WIDTH = 11  # "  Finding: "


def print_text(report: AuditReport, console: Console) -> None:
    """Findings grouped by file, then totals, effort and the days left to the cutoff."""
    if console.width < TABLE_MIN_WIDTH:
        _print_blocks(report, console)
    else:
        _print_table(report, console)
    _print_summary(report, console)


def _print_blocks(report: AuditReport, console: Console) -> None:
    console.print(f"Twilio Video touchpoints in {report.root}", markup=False, highlight=False)
    for finding in report.findings:
        console.print()
        head = Text(f"{finding.path}:{finding.line}  ")
        head.append(finding.rule_id, style=_STYLES[finding.severity])
        head.append(f"  ({finding.severity})")
        console.print(head, soft_wrap=True, highlight=False)  # the location stays whole
        for label, value in _block_fields(finding):
            for line in _wrapped(label, value, console.width):
                console.print(line, markup=False, highlight=False, soft_wrap=True)
    console.print()


def _block_fields(finding: Finding) -> list[tuple[str, str]]:
    return [
        ("Finding", finding.message),
        ("Zoom", finding.zoom_equivalent),
        ("Fix", f"{finding.autofix} / {finding.effort}"),
    ]


def _wrapped(label: str, value: str, width: int) -> list[str]:
    lines = textwrap.wrap(
        value,
        width=max(20, width - _LABEL_WIDTH),
        break_long_words=False,  # a long identifier or URL stays whole
        break_on_hyphens=False,
    ) or [""]
    first = f"  {label + ':':<{_LABEL_WIDTH - 2}}"
    return [first + lines[0], *(" " * _LABEL_WIDTH + line for line in lines[1:])]


def _print_table(report: AuditReport, console: Console) -> None:
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


def _print_summary(report: AuditReport, console: Console) -> None:
    s = report.summary
    console.print(
        f"{s.video_findings} Video findings in {s.files_with_findings} files "
        f"({s.findings_total} total, {s.files_scanned} files scanned, {s.files_parsed} parsed)"
    )
    unparsed = sorted({f.path for f in report.findings if f.category == "parse-error"})
    if unparsed:
        console.print(
            f"Parse errors: {len(unparsed)} files could not be parsed; review them by hand: "
            + ", ".join(unparsed),
            markup=False,
            highlight=False,
        )
    console.print("By category: " + _pairs(s.by_category))
    console.print("By language: " + _pairs(s.by_language))
    if s.files_skipped:
        console.print("Skipped: " + _pairs(s.files_skipped))
    console.print(f"Estimated effort: {s.effort.hours:g} h ({s.effort.days:g} days)")
    console.print(s.cutoff_standing().headline())


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
