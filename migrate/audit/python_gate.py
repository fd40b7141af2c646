"""A precise, cheap gate before LibCST: the stdlib ``ast`` (C speed) says whether a
module has anything the Python scanner could report.

Every Python rule needs one of: a ``video`` attribute (or ``getattr(x, "video")``), a
resource only Video has (``recording_rules``...) in an operation's call chain or assigned
to a name, an import of ``VideoGrant``, a
``video.twilio.com`` string, a read of a Video status-callback parameter, a TwiML import,
a call of ``Client`` in a module importing ``twilio``/``twilio.rest``, or a call of
``AccessToken``/``*Grant`` in a module importing ``twilio.jwt...``. Modules with none of
these (most of the twilio package itself, for instance) are not handed to LibCST. A module
that ``ast`` cannot parse goes to LibCST, which reports the parse error.

The imports are read from the statements alone (``ast``'s statement lists); the other
conditions are nodes inside expressions, walked only when the module's bytes do not rule
them out (``python_gate_bytes``). When the bytes rule out the imports too, no tree is built:
``symtable`` only checks that the module parses. Each shortcut answers as the full walk
would, but for a string value split over literals, which the scanner does not read as one
(``tests/audit/test_python_gate_bytes.py``).
"""

from __future__ import annotations

import ast
import symtable
from collections.abc import Callable
from typing import Any

from mappings.twilio_vocab import DISTINCTIVE_RESOURCES, VIDEO_GRANT_NAME, operation
from migrate.audit.python_gate_bytes import Span, may_use, rules_out
from migrate.audit.twilio_names import (
    READ_METHODS,
    TWIML_MODULE,
    TWIML_SUFFIX,
    VIDEO_CALLBACK_PARAMS,
    VIDEO_HOST,
)

# Substrings one of which any module passing the gate contains: a C-speed first cut.
# ("from twilio.base ..." alone, as in the twilio package's own modules, does not pass.)
NEEDLES = (
    b"video", b"from twilio import", b"from twilio.rest import", b"from twilio.jwt",
    b"from twilio.twiml", b"import twilio", *(p.encode() for p in VIDEO_CALLBACK_PARAMS),
    *(r.encode() for r in DISTINCTIVE_RESOURCES),
)  # fmt: skip
# The needles under substrings they share, so that one search rules out a whole group in
# the many modules that have none (each ``in`` reads the module once; a longer one is
# quicker to rule out).
_GROUP_KEYS = (b"Room", b"Participant", b"Composition", b"Track", b"recording_",
               b"subscribe", b"composition_")  # fmt: skip


def _group(needles: tuple[bytes, ...], keys: tuple[bytes, ...]) -> dict[bytes, list[bytes]]:
    groups: dict[bytes, list[bytes]] = {}
    for needle in needles:
        key = next((k for k in keys if k in needle), needle)
        groups.setdefault(key, []).append(needle)
    return groups


# Those starting "from twilio" are matched where it occurs (_has_needle).
_FROM_TWILIO = b"from twilio"
_FROM_NEEDLES = tuple(n for n in NEEDLES if n.startswith(_FROM_TWILIO))
_NEEDLE_GROUPS = _group(tuple(n for n in NEEDLES if n not in _FROM_NEEDLES), _GROUP_KEYS)
_REST_MODULES = frozenset({"twilio", "twilio.rest"})
_JWT_PREFIX = "twilio.jwt"


