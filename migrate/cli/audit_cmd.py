"""``twilio2zoom audit PATH``: report every Twilio Video touchpoint and its Zoom equivalent."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from migrate.audit.docs_links import DOCS_BASE_URL
from migrate.audit.engine import run_audit
from migrate.audit.findings import AuditReport
from migrate.cli import options
from migrate.errors import ConfigError
from migrate.settings import load_settings

# Wide enough that a table written to a file or a CI log is not folded to 80 columns.
FILE_WIDTH = 160


class OutputFormat(StrEnum):
    """Report formats."""

    text = "text"
    json = "json"
    sarif = "sarif"
    html = "html"


def audit(
    path: Annotated[Path, typer.Argument(help="Directory or file to audit.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE."),
    ] = None,
    fail_on_findings: Annotated[
        bool,
        typer.Option("--fail-on-findings", help="Exit 1 when any Video finding exists (CI gate)."),
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes.")
    ] = None,
    no_gitignore: Annotated[
        bool, typer.Option("--no-gitignore", help="Scan ignored files too.")
    ] = False,
    cutoff: options.Cutoff = None,
    docs_url: Annotated[str, typer.Option("--docs-url", help="Base URL of the docs.")] = (
        DOCS_BASE_URL
    ),
) -> None:
    """Find every Twilio Video touchpoint, its Zoom equivalent and the effort."""
    settings = load_settings(
        twilio2zoom_cutoff=options.parse_date(cutoff, "--cutoff") if cutoff else None
    )
    if not path.exists():
        raise ConfigError(f"audit: no such file or directory: {path}")
    if output is not None and output.is_dir():
        raise ConfigError(
            f"audit: --output {output} is a directory; give a file name, "
            f"e.g. {output / _example_name(output_format)}"
        )
    if output is not None and not output.parent.is_dir():
        # Checked before the scan so a long audit is not lost to a typo in -o.
        raise ConfigError(f"audit: cannot write {output}: no such directory {output.parent}")
    report = run_audit(
        path,
        cutoff=settings.cutoff,
        jobs=jobs,
        use_gitignore=not no_gitignore,
        docs_base_url=docs_url,
    )
    _write(report, output_format, output)
    if fail_on_findings and report.summary.video_findings:
        raise typer.Exit(1)


def _example_name(output_format: OutputFormat) -> str:
    suffix = {"text": "txt", "sarif": "sarif.json"}.get(output_format.value, output_format.value)
    return f"audit.{suffix}"


def _write(report: AuditReport, output_format: OutputFormat, output: Path | None) -> None:
    # Each renderer is imported when asked for: start-up is part of every audit's time,
    # and Rich or Jinja2 alone cost about as much as grep over a small tree.
    if output_format is OutputFormat.text:
        from rich.console import Console

        from migrate.audit.report_text import print_text

        if output is None:
            print_text(report, Console())
        else:
            with output.open("w", encoding="utf-8") as handle:
                print_text(report, Console(file=handle, width=FILE_WIDTH, no_color=True))
        return
    text = _renderer(output_format)(report)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _renderer(output_format: OutputFormat) -> Callable[[AuditReport], str]:
    if output_format is OutputFormat.json:
        from migrate.audit.report_json import render_json

        return render_json
    if output_format is OutputFormat.sarif:
        from migrate.audit.report_sarif import render_sarif

        return render_sarif
    from migrate.audit.report_html import render_html

    return render_html


def register(app: typer.Typer) -> None:
    """Add the ``audit`` command to the CLI."""
    app.command("audit")(audit)
