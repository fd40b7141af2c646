"""Rewrite one JavaScript/TypeScript source (or the script blocks of a page) to Zoom.

What is Twilio comes from the audit's resolver (``migrate.audit.js_scanner`` and
``node_scanner``: provenance per file and across modules, a structural fallback from
package.json), so the audit and the rewrite agree on every line. The edits are made on the
ast-grep tree of the same source:

- browser code on twilio-video becomes @zoom/videosdk 2.x code at each call site
  (``codemods.js.browser``: one rule per resolver rule id), with the generated
  ``zoomVideo`` module's helpers where the meaning changes;
- ``'twilio'`` module specifiers in files that use the package only for Video point at
  ``zoomVideoServer`` (session JWT, Zoom REST), as do Twilio Functions'
  ``context.getTwilioClient()`` and ``Twilio.jwt``;
- every statement whose mapping is approximate gets a ``// TODO(twilio2zoom):`` line
  naming what changed and the catalog's docs anchor; one that nothing rewrote (no
  equivalent, a CDN global, a shape no rule proves safe) keeps its code and gets one too.

The result must parse, and a second run must leave it unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ast_grep_py import SgNode, SgRoot

from codemods.js import server as node_server
from codemods.js.browser import SDK, plan_browser
from codemods.js.deep_imports import deep_video_imports
from codemods.js.names import BROWSER_MODULE, SERVER_MODULE
from mappings.catalog import CATALOG, ApiMapping
from mappings.zoom_web import companion
from migrate.audit.findings import Hit
from migrate.audit.js_scanner import scan_tree
from migrate.audit.js_syntax import has_syntax_error
from migrate.audit.rules import get_rule

Dialect = Literal["javascript", "typescript", "tsx"]
TODO_MARK = "TODO(twilio2zoom)"
DOCS_PAGE = "docs/mapping.md"
_NOT_VIDEO = frozenset({"not-affected", "parse-error"})
_SERVER_PREFIX = "node-"
# Node kinds a TODO line can stand above.
_STATEMENTS = (
    "expression_statement", "lexical_declaration", "variable_declaration", "return_statement",
    "if_statement", "for_statement", "for_in_statement", "while_statement", "do_statement",
    "export_statement", "import_statement", "throw_statement", "method_definition",
    "function_declaration", "class_declaration", "switch_statement", "try_statement",
)  # fmt: skip
# Class fields are field_definition in JavaScript, public_field_definition in TypeScript.
_FIELD = {"javascript": "field_definition"}
# What may precede a statement on its line for a comment line above it to be safe.
_SAFE_PREFIX = re.compile(r"^[\s})\]]*(else\s*)?$")
_MAX_TODO_KEYS = 4
# Hits that the new module specifier itself settles.
_REBOUND_RULES = frozenset({"js-import", "node-import", "node-rest-client"})
_CLIENT_NODE_ANCHOR = CATALOG["client.node"].docs_anchor
_ADDONS_ANCHOR = CATALOG["js.video_addons"].docs_anchor
_ADDON_HINT = "@twilio/video-"
_CDN_RULES = frozenset({"js-global", "js-cdn"})


@dataclass
class Targets:
    """Where the generated modules are, as module specifiers from this file ("" = none)."""

    browser: str = ""
    server: str = ""
    server_cjs: bool = True
    # The expression naming the Zoom SDK where a page loads Zoom's CDN build and the code
    # used the Twilio.Video global ("" = the SDK is imported); the helpers are then the
    # members of ``helpers_global``, set by their classic-script build.
    sdk_global: str = ""
    helpers_global: str = ""


@dataclass
class CodeResult:
    """What rewriting one source did."""

    code: str
    changed: bool = False
    calls: int = 0
    todos: int = 0
    browser: bool = False  # uses twilio-video: needs zoomVideo and @zoom/videosdk
    server: bool = False  # uses the twilio package for Video: needs zoomVideoServer
    keeps_twilio: bool = False  # other Twilio products remain
    binds_browser: bool = False  # imports twilio-video (or, after a run, zoomVideo)
    binds_server: bool = False  # imports twilio for Video only (or, after a run, zoomVideoServer)
    error: str | None = None
    keys: set[str] = field(default_factory=set)
    unrewritten: int = 0  # browser calls a rule exists for that stayed Twilio-shaped


def sg_language(dialect: str) -> str:
    return {"typescript": "typescript", "tsx": "tsx"}.get(dialect, "javascript")


def parses(source: str, dialect: str) -> bool:
    """True when ast-grep reads ``source`` without a syntax error."""
    return not has_syntax_error(SgRoot(source, sg_language(dialect)).root())


def video_hits(tree: SgRoot, source: str, dialect: str, project: frozenset[str]) -> list[Hit]:
    """The audit's findings on the tree the edits are made on: one parse per source."""
    return scan_tree(tree, source, dialect, project=project)


