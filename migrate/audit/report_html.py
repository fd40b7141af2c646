"""HTML report: one self-contained page (inline CSS, no scripts, no external assets)."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

import jinja2

from migrate.audit.findings import AuditReport, Finding

_ENV = jinja2.Environment(
    # The template sits beside this module, where package-data ("*.j2") ships it.
    loader=jinja2.FileSystemLoader(Path(__file__).parent),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(report: AuditReport) -> str:
    """The report as a page a manager can read: summary first, then findings per file."""
    files: list[tuple[str, list[Finding]]] = [
        (path, list(group)) for path, group in groupby(report.findings, key=lambda f: f.path)
    ]
    files.sort(key=lambda item: (-sum(f.is_video for f in item[1]), item[0]))
    return _ENV.get_template("audit_report.html.j2").render(report=report, files=files)
