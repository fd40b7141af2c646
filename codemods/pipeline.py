"""Rewrite one source text: pre-filter, run a mode's commands, re-parse, prove idempotence.

Speed comes from doing each expensive thing once per version of the tree. The source is
parsed once; the commands run in order on one :class:`~libcst.metadata.MetadataWrapper`,
which resolves each metadata provider once and is only replaced when a command actually
changed the code. Imports that commands schedule (LibCST's ``AddImportsVisitor`` and
``RemoveImportsVisitor``) are applied once, on the final tree, instead of after every
command. A command whose pre-filter does not match the current text is not even built,
and only a changed output is run through the commands a second time.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper

from codemods.comments import count_todos
from codemods.generate import HELPER_MODULE
from codemods.imports import (
    FIRST_PARTY_KEY,
    keep_top,
    prune_scheduled_removals,
    sort_new_imports,
)
from codemods.native_base import NativeCodemod
from codemods.native_cleanup import NativeCleanupCommand
from codemods.native_mark import REWROTE_KEY, NativeMarkCommand
from codemods.native_rest import NativeRestCommand
from codemods.native_tokens import NativeTokensCommand
from codemods.native_webhooks import NativeWebhooksCommand
from codemods.project_index import ExportKey, ModuleContext
from codemods.resolve import PROJECT_KEY
from codemods.shim_imports import ShimImportsCommand
from mappings.twilio_vocab import DISTINCTIVE_RESOURCES, FILE_MARKERS, VIDEO_ROOTS

Mode = Literal["shim", "native"]
CommandType = type[VisitorBasedCodemodCommand]

#: The commands of each mode, in order. Native mode ends with the cleanup (after a
#: rewrite) and the marking of every Video touchpoint left.
MODES: dict[Mode, tuple[CommandType, ...]] = {
    "shim": (ShimImportsCommand,),
    "native": (
        NativeTokensCommand,
        NativeRestCommand,
        NativeWebhooksCommand,
        NativeMarkCommand,
    ),
}
PREFILTER = "twilio"
# What a Video call through another module's client or handle must contain.
_VIDEO_USE = re.compile(
    r"\.\s*video\b|\b(?:" + "|".join(sorted(VIDEO_ROOTS | DISTINCTIVE_RESOURCES)) + r")\b"
)


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
    #: Exports of other project modules the file uses for Video (see ``project_index``).
    used: set[ExportKey] = field(default_factory=set)


def rewrite_source(
    source: str,
    mode: Mode,
    *,
    commands: Sequence[CommandType] | None = None,
    first_party: Collection[str] = (),
    project: ModuleContext | None = None,
) -> SourceResult:
    """Rewrite ``source`` with the ``mode`` commands (or ``commands``).

    ``first_party`` names the project's own top-level modules, so that an added
    ``import zoom_video`` joins their import section. ``project`` tells the resolver
    which clients other modules of the project hand out.

    Raises :class:`RewriteError` when the input or the output does not parse, a command
    fails, or running the rewrite again would change the output (not idempotent).
    """
    # Cheap skip before parsing, as pyupgrade does; the audit skips the same files.
    if not any(marker in source for marker in FILE_MARKERS) and not (
        project is not None and project.index and _VIDEO_USE.search(source)
    ):
        return SourceResult(code=source)
    steps = tuple(commands) if commands is not None else MODES[mode]
    known = frozenset(first_party)
    first = _apply(source, steps, known, project)
    tree = _check_parses(first.code, rewritten=first.changed)
    # Only a changed output can differ on a second run: unchanged code is the input.
    if first.changed and _apply(first.code, steps, known, project, again=True).code != first.code:
        raise RewriteError("the rewrite is not idempotent (a second run changes the output)")
    first.todos = max(count_todos(first.code) - count_todos(source), 0)
    first.imports_twilio = PREFILTER in first.code and _imports_twilio(tree)
    return first


class _Pass:
    """One run of the commands over a source: the current tree, its text and metadata."""

    def __init__(
        self,
        source: str,
        first_party: frozenset[str],
        project: ModuleContext | None = None,
        *,
        again: bool,
    ) -> None:
        try:
            tree = cst.parse_module(source)
        except cst.ParserSyntaxError as exc:
            what = "the rewritten code would not parse" if again else "does not parse"
            raise RewriteError(f"{what}: {_first_line(str(exc))}") from exc
        self.code = source
        self.tree = tree
        self.original = tree
        # Relative imports resolve against the file's package (from its path), so the
        # ones a rewrite leaves unused can be removed like absolute ones.
        package = project.rel.rpartition("/")[0].replace("/", ".") if project else None
        self.context = CodemodContext(
            full_package_name=package or None,
            scratch={FIRST_PARTY_KEY: first_party, PROJECT_KEY: project},
        )
        # A freshly parsed tree holds each node once, so the defensive copy is not needed.
        self._wrapper: MetadataWrapper | None = MetadataWrapper(tree, unsafe_skip_copy=True)
        # Calls through a client another module hands out need not say ".video" here, so
        # every command looks at a file importing one (and reports what it used).
        self.reads_project = project is not None and _imports_exports(tree, project)

    def wants(self, step: CommandType) -> bool:
        """The command's pre-filter against the current text (no filter: always run)."""
        if self.reads_project:
            return True
        needle: re.Pattern[str] | None = getattr(step, "PREFILTER", None)
        return needle is None or needle.search(self.code) is not None

    def run(self, codemod: Codemod) -> None:
        """Apply ``codemod``, reusing the resolved metadata while the code is unchanged."""
        # A transform may put one node in two places, so later trees are copied.
        wrapper = self._wrapper or MetadataWrapper(self.tree)
        saved = codemod.context
        try:
            with codemod.resolve(wrapper):
                codemod.context = replace(saved, wrapper=wrapper)
                tree = codemod.transform_module_impl(wrapper.module)
        except Exception as exc:  # a command's bug must not take the whole run down
            raise RewriteError(f"{type(codemod).__name__} failed: {exc}") from exc
        finally:
            codemod.context = saved
        code = tree.code
        if code == self.code:
            self._wrapper = wrapper  # same code: the metadata still describes it
        else:
            self.code, self.tree, self._wrapper = code, tree, None

    def finish(self) -> None:
        """Apply the import additions and removals the commands scheduled, once.

        This is what LibCST's ``CodemodCommand.transform_module`` does after each command;
        here it runs on the final tree, reusing its metadata when that is still valid.
        """
        before = self.tree
        scratch = self.context.scratch
        if scratch.get(AddImportsVisitor.CONTEXT_KEY):
            self.run(AddImportsVisitor(self.context))
        prune_scheduled_removals(self.context, self.code)
        if scratch.get(RemoveImportsVisitor.CONTEXT_KEY):
            self.run(RemoveImportsVisitor(self.context))
        tidy = keep_top(before, self.tree)
        own = {*self.context.scratch[FIRST_PARTY_KEY], HELPER_MODULE}
        tidy = sort_new_imports(self.original, tidy, own)
        if tidy is not self.tree:
            self.tree, self.code = tidy, tidy.code