def rewrite_code(
    source: str,
    dialect: str,
    targets: Targets,
    project: frozenset[str] = frozenset(),
    *,
    _check_again: bool = True,
) -> CodeResult:
    """Rewrite one JS/TS source; ``project`` is what the nearest package.json depends on.

    The result is kept only when it parses (if the source did) and a second run would leave
    it as it is; otherwise ``error`` says why and ``code`` is the source.
    """
    tree = SgRoot(source, sg_language(dialect))
    hits = video_hits(tree, source, dialect, project)
    video = [h for h in hits if h.rule_id not in _NOT_VIDEO]
    result = CodeResult(code=source)
    deep = deep_video_imports(source)
    addons = _ADDON_HINT in source
    if not video and not deep and not addons:
        return result
    result.keeps_twilio = any(h.rule_id == "not-affected" for h in hits)
    result.server = deep or any(h.rule_id.startswith(_SERVER_PREFIX) for h in video)
    result.browser = addons or any(not h.rule_id.startswith(_SERVER_PREFIX) for h in video)
    root = tree.root()
    edits: list[tuple[int, int, str]] = []
    rebound_server = False
    if result.server and not result.keeps_twilio and targets.server:
        rebound_server = _specifiers(root, "twilio", targets.server, edits)
        rebound_server |= _functions_globals(root, targets, edits)
    lines = _line_starts(source)
    at = {id(h): _offset(source, lines, h) for h in video}
    plan = node_server.ServerPlan()
    if result.server and targets.server:
        plan = node_server.plan_server(
            source,
            root,
            [node_server.HitAt(h.rule_id, at[id(h)]) for h in video],
            targets.server,
            cjs=_commonjs(root, source, targets.server_cjs),
            keeps_twilio=result.keeps_twilio,
        )
        # The plan's edits win where they cover an edit made above (a `Twilio.jwt` inside
        # a token statement that goes).
        spans = [(a, b) for a, b, _t in plan.edits if a < b]
        edits = [e for e in edits if not any(a <= e[0] and e[1] <= b for a, b in spans)]
        edits.extend(plan.edits)
        rebound_server |= plan.rebound
    result.calls = len(edits) + (plan.binding is not None)
    # A file an earlier run bound to the generated modules stays bound: a second run adds
    # nothing.
    loaded = _loaded_modules(root)
    rebound_server |= SERVER_MODULE in loaded
    result.binds_browser = _binds_browser(root, loaded)
    result.binds_server = SERVER_MODULE in loaded or (
        result.server and (not result.keeps_twilio or bool(plan.edits))
    )
    # Per statement: catalog rows (with what a rule changed, if it did) and plain lines.
    todos: dict[int, tuple[SgNode, list[tuple[ApiMapping, str | None]], list[str]]] = {}
    kinds = (*_STATEMENTS, _FIELD.get(dialect, "public_field_definition"))
    statements = root.find_all(any=[{"kind": kind} for kind in kinds])

    def entry_at(
        offset: int,
    ) -> tuple[SgNode, list[tuple[ApiMapping, str | None]], list[str]] | None:
        statement = _statement_at(statements, source, offset)
        if statement is None:
            return None
        return todos.setdefault(statement.range().start.index, (statement, [], []))

    def todo_at(offset: int, mapping: ApiMapping, note: str | None) -> None:
        entry = entry_at(offset)
        if entry is None:
            return
        rows = entry[1]
        for i, (known, said) in enumerate(rows):
            if known.key == mapping.key:
                if note is not None and said is not None and note not in said:
                    rows[i] = (known, f"{said}; {note}")  # two changes on one row
                return
        rows.append((mapping, note))

    browser = [h for h in video if not h.rule_id.startswith(_SERVER_PREFIX)]
    unhandled: list[Hit] = [h for h in video if h.rule_id.startswith(_SERVER_PREFIX)]
    if browser:
        offsets = [at[id(h)] for h in browser]
        if targets.sdk_global:
            bplan = plan_browser(
                source, root, dialect, browser, offsets, targets.helpers_global,
                targets.sdk_global,
            )  # fmt: skip
        else:
            bplan = plan_browser(source, root, dialect, browser, offsets, targets.browser)
        edits.extend(bplan.edits)
        result.calls += bplan.calls
        result.unrewritten = bplan.unrewritten
        for mark in bplan.marks:
            result.keys.add(mark.mapping.key)
            todo_at(mark.at, mark.mapping, mark.note)
        unhandled.extend(browser[i] for i in bplan.unhandled)
    for hit in unhandled:
        mapping = _mapping(hit)
        if mapping is None or at[id(hit)] in plan.settled:
            continue
        if any(a <= at[id(hit)] < b for a, b, text in plan.edits if not text):
            continue  # its statement goes
        if targets.sdk_global and hit.rule_id in _CDN_RULES:
            continue  # the page loads Zoom's CDN build and the global names it
        result.keys.add(mapping.key)
        server_hit = hit.rule_id.startswith(_SERVER_PREFIX)
        rebound = server_hit and (rebound_server or at[id(hit)] in plan.moved)
        if rebound and (mapping.fidelity == "exact" or hit.rule_id in _REBOUND_RULES):
            continue  # the generated module carries it as it is
        todo_at(at[id(hit)], mapping, None)
    # Marks the server plan and the companion imports ask for, above their statements.
    for offset, key in plan.marks:
        if CATALOG[key].fidelity != "exact":
            todo_at(offset, CATALOG[key], None)
    extra = [
        (o, f"// {TODO_MARK}: {t} ({DOCS_PAGE}#{_ADDONS_ANCHOR})") for o, t in _addon_imports(root)
    ]
    extra += [
        (o, f"// {TODO_MARK}: {t} ({DOCS_PAGE}#{_CLIENT_NODE_ANCHOR})") for o, t in plan.todos
    ]
    for offset, line in extra:
        found = entry_at(offset)
        if found is not None and line not in found[2]:
            found[2].append(line)
    newline = "\r\n" if "\r\n" in source else "\n"
    for start, (_statement, mappings, plain) in todos.items():
        line_start = source.rfind("\n", 0, start) + 1
        if TODO_MARK in _previous_line(source, line_start):
            continue
        indent = re.match(r"[ \t]*", source[line_start:start])
        pad = indent.group(0) if indent else ""
        lines_above = [_todo(m, note) for m, note in mappings] + plain
        text = "".join(f"{pad}{m}{newline}" for m in lines_above[:_MAX_TODO_KEYS])
        if len(lines_above) > _MAX_TODO_KEYS:
            more = ", ".join(_anchor(m) for m in lines_above[_MAX_TODO_KEYS:])
            text += f"{pad}// {TODO_MARK}: also {more} ({DOCS_PAGE}){newline}"
        edits.append((line_start, line_start, text))
        result.todos += 1
    if plan.binding is not None:
        # Last, so that it lands above any mark inserted at the same place.
        edits.append(plan.binding)
    if not edits:
        return result
    out = _apply(source, edits)
    if not has_syntax_error(root) and not parses(out, dialect):
        result.error = "the rewritten code does not parse; left unchanged"
        return result
    if _check_again and rewrite_code(out, dialect, targets, project, _check_again=False).changed:
        result.error = "a second run would change the rewritten code; left unchanged"
        return result
    result.code = out
    result.changed = out != source
    return result


