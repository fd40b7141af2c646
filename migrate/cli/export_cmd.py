"""``twilio2zoom export DEST`` and ``twilio2zoom export verify DEST``: a thin layer over
:mod:`migrate.export`."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from mappings.limits import TWILIO_READS_PER_SECOND
from migrate.cli import options
from migrate.cli.default_group import DefaultGroup
from migrate.cutoff import cutoff_status
from migrate.errors import ConfigError
from migrate.export import (
    DEFAULT_CONCURRENCY,
    DryRunReport,
    EstimateBound,
    ExportOptions,
    ExportSummary,
    VerifyReport,
    VerifySource,
    What,
    estimate_export,
    run_export,
    verify_export,
)
from migrate.export.bwlimit import parse_rate
from migrate.export.cluster import reachability_note, require_dask
from migrate.export.destination import is_remote, parse_storage_options
from migrate.settings import Settings

INTERRUPTED_EXIT = 130
_ALL_WHAT = ",".join(w.value for w in What)
DEFAULT_SUBCOMMAND = "copy"


class _DefaultToCopy(DefaultGroup):
    """``export DEST`` means ``export copy DEST``; ``export verify DEST`` stays itself."""

    default_command = DEFAULT_SUBCOMMAND


export_app = typer.Typer(
    cls=_DefaultToCopy,
    no_args_is_help=True,
    help="Copy recordings, compositions and room records to DEST, verified and resumable "
    "(export DEST), or check an export (export verify DEST).",
)

_STORAGE_HELP = "fsspec option for a remote DEST as KEY=VALUE (e.g. endpoint_url=...); repeatable."
_STATE_HELP = (
    "Folder for the manifest and partial downloads (default: DEST/.twilio2zoom, or "
    "~/.twilio2zoom/state/<hash> for a remote DEST)."
)

_SCHEDULER_HELP = (
    "Run the copy on an existing Dask cluster (tcp://HOST:8786); needs the dask extra. "
    "DEST must be reachable from every worker."
)
_WORKERS_HELP = "Run the copy on a local Dask cluster of N worker processes (dask extra)."
_BWLIMIT_HELP = "Bandwidth limit per process (per Dask worker), rclone-style: 10M, 512k (bytes/s)."


@export_app.command(DEFAULT_SUBCOMMAND)
def copy_command(
    dest: Annotated[
        str, typer.Argument(help="Local directory or fsspec URL (s3://bucket/prefix).")
    ],
    created_after: Annotated[
        str | None, typer.Option(help="Only items created after DATE.")
    ] = None,
    created_before: Annotated[
        str | None, typer.Option(help="Only items created before DATE.")
    ] = None,
    room: Annotated[
        list[str] | None, typer.Option("--room", help="Room SID or unique name; repeatable.")
    ] = None,
    what: Annotated[str, typer.Option(help="Comma list of recordings,compositions,metadata.")] = (
        _ALL_WHAT
    ),
    concurrency: Annotated[
        int, typer.Option(min=1, max=256, help="Parallel files (per Dask worker on a cluster).")
    ] = DEFAULT_CONCURRENCY,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count, size and time; copy nothing.")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    storage_option: Annotated[
        list[str] | None, typer.Option("--storage-option", help=_STORAGE_HELP)
    ] = None,
    state_dir: Annotated[str | None, typer.Option(help=_STATE_HELP)] = None,
    scheduler: Annotated[str | None, typer.Option(help=_SCHEDULER_HELP)] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=256, help=_WORKERS_HELP)] = None,
    bwlimit: Annotated[str | None, typer.Option(help=_BWLIMIT_HELP)] = None,
    account_sid: options.AccountSid = None,
    auth_token: options.AuthToken = None,
    api_key: options.ApiKey = None,
    api_secret: options.ApiSecret = None,
    base_url: options.BaseUrl = None,
    cutoff: options.Cutoff = None,
) -> None:
    """Copy the archive to DEST (what export DEST does)."""
    if scheduler and workers:
        raise ConfigError("--scheduler and --workers exclude each other; give one")
    if (scheduler or workers) and not dry_run:
        require_dask()
    _check_local_dest(dest)
    settings = options.twilio_settings(
        account_sid=account_sid,
        auth_token=auth_token,
        api_key=api_key,
        api_secret=api_secret,
        base_url=base_url,
        cutoff=cutoff,
    )
    export_options = ExportOptions(
        created_after=_optional_moment(created_after, "--created-after"),
        created_before=_optional_moment(created_before, "--created-before"),
        rooms=tuple(room or ()),
        what=_what(what),
        concurrency=concurrency,
        storage_options=parse_storage_options(storage_option or []),
        state_dir=state_dir,
        show_progress=not json_output,
        bwlimit=parse_rate(bwlimit) if bwlimit is not None else None,
        scheduler=scheduler,
        workers=workers,
    )
    if dry_run:
        report = asyncio.run(estimate_export(settings, dest, export_options))
        _emit(report, json_output, _dry_run_text(report))
        # Only a cutoff still ahead that the estimate misses needs the user; a passed one is
        # said once in the report and changes nothing.
        raise typer.Exit(1 if report.verdict is not None and report.verdict.misses else 0)
    note = reachability_note(dest, export_options)
    if note:
        typer.echo(note, err=True)
    summary = asyncio.run(run_export(settings, dest, export_options))
    _emit(summary, json_output, _summary_text(summary, settings))
    if summary.interrupted:
        typer.echo(
            "interrupted: verified files are kept; run the same command again to resume",
            err=True,
        )
        raise typer.Exit(INTERRUPTED_EXIT)
    raise typer.Exit(summary.exit_code)


@export_app.command("verify")
def verify_command(
    dest: Annotated[str, typer.Argument(help="The DEST of an earlier export.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    storage_option: Annotated[
        list[str] | None, typer.Option("--storage-option", help=_STORAGE_HELP)
    ] = None,
    state_dir: Annotated[str | None, typer.Option(help=_STATE_HELP)] = None,
) -> None:
    """Check every item an export recorded; exit 1 until all are in DEST and match.

    Re-hashes each copied file and reports items listed but not copied yet, against the
    local manifest, or, where there is none (another machine, a copied DEST), against
    DEST/index.jsonl; the report says which. No listing, no credentials.
    """
    report = verify_export(
        dest, storage_options=parse_storage_options(storage_option or []), state_dir=state_dir
    )
    _emit(report, json_output, _verify_text(report))
    raise typer.Exit(report.exit_code)


def register(app: typer.Typer) -> None:
    """Add ``export`` to the root CLI."""
    app.add_typer(export_app, name="export")


def _emit(report: Any, json_output: bool, text: str) -> None:
    typer.echo(report.model_dump_json(indent=2) if json_output else text)


def _check_local_dest(dest: str) -> None:
    """A local DEST that is a file: say so before listing anything."""
    if is_remote(dest):
        return
    root = Path(dest.removeprefix("file://")).expanduser()
    if root.exists() and not root.is_dir():
        raise ConfigError(f"DEST {root} is a file; give a directory (it is created when missing)")


def _optional_moment(value: str | None, option: str) -> dt.datetime | None:
    return None if value is None else options.parse_moment(value, option)


def _what(value: str) -> frozenset[What]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    try:
        chosen = frozenset(What(name) for name in names)
    except ValueError:
        raise ConfigError(f"--what takes a comma list of {_ALL_WHAT}, got {value!r}") from None
    if not chosen:
        raise ConfigError("--what needs at least one of recordings,compositions,metadata")
    return chosen


def _size(nbytes: int) -> str:
    return f"{nbytes / 2**30:,.2f} GiB" if nbytes >= 2**30 else f"{nbytes / 2**20:,.1f} MiB"


def _duration(seconds: float) -> str:
    return str(dt.timedelta(seconds=round(seconds)))


def _summary_text(summary: ExportSummary, settings: Settings) -> str:
    lines = [
        f"export to {summary.dest}: {summary.copied} copied ({_size(summary.bytes_copied)}), "
        f"{summary.skipped_verified} skipped (already verified), "
        f"{summary.not_completed} not completed (no media), {summary.failed} failed, "
        f"{summary.rooms} room records, in {_duration(summary.seconds)}",
    ]
    if summary.failures:
        lines.append("failed items (details in index.csv):")
        lines += [f"  {f.sid}: {f.reason}" for f in summary.failures]
    lines.append(f"index: {summary.dest.rstrip('/')}/index.csv and index.jsonl")
    if summary.cutoff is not None:
        notice = cutoff_status(summary.cutoff).notice()
        if notice is not None:
            lines.append(notice)
    if summary.failed:
        lines.append("run the same command again to retry the failed items")
    return "\n".join(lines)


_BOUND_TEXT = {
    EstimateBound.CONNECTIONS: "bandwidth: --concurrency x one connection's rate",
    EstimateBound.AGGREGATE: "bandwidth: the rate measured over several connections together",
    EstimateBound.REQUESTS: "Twilio's REST read quota",
    EstimateBound.LISTING: "listing",
    EstimateBound.NONE: "nothing to copy",
}


def _dry_run_text(report: DryRunReport) -> str:
    rate = (
        f"{report.rate_bytes_per_second / 2**20:,.1f} MiB/s"
        if report.rate_bytes_per_second
        else "not measured"
    )
    lines = [
        f"dry run for {report.dest} (nothing copied)",
        f"  to copy:           {report.to_copy:,} items, {_size(report.bytes_to_copy)}",
        f"  already verified:  {report.already_verified:,}",
        f"  not completed:     {report.not_completed:,} (no media; recorded only)",
        f"  rooms:             {report.rooms:,}",
        f"  listing took:      {report.listing_seconds:.1f}s",
        f"  rate:              {rate} ({report.rate_source})",
        f"  transfer:          {_duration(report.transfer_seconds)} at that rate",
        f"  API reads:         {report.api_reads:,} ({report.listing_reads:,} list pages, "
        f"{report.media_reads:,} /Media, {report.room_reads:,} room records) at "
        f"{TWILIO_READS_PER_SECOND}/s: at least {_duration(report.request_floor_seconds)}",
        f"  estimated time:    {_duration(report.estimated_seconds)}, "
        f"bound by {_BOUND_TEXT[report.bound]}",
    ]
    if report.verdict is not None:
        lines.append(f"  cutoff:            {report.verdict.describe()}")
    return "\n".join(lines)


_PROBLEMS_SHOWN = 50


def _verify_text(report: VerifyReport) -> str:
    if report.source is VerifySource.MANIFEST:
        source = f"the manifest {report.source_path}"
    else:
        source = f"{report.source_path} (no local manifest for this DEST)"
    lines = [
        f"verify {report.dest}: {report.listed} listed, {report.copied} copied, "
        f"{report.missing} missing, {report.mismatched} mismatched, "
        f"{report.not_copied} not copied yet, {report.no_media} without media",
        f"  {report.ok} of {report.copied} copied files match "
        f"({_size(report.bytes_checked)} re-hashed)",
        f"  checked against {source}",
    ]
    if report.invalid:
        lines.append(f"  {report.invalid} index entries could not be checked")
    if report.export_finished is False:
        lines.append(
            "  the last export run did not finish: items it had not listed yet are not "
            "counted; run the same export command again"
        )
    lines += [
        f"  {' '.join(filter(None, (p.sid, p.path)))}: {p.problem}"
        for p in report.problems[:_PROBLEMS_SHOWN]
    ]
    more = len(report.problems) - _PROBLEMS_SHOWN + report.problems_omitted
    if more > 0:
        lines.append(f"  ... and {more} more (--json lists up to 1000)")
    if report.complete:
        lines.append("archive complete: every listed item is in DEST and matches")
    else:
        lines.append("archive NOT complete: run the export again to copy what is missing")
    return "\n".join(lines)
