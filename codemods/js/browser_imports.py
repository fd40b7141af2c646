"""The import and type passes of the browser rewrite.

The ``'twilio-video'`` imports (ES ``import`` or a CommonJS ``require`` declaration)
become the SDK's default import and the generated module's helpers the rewritten code
uses; a file that imported nothing from twilio-video (a hook handed the room) gains them
after its imports or directive prologue; a file an earlier run rewrote has its helper
import extended. TypeScript type names imported from twilio-video become their Zoom
stand-ins (:data:`TYPES`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ast_grep_py import SgNode

if TYPE_CHECKING:
    from codemods.js.browser_context import Context

SDK = "@zoom/videosdk"
MODULE = "twilio-video"

# The twilio-video types the rewritten code names, and what stands for each: a type of
# the SDK, of the generated module ("" = the module), or of the language.
TYPES: dict[str, tuple[str, str]] = {
    "Room": ("ZoomClient", ""),
    "RemoteParticipant": ("Participant", SDK),
    "LocalParticipant": ("Participant", SDK),
    "Participant": ("Participant", SDK),
    "LocalDataTrack": ("CommandClient", ""),
    "ConnectOptions": ("JoinOptions", ""),
    "TwilioError": ("Error", "global"),
    **{
        name: ("Track", "")
        for name in (
            "Track", "LocalTrack", "RemoteTrack", "AudioTrack", "VideoTrack", "LocalAudioTrack",
            "LocalVideoTrack", "RemoteAudioTrack", "RemoteVideoTrack", "RemoteDataTrack",
            "DataTrack",
        )
    },
    **{
        name: ("Publication", "")
        for name in (
            "TrackPublication", "LocalTrackPublication", "RemoteTrackPublication",
            "LocalAudioTrackPublication", "LocalVideoTrackPublication",
            "RemoteAudioTrackPublication", "RemoteVideoTrackPublication",
            "LocalDataTrackPublication", "RemoteDataTrackPublication",
        )
    },
}  # fmt: skip


def imported_from(root: SgNode, module: str) -> set[str]:
    """The local names ``import { ... } from module`` binds."""
    names: set[str] = set()
    for statement in root.find_all(kind="import_statement"):
        source = statement.field("source")
        if module and source is not None and source.text()[1:-1] == module:
            for spec in statement.find_all(kind="import_specifier"):
                name = spec.field("alias") or spec.field("name")
                if name is not None:
                    names.add(name.text())
    return names


def _imported_types(ctx: Context) -> dict[str, str]:
    """Local name -> twilio-video name of what the imports bring in by name."""
    out: dict[str, str] = {}
    for statement in ctx.imports:
        for spec in statement.find_all(kind="import_specifier"):
            name, alias = spec.field("name"), spec.field("alias")
            if name is not None:
                out[(alias or name).text()] = name.text()
    return out


def types(ctx: Context) -> None:
    """TypeScript type names from twilio-video -> their Zoom stand-ins; a union whose
    members all become one type (``LocalParticipant | RemoteParticipant``) becomes it once."""
    imported = _imported_types(ctx)
    namespaces = {default_name(ctx.imports)} - {None}

    def twilio_name(node: SgNode) -> str:
        if node.kind() == "nested_type_identifier":
            module, leaf = node.field("module"), node.field("name")
            if module is None or leaf is None or module.text() not in namespaces:
                return ""
            return leaf.text()
        if node.kind() == "type_identifier":
            parent = node.parent()
            if parent is not None and parent.kind() == "nested_type_identifier":
                return ""
            return imported.get(node.text(), "")
        return ""

    def stand_in(twilio: str) -> str:
        name, origin = TYPES.get(twilio, ("unknown", "global"))
        if origin == SDK:
            ctx.sdk_types.add(name)
        elif origin == "":
            ctx.helper_types.add(name)
            name = ctx.local(name)
        return name

    def members(node: SgNode) -> list[SgNode] | None:
        """The leaves of a union of type names, or None if a member is anything else."""
        if node.kind() == "union_type":
            out: list[SgNode] = []
            for child in node.children():
                if child.is_named():
                    inner = members(child)
                    if inner is None:
                        return None
                    out.extend(inner)
            return out
        return [node] if twilio_name(node) else None

    for union in ctx.root.find_all(kind="union_type"):
        leaves = members(union)
        names = {TYPES.get(twilio_name(n), ("unknown", ""))[0] for n in leaves or []}
        if leaves and len(names) == 1:
            ctx.accept([(node_start(union), node_end(union), stand_in(twilio_name(leaves[0])))])
    for node in ctx.root.find_all(
        any=[{"kind": "type_identifier"}, {"kind": "nested_type_identifier"}]
    ):
        twilio = twilio_name(node)
        if twilio:
            ctx.accept([(node_start(node), node_end(node), stand_in(twilio))])


def twilio_imports(root: SgNode) -> list[SgNode]:
    """Top-level ``import ... from 'twilio-video'`` statements and
    ``const x = require('twilio-video')`` declarations."""
    found: list[SgNode] = []
    for node in root.find_all(kind="string"):
        if node.text()[1:-1] != MODULE:
            continue
        parent = node.parent()
        if parent is not None and parent.kind() == "import_statement":
            found.append(parent)
        elif parent is not None and parent.kind() == "arguments":
            call = parent.parent()
            holder = call.parent() if call is not None else None
            callee = call.field("function") if call is not None else None
            if callee is None or callee.text() != "require" or holder is None:
                continue
            if holder.kind() == "variable_declarator" and holder.parent() is not None:
                found.append(holder.parent())  # type: ignore[arg-type]
    return found


def default_name(imports: list[SgNode]) -> str | None:
    """The local name of twilio-video's default or namespace import (``Video``)."""
    for statement in imports:
        if statement.kind() == "import_statement":
            clause = next((c for c in statement.children() if c.kind() == "import_clause"), None)
            for child in clause.children() if clause is not None else []:
                if child.kind() == "identifier":
                    return child.text()
                if child.kind() == "namespace_import":
                    ident = next((c for c in child.children() if c.kind() == "identifier"), None)
                    if ident is not None:
                        return ident.text()
        else:
            declarator = next(
                (c for c in statement.children() if c.kind() == "variable_declarator"), None
            )
            name = declarator.field("name") if declarator is not None else None
            if name is not None and name.kind() == "identifier":
                return name.text()
    return None