def _apply(
    source: str,
    steps: Sequence[CommandType],
    first_party: frozenset[str],
    project: ModuleContext | None = None,
    *,
    again: bool = False,
) -> SourceResult:
    result = SourceResult(code=source)
    work = _Pass(source, first_party, project, again=again)
    for step in steps:
        work.context.scratch[REWROTE_KEY] = bool(result.helpers)
        if work.wants(step):
            command = step(work.context)
            work.run(command)
            _collect(result, command)
    # Commands chosen by hand without the marker still get the cleanup after a rewrite.
    if NativeMarkCommand not in steps and result.helpers and work.wants(NativeCleanupCommand):
        work.run(NativeCleanupCommand(work.context))
    work.finish()
    result.code = work.code
    result.changed = result.code != source
    return result


def _collect(result: SourceResult, command: VisitorBasedCodemodCommand) -> None:
    if isinstance(command, NativeCodemod):
        result.calls += command.rewritten
        result.helpers |= command.helpers
        result.used |= command.used_exports
    elif isinstance(command, ShimImportsCommand):
        result.calls += command.rewritten
        result.used |= command.used_exports


def _check_parses(code: str, *, rewritten: bool) -> ast.Module:
    # LibCST accepts some code CPython rejects; the second run re-parses with LibCST.
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError) as exc:
        what = "the rewritten code would not parse" if rewritten else "does not parse"
        raise RewriteError(f"{what}: {_first_line(str(exc))}") from exc


def _imports_twilio(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
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


def _imports_exports(tree: cst.Module, project: ModuleContext) -> bool:
    """Whether the module's top-level imports name an export of the project index."""
    index, rel = project.index, project.rel
    if not index:
        return False
    for statement in tree.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            names: list[str] = []
            if isinstance(small, cst.Import):
                names = [get_full_name_for_node(a.name) or "" for a in small.names]
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                base = "." * len(small.relative)
                base += get_full_name_for_node(small.module) or "" if small.module else ""
                sep = "" if base.endswith(".") else "."
                names = [f"{base}{sep}{get_full_name_for_node(a.name)}" for a in small.names]
            if any(index.lookup(rel, n) is not None or index.knows(rel, n) for n in names):
                return True
    return False
