"""Tree-sitter helpers shared by the two analyses of a JS/TS file: the browser SDK
(``js_scanner``) and the Node.js server SDK (``node_scanner``), which read one parse tree."""

from __future__ import annotations

from functools import cache

import tree_sitter as ts
import tree_sitter_javascript
import tree_sitter_typescript


@cache
def language(dialect: str) -> ts.Language:
    """The grammar for ``javascript``, ``typescript`` or ``tsx``."""
    if dialect == "typescript":
        return ts.Language(tree_sitter_typescript.language_typescript())
    if dialect == "tsx":
        return ts.Language(tree_sitter_typescript.language_tsx())
    return ts.Language(tree_sitter_javascript.language())


def text(node: ts.Node | None) -> str:
    """The source text of ``node`` ("" for None)."""
    return "" if node is None or node.text is None else node.text.decode("utf-8", "replace")


def string_value(node: ts.Node | None) -> str | None:
    """The contents of a plain string literal, or None for anything else."""
    if node is None or node.type != "string":
        return None
    return text(node)[1:-1]


def unwrap_parent(node: ts.Node) -> ts.Node | None:
    """The node a value is assigned through, looking past ``await`` and parentheses."""
    parent = node.parent
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
        parent = parent.parent
    return parent
