"""Native mode, last step: drop twilio clients and Video handles nothing reads any more.

After the other native commands, ``client = Client(...)`` or ``rooms = client.video.v1.rooms``
may be left unread; they would still need twilio and its credentials at import time.
Bindings still read anywhere in the module are kept, and so are names listed in
``__all__``. The driver runs this only on files where a native command rewrote a call.
"""

from __future__ import annotations

import ast
import re

import libcst as cst
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node

from codemods.native_base import NativeCodemod


class NativeCleanupCommand(NativeCodemod):
    """Remove unread twilio client / Video bindings and the twilio imports they needed."""

    DESCRIPTION = "Remove twilio clients and client.video handles that are no longer read."
    PREFILTER = re.compile("twilio")

    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node)
        finder = _Bindings()
        node.visit(finder)
        exported = finder.exported
        if self.project is not None:  # names other modules import must stay
            project = self.project
            exported |= project.index.imported_from(project.rel)
            exported |= {path.split(".")[0] for path in project.served}
        candidates: dict[cst.CSTNode, cst.Name] = {
            statement: target
            for statement, target, value in finder.bindings
            if target.value not in exported
            and (self.resolver.is_client(value) or self.resolver.video_chain(value) is not None)
        }
        dead: set[cst.CSTNode] = set()
        changed = True
        while changed:  # a dead "rooms = client.video.v1.rooms" can make "client" dead
            changed = False
            for statement, target in candidates.items():
                if statement not in dead and all(
                    self.statement_of(ref) in dead for ref in self.references(target)
                ):
                    dead.add(statement)
                    changed = True
        for statement in dead:
            self.remove_statement(statement)
        for imported in finder.twilio_imports:
            RemoveImportsVisitor.remove_unused_import_by_node(self.context, imported)


class _Bindings(cst.CSTVisitor):
    """Single-name assignments, twilio imports and ``__all__`` of a module."""

    def __init__(self) -> None:
        self.bindings: list[tuple[cst.SimpleStatementLine, cst.Name, cst.BaseExpression]] = []
        self.twilio_imports: list[cst.Import | cst.ImportFrom] = []
        self.exported: set[str] = set()

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if len(node.body) != 1 or not isinstance(node.body[0], cst.Assign):
            return
        assign = node.body[0]
        if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name):
            return
        target = assign.targets[0].target
        if target.value == "__all__":
            self.exported |= _literal_names(assign.value)
        else:
            self.bindings.append((node, target, assign.value))

    def visit_Import(self, node: cst.Import) -> None:
        if any(_is_twilio(get_full_name_for_node(a.name)) for a in node.names):
            self.twilio_imports.append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.module is not None and _is_twilio(get_full_name_for_node(node.module)):
            self.twilio_imports.append(node)


def _is_twilio(name: str | None) -> bool:
    return name is not None and (name == "twilio" or name.startswith("twilio."))


def _literal_names(value: cst.BaseExpression) -> set[str]:
    try:
        names = ast.literal_eval(cst.Module(body=[]).code_for_node(value))
    except (ValueError, SyntaxError):
        return set()
    return {n for n in names if isinstance(n, str)} if isinstance(names, list | tuple) else set()
