"""ast-grep helpers shared by the two analyses of a JS/TS file: the browser SDK
(``js_scanner``) and the Node.js server SDK (``node_scanner``), which read one parse tree.

The JS/TS rewrite (``codemods.js.rewrite``) edits the same tree, so a file is parsed once
for the audit and the rewrite alike (https://ast-grep.github.io/guide/api-usage/py-api.html).
"""

from __future__ import annotations

from ast_grep_py import Config, SgNode, SgRoot

# ast-grep's names for the grammars; JSX is part of the JavaScript one.
_LANGUAGES = {"typescript": "typescript", "tsx": "tsx"}
# A syntax error: an ERROR node, or a token the parser had to assume (zero width, so its
# text is empty) somewhere below the root.
_SYNTAX_ERROR: Config = {
    "rule": {"any": [{"kind": "ERROR"}, {"regex": "^$", "not": {"kind": "program"}}]}
}


def sg_language(dialect: str) -> str:
    """ast-grep's language name for ``javascript``, ``typescript`` or ``tsx``."""
    return _LANGUAGES.get(dialect, "javascript")


def parse(source: str, dialect: str) -> SgRoot:
    """The ast-grep tree of ``source`` (error-tolerant: a syntax error leaves ERROR nodes)."""
    return SgRoot(source, sg_language(dialect))


def first_syntax_error(root: SgNode) -> SgNode | None:
    """The first ERROR or missing node in source order, or None when ``root`` parsed cleanly."""
    return root.find(_SYNTAX_ERROR)


def has_syntax_error(root: SgNode) -> bool:
    return first_syntax_error(root) is not None


def text(node: SgNode | None) -> str:
    """The source text of ``node`` ("" for None)."""
    return "" if node is None else node.text()


def string_value(node: SgNode | None) -> str | None:
    """The contents of a plain string literal, or None for anything else."""
    if node is None or node.kind() != "string":
        return None
    return node.text()[1:-1]


def unwrap_parent(node: SgNode) -> SgNode | None:
    """The node a value is assigned through, looking past ``await`` and parentheses."""
    parent = node.parent()
    while parent is not None and parent.kind() in ("await_expression", "parenthesized_expression"):
        parent = parent.parent()
    return parent


class Positions:
    """Line and column of nodes as findings report them: 1-based lines (plus the offset of
    embedded code) and UTF-8 byte columns, which ast-grep's character columns are turned into."""

    def __init__(self, source: str, line_offset: int = 0) -> None:
        self.source = source
        self._ascii = source.isascii()
        self.line_offset = line_offset

    def start(self, node: SgNode) -> tuple[int, int, int]:
        """(0-based row, 0-based byte column, 0-based end row) of ``node``."""
        where = node.range()
        start, end = where.start, where.end
        column = start.column
        if not self._ascii:
            line_start = self.source.rfind("\n", 0, start.index) + 1
            column = len(self.source[line_start : start.index].encode("utf-8"))
        return start.line, column, end.line
