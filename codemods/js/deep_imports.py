"""Deep imports of the twilio package (``twilio/lib/...``) in server code, pointed at the
generated server module's equivalent exports; the others keep a mark (see docs/rewrite.md)."""

from __future__ import annotations

import re

from ast_grep_py import SgNode

from codemods.js.names import SERVER_MODULE
from codemods.js.syntax import Edit, callee, imported_name

# Deep modules of the twilio package and what the server module offers for them: None is
# the module as a whole; a name is the export that stands for the deep module's value;
# the set lists the named exports (types included) the server module has for it.
_WHOLE = frozenset({"jwt", "video", "client", "sessionToken"})

DEEP_MODULES: dict[str, tuple[str | None, frozenset[str]]] = {
    "twilio/lib": (None, _WHOLE),
    "twilio/lib/index": (None, _WHOLE),
    "twilio/lib/jwt/AccessToken": ("AccessToken", frozenset({"VideoGrant"})),
    "twilio/lib/rest/video/v1/room": (
        None,
        frozenset({"RoomInstance", "RoomListInstanceCreateOptions", "RoomContextUpdateOptions"}),
    ),
}

_DEEP_VIDEO = re.compile(r"""['"]twilio/lib/(rest/video|jwt/AccessToken)""")


def deep_video_imports(source: str) -> bool:
    """True when the source names a Video module deep inside the twilio package (a fact the
    scanner does not report for type-only imports)."""
    return bool(_DEEP_VIDEO.search(source))


def plan_deep_imports(root: SgNode, specifier: str) -> tuple[list[Edit], list[tuple[int, str]]]:
    """The edits pointing deep imports and requires at ``specifier``, and a mark (statement
    offset, text) for each deep module the server module has nothing for."""
    edits: list[Edit] = []
    todos: list[tuple[int, str]] = []
    for node in root.find_all(kind="string"):
        module = node.text()[1:-1]
        if not module.startswith("twilio/"):
            continue
        holder = node.parent()
        if holder is not None and holder.kind() == "arguments":
            holder = holder.parent()
        if holder is None:
            continue
        quote = node.text()[0]
        target = f"{quote}{specifier}{quote}"
        known = DEEP_MODULES.get(module.removesuffix(".js"))
        if holder.kind() == "import_statement":
            edit = _deep_import(holder, node, target, known)
        elif holder.kind() == "call_expression" and callee(holder) == "require":
            edit = _deep_require(holder, target, known)
        else:
            continue
        if edit is None:
            text = f"no {SERVER_MODULE} export stands for '{module}': port its uses by hand"
            todos.append((holder.range().start.index, text))
        else:
            edits.extend(edit)
    return edits, todos


def _deep_import(
    statement: SgNode, string: SgNode, target: str, known: tuple[str | None, frozenset[str]] | None
) -> list[Edit] | None:
    if known is None:
        return None
    value, names = known
    clause = next((c for c in statement.named_children() if c.kind() == "import_clause"), None)
    if clause is None:
        return None
    parts = clause.named_children()
    rng = string.range()
    specifier_edit: Edit = (rng.start.index, rng.end.index, target)
    if any(p.kind() == "namespace_import" for p in parts):
        return [specifier_edit] if value is None else None
    default = next((p for p in parts if p.kind() == "identifier"), None)
    named = next((p for p in parts if p.kind() == "named_imports"), None)
    imported = [] if named is None else [imported_name(s) for s in named.named_children()]
    if any(name not in names for name in imported):
        return None
    if default is None:
        return [specifier_edit]
    if value is None:
        return [specifier_edit]
    # `import AccessToken from 'twilio/lib/jwt/AccessToken'`: the module's value is one
    # export of the server module.
    alias = value if default.text() == value else f"{value} as {default.text()}"
    rest = [s.text() for s in named.named_children()] if named is not None else []
    c = clause.range()
    return [(c.start.index, c.end.index, "{ " + ", ".join([alias, *rest]) + " }"), specifier_edit]


def _deep_require(
    call: SgNode, target: str, known: tuple[str | None, frozenset[str]] | None
) -> list[Edit] | None:
    if known is None:
        return None
    value, _names = known
    rng = call.range()
    loaded = f"require({target})"
    return [(rng.start.index, rng.end.index, loaded if value is None else f"{loaded}.{value}")]