def quote(imports: list[SgNode]) -> str:
    for statement in imports:
        for node in statement.find_all(kind="string"):
            return node.text()[0]
    return "'"


def imports(ctx: Context) -> None:
    """The twilio-video imports become the SDK's and the helpers' imports."""
    had_default = _still_used(ctx, default_name(ctx.imports))
    commonjs = bool(ctx.imports) and ctx.imports[0].kind() != "import_statement"
    if not ctx.imports:
        commonjs = "require(" in ctx.source and not ctx.root.find(kind="import_statement")
    lines = _import_lines(ctx, had_default, commonjs)
    if not lines and not ctx.imports:
        return
    newline = "\r\n" if "\r\n" in ctx.source else "\n"
    if ctx.imports:
        first = ctx.imports[0]
        line_start = ctx.source.rfind("\n", 0, node_start(first)) + 1
        pad = re.match(r"[ \t]*", ctx.source[line_start:]).group(0)  # type: ignore[union-attr]
        text = (newline + pad).join(lines)
        edits = [(node_start(first), node_end(first), text)]
        for other in ctx.imports[1:]:
            end = node_end(other)
            if ctx.source[end : end + len(newline)] == newline:
                end += len(newline)
            start = ctx.source.rfind("\n", 0, node_start(other)) + 1
            edits.append((start, end, ""))
        ctx.accept(edits)
        return
    existing = _helper_import(ctx)
    if existing is not None:
        # a file an earlier run rewrote: the helpers it already imports, and the new ones
        named, clause = existing
        ctx.helpers |= {
            spec.split(" as ")[0].strip() for spec in named.text().strip("{}").split(",")
        }
        ctx.helpers.discard("")
        lines = _import_lines(ctx, had_default, commonjs)
        helper_line = next(
            (line for line in lines if ctx.target in line and " type " not in line), None
        )
        if helper_line is not None:
            statement = clause.parent()
            if statement is not None and helper_line != statement.text():
                ctx.accept([(node_start(statement), node_end(statement), helper_line)])
        lines = [line for line in lines if line is not helper_line]
        if not lines:
            return
    at = _insertion_point(ctx)
    ctx.accept([(at, at, "".join(line + newline for line in lines))])


