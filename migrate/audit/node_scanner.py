"""Node.js server scanner: the ``twilio`` npm package's Video API, on the JS/TS parse tree
that ``js_scanner`` already built.

It mirrors the Python scanner. Pass 1 records what each name stands for: imports and
requires of ``twilio`` (or a deep ``twilio/lib/...`` module), variables, destructuring,
``this.x`` fields and what factory functions return. Pass 2 resolves every call and
``new`` back through those records to a path such as ``client: video v1 rooms () update``,
so ``twilio(sid, token)``, ``new Twilio(...)``, aliases, fields, factories and chains split
over variables all reach the same rule. Names are resolved per file, not per scope (the
grammar gives no scopes): a name bound to several values is followed through each until
one leads to the package.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ast_grep_py import Config, Rule, SgNode

from migrate.audit.findings import Hit
from migrate.audit.js_syntax import Positions, string_value, text
from migrate.audit.twilio_names import (
    CALLBACK_PARAMS,
    GRANT_PRODUCTS,
    OTHER_PRODUCTS,
    VIDEO_CALLBACK_PARAMS,
    VIDEO_HOST,
    VIDEO_RESOURCES,
    VIDEO_ROOTS,
)

PACKAGE = "twilio"
# A file with none of these has nothing this scanner reports: no twilio import or
# require (the quote rules out 'twilio-video' and '@twilio/...'), no versioned Video path
# on a client from elsewhere, no Video URL, no Video status-callback read.
NEEDLES = (
    b"'twilio'", b'"twilio"', b"'twilio/", b'"twilio/', b"video.v1", VIDEO_HOST.encode(),
    b"getTwilioClient", b"Twilio.jwt", b".video.rooms",
    *(param.encode() for param in VIDEO_CALLBACK_PARAMS),
)  # fmt: skip
_TEXT_NEEDLES = tuple(needle.decode() for needle in NEEDLES)
# Marks a call in a path: rooms('RM...') -> ("rooms", CALL).
CALL = "()"
# Resource methods of the Node.js package.
OPERATIONS = frozenset({"create", "fetch", "update", "remove", "list", "each", "page", "getPage"})
_ITEM_OPS = frozenset({"create", "fetch", "update"})
_LIST_OPS = frozenset({"list", "each", "page", "getPage"})
# The package's request-signature helpers (twilio.webhook() is the Express middleware).
VALIDATORS = frozenset(
    {"validateRequest", "validateRequestWithBody", "validateExpressRequest",
     "validateIncomingRequest", "validateBody", "getExpectedTwilioSignature", "webhook"}
)  # fmt: skip
MEDIA_SUFFIX = "/Media"
# Rules that say the file calls the Video REST API (and so its client is a Video client).
REST_RULES = frozenset(
    {"node-video-room", "node-video-participant", "node-video-resource", "node-raw-http",
     "node-recording-media"}
)  # fmt: skip
_FUNCTIONS = frozenset(
    {"function_declaration", "function_expression", "arrow_function", "method_definition",
     "generator_function_declaration", "generator_function"}
)  # fmt: skip
# Expressions that stand for their first named child.
_WRAPPERS = frozenset(
    {"await_expression", "parenthesized_expression", "non_null_expression", "as_expression",
     "satisfies_expression"}
)  # fmt: skip
_MAX_DEPTH = 24


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# camelCase property of the Node.js package -> the snake_case name the catalog uses.
NODE_VIDEO_ROOTS = {_camel(name): name for name in VIDEO_ROOTS}
NODE_VIDEO_RESOURCES = {_camel(name): name for name in VIDEO_RESOURCES}
NODE_OTHER_PRODUCTS = {_camel(name): product for name, product in OTHER_PRODUCTS.items()}


def _rule(dialect: str, source: str) -> Config:
    """Every node either pass reads, found in one walk of the tree in Rust, in source order
    (outer nodes before the nodes they contain).

    Rules that look for words leave out the words ``source`` lacks (a node's text is part of
    the source): compiling their regexes costs more than the walk on most files.
    """
    return _config(
        dialect,
        VIDEO_HOST in source,
        "rooms" in source,
        tuple(param for param in sorted(CALLBACK_PARAMS) if param in source),
    )


@cache
def _config(dialect: str, host: bool, rooms: bool, params: tuple[str, ...]) -> Config:
    # Class fields are field_definition in JavaScript, public_field_definition in TypeScript.
    field = "field_definition" if dialect == "javascript" else "public_field_definition"
    rules: list[Rule] = [
        {"kind": kind}
        for kind in (
            "import_statement", "variable_declarator", "assignment_expression", field,
            "function_declaration", "generator_function_declaration", "return_statement",
            "call_expression", "new_expression",
        )
    ]  # fmt: skip
    if host:  # strings count only when they name the Video API host
        url = re.escape(VIDEO_HOST)
        rules += [{"kind": "string", "regex": url}, {"kind": "template_string", "regex": url}]
    if rooms:  # x.rooms, for the structural fallback
        rules.append(
            {
                "kind": "property_identifier",
                "regex": "^rooms$",
                "inside": {"kind": "member_expression", "field": "property"},
            }
        )
    if params:  # reads of status-callback parameters
        words = "^(" + "|".join(re.escape(param) for param in params) + ")$"
        where: list[Rule] = [
            # x.RoomSid
            {
                "kind": "property_identifier",
                "inside": {"kind": "member_expression", "field": "property"},
            },
            # x['RoomSid']
            {
                "kind": "string_fragment",
                "inside": {
                    "kind": "string",
                    "inside": {"kind": "subscript_expression", "field": "index"},
                },
            },
            # const { RoomSid } = req.body; const { RoomSid: sid } = ...
            {"kind": "shorthand_property_identifier_pattern"},
            {"kind": "property_identifier", "inside": {"kind": "pair_pattern", "field": "key"}},
        ]
        rules.append({"regex": words, "any": where})
    return {"rule": {"any": rules}}


_CAPTURE = {
    "import_statement": "import",
    "variable_declarator": "declarator",
    "assignment_expression": "assign",
    "field_definition": "field",
    "public_field_definition": "field",
    "function_declaration": "function",
    "generator_function_declaration": "function",
    "return_statement": "return",
    "call_expression": "call",
    "new_expression": "new",
    "string": "string",
    "template_string": "string",
    "string_fragment": "read",
    "shorthand_property_identifier_pattern": "pattern",
}
# Pass 1 captures; the rest are visited in pass 2.
_BINDING_CAPTURES = frozenset({"import", "declarator", "assign", "field", "function", "return"})


def _name(node: SgNode) -> str:
    """What the walk found ``node`` as."""
    kind = node.kind()
    if kind != "property_identifier":
        return _CAPTURE[kind]
    parent = node.parent()
    if parent is not None and parent.kind() == "pair_pattern":
        return "pattern"
    return "rooms" if node.text() == "rooms" else "read"


@dataclass(frozen=True, slots=True)
class _Path:
    """Where an expression leads. ``root``: ``twilio`` (the package), ``client`` (a REST
    client made from it) or "" (unknown)."""

    root: str
    segments: tuple[str, ...]

    def plus(self, *more: str) -> _Path:
        # ESM interop: the package's default export is the package (twilio.default(...)).
        kept = tuple(m for m in more if not (self.root == PACKAGE and m == "default"))
        return _Path(self.root, self.segments + kept)

    @property
    def makes_client(self) -> bool:
        """Calling or constructing it gives a REST client: twilio(...), new Twilio(...)."""
        return self.root == PACKAGE and (not self.segments or self.segments[-1] == "Twilio")

    def package_name(self) -> str:
        """The last name of a path inside the package ("" outside it)."""
        return self.segments[-1] if self.root == PACKAGE and self.segments else ""


_OPAQUE = _Path("", ())
_CLIENT = _Path("client", ())


def may_have_findings(source: bytes | str) -> bool:
    """False only when :func:`scan_node` certainly finds nothing in ``source``."""
    if isinstance(source, str):
        return any(needle in source for needle in _TEXT_NEEDLES)
    return any(needle in source for needle in NEEDLES)


def scan_node(
    root: SgNode, dialect: str, positions: Positions, structural: bool = False
) -> list[Hit]:
    """Every Twilio server-SDK touchpoint in the parse tree ``root`` of one JS/TS source.

    ``structural``: the nearest package.json depends on ``twilio``, so ``.video.rooms``
    on a receiver of unknown origin (a client from another module, a test double) counts,
    marked ``structural``.
    """
    scan = _Scan(positions, structural)
    captures = [(_name(node), node) for node in root.find_all(_rule(dialect, positions.source))]
    for name, node in captures:
        if name in _BINDING_CAPTURES:
            scan.bind(name, node)
    for name, node in captures:
        if name not in _BINDING_CAPTURES:
            scan.visit(name, node)
    return scan.finish()


def module_segments(specifier: str) -> tuple[str, ...] | None:
    """The path inside the package a module specifier names; None for other packages.

    ``twilio`` -> (); ``twilio/lib/jwt/AccessToken`` -> ("jwt", "AccessToken").
    """
    if specifier == PACKAGE:
        return ()
    if not specifier.startswith(PACKAGE + "/"):
        return None
    parts = specifier.removeprefix(PACKAGE + "/").split("/")
    return tuple(p.removesuffix(".js") for p in parts if p not in ("", "lib"))


def _scope(node: SgNode) -> SgNode | None:
    """The function around ``node`` (None at module level)."""
    parent = node.parent()
    while parent is not None and parent.kind() not in _FUNCTIONS:
        parent = parent.parent()
    return parent


def _unwrap(node: SgNode) -> SgNode:
    while node.kind() in _WRAPPERS and node.named_children():
        node = node.named_children()[0]
    return node


def _pattern_names(target: SgNode) -> set[str]:
    """Names a declarator binds: ``x``, or the keys of ``{ a, b: c }``."""
    if target.kind() == "identifier":
        return {text(target)}
    names: set[str] = set()
    for node in target.named_children():
        if node.kind() == "shorthand_property_identifier_pattern":
            names.add(text(node))
        elif node.kind() == "pair_pattern":
            value = node.field("value")
            names |= _pattern_names(value) if value is not None else set()
    return names


def _required(call: SgNode) -> tuple[str, ...] | None:
    """The package path of ``require('twilio...')`` or ``import('twilio...')``."""
    callee, args = call.field("function"), call.field("arguments")
    if callee is None or args is None or text(callee) not in ("require", "import"):
        return None
    first = args.named_children()[0] if args.named_children() else None
    specifier = string_value(first)
    return None if specifier is None else module_segments(specifier)


_VIDEO_SEGMENTS = ("rest", "video")


class _Scan:
    def __init__(self, positions: Positions, structural: bool = False) -> None:
        self._positions = positions
        self._structural = structural
        self._loads: list[SgNode] = []  # imports and requires of the package
        self._declared: list[tuple[SgNode, SgNode]] = []  # (declarator, value)
        self._hits: dict[tuple[str, int, int], Hit] = {}
        # Pass 1 records.
        self._imports: dict[str, _Path] = {}
        self._values: dict[str, list[tuple[SgNode, tuple[str, ...]]]] = defaultdict(list)
        self._fields: dict[str, list[SgNode]] = defaultdict(list)
        self._function_decls: dict[str, list[SgNode]] = defaultdict(list)
        self._returns: dict[SgNode | None, list[SgNode]] = defaultdict(list)
        self._memo: dict[str, _Path] = {}
        # Pass 2 records for the rules that need the whole file.
        self._clients: list[SgNode] = []
        self._validators: list[SgNode] = []
        self._access_tokens: list[SgNode] = []
        self._video_grants = False
        self._other_grants: dict[SgNode, tuple[str, SgNode]] = {}
        self._tokens: dict[tuple[SgNode | None, str], list[tuple[str, SgNode, SgNode]]] = (
            defaultdict(list)
        )
        self._callback_reads: dict[SgNode | None, list[tuple[str, SgNode]]] = defaultdict(list)

    def add(
        self, rule_id: str, node: SgNode, subject: str = "", confidence: str = "proven"
    ) -> None:
        row, col, end_row = self._positions.start(node)
        line = row + 1 + self._positions.line_offset
        end = end_row + 1 + self._positions.line_offset
        hit = Hit(rule_id, line, col + 1, end, subject, confidence=confidence)
        self._hits.setdefault((rule_id, row, col), hit)

    # --- pass 1: what names stand for ----------------------------------------------------
    def bind(self, kind: str, node: SgNode) -> None:
        if kind == "import":
            self._import(node)
        elif kind == "declarator":
            target, value = node.field("name"), node.field("value")
            if target is not None and value is not None:
                self._bind_pattern(target, value, ())
                self._declared.append((node, value))
        elif kind == "assign":
            self._assign(node)
        elif kind == "field":
            name = node.field("name") or node.field("property")
            value = node.field("value")
            if name is not None and value is not None:
                self._fields["this." + text(name)].append(value)
        elif kind == "function":
            name = node.field("name")
            if name is not None:
                self._function_decls[text(name)].append(node)
        elif node.named_children():  # return
            self._returns[_scope(node)].append(node.named_children()[0])

    def _import(self, node: SgNode) -> None:
        segments = module_segments(string_value(node.field("source")) or "")
        if segments is not None:
            self._load(node, segments)
        if segments is None:
            # import twilio = require('twilio') (TypeScript)
            clause = next(
                (c for c in node.named_children() if c.kind() == "import_require_clause"), None
            )
            source = clause.field("source") if clause else None
            segments = module_segments(string_value(source) or "")
            if segments is not None:
                self._load(node, segments)
            if clause is not None and segments is not None and clause.named_children():
                self._imports[text(clause.named_children()[0])] = _Path(PACKAGE, segments)
            return
        module = _Path(PACKAGE, segments)
        clause = next((c for c in node.named_children() if c.kind() == "import_clause"), None)
        for child in clause.named_children() if clause else ():
            if child.kind() == "identifier":  # default import: the package itself
                self._imports[text(child)] = module
            elif child.kind() == "namespace_import":
                for ident in child.named_children():
                    self._imports[text(ident)] = module
            elif child.kind() == "named_imports":
                for spec in child.named_children():
                    name, alias = (
                        spec.field("name"),
                        spec.field("alias"),
                    )
                    self._imports[text(alias or name)] = module.plus(text(name))

    def _load(self, node: SgNode, segments: tuple[str, ...]) -> None:
        self._loads.append(node)
        # A module inside the package's Video tree (``twilio/lib/rest/video/...``, often a
        # type-only import) is a Video line whatever the file does with it.
        if segments[:2] == _VIDEO_SEGMENTS:
            self.add("node-import", node)

    def _bind_pattern(self, target: SgNode, value: SgNode, extra: tuple[str, ...]) -> None:
        """Bind ``target`` (a name or a destructuring pattern) to ``value``'s ``extra`` path."""
        if target.kind() == "identifier":
            self._values[text(target)].append((value, extra))
            return
        if target.kind() != "object_pattern":
            return
        for prop in target.named_children():
            if prop.kind() == "object_assignment_pattern":  # { jwt = fallback }
                prop = prop.field("left") or prop
            if prop.kind() == "shorthand_property_identifier_pattern":
                self._values[text(prop)].append((value, (*extra, text(prop))))
            elif prop.kind() == "pair_pattern":
                key, sub = prop.field("key"), prop.field("value")
                if key is not None and sub is not None:
                    self._bind_pattern(sub, value, (*extra, text(key).strip("'\"")))

    def _assign(self, node: SgNode) -> None:
        left, right = node.field("left"), node.field("right")
        if left is None or right is None:
            return
        if left.kind() == "identifier":
            self._values[text(left)].append((right, ()))
        elif left.kind() == "member_expression":
            obj = left.field("object")
            if obj is not None and obj.kind() == "this":
                self._fields["this." + text(left.field("property"))].append(right)

    # --- resolution ----------------------------------------------------------------------
    def _resolve(self, node: SgNode | None, depth: int = 0) -> _Path:
        """Follow ``node`` back to the package, a client or an unknown root, as a path."""
        if node is None or depth > _MAX_DEPTH:
            return _OPAQUE
        node = _unwrap(node)
        kind = node.kind()
        if kind == "identifier":
            return self._name(text(node), depth)
        if kind == "member_expression":
            obj, prop = node.field("object"), node.field("property")
            if obj is not None and obj.kind() == "this":
                return self._field("this." + text(prop), depth)
            return self._resolve(obj, depth + 1).plus(text(prop))
        if kind == "subscript_expression":
            key = string_value(node.field("index"))
            if key is None:
                return _OPAQUE
            return self._resolve(node.field("object"), depth + 1).plus(key)
        if kind == "call_expression":
            return self._call_path(node, depth)
        if kind == "new_expression":
            ctor = self._resolve(node.field("constructor"), depth + 1)
            return _CLIENT if ctor.makes_client else _OPAQUE
        return _OPAQUE

    def _name(self, name: str, depth: int) -> _Path:
        if name in self._imports:
            return self._imports[name]
        if name == "Twilio" and name not in self._values:
            # Twilio Functions: the runtime's global Twilio is the twilio package.
            return _Path(PACKAGE, ())
        if name not in self._memo:
            # Assume the name is its own unknown root while resolving it: breaks cycles
            # such as `x = x.next`.
            self._memo[name] = _Path("", (name,))
            self._memo[name] = self._best(
                (
                    self._resolve(value, depth + 1).plus(*extra)
                    for value, extra in self._values[name]
                ),
                self._memo[name],
            )
        return self._memo[name]

    def _field(self, name: str, depth: int) -> _Path:
        if name not in self._memo:
            self._memo[name] = _Path("", tuple(name.split(".")))
            self._memo[name] = self._best(
                (self._resolve(value, depth + 1) for value in self._fields[name]),
                self._memo[name],
            )
        return self._memo[name]

    @staticmethod
    def _best(candidates: Iterator[_Path], fallback: _Path) -> _Path:
        """The first candidate with a known root, else the first with a path, else fallback."""
        partial = None
        for found in candidates:
            if found.root:
                return found
            if partial is None and found.segments:
                partial = found
        return partial or fallback

    def _call_path(self, call: SgNode, depth: int) -> _Path:
        required = _required(call)
        if required is not None:
            return _Path(PACKAGE, required)
        callee = call.field("function")
        # Twilio Functions hand the handler a client: context.getTwilioClient().
        if (
            callee is not None
            and callee.kind() == "member_expression"
            and text(callee.field("property")) == "getTwilioClient"
        ):
            return _CLIENT
        path = self._resolve(callee, depth + 1)
        if path.makes_client:
            return _CLIENT
        if callee is not None and callee.kind() == "identifier":
            # A factory: function makeClient() { return twilio(sid, token); }
            for returned in self._returned(text(callee)):
                found = self._resolve(returned, depth + 1)
                if found.root == "client":
                    return found
        return path.plus(CALL)

    def _returned(self, name: str) -> Iterator[SgNode]:
        functions = [*self._function_decls[name]]
        functions += [value for value, extra in self._values[name] if not extra]
        for fn in functions:
            body = fn.field("body")
            if (
                fn.kind() == "arrow_function"
                and body is not None
                and body.kind() != "statement_block"
            ):
                yield body
            elif fn.kind() in _FUNCTIONS:
                yield from self._returns[fn]

    def _constructed_grant(self, node: SgNode, depth: int = 0) -> tuple[str, SgNode] | None:
        """(grant class, its ``new``) when ``node`` is or names ``new <X>Grant(...)``."""
        node = _unwrap(node)
        if node.kind() == "identifier" and depth < _MAX_DEPTH:
            for value, extra in self._values[text(node)]:
                found = None if extra else self._constructed_grant(value, depth + 1)
                if found is not None:
                    return found
        elif node.kind() == "new_expression":
            name = self._resolve(node.field("constructor")).package_name()
            if name.endswith("Grant"):
                return name, node
        return None

    # --- pass 2: uses --------------------------------------------------------------------
    def visit(self, kind: str, node: SgNode) -> None:
        if kind == "rooms":
            member = node.parent()
            if self._structural and member is not None:
                self._video_member(member)
            return
        if kind == "call":
            self._call(node)
        elif kind == "new":
            self._new(node)
        elif kind == "string":
            self._string(node)
        elif kind == "read":
            anchor = node.parent() or node
            if anchor.kind() == "string":  # req.body['RoomSid']: the subscript
                anchor = anchor.parent() or anchor
            self._callback_reads[_scope(node)].append((text(node), anchor))
        elif kind == "pattern" and text(node) in CALLBACK_PARAMS:
            # const { RoomSid } = req.body, or a handler's destructured parameter.
            self._callback_reads[_scope(node)].append((text(node), node))

    def _call(self, node: SgNode) -> None:
        callee = node.field("function")
        if callee is None:
            return
        required = _required(node)
        if required is not None:
            self._load(node, required)
        if (
            callee.kind() == "member_expression"
            and text(callee.field("property")) == "getTwilioClient"
        ):
            self._clients.append(node)
        path = self._resolve(callee)
        if path.makes_client:
            self._clients.append(node)
        elif path.package_name() in VALIDATORS:
            self._validators.append(node)
        if callee.kind() != "member_expression":
            return
        method = text(callee.field("property"))
        receiver = callee.field("object")
        args = node.field("arguments")
        if method == "addGrant" and receiver is not None and args and args.named_children():
            self._add_grant(node, receiver, args.named_children()[0])
        elif method in OPERATIONS:
            self._operation(node, path)

    def _new(self, node: SgNode) -> None:
        path = self._resolve(node.field("constructor"))
        name = path.package_name()
        if path.makes_client:
            self._clients.append(node)
        elif name == "AccessToken":
            self._access_tokens.append(node)
        elif name == "VideoGrant":
            self._video_grants = True
            self.add("node-video-grant", node)
        elif name in GRANT_PRODUCTS:
            self._other_grants[node] = (name, node)
        elif path.root == PACKAGE and "twiml" in path.segments:
            self.add("not-affected", node, "TwiML")

    def _string(self, node: SgNode) -> None:
        value = text(node)
        if VIDEO_HOST in value:
            self.add("node-recording-media" if MEDIA_SUFFIX in value else "node-raw-http", node)

    def _add_grant(self, call: SgNode, token: SgNode, grant: SgNode) -> None:
        found = self._constructed_grant(grant)
        if found is not None:
            name, new = found
            self._tokens[(_scope(call), text(token))].append((name, new, call))

    def _operation(self, node: SgNode, path: _Path) -> None:
        segments = path.segments
        if "video" in segments:
            start = segments.index("video") + 1
            versioned = segments[start : start + 1] == ("v1",)
            rest = segments[start + 1 :] if versioned else segments[start:]
            # An unknown root needs the versioned path, or a project on the twilio
            # package: obj.video.rooms alone is too generic.
            if rest and rest[0] in NODE_VIDEO_ROOTS:
                if path.root == "client" or versioned:
                    self._video_call(node, rest)
                    return
                if self._structural:
                    self._video_call(node, rest, "structural")
                    return
        if path.root == "client" and segments and segments[0] in NODE_OTHER_PRODUCTS:
            self.add("not-affected", node, NODE_OTHER_PRODUCTS[segments[0]])

    def _video_call(self, node: SgNode, rest: tuple[str, ...], confidence: str = "proven") -> None:
        op = rest[-1]
        names = [s for s in rest[:-1] if s != CALL]
        if "anonymize" in names:
            self.add("node-video-participant", node, "anonymize", confidence)
            return
        resource = names[-1] if names else ""
        subject = "list" if op in _LIST_OPS else op
        if resource == "rooms" and (subject == "list" or subject in _ITEM_OPS):
            self.add("node-video-room", node, subject, confidence)
        elif resource == "participants" and subject in ("list", "fetch", "update"):
            self.add("node-video-participant", node, subject, confidence)
        elif resource in NODE_VIDEO_RESOURCES:
            self.add("node-video-resource", node, NODE_VIDEO_RESOURCES[resource], confidence)

    def _video_member(self, node: SgNode) -> None:
        """``x.video.rooms`` read without a call (a test double, a spy): structural only."""
        obj = node.field("object")
        if obj is None or obj.kind() != "member_expression":
            return
        if text(obj.field("property")) != "video":
            return
        top = node
        parent = top.parent()
        while parent is not None and parent.kind() == "member_expression":
            top, parent = parent, parent.parent()
        if parent is not None and parent.kind() == "call_expression":
            callee = parent.field("function")
            if callee is not None and callee == top:
                return  # a call: the operation rules decide
        self.add("node-video-room", node, "list", "structural")

    # --- results -------------------------------------------------------------------------
    def finish(self) -> list[Hit]:
        """The hits, with the rules that need the whole file decided."""
        self._finish_grants()
        self._finish_callbacks()
        rules = {rule_id for rule_id, _, _ in self._hits}
        if rules & REST_RULES:
            for node in self._clients:
                self.add("node-rest-client", node)
        if rules - {"not-affected"}:
            for node in self._validators:
                self.add("node-request-validator", node)
        if self._video_grants:
            self._finish_tokens()
        if rules & (REST_RULES | {"node-video-grant"}):
            for node in self._loads:
                self.add("node-import", node)
        return sorted(self._hits.values())

    def _finish_tokens(self) -> None:
        """AccessTokens that carry (or may carry) a VideoGrant, and the names that load the
        AccessToken and VideoGrant classes."""
        granted = {key: {name for name, _, _ in grants} for key, grants in self._tokens.items()}
        for node in self._access_tokens:
            parent = node.parent()
            while parent is not None and parent.kind() in _WRAPPERS:
                parent = parent.parent()
            name = ""
            if parent is not None and parent.kind() == "variable_declarator":
                name = text(parent.field("name"))
            grants = granted.get((_scope(node), name))
            if grants is None or "VideoGrant" in grants:
                self.add("node-access-token", node)
        for declarator, value in self._declared:
            target = declarator.field("name")
            names = _pattern_names(target) if target is not None else set()
            plain = target is not None and target.kind() == "identifier"
            loaded = self._resolve(value).package_name() if plain else ""
            if "VideoGrant" in names or loaded == "VideoGrant":
                self.add("node-video-grant", declarator)
            elif "AccessToken" in names or loaded == "AccessToken":
                self.add("node-access-token", declarator)

    def _finish_grants(self) -> None:
        mixed: set[SgNode] = set()
        for grants in self._tokens.values():
            if not any(name == "VideoGrant" for name, _, _ in grants):
                continue
            for name, new, add_call in grants:
                if name in GRANT_PRODUCTS:
                    mixed.add(new)
                    self.add("node-mixed-grant", add_call, name)
        for node, (name, new) in self._other_grants.items():
            if node not in mixed:
                self.add("not-affected", new, f"{GRANT_PRODUCTS[name]} ({name})")

    def _finish_callbacks(self) -> None:
        for reads in self._callback_reads.values():
            if any(param in VIDEO_CALLBACK_PARAMS for param, _ in reads):
                for param, node in reads:
                    self.add("node-status-callback", node, param)