def probe_code(source: str, dialect: str, project: frozenset[str] = frozenset()) -> CodeResult:
    """What a source uses (twilio-video, the twilio package, other Twilio products, the
    generated modules), without keeping edits."""
    tree = SgRoot(source, sg_language(dialect))
    hits = video_hits(tree, source, dialect, project)
    video = [h for h in hits if h.rule_id not in _NOT_VIDEO]
    result = CodeResult(code=source)
    deep = deep_video_imports(source)
    if not video and not deep:
        return result
    result.keeps_twilio = any(h.rule_id == "not-affected" for h in hits)
    result.server = deep or any(h.rule_id.startswith(_SERVER_PREFIX) for h in video)
    result.browser = any(not h.rule_id.startswith(_SERVER_PREFIX) for h in video)
    root = tree.root()
    loaded = _loaded_modules(root)
    result.binds_browser = _binds_browser(root, loaded)
    moves = False
    if result.server and result.keeps_twilio:
        # Whether any Video use would move to the server module (a placeholder specifier).
        lines = _line_starts(source)
        hits_at = [node_server.HitAt(h.rule_id, _offset(source, lines, h)) for h in video]
        plan = node_server.plan_server(
            source, root, hits_at, "./" + SERVER_MODULE, cjs=True, keeps_twilio=True
        )
        moves = bool(plan.edits)
    result.binds_server = SERVER_MODULE in loaded or (
        result.server and (not result.keeps_twilio or moves)
    )
    return result


