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
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help="Project directories, or Python/JS/TS files."),
    ],
    mode: Annotated[
        RewriteMode,
        typer.Option(
            "--mode",
            "-m",
            help="shim: swap imports to migrate.shim; native: plain Zoom code, no twilio2zoom.",
        ),
    ] = RewriteMode.shim,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print unified diffs; write nothing.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 when changes are pending.")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes.")
    ] = None,
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
    """Rewrite code from Twilio Video to Zoom: Python in shim or native mode; JS/TS always
    to @zoom/videosdk 2.x and Zoom REST (there is no JavaScript shim).

    Only a plain rewrite writes; --diff and --check show what it would change. Every
    file it would touch counts: sources, dependency files (requirements, package.json),
    .env files and the generated helper modules. Exit 1 with --check when anything is
    pending, and whenever a file that mentions twilio could not be read or parsed.
    """
    for path in paths:
        if not path.exists():
            raise ConfigError(f"rewrite: no such file or directory: {path}")
    dry = diff or check
    summary = rewrite_paths(
        paths,
        mode.value,
        check=dry,
        diff=diff,
        workers=jobs,
        shim_requirement=shim_requirement,
    )
    for text in summary.diffs:
        typer.echo(text, nl=False)
    blocking = _report(summary)
    if blocking or (check and summary.pending):
        raise typer.Exit(1)


def mentions_twilio(path: Path) -> bool:
    """Whether ``path`` mentions twilio; True when it cannot be read (cannot tell)."""
    try:
        return b"twilio" in path.read_bytes().lower()
    except OSError:
        return True


def _report(summary: RewriteSummary) -> int:
    """Print the per-file lines and the totals; return how many failures block."""
    verb = "would change" if summary.check else "changed"
    blocking = 0
    for report in summary.failed:
        if mentions_twilio(report.path):
            blocking += 1
            note = "it mentions twilio: fix it, then run again"
        else:
            note = "no twilio in it, nothing to rewrite"
        typer.echo(f"twilio2zoom: left unchanged: {report.path}: {report.error} ({note})", err=True)
    for pin in summary.notes:
        typer.echo(f"twilio2zoom: dependency pin: {pin}", err=True)
    for path in summary.changed if summary.check else ():
        typer.echo(f"would rewrite {path}", err=True)
    typer.echo(
        f"{summary.files_scanned} files scanned, {summary.files_changed} {verb}, "
        f"{summary.calls_rewritten} calls rewritten, {summary.todos_left} TODOs left, "
        f"{len(summary.failed)} failed ({summary.mode} mode)",
        err=True,
    )
    if summary.by_language:
        counts = ", ".join(f"{lang} {n}" for lang, n in sorted(summary.by_language.items()))
        typer.echo(f"files {verb} by language: {counts}", err=True)
    for note in summary.replaced:
        typer.echo(f"twilio2zoom: {note}", err=True)
    for command in summary.install_commands:
        typer.echo(f"package.json changed; lockfiles were not edited: run `{command}`", err=True)
    return blocking


def register(app: typer.Typer) -> None:
    """Add the ``rewrite`` command to ``app``."""
    app.command("rewrite")(rewrite)
