"""Entry point: builds the Typer app, maps errors to one stderr line and an exit status.

Exit statuses (DESIGN.md): 0 done; 1 done but the user must act; 2 usage or configuration.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

import typer
from typer.exceptions import TyperException

from migrate import __version__
from migrate.errors import Twilio2ZoomError
from migrate.redact import redact

app = typer.Typer(
    name="twilio2zoom",
    help="Move applications and archives from Twilio Programmable Video to the Zoom Video SDK.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
) -> None:
    """Twilio Video -> Zoom Video SDK migration toolkit."""


@app.command("version")
def version() -> None:
    """Print the twilio2zoom version."""
    typer.echo(__version__)


def _register_commands() -> None:
    # Each command lives in its own module with a register(app) function.
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"migrate.cli.{name}").register(app)


# One module per command; add a name here when its module exists.
COMMAND_MODULES: tuple[str, ...] = (
    "sandbox_cmd",
    "export_cmd",
    "audit_cmd",
    "rewrite_cmd",
    "plan_cmd",
    "bridge_cmd",
    "demo_cmd",
)


_register_commands()


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"twilio2zoom: error: {redact(message)}\n")
    return code


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status (tests call this directly)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result = app(args=args, prog_name="twilio2zoom", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return _fail("aborted", 130)
    except TyperException as exc:  # usage errors: bad option, missing argument, no such command
        if getattr(exc, "ctx", None) is not None and not args:
            typer.echo(exc.ctx.get_help())  # type: ignore[attr-defined]
            return 0
        if debug:
            traceback.print_exc()
        return _fail(exc.format_message().replace("\n", " "), 2)
    except Twilio2ZoomError as exc:
        if debug:
            traceback.print_exc()
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # last resort: one line, no traceback unless --debug
        if debug:
            traceback.print_exc()
        return _fail(f"{type(exc).__name__}: {exc} (run with --debug for details)", 1)
    return int(result) if isinstance(result, int) else 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
