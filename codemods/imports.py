"""Import housekeeping shared by the commands: sections, scheduled removals, tidy tops.

LibCST's ``AddImportsVisitor`` always appends a new import after the last import of the
module's first import block; a project sorted with isort or ruff keeps its own modules in
a section of their own, and ``import zoom_video`` (a module of the project) belongs
there. :func:`add_first_party_import` puts it there, or opens that section.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Collection, Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor

#: ``CodemodContext.scratch`` key: the project's own top-level module names.
FIRST_PARTY_KEY = "twilio2zoom.first_party"

_Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement


def first_party_names(context: CodemodContext) -> frozenset[str]:
    """The project's top-level modules: from the driver, or the module's own package."""
    given: Collection[str] = context.scratch.get(FIRST_PARTY_KEY, ())
    own = (context.full_module_name or "").split(".")[0]
    return frozenset(given) | ({own} if own else set())


def add_first_party_import(
    module: cst.Module, name: str, first_party: Collection[str]
) -> cst.Module:
    """``module`` with ``import name`` in its first-party section (unless already imported).

    The import joins the last block of the top imports holding an absolute first-party
    import, after the plain imports sorting before it (isort puts plain imports before
    ``from`` imports, each by name).
    Without one it opens a section of its own, before the relative imports or after the
    other top imports, separated by a blank line.
    """
    body = list(module.body)
    if any(_binds_module(statement, name) for statement in body):
        return module
    start = 1 if body and _is_docstring(body[0]) else 0
    end = start
    while end < len(body) and _is_import_line(body[end]):
        end += 1
    groups = _groups(body, start, end)
    known = {*first_party, name}
    owned = [g for g in groups if any(_is_first_party(body[i], known) for i in g)]
    new = cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(cst.Name(name))])])
    if owned:
        group = owned[-1]
        at = 1 + max((i for i in group if _sorts_before(body[i], name)), default=group[0] - 1)
        if at == group[0]:  # the section's leading blank line and comments stay on top
            new = new.with_changes(leading_lines=body[at].leading_lines)
            body[at] = body[at].with_changes(leading_lines=())
        body.insert(at, new)
        return module.with_changes(body=body)
    relative = [g for g in groups if any(_is_relative(body[i]) for i in g)]
    at = relative[0][0] if relative else end
    if at > 0:
        new = new.with_changes(leading_lines=[cst.EmptyLine()])
    if at < len(body) and not _starts_blank(body[at]):
        body[at] = body[at].with_changes(leading_lines=[cst.EmptyLine(), *body[at].leading_lines])
    body.insert(at, new)
    return module.with_changes(body=body)


def prune_scheduled_removals(context: CodemodContext, code: str) -> None:
    """Drop scheduled import removals of names ``code`` plainly still reads.

    Deciding that is a cheap ``ast`` walk, while ``RemoveImportsVisitor`` needs scope
    metadata for the whole tree; it still decides what is left (names no longer read,
    or read only from ``__all__`` or string annotations).
    """
    scheduled = context.scratch.get(RemoveImportsVisitor.CONTEXT_KEY, [])
    if scheduled:
        read = _names_read(code)
        context.scratch[RemoveImportsVisitor.CONTEXT_KEY] = [
            item for item in scheduled if _bound_name(*item) not in read
        ]


def _bound_name(module: str, obj: str | None, asname: str | None) -> str:
    """The name an import binds: ``as`` name, imported object, or first module part."""
    return asname or obj or module.split(".")[0]


def _names_read(code: str) -> frozenset[str]:
    """Every name the code loads anywhere (empty when it does not parse: decide nothing)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return frozenset()
    return frozenset(
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    )


def keep_top(before: cst.Module, after: cst.Module) -> cst.Module:
    """``after`` without blank lines at its top that ``before`` did not have.

    Removing a module's first statement (an import now unused) leaves the blank line that
    separated it from the next one at the top of the file.
    """
    if not after.body or not before.body or _starts_blank(before.body[0]):
        return after
    first = after.body[0]
    lines = list(first.leading_lines)
    while lines and lines[0].comment is None:
        lines.pop(0)
    if len(lines) == len(first.leading_lines):
        return after
    return after.with_changes(body=[first.with_changes(leading_lines=lines), *after.body[1:]])


def _groups(body: Sequence[_Statement], start: int, end: int) -> list[list[int]]:
    """Indices of the import statements ``body[start:end]``, split at blank lines."""
    groups: list[list[int]] = []
    for index in range(start, end):
        if not groups or _starts_blank(body[index], anywhere=True):
            groups.append([])
        groups[-1].append(index)
    return groups


def _starts_blank(statement: _Statement, *, anywhere: bool = False) -> bool:
    lines = statement.leading_lines
    if anywhere:
        return any(line.comment is None for line in lines)
    return bool(lines) and lines[0].comment is None


