"""Entry point: builds the Typer app, maps errors to one stderr line and an exit status.

Exit statuses (DESIGN.md): 0 done; 1 done but the user must act; 2 usage or configuration.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import typer
from pydantic import ValidationError
from typer.core import TyperGroup
from typer.exceptions import TyperException

from migrate import __version__
from migrate.errors import Twilio2ZoomError
from migrate.redact import redact

if TYPE_CHECKING:
    # Typer builds on a vendored copy of Click; only the annotation names it.
    from typer._click import Context


class _StableOrderGroup(TyperGroup):
    """Lists commands in :data:`COMMANDS` order, whichever was imported first.

    Commands register lazily, so registration order depends on what ran before in the
    process; help and the generated CLI reference must not.
    """

    def list_commands(self, ctx: Context) -> list[str]:
        order = ["version", *COMMANDS]
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: order.index(n) if n in order else len(order))


app = typer.Typer(
    name="twilio2zoom",
    cls=_StableOrderGroup,
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


# Command name -> the module that defines it (each has a register(app) function).
COMMANDS: dict[str, str] = {
    "sandbox": "sandbox_cmd",
    "export": "export_cmd",
    "compose": "compose_cmd",
    "audit": "audit_cmd",
    "rewrite": "rewrite_cmd",
    "plan": "plan_cmd",
    "bridge": "bridge_cmd",
    "demo": "demo_cmd",
}
_registered: set[str] = set()


def register_commands(names: Iterable[str] | None = None) -> typer.Typer:
    """Import and register the named commands (all when None) and return the app.

    Commands are imported on demand because each pulls in its own heavy libraries
    (LibCST, tree-sitter, the exporter...): ``twilio2zoom audit`` should not pay for
    loading the codemods.
    """
    for name in COMMANDS if names is None else names:
        module = COMMANDS[name]
        if module not in _registered:
            importlib.import_module(f"migrate.cli.{module}").register(app)
            _registered.add(module)
    return app


def _commands_needed(args: Sequence[str]) -> list[str] | None:
    """Just the command being run; None (all of them) when only the help is asked for."""
    first = next((a for a in args if not a.startswith("-")), None)
    if first is None:
        return None
    return [first] if first in COMMANDS else []


def _fail(message: str, code: int) -> int:
    line = " ".join(redact(message).split())  # one line, whatever the message held
    sys.stderr.write(f"twilio2zoom: error: {line}\n")
    return code


def _settings_problem(exc: ValidationError) -> str:
    """An environment variable that does not parse, named as the user set it; no value."""
    problems = [
        f"{'.'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
        for error in exc.errors(include_input=False, include_url=False)
    ]
    return "invalid setting " + "; ".join(problems)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status (tests call this directly)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    register_commands(_commands_needed(args))
    try:
        result = app(args=args, prog_name="twilio2zoom", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return _fail("aborted", 130)
    except TyperException as exc:  # usage errors: bad option, missing argument, no such command
        ctx = getattr(exc, "ctx", None)
        if ctx is not None and not exc.format_message():
            # A group run without its arguments: its help is the answer.
            typer.echo(ctx.get_help())
            return 0 if not args else 2
        if debug:
            traceback.print_exc()
        return _fail(exc.format_message().replace("\n", " "), 2)
    except Twilio2ZoomError as exc:
        if debug:
            traceback.print_exc()
        return _fail(str(exc), exc.exit_code)
    except ValidationError as exc:
        if debug:
            traceback.print_exc()
        if exc.title == "Settings":  # the environment itself: a configuration error
            return _fail(_settings_problem(exc), 2)
        return _fail(f"{type(exc).__name__}: {exc} (run with --debug for details)", 1)
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
