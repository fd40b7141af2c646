"""``twilio2zoom rewrite PATH --mode shim|native [--diff] [--check]``: LibCST codemods."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from codemods.driver import RewriteSummary, rewrite_paths
from migrate.errors import ConfigError

__all__ = ["RewriteMode", "RewriteSummary", "register", "rewrite", "rewrite_paths"]


class RewriteMode(StrEnum):
    """How far the rewrite goes."""

    shim = "shim"
    native = "native"


def rewrite(
    paths: Annotated[list[Path], typer.Argument(help="Project directories or Python files.")],
    mode: Annotated[
        RewriteMode,
        typer.Option(
            "--mode",
            "-m",
            help="shim: swap imports to migrate.shim; native: plain Zoom code, no twilio2zoom.",
        ),
    ] = RewriteMode.shim,
    diff: Annotated[bool, typer.Option("--diff", help="Print unified diffs.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 when changes are pending.")
    ] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Processes.")] = None,
    shim_requirement: Annotated[
        str | None,
        typer.Option(
            "--shim-requirement",
            metavar="SPEC",
            help="Requirement shim mode adds (default: this toolkit's name==version; "
            "see docs/rewrite.md on hosting it).",
        ),
    ] = None,
) -> None:
    """Rewrite Python code from Twilio Video to Zoom (shim or native mode)."""
    for path in paths:
        if not path.exists():
            raise ConfigError(f"rewrite: no such file or directory: {path}")
    summary = rewrite_paths(
        paths,
        mode.value,
        check=check,
        diff=diff,
        workers=jobs,
        shim_requirement=shim_requirement,
    )
    for text in summary.diffs:
        typer.echo(text, nl=False)
    _report(summary)
    if summary.failed or (check and summary.pending):
        raise typer.Exit(1)


def _report(summary: RewriteSummary) -> None:
    verb = "would change" if summary.check else "changed"
    for report in summary.failed:
        typer.echo(f"twilio2zoom: left unchanged: {report.path}: {report.error}", err=True)
    for note in summary.notes:
        typer.echo(f"twilio2zoom: dependency pin: {note}", err=True)
    for path in summary.changed if summary.check else ():
        typer.echo(f"would rewrite {path}", err=True)
    typer.echo(
        f"{summary.files_scanned} files scanned, {summary.files_changed} {verb}, "
        f"{summary.calls_rewritten} calls rewritten, {summary.todos_left} TODOs left, "
        f"{len(summary.failed)} failed ({summary.mode} mode)",
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add the ``rewrite`` command to ``app``."""
    app.command("rewrite")(rewrite)
