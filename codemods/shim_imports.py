"""Shim mode: point twilio's Video imports at ``migrate.shim`` (docs/shim.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node

from codemods.comments import has_todo, todo_lines
from codemods.imports import keep_top
from codemods.project_index import ExportKey
from codemods.resolve import GAP, RESOLVER_METADATA, TwilioResolver, project_of
from codemods.touchpoints import TouchpointFinder
from mappings import twilio_vocab
from mappings.catalog import lookup

SHIM_PREFIX = "migrate.shim"

#: twilio module -> the names in it that have a shim counterpart at the same path.
SHIMMED = twilio_vocab.SHIMMED
_GRANTS_MODULE = "twilio.jwt.access_token.grants"


def shim_module(module: str) -> str:
    """The ``migrate.shim`` module mirroring twilio's ``module``."""
    return SHIM_PREFIX + module.removeprefix("twilio")


class ShimImportsCommand(VisitorBasedCodemodCommand):
    """Swap imports of twilio's Video classes for their ``migrate.shim`` twins."""

    DESCRIPTION = (
        "Point imports of twilio Video classes (Client, AccessToken, ...) at migrate.shim."
    )
    METADATA_DEPENDENCIES = RESOLVER_METADATA
    #: The pipeline skips the command unless a shimmed twilio module is named (an import
    #: or a dotted ``twilio.rest.Client``): nothing else is ever rewritten.
    PREFILTER = re.compile(
        rf"\btwilio{GAP}\.{GAP}(?:{'|'.join(sorted({m.split('.')[1] for m in SHIMMED}))})\b"
    )

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self._movable: set[str] = set()
        self._other_grants: list[str] = []
        self.rewritten = 0
        #: Exports of other project modules this file uses for Video (see the resolver).
        self.used_exports: set[ExportKey] = set()

    def transform_module(self, tree: cst.Module) -> cst.Module:
        # Under LibCST's runner the scheduled import edits run here (the pipeline does
        # them once per file): removing the first import must not leave a blank top line.
        return keep_top(tree, super().transform_module(tree))

    # --- decide what moves ---------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        # The audit's finder decides what is Video here, so shim mode moves exactly the
        # names the audit reports (a Client used only for SMS stays on twilio).
        project = project_of(self.context)
        self._resolver = TwilioResolver(node, self.get_metadata, project=project)
        finder = TouchpointFinder(structural=True, project=project)
        finder.metadata = self.metadata
        node.visit(finder)
        finder.touchpoints()
        self.used_exports = finder.used_exports
        grants = _imported_names(node, _GRANTS_MODULE)
        self._other_grants = sorted(grants - {"VideoGrant", "*"})
        self._movable = finder.moved

    def _moves(self, module: str, name: str) -> bool:
        return f"{module}.{name}" in self._movable

    # --- from twilio.x import Y [as Z] ---------------------------------------------
    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        if len(updated_node.body) != 1 or not isinstance(updated_node.body[0], cst.ImportFrom):
            return updated_node
        statement = updated_node.body[0]
        module = get_full_name_for_node(statement.module) if statement.module else None
        if module not in SHIMMED or isinstance(statement.names, cst.ImportStar):
            return updated_node
        moving = [a for a in statement.names if self._moves(module, _alias_name(a))]
        if not moving:
            return updated_node
        staying = [a for a in statement.names if a not in moving]
        self.rewritten += len(moving)
        shim_line = cst.SimpleStatementLine(
            body=[
                cst.ImportFrom(
                    module=cst.parse_expression(shim_module(module)),  # type: ignore[arg-type]
                    names=_without_trailing_comma(moving),
                )
            ],
            leading_lines=updated_node.leading_lines,
        )
        if not staying:
            return shim_line.with_changes(trailing_whitespace=updated_node.trailing_whitespace)
        kept = updated_node.with_changes(
            body=[statement.with_changes(names=_without_trailing_comma(staying))],
            leading_lines=[],
        )
        if module == _GRANTS_MODULE and self._other_grants:
            kept = self._note_other_grants(kept)
        return cst.FlattenSentinel([shim_line, kept])

    def _note_other_grants(self, line: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        entry = lookup("token.access_token")
        text = (
            f"{', '.join(self._other_grants)} stays on twilio, but migrate.shim's AccessToken "
            "issues Zoom tokens and cannot carry it: mint a separate twilio AccessToken for "
            f"it (docs/mapping.md#{entry.docs_anchor})"
        )
        if has_todo(line.leading_lines):
            return line
        return line.with_changes(leading_lines=[*line.leading_lines, *todo_lines(text)])

    # --- import twilio.rest ... twilio.rest.Client(...) -----------------------------
    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        dotted = get_full_name_for_node(original_node)
        if dotted is None or not dotted.startswith("twilio."):
            return updated_node
        module, _, name = dotted.rpartition(".")
        # Only whole names (twilio.rest.Client), not the modules on the way to them.
        if name not in SHIMMED.get(module, ()) or not self._moves(module, name):
            return updated_node
        if dotted not in self._resolver.qualified_names(original_node):
            return updated_node  # a local variable that happens to be called "twilio"
        self.rewritten += 1
        AddImportsVisitor.add_needed_import(self.context, shim_module(module))
        RemoveImportsVisitor.remove_unused_import(self.context, module)
        return cst.parse_expression(f"{shim_module(module)}.{name}")


def _alias_name(alias: cst.ImportAlias) -> str:
    return get_full_name_for_node(alias.name) or ""


def _without_trailing_comma(aliases: Sequence[cst.ImportAlias]) -> list[cst.ImportAlias]:
    cleaned = list(aliases)
    cleaned[-1] = cleaned[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return cleaned


def _imported_names(module: cst.Module, source: str) -> set[str]:
    class _Finder(cst.CSTVisitor):
        names: set[str] = set()

        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            if node.module is None or get_full_name_for_node(node.module) != source:
                return
            if isinstance(node.names, cst.ImportStar):
                self.names.add("*")
            else:
                self.names |= {_alias_name(a) for a in node.names}

    finder = _Finder()
    finder.names = set()
    module.visit(finder)
    return finder.names
