"""``twilio2zoom plan``: a thin layer over :mod:`migrate.plan`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from migrate import clock
from migrate.cli import options
from migrate.errors import ConfigError
from migrate.plan import FORMATS, PlanOptions, build_plan, write_plan
from migrate.plan.render import human_size
from migrate.twilio import TwilioVideoClient

DEFAULT_WINDOW_DAYS = 365
DEFAULT_RATE_MBPS = 100


def _formats(value: str) -> list[str]:
    chosen = [part.strip().lower() for part in value.split(",") if part.strip()]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise ConfigError(f"--format takes a comma list of {','.join(FORMATS)}, got {value!r}")
    return list(dict.fromkeys(chosen))


def plan_command(
    since: Annotated[
        str | None,
        typer.Option(
            "--created-after",
            metavar="DATE",
            help=f"Rooms and media created after DATE (default: {DEFAULT_WINDOW_DAYS} "
            "days ago). Rooms in progress are always read.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--created-before",
            metavar="DATE",
            help="Only rooms and media created before DATE.",
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--output-dir", metavar="DIR", help="Folder for plan.md, plan.json, plan.html."
        ),
    ] = Path("twilio2zoom-plan"),
    # The names of earlier releases, kept working but no longer shown.
    old_since: Annotated[str | None, typer.Option("--since", hidden=True)] = None,
    old_until: Annotated[str | None, typer.Option("--until", hidden=True)] = None,
    old_out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    fmt: Annotated[str, typer.Option("--format", help="Comma list of md,json,html.")] = "md,json",
    rules_sample: Annotated[
        int, typer.Option(min=0, help="Completed rooms whose recording rules are read.")
    ] = 100,
    assumed_rate_mbps: Annotated[
        float, typer.Option(min=0.001, help="Download rate assumed for the export estimate.")
    ] = DEFAULT_RATE_MBPS,
    account_sid: options.AccountSid = None,
    auth_token: options.AuthToken = None,
    api_key: options.ApiKey = None,
    api_secret: options.ApiSecret = None,
    base_url: options.BaseUrl = None,
    cutoff: options.Cutoff = None,
) -> None:
    """Map the account's rooms, rules, hooks and settings to Zoom and write a plan.

    Exit 1 when the cutoff is still ahead and the export would not finish before it at the
    assumed rate; a cutoff already passed is said once and does not change the exit status.
    """
    now = clock.now()
    since, until, out = since or old_since, until or old_until, old_out or out
    formats = _formats(fmt)
    if out.exists() and not out.is_dir():  # before the account is read, not after
        raise ConfigError(f"--output-dir {out} is a file; give a directory (created if missing)")
    settings = options.twilio_settings(
        account_sid=account_sid,
        auth_token=auth_token,
        api_key=api_key,
        api_secret=api_secret,
        base_url=base_url,
        cutoff=cutoff,
    )
    plan_options = PlanOptions(
        since=(
            options.parse_moment(since, "--created-after")
            if since
            else now - dt.timedelta(days=DEFAULT_WINDOW_DAYS)
        ),
        until=options.parse_moment(until, "--created-before") if until else None,
        rules_sample=rules_sample,
        assumed_rate=max(1, round(assumed_rate_mbps * 1_000_000 / 8)),
    )
    with TwilioVideoClient.from_settings(settings) as client:
        report = build_plan(client, plan_options, cutoff=settings.cutoff, now=now)
    paths = write_plan(report, out, formats)
    t = report.totals
    typer.echo(
        f"plan: {report.rooms.total} rooms, {t['exact']} exact, {t['approximate']} approximate, "
        f"{t['unsupported']} unsupported; export {human_size(report.export.bytes)}: "
        f"{report.export.verdict.describe()}"
    )
    for path in paths:
        typer.echo(f"wrote {path}")
    raise typer.Exit(1 if report.export.verdict.misses else 0)


def register(app: typer.Typer) -> None:
    """Add ``plan`` to the root CLI."""
    app.command("plan")(plan_command)
