"""Node back ends: the Video parts of a file on the ``twilio`` package, pointed at the
generated ``zoomVideoServer`` module (see docs/rewrite.md).

- A token endpoint (``new AccessToken(...)``, one ``addGrant(new VideoGrant({ room }))``,
  ``toJwt()``) becomes one ``sessionToken({ topic, userIdentity, ttl })`` call: a Zoom Video
  SDK session JWT, signed in the server module (the one place that reads the SDK secret).
- In a file that also uses other Twilio products, the ``twilio`` import stays; a
  ``zoomVideoServer`` import is added beside it and only the Video chains
  (``client.video.rooms(...)``...) move to it.
- Deep imports (``twilio/lib/...``) point at the server module's equivalent exports.

This module plans a file's edits and binds the module; ``node_token`` matches token
endpoints and ``deep_imports`` the deep modules. Everything is a byte edit on the ast-grep
tree of the source; ``rewrite.py`` applies the edits with its own and checks that the
result parses and is stable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from codemods.js.deep_imports import plan_deep_imports
from codemods.js.names import SERVER_MODULE
from codemods.js.node_token import TokenSite
from codemods.js.syntax import (
    DECLARATIONS,
    Edit,
    bound_name,
    callee,
    imported_locals,
    inside,
    whole_lines,
)

BINDING = SERVER_MODULE  # the name the module is bound to in files that keep twilio
TOKEN_FUNCTION = "sessionToken"  # noqa: S105 - a function name, not a secret
_TOKEN_RULES = frozenset({"node-access-token", "node-video-grant"})
_REST_RULES = frozenset({"node-video-room", "node-video-participant", "node-video-resource"})


@dataclass
class ServerPlan:
    """The edits for the server side of one file and which hits they settle."""

    edits: list[Edit] = field(default_factory=list)
    settled: set[int] = field(default_factory=set)  # hit offsets needing no mark
    moved: set[int] = field(default_factory=set)  # hit offsets now on the server module
    todos: list[tuple[int, str]] = field(default_factory=list)  # (statement start, text)
    marks: list[tuple[int, str]] = field(default_factory=list)  # (offset, catalog key)
    tokens: int = 0
    rebound: bool = False  # a deep import of the whole package now names the module
    binding: Edit | None = None  # the import of the server module, applied last


@dataclass(frozen=True)
class HitAt:
    """A scanner hit at a character offset of the source."""

    rule_id: str
    offset: int


def plan_server(
    source: str,
    root: SgNode,
    hits: list[HitAt],
    specifier: str,
    *,
    cjs: bool,
    keeps_twilio: bool,
) -> ServerPlan:
    """Edits pointing the Video uses of the ``twilio`` package in one file at ``specifier``
    (the server module as this file imports it)."""
    plan = ServerPlan()
    if not specifier:
        return plan
    bind = _Bindings(root, source, keeps_twilio)
    _tokens(source, root, hits, bind, plan)
    if keeps_twilio:
        _rest_chains(root, hits, bind, plan)
    else:
        deep_edits, deep_todos = plan_deep_imports(root, specifier)
        plan.edits += deep_edits
        plan.todos += deep_todos
        plan.rebound = bool(deep_edits)
    if plan.settled or plan.moved:
        _settle_declarations(source, root, hits, plan)
    if not keeps_twilio and plan.tokens:
        _unused_imports(source, root, plan)
    if keeps_twilio and _all_video_moved(hits, plan):
        plan.settled |= {h.offset for h in hits if h.rule_id in ("node-import", "node-rest-client")}
    binding = bind.statement(specifier, cjs)
    at = _binding_place(root, source)[0] if binding else -1
    plan.edits = _tidy_deletions(source, plan.edits, at)
    if binding:
        for start, end, text in plan.edits:
            if not text and start <= at < end:
                at = start  # the lines it would follow go: take their place
        plan.binding = (at, at, binding)
    return plan


def _tidy_deletions(source: str, edits: list[Edit], keep: int) -> list[Edit]:
    """Whole-line deletions merged where they touch; one that would leave two blank lines
    together (or a blank line opening a block) takes the second with it, unless the
    server module's import takes the deleted lines' place (at ``keep``)."""
    deletions = sorted((a, b) for a, b, text in edits if not text and a < b)
    others = [e for e in edits if e[2] or e[0] == e[1]]
    merged: list[list[int]] = []
    for a, b in deletions:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    others = [e for e in others if not any(a <= e[0] and e[1] <= b for a, b in merged)]
    out: list[Edit] = []
    for a, b in merged:
        above = source[source.rfind("\n", 0, a - 1) + 1 : a].strip() if a else ""
        next_end = source.find("\n", b)
        if (
            (above in ("",) or above.endswith("{"))
            and not a <= keep < b
            and next_end != -1
            and source[b:next_end].strip() == ""
        ):
            b = next_end + 1
        out.append((a, b, ""))
    return others + out


class _Bindings:
    """How the rewritten code names the server module: ``sessionToken`` imported by name,
    or the module bound as ``zoomVideoServer`` (in files that keep twilio, or where the name
    is taken)."""

    def __init__(self, root: SgNode, source: str, keeps_twilio: bool) -> None:
        self.newline = "\r\n" if "\r\n" in source else "\n"
        taken = {n.text() for n in root.find_all(kind="identifier")}
        self.by_module = keeps_twilio or TOKEN_FUNCTION in taken
        self.module_bound = BINDING in taken
        self.wants_token = False
        self.wants_module = False

    def token(self) -> str:
        if self.by_module:
            self.wants_module = True
            return f"{BINDING}.{TOKEN_FUNCTION}"
        self.wants_token = True
        return TOKEN_FUNCTION

    def module(self) -> str:
        self.wants_module = True
        return BINDING

    def statement(self, specifier: str, cjs: bool) -> str:
        lines: list[str] = []
        if self.wants_module and not self.module_bound:
            lines.append(
                f"const {BINDING} = require('{specifier}');"
                if cjs
                else f"import {BINDING} from '{specifier}';"
            )
        if self.wants_token:
            lines.append(
                f"const {{ {TOKEN_FUNCTION} }} = require('{specifier}');"
                if cjs
                else f"import {{ {TOKEN_FUNCTION} }} from '{specifier}';"
            )
        return "".join(line + self.newline for line in lines)


def _binding_place(root: SgNode, source: str) -> tuple[int, int]:
    """After the last top-level import or require of the file's head, else before its
    first statement."""
    after = -1
    first = -1
    for statement in root.children():
        kind = statement.kind()
        if kind == "comment" or (kind == "expression_statement" and _is_directive(statement)):
            continue
        if first == -1:
            first = statement.range().start.index
        is_import = kind == "import_statement" or (
            kind in DECLARATIONS and "require(" in statement.text()
        )
        if is_import:
            after = statement.range().end.index
    if after == -1:
        at = source.rfind("\n", 0, max(first, 0)) + 1 if first != -1 else len(source)
        return at, at
    line_end = source.find("\n", after)
    at = len(source) if line_end == -1 else line_end + 1
    return at, at


def _is_directive(statement: SgNode) -> bool:
    return bool(re.fullmatch(r"""(['"])use strict\1;?""", statement.text().strip()))


# --- token endpoints ----------------------------------------------------------------------


def _tokens(
    source: str, root: SgNode, hits: list[HitAt], bind: _Bindings, plan: ServerPlan
) -> None:
    news = {n.range().start.index: n for n in root.find_all(kind="new_expression")}
    grant_hits = {h.offset for h in hits if h.rule_id == "node-video-grant"}
    for hit in hits:
        if hit.rule_id != "node-access-token" or hit.offset not in news:
            continue
        site = TokenSite.match(news[hit.offset], grant_hits)
        if site is None:
            continue
        edits = site.edits(source, bind.token)
        if edits is None:
            continue
        plan.edits.extend(edits)
        plan.settled |= {hit.offset, site.grant_offset}
        # The claims follow the token mapping's rules, approximations included: say so
        # above the new call.
        place = site.place.range().start.index
        plan.marks += [(place, "token.access_token"), (place, "token.video_grant")]
        plan.tokens += 1


# --- files that keep twilio for other products --------------------------------------------


def _rest_chains(root: SgNode, hits: list[HitAt], bind: _Bindings, plan: ServerPlan) -> None:
    """``client.video.rooms(...)`` -> ``zoomVideoServer.video.rooms(...)``: the client stays
    for the other products."""
    members = {
        m.range().start.index: m
        for m in root.find_all(kind="member_expression")
        if m.field("property") is not None and m.field("property").text() == "video"  # type: ignore[union-attr]
    }
    for hit in hits:
        if hit.rule_id not in _REST_RULES or hit.offset not in members:
            continue
        receiver = members[hit.offset].field("object")
        if receiver is None:
            continue
        if receiver.text() != BINDING:
            rng = receiver.range()
            plan.edits.append((rng.start.index, rng.end.index, bind.module()))
        plan.moved.add(hit.offset)


def _all_video_moved(hits: list[HitAt], plan: ServerPlan) -> bool:
    video = [h for h in hits if h.rule_id in _REST_RULES | _TOKEN_RULES]
    done = plan.settled | plan.moved
    return bool(video) and all(h.offset in done for h in video)


def _settle_declarations(source: str, root: SgNode, hits: list[HitAt], plan: ServerPlan) -> None:
    """Once every token of the file is rewritten, ``const VideoGrant = AccessToken.VideoGrant``
    and the like go when nothing uses them any more, and stay unmarked when something does
    (a grant of another product)."""
    token_hits = [h for h in hits if h.rule_id in _TOKEN_RULES]
    news = {n.range().start.index for n in root.find_all(kind="new_expression")}
    if any(h.offset in news and h.offset not in plan.settled for h in token_hits):
        return
    removed = [(s, e) for s, e, _text in plan.edits if s < e]
    declarators = {d.range().start.index: d for d in root.find_all(kind="variable_declarator")}
    pending = []
    for hit in token_hits:
        if hit.offset in news:
            continue
        plan.settled.add(hit.offset)
        declarator = declarators.get(hit.offset)
        declaration = None if declarator is None else declarator.parent()
        name = None if declarator is None else bound_name(declarator)
        if declaration is None or name is None:
            continue
        if len([c for c in declaration.children() if c.kind() == "variable_declarator"]) != 1:
            continue
        pending.append((declaration, name))
    identifiers = root.find_all(kind="identifier")
    # `const VideoGrant = AccessToken.VideoGrant` going can leave AccessToken unused: repeat.
    changed = True
    while changed:
        changed = False
        for declaration, name in list(pending):
            used = any(
                r.text() == name
                and not inside(r, declaration)
                and not any(s <= r.range().start.index < e for s, e in removed)
                for r in identifiers
            )
            if used:
                continue
            pending.remove((declaration, name))
            deletion = whole_lines(source, declaration)
            if deletion is not None:
                plan.edits.append(deletion)
                removed.append((deletion[0], deletion[1]))
                changed = True


def _unused_imports(source: str, root: SgNode, plan: ServerPlan) -> None:
    """An import of the twilio package (``import { jwt } from 'twilio/lib'``) that nothing
    uses once the token code is rewritten goes."""
    removed = [(a, b) for a, b, _t in plan.edits if a < b]
    identifiers = root.find_all(kind="identifier")
    for statement in root.children():
        names = _twilio_locals(statement)
        if not names:
            continue
        used = any(
            r.text() in names
            and not inside(r, statement)
            and not any(a <= r.range().start.index < b for a, b in removed)
            for r in identifiers
        )
        if not used:
            deletion = whole_lines(source, statement)
            if deletion is not None:
                plan.edits.append(deletion)


def _twilio_locals(statement: SgNode) -> set[str]:
    """The names a top-level ``import ... from 'twilio...'`` or ``const x =
    require('twilio...')`` binds (empty for any other statement)."""
    if statement.kind() == "import_statement":
        source_node = statement.field("source")
        if source_node is None or not _is_twilio(source_node.text()[1:-1]):
            return set()
        clause = next((c for c in statement.named_children() if c.kind() == "import_clause"), None)
        return set() if clause is None else imported_locals(clause)
    if statement.kind() not in DECLARATIONS:
        return set()
    declarators = [c for c in statement.children() if c.kind() == "variable_declarator"]
    if len(declarators) != 1:
        return set()
    value = declarators[0].field("value")
    if value is None or value.kind() != "call_expression" or callee(value) != "require":
        return set()
    arguments = value.field("arguments")
    args = [] if arguments is None else arguments.named_children()
    if len(args) != 1 or args[0].kind() != "string" or not _is_twilio(args[0].text()[1:-1]):
        return set()
    name = bound_name(declarators[0])
    return set() if name is None else {name}


def _is_twilio(module: str) -> bool:
    return module == "twilio" or module.startswith("twilio/")