def _is_docstring(statement: _Statement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _is_import_line(statement: _Statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )


def _modules(statement: _Statement) -> list[str]:
    """Top-level module names an import line reads ('' for a relative import)."""
    found: list[str] = []
    if not isinstance(statement, cst.SimpleStatementLine):
        return found
    for small in statement.body:
        if isinstance(small, cst.Import):
            found += [alias.evaluated_name.split(".")[0] for alias in small.names]
        elif isinstance(small, cst.ImportFrom):
            relative = bool(small.relative) or small.module is None
            found.append("" if relative else _dotted(small.module).split(".")[0])
    return found


def _dotted(node: cst.BaseExpression | None) -> str:
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return node.value if isinstance(node, cst.Name) else ""


def _is_first_party(statement: _Statement, first_party: Collection[str]) -> bool:
    return any(
        module in first_party and module not in sys.stdlib_module_names
        for module in _modules(statement)
    )


def _is_relative(statement: _Statement) -> bool:
    return "" in _modules(statement)


def _sorts_before(statement: _Statement, name: str) -> bool:
    """True for a plain import that isort places before ``import name`` in one section."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    small = statement.body[0]
    return isinstance(small, cst.Import) and small.names[0].evaluated_name.lower() < name.lower()


def _binds_module(statement: _Statement, name: str) -> bool:
    """True for a top-level ``import name`` (without ``as``)."""
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, cst.Import)
        and any(a.evaluated_name == name and a.asname is None for a in small.names)
        for small in statement.body
    )


def _import_key(statement: _Statement) -> tuple[int, str, str]:
    """isort's and ruff's default order in a section: ``import x`` lines, then ``from``."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
    if isinstance(small, cst.Import):
        name = small.names[0].evaluated_name
        return (0, name.lower(), name)
    if isinstance(small, cst.ImportFrom):
        name = "." * len(small.relative) + _dotted(small.module)
        return (1, name.lower(), name)
    return (2, "", "")


def _code(statement: _Statement) -> str:
    return cst.Module(body=[statement.with_changes(leading_lines=())]).code.strip()


def _top_imports(body: Sequence[_Statement]) -> tuple[int, int]:
    start = 1 if body and _is_docstring(body[0]) else 0
    end = start
    while end < len(body) and _is_import_line(body[end]):
        end += 1
    return start, end


def sort_new_imports(
    before: cst.Module, after: cst.Module, first_party: Collection[str] = ()
) -> cst.Module:
    """``after`` with the imports a rewrite added or changed in sorted blocks kept sorted.

    A block (top imports between blank lines) that was in isort/ruff order before the
    rewrite is put back in that order; a block the rewrite emptied at its start keeps its
    blank line above; blocks nobody sorted are left as they are. New third-party imports
    that landed in the project's own section move to the section above it.
    """
    old_body, body = list(before.body), list(after.body)
    old_start, old_end = _top_imports(old_body)
    start, end = _top_imports(body)
    if start == end:
        return after
    original = {_code(s) for s in old_body[old_start:old_end]}
    old_blocks = _groups(old_body, old_start, old_end)
    known = set(first_party)
    # Blank lines a removed block head took with it.
    kept_codes = {_code(s) for s in body[start:end]}
    needs_blank: set[str] = set()
    for group in old_blocks[1:]:
        first = _code(old_body[group[0]])
        if first not in kept_codes:
            survivors = [_code(old_body[i]) for i in group if _code(old_body[i]) in kept_codes]
            if survivors:
                needs_blank.add(survivors[0])
    for index in range(start, end):
        if _code(body[index]) in needs_blank and not _starts_blank(body[index], anywhere=True):
            body[index] = body[index].with_changes(
                leading_lines=[cst.EmptyLine(), *body[index].leading_lines]
            )
    blocks = [[body[i] for i in group] for group in _groups(body, start, end)]
    # Third-party lines appended after the project's own section belong above it.
    for number in range(len(blocks) - 1, -1, -1):
        block = blocks[number]
        if any(_is_first_party(s, known) for s in block):
            strays = [
                s for s in block if _code(s) not in original and not _is_first_party(s, known)
            ]
            if not strays:
                continue
            rest = [s for s in block if s not in strays]
            moved = [s.with_changes(leading_lines=()) for s in strays]
            if number > 0:
                blocks[number] = rest
                blocks[number - 1] += moved
            else:  # no section above: open one
                moved[0] = moved[0].with_changes(leading_lines=block[0].leading_lines)
                rest[0] = rest[0].with_changes(leading_lines=[cst.EmptyLine()])
                blocks[0:1] = [moved, rest]
    rebuilt: list[_Statement] = []
    for block in blocks:
        kept = [s for s in block if _code(s) in original]
        new = [s for s in block if _code(s) not in original]
        in_order = [_import_key(s) for s in kept] == sorted(_import_key(s) for s in kept)
        if new and in_order:
            head = list(block[0].leading_lines)
            ordered = sorted(block, key=_import_key)
            ordered = [
                s.with_changes(leading_lines=[line for line in s.leading_lines if line.comment])
                for s in ordered
            ]
            ordered[0] = ordered[0].with_changes(
                leading_lines=[
                    *head,
                    *(line for line in ordered[0].leading_lines if line not in head),
                ]
            )
            block = ordered
        rebuilt += block
    return after.with_changes(body=[*body[:start], *rebuilt, *body[end:]])