def may_have_findings(
    source: bytes, imports_project: Callable[[ast.Module], bool] | None = None
) -> bool:
    """False only when the Python scanner certainly finds nothing in ``source``.

    A module with a needle that does not parse goes on, so that it is reported as a parse
    error rather than passed over as having nothing to migrate; one with no needle has
    nothing the scanner could report even if it parsed, so its syntax is not checked
    (docs/audit.md). ``imports_project`` says
    whether a parsed module imports a twilio object another module of the project
    hands out (such a module goes on too).
    """
    needles = _has_needle(source)
    if not needles and imports_project is None:
        return False
    if imports_project is None and rules_out(source):
        return not _parses(source)  # only a syntax error sends it on
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return True
    if imports_project is not None and imports_project(tree):
        return True
    if not needles:
        return False
    imports = _Imports(tree)
    if imports.decisive:
        return True
    callees = frozenset(imports.bound | {"Client"}) if imports.rest else frozenset()
    if not may_use(source, imports.spans, callees, grants=imports.jwt):
        return False
    return _walk(tree, imports)


def _parses(source: bytes) -> bool:
    # symtable parses without building the tree in Python objects (about 0.6x the time of
    # ast.parse); it rejects more (nonlocal at module level...), so ast decides those.
    try:
        symtable.symtable(source.decode(), "<gate>", "exec")
    except (SyntaxError, ValueError, RecursionError):
        pass
    else:
        return True
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return True


def _has_needle(source: bytes) -> bool:
    # Most of the twilio package's modules say "from twilio.base": one pass over where
    # "from twilio" occurs, rather than one per needle starting so.
    at = source.find(_FROM_TWILIO)
    while at >= 0:
        if source.startswith(_FROM_NEEDLES, at):
            return True
        at = source.find(_FROM_TWILIO, at + 1)
    return any(
        key in source and any(needle in source for needle in group)
        for key, group in _NEEDLE_GROUPS.items()
    )


class _Imports:
    """What the import statements say, read without walking any expression."""

    def __init__(self, tree: ast.Module) -> None:
        self.decisive = self.rest = self.jwt = False
        self.bound: set[str] = set()
        self.spans: list[Span] = []
        stack: list[ast.AST] = list(tree.body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Import | ast.ImportFrom):
                self._read(node)
            for field in _STATEMENT_LISTS.get(type(node), ()):
                stack.extend(getattr(node, field))

    def _read(self, node: ast.Import | ast.ImportFrom) -> None:
        end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
        self.spans.append((node.lineno, node.col_offset, *end))
        modules = _imported_modules(node)
        if any(_is_twiml(node, m) for m in modules) or _imports_video_grant(node):
            self.decisive = True
        self.rest = self.rest or any(m in _REST_MODULES for m in modules)
        self.jwt = self.jwt or any(m.startswith(_JWT_PREFIX) for m in modules)
        if isinstance(node, ast.ImportFrom):
            self.bound |= _bound_names(node)


def _statement_lists() -> dict[type, tuple[str, ...]]:
    # The fields holding statements, or handlers and match cases that hold statements:
    # an import can be nowhere else.
    lists = ("body", "orelse", "finalbody", "handlers", "cases")
    kinds = (ast.stmt, ast.excepthandler, ast.match_case)
    found: dict[type, tuple[str, ...]] = {}
    for cls in vars(ast).values():
        if isinstance(cls, type) and issubclass(cls, kinds):
            fields = tuple(f for f in cls._fields if f in lists)
            if fields:
                found[cls] = fields
    return found


_STATEMENT_LISTS = _statement_lists()


def _walk(tree: ast.Module, imports: _Imports) -> bool:
    """The verdict from every node: ``ast.walk``'s, with each node checked by its type."""
    called: set[str] = set()
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        kind = type(node)
        check = _CHECKS.get(kind)
        if check is not None and check(node, called):
            return True
        for field in _CHILDREN.get(kind, ()):
            value = getattr(node, field)
            if type(value) is list:
                stack.extend(value)
            elif value is not None:
                stack.append(value)
    # Aliases (Client as TwilioClient) are resolved by LibCST; here a call of any name a
    # twilio import binds counts.
    rest_calls = called & (imports.bound | {"Client"})
    return (imports.rest and bool(rest_calls)) or (
        imports.jwt and any(n == "AccessToken" or n.endswith("Grant") for n in called)
    )


