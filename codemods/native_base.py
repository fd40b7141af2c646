"""What the native-mode commands share: helper imports, statement removal, TODO comments."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Mapping, Sequence
from typing import cast

import libcst as cst
from libcst import CSTNodeT
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.helpers import get_absolute_module_from_package_for_import
from libcst.metadata import Assignment, ParentNodeProvider, Scope, ScopeProvider

from codemods.comments import TODO_PREFIX, todo_lines
from codemods.generate import HELPER_MODULE
from codemods.imports import add_first_party_import, first_party_names, keep_top
from codemods.project_index import ExportKey, ModuleContext
from codemods.resolve import RESOLVER_METADATA, TwilioResolver, project_of
from mappings.catalog import lookup


def gap_text(key: str, what: str, *, notes: bool = True) -> str:
    """TODO text for catalog entry ``key``: what was left, the gap, and where it is documented."""
    entry = lookup(key)
    gap = f" {entry.notes}" if notes else ""
    return f"{what}{gap} (docs/mapping.md#{entry.docs_anchor})"


def keyword_arg(name: str, value: cst.BaseExpression) -> cst.Arg:
    """``name=value`` without spaces around ``=``."""
    no_space = cst.SimpleWhitespace("")
    return cst.Arg(
        keyword=cst.Name(name),
        value=value,
        equal=cst.AssignEqual(whitespace_before=no_space, whitespace_after=no_space),
    )


def positional_arg(value: cst.BaseExpression) -> cst.Arg:
    """A positional argument."""
    return cst.Arg(value=value)


class NativeCodemod(VisitorBasedCodemodCommand):
    """Base of the native commands.

    Subclasses decide in ``visit_*`` (on original nodes, where metadata is available)
    and record their decisions here; the transform then removes statements, attaches
    ``# TODO(twilio2zoom)`` comments and imports the generated ``zoom_video`` module.
    """

    METADATA_DEPENDENCIES = (*RESOLVER_METADATA, ParentNodeProvider)
    #: The pipeline skips the command for sources this does not match (None: never skip).
    PREFILTER: re.Pattern[str] | None = None

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self.rewritten = 0
        self.helpers: set[str] = set()
        self._removed: set[cst.CSTNode] = set()
        self._replaced: dict[cst.CSTNode, cst.CSTNode] = {}
        self._renamed: dict[cst.CSTNode, str] = {}
        self._todos: dict[cst.CSTNode, list[str]] = {}
        self._resolver: TwilioResolver | None = None
        self._import_helper = False

    @property
    def resolver(self) -> TwilioResolver:
        """The module's resolver (built when the module is first visited)."""
        assert self._resolver is not None, "visit_Module builds the resolver"
        return self._resolver

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = TwilioResolver(node, self.get_metadata, project=self.project)

    @property
    def project(self) -> ModuleContext | None:
        """What the run knows about the rest of the project (None for a lone source)."""
        return project_of(self.context)

    @property
    def used_exports(self) -> set[ExportKey]:
        """Exports of other project modules this file used for proven Video calls."""
        return self._resolver.used if self._resolver is not None else set()

    def transform_module(self, tree: cst.Module) -> cst.Module:
        # Under LibCST's runner the scheduled import edits run here (the pipeline does
        # them once per file): removing the first import must not leave a blank top line.
        return keep_top(tree, super().transform_module(tree))

    # --- decisions -----------------------------------------------------------------
    def helper_call(self, name: str, args: list[cst.Arg]) -> cst.Call:
        """``zoom_video.<name>(args)``, importing the module and recording the helper."""
        self.helpers.add(name)
        self.rewritten += 1
        self._import_helper = True
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        args = [a.with_changes(comma=comma) for a in args[:-1]] + args[-1:]
        return cst.Call(
            func=cst.Attribute(value=cst.Name(HELPER_MODULE), attr=cst.Name(name)), args=args
        )

    @property
    def replaced(self) -> Collection[cst.CSTNode]:
        """The original nodes substituted so far."""
        return self._replaced.keys()

    def substitute(self, node: cst.CSTNode, replacement: cst.CSTNode) -> None:
        """Put ``replacement`` where the original ``node`` is."""
        self._replaced[node] = replacement

    def rename_attribute(self, node: cst.Attribute, name: str) -> None:
        """Read attribute ``name`` where the original ``node`` reads another one."""
        self._renamed[node] = name

    def remove_statement(self, statement: cst.CSTNode) -> None:
        """Drop ``statement`` (an original node); its comments move to the next statement."""
        self._removed.add(statement)

    def add_todo(self, node: cst.CSTNode, text: str) -> None:
        """Attach a TODO comment to the statement holding ``node`` (an original node)."""
        statement = self.statement_of(node)
        notes = self._todos.setdefault(statement, [])
        if text not in notes:
            notes.append(text)

    def statement_of(self, node: cst.CSTNode) -> cst.CSTNode:
        """The statement (simple line or compound statement) that contains ``node``."""
        current = node
        while not isinstance(current, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            current = self.get_metadata(ParentNodeProvider, current)
        return current

    def references(self, target: cst.Name) -> list[cst.CSTNode]:
        """The nodes reading the variable that ``target`` (an assignment target) binds."""
        scope = self.get_metadata(ScopeProvider, target, None)
        if scope is None:
            return []
        for assignment in scope.assignments[target.value]:
            if getattr(assignment, "node", None) is target:
                return [access.node for access in assignment.references]
        return []

    def result_attributes(self, call: cst.Call) -> list[cst.Attribute]:
        """Attributes read on ``call``'s result: ``call().x`` or ``v = call()`` then ``v.x``."""
        return self._attributes_read_on(self._holders(call))

    def item_attributes(self, call: cst.Call) -> list[cst.Attribute]:
        """Attributes read on the items ``call`` returns, through the loop variable.

        ``for x in call(): x.a``, ``xs = call()`` then ``for x in xs``, and comprehensions;
        which names a loop variable's reads refer to comes from ``ScopeProvider``.
        """
        readers: list[cst.CSTNode] = []
        for holder in self._holders(call):
            loop = self.get_metadata(ParentNodeProvider, holder)
            if (
                isinstance(loop, cst.For | cst.CompFor)
                and loop.iter is holder
                and isinstance(loop.target, cst.Name)
            ):
                readers += self.references(loop.target)
        return self._attributes_read_on(readers)

    def _holders(self, call: cst.Call) -> list[cst.CSTNode]:
        """``call`` itself, or the reads of the variable its result is assigned to."""
        parent = self.get_metadata(ParentNodeProvider, call)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
            if isinstance(target, cst.Name):
                return self.references(target)
        return [call]

    def _attributes_read_on(self, holders: Sequence[cst.CSTNode]) -> list[cst.Attribute]:
        found = []
        for holder in holders:
            outer = self.get_metadata(ParentNodeProvider, holder)
            if isinstance(outer, cst.Attribute) and outer.value is holder:
                found.append(outer)
        # A variable's reads come from a set: ordered by name, so the TODOs they add to one
        # statement come out the same on every run (equal names give equal edits).
        return sorted(found, key=lambda attribute: attribute.attr.value)

    # --- transform -----------------------------------------------------------------
    def on_leave(
        self, original_node: CSTNodeT, updated_node: CSTNodeT
    ) -> CSTNodeT | cst.RemovalSentinel:
        result = super().on_leave(original_node, updated_node)
        if original_node in self._replaced:
            result = cast(CSTNodeT, self._replaced[original_node])
        if original_node in self._renamed and isinstance(result, cst.Attribute):
            result = cast(
                CSTNodeT, result.with_changes(attr=cst.Name(self._renamed[original_node]))
            )
        if original_node in self._todos and isinstance(result, cst.CSTNode):
            result = _with_todos(result, self._todos[original_node])
        if isinstance(original_node, cst.Module | cst.IndentedBlock) and isinstance(
            result, cst.Module | cst.IndentedBlock
        ):
            result = cast(CSTNodeT, self._drop_removed(original_node.body, result))
        if isinstance(original_node, cst.Module) and isinstance(result, cst.Module):
            self._schedule_unused_imports()
            if self._import_helper:
                first_party = first_party_names(self.context)
                result = cast(CSTNodeT, add_first_party_import(result, HELPER_MODULE, first_party))
        return result

    def _schedule_unused_imports(self) -> None:
        """Hand imports read by removed or replaced code to LibCST's ``RemoveImportsVisitor``.

        It removes them only if nothing reads them in the final code; imports that were
        unused before the rewrite (side effects, re-exports) are never scheduled.
        """
        gone: set[cst.CSTNode] = self._removed | self._replaced.keys()
        if not gone:
            return
        scopes = cast(Mapping[cst.CSTNode, Scope | None], self.metadata[ScopeProvider])
        for scope in {s for s in scopes.values() if s is not None}:
            for assignment in scope.assignments:
                if (
                    isinstance(assignment, Assignment)
                    and isinstance(assignment.node, cst.Import | cst.ImportFrom)
                    and any(self._within(ref.node, gone) for ref in assignment.references)
                ):
                    self._schedule_removal(assignment.node, assignment.name)

    def _within(self, node: cst.CSTNode, nodes: Collection[cst.CSTNode]) -> bool:
        current: cst.CSTNode | None = node
        while current is not None and current not in nodes:
            current = self.get_metadata(ParentNodeProvider, current, None)
        return current is not None

    def _schedule_removal(self, statement: cst.Import | cst.ImportFrom, bound: str) -> None:
        """Schedule the alias of ``statement`` that binds the name ``bound``."""
        if isinstance(statement, cst.Import):
            for alias in statement.names:
                name, asname = alias.evaluated_name, alias.evaluated_alias
                # "import os.path" binds both "os" and "os.path".
                if bound in {asname or name} or (asname is None and name.startswith(f"{bound}.")):
                    RemoveImportsVisitor.remove_unused_import(self.context, name, asname=asname)
            return
        module = get_absolute_module_from_package_for_import(
            self.context.full_package_name, statement
        )
        if module is None or isinstance(statement.names, cst.ImportStar):
            return
        for alias in statement.names:
            if (alias.evaluated_alias or alias.evaluated_name) == bound:
                RemoveImportsVisitor.remove_unused_import(
                    self.context, module, alias.evaluated_name, alias.evaluated_alias
                )

    def _drop_removed(
        self, original: Sequence[cst.BaseStatement], updated: cst.Module | cst.IndentedBlock
    ) -> cst.Module | cst.IndentedBlock:
        if not any(statement in self._removed for statement in original):
            return updated
        kept: list[cst.BaseStatement] = []
        carried: list[cst.EmptyLine] = []
        separator: list[cst.EmptyLine] = []
        for before, after in zip(original, updated.body, strict=True):
            lines = _leading_lines(after)
            if before in self._removed:
                if not carried and not separator:  # the blank lines above the removed run
                    separator = list(itertools.takewhile(lambda line: not line.comment, lines))
                # Keep the removed statement's comments; bare blank lines would pile up.
                carried.extend(lines if any(line.comment for line in lines) else ())
                continue
            if carried or separator:
                # The next statement keeps the removed run's separation from the code above.
                own_blank = bool(lines) and not lines[0].comment
                above = separator if not own_blank and not carried else []
                after = after.with_changes(leading_lines=[*above, *carried, *lines])
                carried, separator = [], []
            kept.append(after)
        if not kept:
            kept.append(cst.SimpleStatementLine(body=[cst.Pass()], leading_lines=carried))
        return updated.with_changes(body=kept)


def _leading_lines(node: cst.CSTNode) -> list[cst.EmptyLine]:
    lines: Sequence[cst.EmptyLine] = getattr(node, "leading_lines", ())
    return list(lines)


def _with_todos(node: CSTNodeT, texts: list[str]) -> CSTNodeT:
    leading = _leading_lines(node)
    # Compare unwrapped text so that a second run adds nothing (idempotence).
    present = _flat(" ".join(line.comment.value for line in leading if line.comment))
    added = [line for text in texts if _flat(text) not in present for line in todo_lines(text)]
    if not added:
        return node
    return node.with_changes(leading_lines=[*leading, *added])


def _flat(text: str) -> str:
    return " ".join(text.replace(TODO_PREFIX, " ").replace("#", " ").split())
