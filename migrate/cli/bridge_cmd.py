"""``twilio2zoom bridge [serve]`` and ``twilio2zoom bridge prune``: a thin layer over
:mod:`migrate.bridge`."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from mappings import limits
from migrate.bridge.app import WEBHOOK_PATH
from migrate.bridge.config import DEFAULT_GIVE_UP_AFTER, BridgeConfig
from migrate.bridge.outbox import DAY, DEFAULT_RETENTION, MIN_RETENTION, Outbox
from migrate.bridge.routing import check_url, load_routes
from migrate.bridge.server import listen, serve_bridge
from migrate.cli.default_group import DefaultGroup
from migrate.errors import ConfigError
from migrate.redact import RedactingFilter, redact
from migrate.settings import load_settings
from migrate.shim.store import STORE_ENV, store_path

_LOG_HANDLER_NAME = "twilio2zoom-bridge"
DEFAULT_SUBCOMMAND = "serve"
DEFAULT_DB = Path("twilio2zoom-bridge.sqlite3")
_DB_HELP = "Outbox database (SQLite)."
_MIN_DAYS = int(MIN_RETENTION // DAY)
_DEFAULT_DAYS = int(DEFAULT_RETENTION // DAY)


class _DefaultToServe(DefaultGroup):
    """``bridge --forward-to URL`` means ``bridge serve --forward-to URL``."""

    default_command = DEFAULT_SUBCOMMAND


bridge_app = typer.Typer(
    cls=_DefaultToServe,
    no_args_is_help=True,
    help="Receive Zoom Video SDK webhooks and re-send them as Twilio status callbacks "
    "(bridge --forward-to URL), or trim the outbox (bridge prune).",
)


def _configure_logging(secrets: list[str]) -> None:
    # Progress and delivery problems go to stderr, redacted; a second run in the same
    # process replaces the handler instead of adding another.
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_LOG_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    for name, level in (("migrate.bridge", logging.INFO), ("uvicorn.error", logging.WARNING)):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if h.get_name() == _LOG_HANDLER_NAME]:
            logger.removeHandler(old)
        logger.setLevel(level)
        logger.addHandler(handler)
        logger.propagate = False


@bridge_app.command(DEFAULT_SUBCOMMAND)
def serve_command(
    forward_to: Annotated[
        str, typer.Option(help="Default URL for the Twilio-style status callbacks.")
    ],
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")
    ] = 8787,
    routes: Annotated[
        Path | None,
        typer.Option(help="Routes file (TOML or JSON): session name or glob -> URL, method."),
    ] = None,
    db: Annotated[Path, typer.Option(help=_DB_HELP)] = DEFAULT_DB,
    forward_method: Annotated[
        str, typer.Option(help="HTTP method for --forward-to: POST or GET.")
    ] = "POST",
    shim_store: Annotated[
        Path | None,
        typer.Option(help=f"Shim store whose room callbacks win (default: ${STORE_ENV})."),
    ] = None,
    give_up_after: Annotated[
        float,
        typer.Option(min=0.001, help="Hours to keep retrying a callback before marking it failed."),
    ] = DEFAULT_GIVE_UP_AFTER / 3600,
    tolerance: Annotated[
        float, typer.Option(min=1, help="Seconds a webhook timestamp may be off.")
    ] = limits.ZOOM_WEBHOOK_TOLERANCE_SECONDS,
    retain_days: Annotated[
        int,
        typer.Option(
            min=_MIN_DAYS,
            help="Days to keep delivered callbacks and event keys; older ones are pruned.",
        ),
    ] = _DEFAULT_DAYS,
    requeue_failed: Annotated[
        bool, typer.Option(help="Retry callbacks marked failed by an earlier run.")
    ] = False,
    webhook_secret: Annotated[
        str | None, typer.Option(help="Overrides ZOOM_WEBHOOK_SECRET_TOKEN.")
    ] = None,
    auth_token: Annotated[str | None, typer.Option(help="Overrides TWILIO_AUTH_TOKEN.")] = None,
    account_sid: Annotated[str | None, typer.Option(help="Overrides TWILIO_ACCOUNT_SID.")] = None,
) -> None:
    """Receive Zoom Video SDK webhooks and re-send them as Twilio status callbacks.

    The default: bridge --forward-to URL. Serves until Ctrl-C; undelivered callbacks
    stay in the outbox for the next run.
    """
    settings = load_settings(
        zoom_webhook_secret_token=webhook_secret,
        twilio_auth_token=auth_token,
        twilio_account_sid=account_sid,
    )
    method = forward_method.upper()
    if method not in ("GET", "POST"):
        raise typer.BadParameter("must be GET or POST", param_hint="--forward-method")
    config = BridgeConfig.from_settings(
        settings,
        forward_to=check_url(forward_to, "--forward-to"),
        forward_method=method,
        db_path=db,
        routes=load_routes(routes) if routes else (),
        shim_store=shim_store or store_path(),
        tolerance=tolerance,
        give_up_after=give_up_after * 3600,
        retention=retain_days * DAY,
    )
    with Outbox(db) as outbox:  # a bad --db fails here, before anything listens
        if requeue_failed:
            typer.echo(f"requeued {outbox.requeue_failed(time.time())} failed callbacks")
    sock = listen(host, port)
    _configure_logging(settings.secret_values())
    bound_port = sock.getsockname()[1]
    typer.echo(
        f"bridge: Zoom webhooks at http://{host}:{bound_port}{WEBHOOK_PATH}, "
        f"callbacks to {redact(forward_to)} by default; outbox {db}; Ctrl-C to stop"
    )
    counts = serve_bridge(config, sock)
    typer.echo(
        f"bridge stopped: {counts.delivered} delivered, {counts.pending} pending "
        f"(kept in {db}), {counts.failed} failed"
    )
    raise typer.Exit(1 if counts.failed else 0)


@bridge_app.command("prune")
def prune_command(
    db: Annotated[Path, typer.Option(help=_DB_HELP)] = DEFAULT_DB,
    older_than: Annotated[
        int, typer.Option(min=_MIN_DAYS, help="Delete delivered callbacks older than DAYS.")
    ] = _DEFAULT_DAYS,
) -> None:
    """Delete delivered callbacks and event keys older than DAYS from the outbox.

    The serving bridge does this on its own every hour (--retain-days); this is for
    a bridge that is stopped or an outbox copied elsewhere. Safe beside a running bridge.
    Pending and failed callbacks are kept.
    """
    if not db.is_file():  # Outbox() would create an empty file; say so instead
        raise ConfigError(f"no outbox at {db}")
    with Outbox(db) as outbox:
        pruned = outbox.prune(time.time(), older_than * DAY)
    typer.echo(
        f"pruned {pruned.callbacks} delivered callbacks and {pruned.webhooks} event keys "
        f"older than {older_than} days from {db}"
    )


def register(app: typer.Typer) -> None:
    """Add ``bridge`` to the root CLI."""
    app.add_typer(bridge_app, name="bridge")
