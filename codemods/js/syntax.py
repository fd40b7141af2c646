"""Small reads and edits on the ast-grep tree of a JS/TS source, shared by the Node back
end rewrite (``server``, ``node_token``, ``deep_imports``)."""

from __future__ import annotations

from ast_grep_py import SgNode

Edit = tuple[int, int, str]
DECLARATIONS = ("lexical_declaration", "variable_declaration")


def inside(node: SgNode, outer: SgNode) -> bool:
    n, o = node.range(), outer.range()
    return o.start.index <= n.start.index and n.end.index <= o.end.index


def whole_lines(source: str, statement: SgNode, comments: bool = False) -> Edit | None:
    """The deletion of a statement that stands alone on its lines (None otherwise); with
    ``comments``, the ``//`` comment lines right above it too (they describe it)."""
    start, end = statement.range().start.index, statement.range().end.index
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end == -1 else line_end + 1
    if source[line_start:start].strip() or source[end:line_end].strip():
        return None
    while comments and line_start > 0:
        above = source.rfind("\n", 0, line_start - 1) + 1
        text = source[above:line_start].strip()
        if not text.startswith("//") or "TODO" in text:
            break
        line_start = above
    return line_start, line_end, ""


def callee(call: SgNode) -> str:
    function = call.field("function")
    return "" if function is None else function.text()


def bound_name(declarator: SgNode) -> str | None:
    """The one name a declarator binds: ``x`` or ``{ x }``."""
    name = declarator.field("name")
    if name is None:
        return None
    if name.kind() == "identifier":
        return name.text()
    parts = name.named_children()
    if (
        name.kind() == "object_pattern"
        and len(parts) == 1
        and parts[0].kind() == "shorthand_property_identifier_pattern"
    ):
        return parts[0].text()
    return None


def imported_locals(clause: SgNode) -> set[str]:
    """The local names an import clause binds (``a``, ``* as b``, ``{ c, d as e }``)."""
    names: set[str] = set()
    for part in clause.named_children():
        if part.kind() == "identifier":
            names.add(part.text())
        elif part.kind() == "namespace_import":
            names |= {n.text() for n in part.named_children() if n.kind() == "identifier"}
        elif part.kind() == "named_imports":
            for spec in part.named_children():
                local = spec.field("alias") or spec.field("name")
                if local is not None:
                    names.add(local.text())
    return names


def imported_name(spec: SgNode) -> str:
    name = spec.field("name")
    return name.text() if name is not None else spec.text()
