"""Rewrite one source text: pre-filter, run a mode's commands, re-parse, prove idempotence."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import libcst as cst
from libcst.codemod import (
    CodemodContext,
    TransformFailure,
    TransformSuccess,
    VisitorBasedCodemodCommand,
    transform_module,
)

from codemods.comments import count_todos
from codemods.native_base import NativeCodemod
from codemods.native_cleanup import NativeCleanupCommand
from codemods.native_rest import NativeRestCommand
from codemods.native_tokens import NativeTokensCommand
from codemods.native_webhooks import NativeWebhooksCommand
from codemods.shim_imports import ShimImportsCommand

Mode = Literal["shim", "native"]
CommandType = type[VisitorBasedCodemodCommand]

#: The commands of each mode, in order. Native cleanup runs only after a rewrite.
MODES: dict[Mode, tuple[CommandType, ...]] = {
    "shim": (ShimImportsCommand,),
    "native": (NativeTokensCommand, NativeRestCommand, NativeWebhooksCommand),
}
PREFILTER = "twilio"


class RewriteError(Exception):
    """The rewrite of one file could not be applied safely; the file stays as it was."""


@dataclass
class SourceResult:
    """Outcome for one source text."""

    code: str
    changed: bool = False
    calls: int = 0
    todos: int = 0
    helpers: set[str] = field(default_factory=set)
    imports_twilio: bool = False


def rewrite_source(
    source: str, mode: Mode, *, commands: Sequence[CommandType] | None = None
) -> SourceResult:
    """Rewrite ``source`` with the ``mode`` commands (or ``commands``).

    Raises :class:`RewriteError` when the input or the output does not parse, a command
    fails, or running the rewrite again would change the output (not idempotent).
    """
    if PREFILTER not in source:  # cheap skip before parsing, as pyupgrade does
        return SourceResult(code=source)
    steps = tuple(commands) if commands is not None else MODES[mode]
    first = _apply(source, steps)
    _check_parses(first.code, rewritten=first.changed)
    if first.changed and _apply(first.code, steps).code != first.code:
        raise RewriteError("the rewrite is not idempotent (a second run changes the output)")
    first.todos = max(count_todos(first.code) - count_todos(source), 0)
    first.imports_twilio = _imports_twilio(first.code)
    return first


def _apply(source: str, steps: Sequence[CommandType]) -> SourceResult:
    result = SourceResult(code=source)
    for step in steps:
        needles: tuple[str, ...] = getattr(step, "PREFILTER", ())
        if needles and not any(needle in result.code for needle in needles):
            continue  # parsing and metadata cost far more than a substring search
        command = step(CodemodContext())
        result.code = _transform(command, result.code)
        _collect(result, command)
    if result.helpers:
        cleanup = NativeCleanupCommand(CodemodContext())
        result.code = _transform(cleanup, result.code)
    result.changed = result.code != source
    return result


def _transform(command: VisitorBasedCodemodCommand, code: str) -> str:
    outcome = transform_module(command, code)
    if isinstance(outcome, TransformFailure):
        if isinstance(outcome.error, cst.ParserSyntaxError):
            raise RewriteError(f"does not parse: {_first_line(str(outcome.error))}")
        raise RewriteError(f"{type(command).__name__} failed: {outcome.error}")
    return outcome.code if isinstance(outcome, TransformSuccess) else code


def _collect(result: SourceResult, command: VisitorBasedCodemodCommand) -> None:
    if isinstance(command, NativeCodemod):
        result.calls += command.rewritten
        result.helpers |= command.helpers
    elif isinstance(command, ShimImportsCommand):
        result.calls += command.rewritten


def _check_parses(code: str, *, rewritten: bool) -> None:
    try:
        cst.parse_module(code)
        ast.parse(code)
    except (cst.ParserSyntaxError, SyntaxError, ValueError) as exc:
        what = "the rewritten code would not parse" if rewritten else "does not parse"
        raise RewriteError(f"{what}: {_first_line(str(exc))}") from exc


def _imports_twilio(code: str) -> bool:
    if PREFILTER not in code:
        return False
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import) and any(
            a.name == "twilio" or a.name.startswith("twilio.") for a in node.names
        ):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.split(".")[0] == "twilio"
        ):
            return True
    return False


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
