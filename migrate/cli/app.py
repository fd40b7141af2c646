"""Entry point: builds the Typer app, maps errors to one stderr line and an exit status.

Exit statuses (docs/cli.md): 0 done; 1 done but the user must act; 2 usage or configuration.
"""

from __future__ import annotations

import errno
import importlib
import sys
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import typer
from pydantic import ValidationError
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.exceptions import TyperException

from migrate import __version__
from migrate.errors import Twilio2ZoomError
from migrate.redact import redact

HELP_OPTION_NAMES = ["-h", "--help"]


class _StableOrderGroup(TyperGroup):
    """Lists commands in :data:`COMMANDS` order, whichever was imported first.

    Commands register lazily, so registration order depends on what ran before in the
    process; help and the generated CLI reference must not.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        order = [*COMMANDS, "version"]
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: order.index(n) if n in order else len(order))


app = typer.Typer(
    name="twilio2zoom",
    cls=_StableOrderGroup,
    help="Move applications and archives from Twilio Programmable Video to the Zoom Video SDK.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": HELP_OPTION_NAMES},
)


@dataclass
class RunState:
    """What the root options set for the run (``ctx.obj``); read back by :func:`run`."""

    debug: bool = False


def _print_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Print the twilio2zoom version and exit.",
    ),
) -> None:
    """Twilio Video -> Zoom Video SDK migration toolkit."""
    if isinstance(ctx.obj, RunState):
        ctx.obj.debug = debug


@app.command("version", hidden=True)
def version() -> None:
    """Print the twilio2zoom version (also: twilio2zoom --version)."""
    typer.echo(__version__)


# Command name -> the module that defines it (each has a register(app) function), in the
# order a migration runs them: help lists them so.
COMMANDS: dict[str, str] = {
    "audit": "audit_cmd",
    "plan": "plan_cmd",
    "rewrite": "rewrite_cmd",
    "export": "export_cmd",
    "compose": "compose_cmd",
    "bridge": "bridge_cmd",
    "sandbox": "sandbox_cmd",
    "demo": "demo_cmd",
}
_registered: set[str] = set()


def register_commands(names: Iterable[str] | None = None) -> typer.Typer:
    """Import and register the named commands (all when None) and return the app.

    Commands are imported on demand because each pulls in its own heavy libraries
    (LibCST, ast-grep, the exporter...): ``twilio2zoom audit`` should not pay for
    loading the codemods.
    """
    for name in COMMANDS if names is None else names:
        module = COMMANDS[name]
        if module not in _registered:
            importlib.import_module(f"migrate.cli.{module}").register(app)
            _registered.add(module)
    return app


def build_command(names: Iterable[str] | None = None) -> Any:
    """The Click command tree of the CLI (the named commands, or all), help tidied.

    Flags show no value type (``--json``, not ``--json <bool>``) and arguments show
    their name in capitals (``DEST``), as in ``--help`` of most command-line tools.
    """
    command = typer.main.get_command(register_commands(names))
    _tidy(command, None, "twilio2zoom")
    return command


class _PlainArgument(TyperArgument):
    """An argument shown as ``DEST`` in the usage line (Typer writes ``{DEST}``)."""

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = self.metavar or (self.name or "").upper()
        name += "..." if self.nargs != 1 else ""
        return [name if self.required else f"[{name}]"]


def _tidy(command: Any, parent: Any, name: str) -> None:
    ctx = command.context_class(command, info_name=name, parent=parent, **command.context_settings)
    help_option = command.get_help_option(ctx)  # made once per command, then reused
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
        elif isinstance(param, TyperArgument):
            param.__class__ = _PlainArgument
            if param.metavar is None and param.name:
                param.metavar = param.name.upper()
    for child_name, child in getattr(command, "commands", {}).items():
        _tidy(child, ctx, child_name)


def _commands_needed(args: Sequence[str]) -> list[str] | None:
    """Just the command being run; None (all of them) when only the help is asked for."""
    first = next((a for a in args if not a.startswith("-")), None)
    if first is None:
        # --version answers before any command runs: loading them all costs a second.
        return [] if "--version" in args else None
    return [first] if first in COMMANDS else []


def _fail(message: str, code: int) -> int:
    line = " ".join(redact(message).split())  # one line, whatever the message held
    sys.stderr.write(f"twilio2zoom: error: {line}\n")
    return code


# What to do about an operating-system error on a path, by errno.
_PATH_ADVICE = {
    errno.EACCES: "choose a path you can write to, or fix its permissions",
    errno.EPERM: "choose a path you can write to, or fix its permissions",
    errno.EROFS: "the filesystem is read-only; choose a path on another one",
    errno.EEXIST: "a file is in the way; give a directory path",
    errno.ENOTDIR: "a file is in the way; give a directory path",
    errno.EISDIR: "that is a directory; give a file name",
    errno.ENOENT: "check the path",
    errno.ENOSPC: "the disk is full; free space or choose another disk",
}


def _path_problem(exc: OSError) -> str:
    """One line naming the path, what went wrong and what to do."""
    advice = _PATH_ADVICE.get(exc.errno or 0, "check the path")
    reason = (exc.strerror or type(exc).__name__).lower()
    return f"{exc.filename}: {reason}; {advice}"


def _settings_problem(exc: ValidationError) -> str:
    """An environment variable that does not parse, named as the user set it; no value."""
    problems = [
        f"{'.'.join(str(part) for part in error['loc']).upper()}: "
        f"{error['msg'].removeprefix('Value error, ')}"
        for error in exc.errors(include_input=False, include_url=False)
    ]
    return "invalid setting " + "; ".join(problems)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status (tests call this directly)."""
    args = list(sys.argv[1:] if argv is None else argv)
    state = RunState()
    command = build_command(_commands_needed(args))
    try:
        result = command.main(args=args, prog_name="twilio2zoom", standalone_mode=False, obj=state)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return _fail("aborted", 130)
    except TyperException as exc:  # usage errors: bad option, missing argument, no such command
        ctx = getattr(exc, "ctx", None)
        if ctx is not None and type(exc).__name__ == "NoArgsIsHelpError":
            # A command run without its arguments: its help is the answer, but the
            # command did not run (exit 2, as for any usage error).
            typer.echo(ctx.get_help())
            return 2
        if state.debug:
            traceback.print_exc()
        return _fail(exc.format_message().replace("\n", " "), 2)
    except Twilio2ZoomError as exc:
        if state.debug:
            traceback.print_exc()
        return _fail(str(exc), exc.exit_code)
    except ValidationError as exc:
        if state.debug:
            traceback.print_exc()
        if exc.title == "Settings":  # the environment itself: a configuration error
            return _fail(_settings_problem(exc), 2)
        return _fail(f"{type(exc).__name__}: {exc} (run with --debug for details)", 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except OSError as exc:
        if state.debug:
            traceback.print_exc()
        if exc.filename is not None:  # a path the user gave, or one made from it
            return _fail(_path_problem(exc), 2)
        return _fail(f"{type(exc).__name__}: {exc} (run with --debug for details)", 1)
    except Exception as exc:  # last resort: one line, no traceback unless --debug
        if state.debug:
            traceback.print_exc()
        return _fail(f"{type(exc).__name__}: {exc} (run with --debug for details)", 1)
    return int(result) if isinstance(result, int) else 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
