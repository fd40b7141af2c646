"""``twilio2zoom demo``: a one-minute tour of the toolkit on the local sandbox."""

from __future__ import annotations

from typing import Annotated

import typer

from migrate.demo import run_demo


def demo(
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the temporary folder with the app and export.")
    ] = False,
) -> None:
    """Audit, rewrite, run and export a sample Twilio Video app on local emulators."""
    run_demo(keep=keep)


def register(app: typer.Typer) -> None:
    """Add the ``demo`` command to the CLI."""
    app.command("demo")(demo)
