"""JavaScript/TypeScript scanner: tree-sitter queries over one parse tree.

First the file's ``twilio-video`` bindings are collected (imports, requires, the
``Twilio.Video`` global); then every call, ``new`` and string is visited in source order,
so objects that come from twilio-video (a room from ``connect``, the participant handed to
a ``participantConnected`` listener, ...) are known before they are used. Events,
``attach``/``detach`` and ``disconnect`` count only on such objects, or on names that
say they are rooms, participants, tracks or publications, and only in files that use
twilio-video at all. The same tree then goes to ``node_scanner`` for the server-side
``twilio`` package, so a file is parsed once whichever SDK it uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import tree_sitter as ts

from mappings.catalog import CATALOG
from migrate.audit import node_scanner
from migrate.audit.findings import Hit
from migrate.audit.js_syntax import language, text, unwrap_parent

PACKAGE = "twilio-video"
# Hosts of the CDN builds of twilio-video (current and legacy).
CDN_MARKERS = ("sdk.twilio.com/js/video", "media.twiliocdn.com/sdk/js/video")
CREATE_RULES = {
    "createLocalTracks": "js-create-local-tracks",
    "createLocalAudioTrack": "js-create-local-audio-track",
    "createLocalVideoTrack": "js-create-local-video-track",
}
CONSTRUCTOR_RULES = {
    "LocalDataTrack": "js-data-track",
    "LocalAudioTrack": "js-create-local-audio-track",
    "LocalVideoTrack": "js-create-local-video-track",
}
LISTENER_METHODS = frozenset({"on", "once", "off", "addListener", "removeListener"})
OBJECT_METHODS = {"attach": "js-attach", "detach": "js-detach", "disconnect": "js-disconnect"}
# Names that say "a twilio-video object" when no data flow links them to one.
PLAUSIBLE_NAME = re.compile(r"(?i)room|participant|track|publication")

_QUERY = """
(import_statement source: (string (string_fragment) @source)) @import
(call_expression function: [(identifier) (import)] @loader
                 arguments: (arguments . (string (string_fragment) @source))) @require