def _helper_import(ctx: Context) -> tuple[SgNode, SgNode] | None:
    """The named imports of an ``import { ... } from '<helpers>'`` already in the file."""
    if not ctx.target:
        return None
    for statement in ctx.root.find_all(kind="import_statement"):
        source = statement.field("source")
        if source is None or source.text()[1:-1] != ctx.target:
            continue
        if any(not c.is_named() and c.kind() == "type" for c in statement.children()):
            continue
        clause = next((c for c in statement.children() if c.kind() == "import_clause"), None)
        named = clause.find(kind="named_imports") if clause is not None else None
        if clause is not None and named is not None:
            return named, clause
    return None


def _still_used(ctx: Context, name: str | None) -> bool:
    """Whether code outside the imports still names ``name`` (twilio-video's default
    import) once the edits taken apply: then the SDK's default import keeps that name
    bound, so that code left as it was (a TODO) fails no sooner than it did."""
    if name is None:
        return False
    replaced = [(s, e) for s, e, _ in ctx.edits if s < e]
    imports = [(node_start(i), node_end(i)) for i in ctx.imports]
    for node in ctx.root.find_all(kind="identifier"):
        at = node_start(node)
        if node.text() != name or any(s <= at < e for s, e in imports + replaced):
            continue
        return True
    return False


def _import_lines(ctx: Context, had_default: bool, commonjs: bool) -> list[str]:
    q = ctx.quote
    lines: list[str] = []
    typescript = ctx.dialect != "javascript"
    helpers = sorted(ctx.helpers)
    named = [h if ctx.local(h) == h else f"{h} as {ctx.local(h)}" for h in helpers]
    types = sorted(ctx.helper_types)
    named_types = [t if ctx.local(t) == t else f"{t} as {ctx.local(t)}" for t in types]
    if commonjs:
        if had_default or ctx.sdk_default:
            lines.append(f"const {ctx.sdk_name} = require({q}{SDK}{q}).default;")
        if helpers and ctx.target:
            parts = [h if ctx.local(h) == h else f"{h}: {ctx.local(h)}" for h in helpers]
            lines.append(f"const {{ {', '.join(parts)} }} = require({q}{ctx.target}{q});")
        return lines
    if had_default or ctx.sdk_default:
        lines.append(f"import {ctx.sdk_name} from {q}{SDK}{q};")
    if typescript and ctx.sdk_types:
        lines.append(f"import type {{ {', '.join(sorted(ctx.sdk_types))} }} from {q}{SDK}{q};")
    if helpers and ctx.target:
        lines.append(_import_line("import", named, f"{q}{ctx.target}{q}"))
    if typescript and types and ctx.target:
        lines.append(_import_line("import type", named_types, f"{q}{ctx.target}{q}"))
    if not lines and ctx.imports:
        lines.append(f"import {q}{SDK}{q};")
    return lines


def _import_line(keyword: str, names: list[str], specifier: str) -> str:
    line = f"{keyword} {{ {', '.join(names)} }} from {specifier};"
    if len(line) <= _LINE:
        return line
    listed = "".join(f"\n  {name}," for name in names)
    return f"{keyword} {{{listed}\n}} from {specifier};"


_LINE = 100


def _insertion_point(ctx: Context) -> int:
    """After the last top-level import, else after a directive prologue ('use client')."""
    last: SgNode | None = None
    for child in ctx.root.children():
        if child.kind() == "import_statement":
            last = child
        elif child.kind() == "expression_statement" and last is None:
            inner = child.children()[0] if child.children() else None
            if inner is not None and inner.kind() == "string":
                last = child
                continue
            break
        elif child.kind() not in ("comment", "hash_bang_line") and last is not None:
            break
    if last is None:
        return 0
    end = ctx.source.find("\n", node_end(last))
    return len(ctx.source) if end == -1 else end + 1


# Character offsets of a node (ast-grep counts characters, as Python strings do).
def node_start(node: SgNode) -> int:
    return node.range().start.index


def node_end(node: SgNode) -> int:
    return node.range().end.index