def _mapping(hit: Hit) -> ApiMapping | None:
    key = get_rule(hit.rule_id).catalog_key(hit.subject)
    return CATALOG.get(key) if key is not None else None


def _addon_imports(root: SgNode) -> list[tuple[int, str]]:
    """Imports and requires of twilio-video's companion packages, which the rewrite takes
    out of package.json: (offset, what replaces the package)."""
    found: list[tuple[int, str]] = []
    for node in root.find_all(kind="string"):
        replacement = companion(node.text()[1:-1])
        parent = node.parent()
        if replacement is None or parent is None:
            continue
        holder = parent.parent() if parent.kind() == "arguments" else parent
        if holder is not None and holder.kind() in ("import_statement", "call_expression"):
            text = f"{replacement.package} is removed; Zoom: {replacement.zoom}"
            found.append((node.range().start.index, text))
    return found


def _anchor(todo: str) -> str:
    found = re.search(r"#([\w-]+)\)$", todo)
    return found.group(1) if found else todo


def _commonjs(root: SgNode, source: str, default: bool) -> bool:
    """The file's own module style: CommonJS when it requires and imports nothing."""
    if any(c.kind() == "import_statement" for c in root.children()):
        return False
    return "require(" in source or default


def _binds_browser(root: SgNode, loaded: set[str]) -> bool:
    """Imports twilio-video, or (after a run) the SDK or the generated module."""
    return (
        BROWSER_MODULE in loaded or _names_module(root, "twilio-video") or _names_module(root, SDK)
    )


def _todo(mapping: ApiMapping, note: str | None = None) -> str:
    """The TODO line: what changed when a rule rewrote the code (``note``), else the
    catalog's verdict and the Zoom call to write by hand."""
    if note is not None:
        return f"// {TODO_MARK}: {note} ({DOCS_PAGE}#{mapping.docs_anchor})"
    verdict = "" if mapping.fidelity == "approximate" else f"[{mapping.fidelity}] "
    zoom = mapping.zoom.rstrip(".")
    return f"// {TODO_MARK}: {verdict}{zoom} ({DOCS_PAGE}#{mapping.docs_anchor})"