(call_expression) @call
(new_expression constructor: (_) @ctor) @new
(member_expression object: (identifier) @ns property: (property_identifier) @prop
  (#eq? @ns "Twilio") (#eq? @prop "Video")) @global
(string) @string
(template_string) @string
"""


@cache
def _query(dialect: str) -> ts.Query:
    return ts.Query(language(dialect), _QUERY)


@dataclass
class _Bindings:
    """What this file imported from twilio-video."""

    namespaces: set[str] = field(default_factory=set)  # Video in Video.connect
    functions: dict[str, str] = field(default_factory=dict)  # local name -> exported name
    used: bool = False  # imports twilio-video or uses the Twilio.Video global


def scan_js(source: bytes, dialect: str = "javascript", line_offset: int = 0) -> list[Hit]:
    """Every Twilio Video touchpoint in one JS/TS source: the twilio-video client SDK here,
    the server-side twilio package through ``node_scanner``; ``line_offset`` for embedded code.

    A syntax error adds a ``parse-error`` hit; the error-tolerant tree is still scanned.
    """
    tree = ts.Parser(language(dialect)).parse(source)
    scan = _Scan(line_offset)
    captures = list(_captures(dialect, tree.root_node))
    for name, node in captures:
        if name in ("import", "require", "global"):
            scan.binding(name, node)
    for name, node in captures:
        scan.visit(name, node)
    if tree.root_node.has_error:
        scan.add("parse-error", _first_error(tree.root_node), "syntax error")
    if node_scanner.may_have_findings(source):
        # The same tree, read for the server-side twilio package (tokens, REST, webhooks).
        return scan.hits + node_scanner.scan_node(tree.root_node, dialect, line_offset)
    return scan.hits


def _captures(dialect: str, root: ts.Node) -> Iterator[tuple[str, ts.Node]]:
    """Top-level captures in source order, outer nodes before the nodes they contain."""
    found = ts.QueryCursor(_query(dialect)).captures(root)
    pairs = [(name, node) for name, nodes in found.items() for node in nodes]
    pairs.sort(key=lambda p: (p[1].start_byte, -p[1].end_byte))
    return iter(pairs)


def _first_error(root: ts.Node) -> ts.Node:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            return node
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    return root


class _Scan:
    def __init__(self, line_offset: int) -> None:
        self.hits: list[Hit] = []
        self._offset = line_offset
        self._b = _Bindings()
        self._tainted: set[str] = set()
        self._seen: set[tuple[str, int, int]] = set()

    def add(self, rule_id: str, node: ts.Node, subject: str = "") -> None:
        row, col = node.start_point
        if (rule_id, row, col) in self._seen:
            return
        self._seen.add((rule_id, row, col))
        line = row + 1 + self._offset
        self.hits.append(Hit(rule_id, line, col + 1, node.end_point[0] + 1 + self._offset, subject))

    # --- pass 1: bindings ----------------------------------------------------------------
    def binding(self, kind: str, node: ts.Node) -> None:
        if kind == "global":
            self._b.used = True
            return
        if _module_name(node) != PACKAGE:
            return
        self._b.used = True
        if kind == "import":
            self._import_clause(node)
        else:
            self._require_target(node)

    def _import_clause(self, node: ts.Node) -> None:
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        for child in clause.named_children if clause else ():
            if child.type == "identifier":
                self._b.namespaces.add(text(child))
            elif child.type == "namespace_import":
                self._b.namespaces.update(text(c) for c in child.named_children)
            elif child.type == "named_imports":
                for spec in child.named_children:
                    name, alias = (
                        spec.child_by_field_name("name"),
                        spec.child_by_field_name("alias"),
                    )
                    self._b.functions[text(alias or name)] = text(name)

    def _require_target(self, call: ts.Node) -> None:
        parent = unwrap_parent(call)
        if parent is None or parent.type != "variable_declarator":
            return
        target = parent.child_by_field_name("name")
        if target is None:
            return
        if target.type == "identifier":
            self._b.namespaces.add(text(target))
        elif target.type == "object_pattern":
            for prop in target.named_children:
                if prop.type == "shorthand_property_identifier_pattern":
                    self._b.functions[text(prop)] = text(prop)
                elif prop.type == "pair_pattern":
                    key, value = prop.child_by_field_name("key"), prop.child_by_field_name("value")
                    self._b.functions[text(value)] = text(key)

    # --- pass 2: uses --------------------------------------------------------------------
    def visit(self, kind: str, node: ts.Node) -> None:
        if kind in ("import", "require"):
            if _module_name(node) == PACKAGE:
                self.add("js-import", node)
        elif kind == "global":
            self.add("js-global", node)
        elif kind == "string":
            if any(marker in text(node) for marker in CDN_MARKERS):
                self.add("js-cdn", node)
        elif kind == "new":
            self._new(node)
        elif kind == "call" and self._b.used:
            self._call(node)

    def _export(self, callee: ts.Node) -> str | None:
        """The twilio-video export that ``callee`` names, if any."""
        if callee.type == "identifier":
            return self._b.functions.get(text(callee))
        if callee.type == "member_expression":
            obj, prop = callee.child_by_field_name("object"), callee.child_by_field_name("property")
            if obj is None or prop is None:
                return None
            if (
                (obj.type == "identifier" and text(obj) in self._b.namespaces)
                or text(obj) == "Twilio.Video"
                or (obj.type == "call_expression" and _module_name(obj) == PACKAGE)
            ):
                return text(prop)
        return None

    def _new(self, node: ts.Node) -> None:
        ctor = node.child_by_field_name("constructor")
        export = self._export(ctor) if ctor is not None else None
        if export in CONSTRUCTOR_RULES:
            self.add(CONSTRUCTOR_RULES[export], node)
            self._taint_result(node)

    def _call(self, node: ts.Node) -> None:
        callee = node.child_by_field_name("function")
        if callee is None:
            return
        export = self._export(callee)
        if export == "connect":
            self.add("js-connect", node)
            self._connect_options(node)
            self._taint_result(node)
            return
        if export in CREATE_RULES:
            self.add(CREATE_RULES[export], node)
            self._taint_result(node)
            return
        if callee.type == "member_expression":
            self._method(node, callee)

    def _method(self, node: ts.Node, callee: ts.Node) -> None:
        receiver = callee.child_by_field_name("object")
        method = text(callee.child_by_field_name("property"))
        if receiver is None:
            return
        from_twilio = self._is_twilio(receiver)
        if not from_twilio:
            return
        args = node.child_by_field_name("arguments")
        arg_nodes = args.named_children if args else []
        if method in LISTENER_METHODS and arg_nodes and arg_nodes[0].type == "string":
            event = text(arg_nodes[0]).strip("'\"`")
            if f"js.event.{event}" in CATALOG:
                self.add("js-event", node, event)
        elif method in OBJECT_METHODS:
            self.add(OBJECT_METHODS[method], node)
        # Callbacks handed to a twilio object receive twilio objects (participants, tracks).
        for arg in arg_nodes:
            self._taint_params(arg)

    def _is_twilio(self, receiver: ts.Node) -> bool:
        if receiver.type == "call_expression":
            callee = receiver.child_by_field_name("function")
            return callee is not None and (
                self._export(callee) in ("connect", *CREATE_RULES) or self._is_twilio(callee)
            )
        root = _root_name(receiver)
        return root in self._tainted or bool(root and PLAUSIBLE_NAME.search(root))

    def _connect_options(self, call: ts.Node) -> None:
        args = call.child_by_field_name("arguments")
        options = args.named_children[1] if args and len(args.named_children) > 1 else None
        if options is not None and options.type == "identifier":
            options = _declared_object(call, text(options))
        if options is None or options.type != "object":
            return
        for prop in options.named_children:
            key = prop.child_by_field_name("key") if prop.type == "pair" else prop
            if prop.type not in ("pair", "shorthand_property_identifier") or key is None:
                continue
            name = text(key).strip("'\"")
            if f"js.connect.option.{name}" in CATALOG:
                self.add("js-connect-option", prop, name)

    def _taint_result(self, node: ts.Node) -> None:
        parent = unwrap_parent(node)
        if parent is None:
            return
        if parent.type == "variable_declarator":
            name = parent.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                self._tainted.add(text(name))
        elif parent.type == "assignment_expression":
            self._tainted.add(_root_name(parent.child_by_field_name("left")))

    def _taint_params(self, fn: ts.Node) -> None:
        if fn.type not in ("arrow_function", "function_expression", "function"):
            return
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        if params is None:
            return
        if params.type == "identifier":
            self._tainted.add(text(params))
            return
        for param in params.named_children:
            ident = param if param.type == "identifier" else param.child_by_field_name("pattern")
            if ident is not None and ident.type == "identifier":
                self._tainted.add(text(ident))


def _module_name(node: ts.Node) -> str:
    if node.type == "import_statement":
        return text(node.child_by_field_name("source")).strip("'\"")
    args = node.child_by_field_name("arguments")
    callee = node.child_by_field_name("function")
    if args is None or callee is None or text(callee) not in ("require", "import"):
        return ""
    first = args.named_children[0] if args.named_children else None
    return text(first).strip("'\"`") if first is not None and first.type == "string" else ""


def _root_name(node: ts.Node | None) -> str:
    """``room`` for room.localParticipant.tracks; ``this.room`` for this.room.x."""
    while node is not None and node.type in ("member_expression", "subscript_expression"):
        obj = node.child_by_field_name("object")
        if obj is not None and obj.type == "this":
            return "this." + text(node.child_by_field_name("property"))
        node = obj
    return text(node) if node is not None and node.type == "identifier" else ""


def _declared_object(anchor: ts.Node, name: str) -> ts.Node | None:
    """The object literal a ``const name = {...}`` in the same file gives ``name``."""
    root = anchor
    while root.parent is not None:
        root = root.parent
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "variable_declarator" and text(node.child_by_field_name("name")) == name:
            value = node.child_by_field_name("value")
            if value is not None and value.type == "object":
                return value
        stack.extend(node.named_children)
    return None
