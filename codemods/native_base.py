"""What the native-mode commands share: helper imports, statement removal, TODO comments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import libcst as cst
from libcst import CSTNodeT
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import ParentNodeProvider, ScopeProvider

from codemods.comments import TODO_PREFIX, todo_lines
from codemods.generate import HELPER_MODULE
from codemods.resolve import RESOLVER_METADATA, TwilioResolver
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
    #: The pipeline skips the command for sources containing none of these strings.
    PREFILTER: tuple[str, ...] = ()

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self.rewritten = 0
        self.helpers: set[str] = set()
        self._removed: set[cst.CSTNode] = set()
        self._replaced: dict[cst.CSTNode, cst.CSTNode] = {}
        self._renamed: dict[cst.CSTNode, str] = {}
        self._todos: dict[cst.CSTNode, list[str]] = {}
        self._resolver: TwilioResolver | None = None

    @property
    def resolver(self) -> TwilioResolver:
        """The module's resolver (built when the module is first visited)."""
        assert self._resolver is not None, "visit_Module builds the resolver"
        return self._resolver

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = TwilioResolver(node, self.get_metadata)

    # --- decisions -----------------------------------------------------------------
    def helper_call(self, name: str, args: list[cst.Arg]) -> cst.Call:
        """``zoom_video.<name>(args)``, importing the module and recording the helper."""
        self.helpers.add(name)
        self.rewritten += 1
        AddImportsVisitor.add_needed_import(self.context, HELPER_MODULE)
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        args = [a.with_changes(comma=comma) for a in args[:-1]] + args[-1:]
        return cst.Call(
            func=cst.Attribute(value=cst.Name(HELPER_MODULE), attr=cst.Name(name)), args=args
        )

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
        parent = self.get_metadata(ParentNodeProvider, call)
        holders: list[cst.CSTNode] = [call]
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
            if isinstance(target, cst.Name):
                holders = self.references(target)
        found = []
        for holder in holders:
            outer = self.get_metadata(ParentNodeProvider, holder)
            if isinstance(outer, cst.Attribute) and outer.value is holder:
                found.append(outer)
        return found

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
        return result

    def _drop_removed(
        self, original: Sequence[cst.BaseStatement], updated: cst.Module | cst.IndentedBlock
    ) -> cst.Module | cst.IndentedBlock:
        if not any(statement in self._removed for statement in original):
            return updated
        kept: list[cst.BaseStatement] = []
        carried: list[cst.EmptyLine] = []
        for before, after in zip(original, updated.body, strict=True):
            if before in self._removed:
                # Keep the removed statement's comments; bare blank lines would pile up.
                lines = _leading_lines(after)
                carried.extend(lines if any(line.comment for line in lines) else ())
                continue
            if carried:
                after = after.with_changes(leading_lines=[*carried, *_leading_lines(after)])
                carried = []
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