def _check_call(node: ast.Call, called: set[str]) -> bool:
    called.add(_callee_name(node.func))
    return _video_use(node) or _structural_use(node)


def _check(node: ast.AST, called: set[str]) -> bool:
    return _video_use(node) or _structural_use(node)


_CHECKED = (ast.Attribute, ast.Constant, ast.Subscript, ast.arg, ast.Assign, ast.AnnAssign)
_CHECKS: dict[type, Callable[[Any, set[str]], bool]] = {
    ast.Call: _check_call,
    **dict.fromkeys(_CHECKED, _check),
}
# The fields that may hold nodes; operators and contexts have nothing to check.
_CHILDREN: dict[type, tuple[str, ...]] = {
    cls: tuple(f for f in cls._fields if f not in ("ctx", "op", "ops"))
    for cls in vars(ast).values()
    if isinstance(cls, type) and issubclass(cls, ast.AST) and cls is not ast.Constant
}


def _video_use(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "video"
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and VIDEO_HOST in node.value
    if isinstance(node, ast.Subscript):
        return _video_param(node.slice)
    if isinstance(node, ast.Call):
        func, args = node.func, node.args
        if isinstance(func, ast.Name) and func.id == "getattr":
            return len(args) > 1 and isinstance(args[1], ast.Constant) and args[1].value == "video"
        return (
            isinstance(func, ast.Attribute)
            and func.attr in READ_METHODS
            and bool(args)
            and _video_param(args[0])
        )
    if isinstance(node, ast.arg):
        return node.arg in VIDEO_CALLBACK_PARAMS
    return False


def _structural_use(node: ast.AST) -> bool:
    """A resource only Video has, where the resolver's structural fallback can see it.

    That fallback follows a call chain (``a.b(x).c``, ``getattr``, ``await``) from an
    operation (``....recording_rules.update()``) back to its root, and through a name to
    the value it was assigned (here any assignment counts): a resource elsewhere (the
    twilio package's own ``return self._proxy.recording_rules``) cannot match.
    """
    if isinstance(node, ast.Call):
        # Innermost name first: ["update", "recording_rules", "rooms", ...].
        names = _chain_names(node.func)
        if not names or operation(names[0]) is None:
            return False
        names = names[1:]
    elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        names = _chain_names(node.value)
    else:
        return False
    return any(name in DISTINCTIVE_RESOURCES for name in names)


def _chain_names(expr: ast.expr) -> list[str]:
    names: list[str] = []
    while True:
        if isinstance(expr, ast.Attribute):
            names.append(expr.attr)
            expr = expr.value
        elif isinstance(expr, ast.Await):
            expr = expr.value
        elif isinstance(expr, ast.Call):
            func, args = expr.func, expr.args
            if isinstance(func, ast.Name) and func.id == "getattr" and len(args) == 2:
                name = args[1]
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    names.append(name.value)
                expr = args[0]
            else:
                expr = func
        else:
            return names


def _imports_video_grant(node: ast.AST) -> bool:
    # An import of VideoGrant is a finding by itself.
    return isinstance(node, ast.ImportFrom) and any(
        alias.name == VIDEO_GRANT_NAME for alias in node.names
    )


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def _is_twiml(node: ast.AST, module: str) -> bool:
    if module.startswith(TWIML_MODULE + "."):
        return True
    # from twilio.twiml import voice_response
    return (
        module == TWIML_MODULE
        and isinstance(node, ast.ImportFrom)
        and any(alias.name.endswith(TWIML_SUFFIX) for alias in node.names)
    )


def _bound_names(node: ast.ImportFrom) -> set[str]:
    """Names bound by ``from twilio[.rest|.jwt...] import X as Y`` (both X and Y)."""
    module = node.module or ""
    if module in _REST_MODULES or module.startswith(_JWT_PREFIX):
        return {name for alias in node.names for name in (alias.name, alias.asname or alias.name)}
    return set()


def _callee_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _video_param(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in VIDEO_CALLBACK_PARAMS
