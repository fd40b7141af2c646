"""Node back ends: the Video parts of a file on the ``twilio`` package, pointed at the
generated ``zoomVideoServer`` module (see docs/rewrite.md).

- A token endpoint (``new AccessToken(...)``, one ``addGrant(new VideoGrant({ room }))``,
  ``toJwt()``) becomes one ``sessionToken({ topic, userIdentity, ttl })`` call: a Zoom Video
  SDK session JWT, signed in the server module (the one place that reads the SDK secret).
- In a file that also uses other Twilio products, the ``twilio`` import stays; a
  ``zoomVideoServer`` import is added beside it and only the Video chains
  (``client.video.rooms(...)``...) move to it.
- Deep imports (``twilio/lib/...``) point at the server module's equivalent exports.

Everything here is a byte edit on the ast-grep tree of the source; ``rewrite.py`` applies
the edits with its own and checks that the result parses and is stable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from codemods.js.names import SERVER_MODULE

Edit = tuple[int, int, str]
BINDING = SERVER_MODULE  # the name the module is bound to in files that keep twilio
TOKEN_FUNCTION = "sessionToken"  # noqa: S105 - a function name, not a secret
_TOKEN_RULES = frozenset({"node-access-token", "node-video-grant"})
_REST_RULES = frozenset({"node-video-room", "node-video-participant", "node-video-resource"})
_DECLARATIONS = ("lexical_declaration", "variable_declaration")
_BLOCKS = ("program", "statement_block")
# AccessToken options that map one to one onto sessionToken options.
_TOKEN_OPTIONS = {"identity": "userIdentity", "ttl": "ttl"}
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


def deep_video_imports(source: str) -> bool:
    """True when the source names a Video module deep inside the twilio package (a fact the
    scanner does not report for type-only imports)."""
    return bool(_DEEP_VIDEO.search(source))


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
        _deep_imports(root, specifier, plan)
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
            kind in _DECLARATIONS and "require(" in statement.text()
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
        site = _TokenSite.match(news[hit.offset], grant_hits)
        if site is None:
            continue
        edits = site.edits(source, bind)
        if edits is None:
            continue
        plan.edits.extend(edits)
        plan.settled |= {hit.offset, site.grant_offset}
        # The claims follow the token mapping's rules, approximations included: say so
        # above the new call.
        place = site.place.range().start.index
        plan.marks += [(place, "token.access_token"), (place, "token.video_grant")]
        plan.tokens += 1


@dataclass
class _TokenSite:
    """``const t = new AccessToken(...)`` and the statements of its block that use ``t``."""

    declaration: SgNode
    keyword: str
    name: str
    options: dict[str, str]
    grant_offset: int
    room: str
    removed: list[SgNode]  # statements that go (the grant's, identity assignments)
    place: SgNode  # the statement the sessionToken call replaces
    jwt_calls: list[SgNode]

    @classmethod
    def match(cls, new: SgNode, grant_hits: set[int]) -> _TokenSite | None:
        declarator = new.parent()
        if declarator is None or declarator.kind() != "variable_declarator":
            return None
        name = declarator.field("name")
        if name is None or name.kind() != "identifier" or declarator.field("type") is not None:
            return None
        declaration = declarator.parent()
        if declaration is None or declaration.kind() not in _DECLARATIONS:
            return None
        if len([c for c in declaration.children() if c.kind() == "variable_declarator"]) != 1:
            return None
        block = declaration.parent()
        if block is None or block.kind() not in _BLOCKS:
            return None
        options = _constructor_options(new)
        if options is None:
            return None
        site = cls(declaration, declaration.children()[0].text(), name.text(), options, -1, "",
                   [], declaration, [])  # fmt: skip
        return site if site._uses(block, grant_hits) else None

    def _uses(self, block: SgNode, grant_hits: set[int]) -> bool:
        """Every use of the token in its block is one this rewrite understands."""
        statements = {s.range().start.index: s for s in block.named_children()}
        grants: list[SgNode] = []
        for ref in block.find_all(kind="identifier"):
            if ref.text() != self.name or _inside(ref, self.declaration):
                continue
            member = ref.parent()
            if member is None or member.kind() != "member_expression":
                return False
            prop = member.field("property")
            use = member.parent()
            if prop is None or use is None:
                return False
            statement = use.parent()
            if prop.text() == "toJwt" and use.kind() == "call_expression":
                if use.field("arguments") is None or use.field("arguments").text() != "()":  # type: ignore[union-attr]
                    return False
                self.jwt_calls.append(use)
                continue
            if statement is None or statement.range().start.index not in statements:
                return False
            if prop.text() == "addGrant" and use.kind() == "call_expression":
                grants.append(use)
                self.removed.append(statement)
            elif (
                prop.text() == "identity"
                and use.kind() == "assignment_expression"
                and "identity" not in self.options
            ):
                right = use.field("right")
                if right is None:
                    return False
                self.options["identity"] = right.text()
                self.removed.append(statement)
            else:
                return False
        if len(grants) != 1 or not self.jwt_calls:
            return False
        if not self._grant(grants[0], statements, grant_hits):
            return False
        self.place = max(self.removed, key=lambda s: s.range().start.index)
        self.removed.remove(self.place)
        end = self.place.range().end.index
        return all(call.range().start.index >= end for call in self.jwt_calls)

    def _grant(self, add: SgNode, statements: dict[int, SgNode], grant_hits: set[int]) -> bool:
        arguments = add.field("arguments")
        args = [] if arguments is None else arguments.named_children()
        if len(args) != 1:
            return False
        grant = args[0]
        if grant.kind() == "identifier":
            found = _single_declaration(grant.text(), statements)
            if found is None:
                return False
            declaration, value = found
            uses = [
                r
                for r in declaration.parent().find_all(kind="identifier")  # type: ignore[union-attr]
                if r.text() == grant.text() and not _inside(r, declaration)
            ]
            if len(uses) != 1:
                return False
            self.removed.append(declaration)
            grant = value
        if grant.kind() != "new_expression" or grant.range().start.index not in grant_hits:
            return False
        self.grant_offset = grant.range().start.index
        room = _grant_room(grant)
        if room is None:
            return False
        self.room = room
        return True

    def edits(self, source: str, bind: _Bindings) -> list[Edit] | None:
        removals = [_whole_lines(source, s, True) for s in (self.declaration, *self.removed)]
        if any(r is None for r in removals):
            return None
        parts = [f"topic: {self.room}"]
        parts += [
            f"{_TOKEN_OPTIONS[k]}: {v}" for k, v in self.options.items() if k in _TOKEN_OPTIONS
        ]
        call = f"{bind.token()}({{ {', '.join(parts)} }})"
        rng = self.place.range()
        out: list[Edit] = [
            (rng.start.index, rng.end.index, f"{self.keyword} {self.name} = {call};")
        ]
        out += [r for r in removals if r is not None]
        for jwt_call in self.jwt_calls:
            c = jwt_call.range()
            out.append((c.start.index, c.end.index, self.name))
        return out


def _constructor_options(new: SgNode) -> dict[str, str] | None:
    """identity/ttl of ``new AccessToken(sid, key, secret, { identity, ttl })``; None when
    the options carry anything else (nbf, region, validUntil) or are not a literal."""
    arguments = new.field("arguments")
    args = [] if arguments is None else arguments.named_children()
    if len(args) == 3:
        return {}
    if len(args) != 4 or args[3].kind() != "object":
        return None
    found: dict[str, str] = {}
    for prop in args[3].named_children():
        key, value = _property(prop)
        if key not in _TOKEN_OPTIONS or value is None:
            return None
        found[key] = value
    return found


def _grant_room(grant: SgNode) -> str | None:
    arguments = grant.field("arguments")
    args = [] if arguments is None else arguments.named_children()
    if len(args) != 1 or args[0].kind() != "object":
        return None
    props = [_property(p) for p in args[0].named_children()]
    if len(props) != 1 or props[0][0] != "room":
        return None
    return props[0][1]


def _property(prop: SgNode) -> tuple[str, str | None]:
    if prop.kind() == "shorthand_property_identifier":
        return prop.text(), prop.text()
    if prop.kind() == "pair":
        key, value = prop.field("key"), prop.field("value")
        if key is not None and value is not None and key.kind() == "property_identifier":
            return key.text(), value.text()
    return "", None


def _single_declaration(name: str, statements: dict[int, SgNode]) -> tuple[SgNode, SgNode] | None:
    for statement in statements.values():
        if statement.kind() not in _DECLARATIONS:
            continue
        declarators = [c for c in statement.children() if c.kind() == "variable_declarator"]
        if len(declarators) != 1:
            continue
        target, value = declarators[0].field("name"), declarators[0].field("value")
        if target is not None and target.text() == name and value is not None:
            return statement, value
    return None


def _inside(node: SgNode, outer: SgNode) -> bool:
    n, o = node.range(), outer.range()
    return o.start.index <= n.start.index and n.end.index <= o.end.index


def _whole_lines(source: str, statement: SgNode, comments: bool = False) -> Edit | None:
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
        name = None if declarator is None else _bound_name(declarator)
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
                and not _inside(r, declaration)
                and not any(s <= r.range().start.index < e for s, e in removed)
                for r in identifiers
            )
            if used:
                continue
            pending.remove((declaration, name))
            deletion = _whole_lines(source, declaration)
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
            and not _inside(r, statement)
            and not any(a <= r.range().start.index < b for a, b in removed)
            for r in identifiers
        )
        if not used:
            deletion = _whole_lines(source, statement)
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
        return set() if clause is None else _imported_locals(clause)
    if statement.kind() not in _DECLARATIONS:
        return set()
    declarators = [c for c in statement.children() if c.kind() == "variable_declarator"]
    if len(declarators) != 1:
        return set()
    value = declarators[0].field("value")
    if value is None or value.kind() != "call_expression" or _callee(value) != "require":
        return set()
    arguments = value.field("arguments")
    args = [] if arguments is None else arguments.named_children()
    if len(args) != 1 or args[0].kind() != "string" or not _is_twilio(args[0].text()[1:-1]):
        return set()
    name = _bound_name(declarators[0])
    return set() if name is None else {name}


def _is_twilio(module: str) -> bool:
    return module == "twilio" or module.startswith("twilio/")


def _imported_locals(clause: SgNode) -> set[str]:
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


def _bound_name(declarator: SgNode) -> str | None:
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


# --- deep imports -------------------------------------------------------------------------


def _deep_imports(root: SgNode, specifier: str, plan: ServerPlan) -> None:
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
        elif holder.kind() == "call_expression" and _callee(holder) == "require":
            edit = _deep_require(holder, target, known)
        else:
            continue
        start = holder.range().start.index
        if edit is not None:
            plan.rebound = True
        if edit is None:
            plan.todos.append(
                (start, f"no {SERVER_MODULE} export stands for '{module}': port its uses by hand")
            )
        else:
            plan.edits.extend(edit)


def _callee(call: SgNode) -> str:
    function = call.field("function")
    return "" if function is None else function.text()


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
    imported = [] if named is None else [_imported_name(s) for s in named.named_children()]
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


def _imported_name(spec: SgNode) -> str:
    name = spec.field("name")
    return name.text() if name is not None else spec.text()


def _deep_require(
    call: SgNode, target: str, known: tuple[str | None, frozenset[str]] | None
) -> list[Edit] | None:
    if known is None:
        return None
    value, _names = known
    rng = call.range()
    loaded = f"require({target})"
    return [(rng.start.index, rng.end.index, loaded if value is None else f"{loaded}.{value}")]