def _specifiers(root: SgNode, module: str, target: str, edits: list[tuple[int, int, str]]) -> bool:
    """Point ``import ... from 'module'`` / ``require('module')`` / ``import('module')`` at
    ``target``, keeping the quotes. True when one was changed."""
    if not target:
        return False
    changed = False
    for node in root.find_all(kind="string"):
        body = node.text()
        if len(body) < 2 or body[1:-1] != module:
            continue
        parent = node.parent()
        if parent is None:
            continue
        holder = parent.parent() if parent.kind() == "arguments" else parent
        if holder is None:
            continue
        if holder.kind() in ("import_statement", "export_statement") or (
            holder.kind() == "call_expression"
            and (holder.field("function") is not None)
            and holder.field("function").text() in ("require", "import")  # type: ignore[union-attr]
        ):
            quote = body[0]
            rng = node.range()
            edits.append((rng.start.index, rng.end.index, f"{quote}{target}{quote}"))
            changed = True
    return changed


def _names_module(root: SgNode, module: str) -> bool:
    return any(node.text()[1:-1] == module for node in root.find_all(kind="string"))


def _loaded_modules(root: SgNode) -> set[str]:
    """Base names (no extension) of the relative modules the file imports or requires."""
    found: set[str] = set()
    for node in root.find_all(kind="string"):
        body = node.text()
        if len(body) > 2 and body[1] == "." and ("/" in body):
            found.add(body[1:-1].rsplit("/", 1)[-1].removesuffix(".js").removesuffix(".ts"))
    return found


def _functions_globals(root: SgNode, targets: Targets, edits: list[tuple[int, int, str]]) -> bool:
    """Twilio Functions: ``context.getTwilioClient()`` and the ``Twilio`` global's ``jwt``."""
    changed = False
    load = (
        f"require('{targets.server}')"
        if targets.server_cjs
        else f"(await import('{targets.server}'))"
    )
    for call in root.find_all(pattern="$CTX.getTwilioClient()"):
        rng = call.range()
        edits.append((rng.start.index, rng.end.index, f"{load}.client()"))
        changed = True
    declared = root.find(pattern="const Twilio = $X") or root.find(pattern="let Twilio = $X")
    if declared is None:
        for member in root.find_all(pattern="Twilio.jwt"):
            rng = member.range()
            # Parenthesised: `new require(...).jwt.AccessToken()` would call `new require`.
            edits.append((rng.start.index, rng.end.index, f"({load}.jwt)"))
            changed = True
    return changed


def _line_starts(source: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, c in enumerate(source) if c == "\n")
    return starts


def _offset(source: str, lines: list[int], hit: Hit) -> int:
    """Character offset of a hit (its column counts UTF-8 bytes, as the audit reports it)."""
    start = lines[min(hit.line, len(lines)) - 1]
    end = source.find("\n", start)
    text = source[start : end if end != -1 else len(source)]
    prefix = text.encode("utf-8")[: max(hit.column - 1, 0)]
    return start + len(prefix.decode("utf-8", "ignore"))


def _statement_at(statements: list[SgNode], source: str, at: int) -> SgNode | None:
    """The innermost statement around offset ``at`` whose line a comment can go above."""
    around = [s for s in statements if s.range().start.index <= at < s.range().end.index]
    around.sort(key=lambda s: s.range().end.index - s.range().start.index)
    for statement in around:
        start = statement.range().start.index
        line_start = source.rfind("\n", 0, start) + 1
        if _SAFE_PREFIX.match(source[line_start:start]):
            return statement
    return None


def _previous_line(source: str, line_start: int) -> str:
    if line_start == 0:
        return ""
    prev_start = source.rfind("\n", 0, line_start - 1) + 1
    return source[prev_start:line_start]


def _apply(source: str, edits: list[tuple[int, int, str]]) -> str:
    out = source
    # Replacements before insertions at the same offset keep both.
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + text + out[end:]
    return out
