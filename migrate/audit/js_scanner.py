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
OBJECT_METHODS = {
    "attach": "js-attach",
    "detach": "js-detach",
    "disconnect": "js-disconnect",
    "publishTrack": "js-publish-track",
    "publishTracks": "js-publish-track",
    "unpublishTrack": "js-unpublish-track",
    "unpublishTracks": "js-unpublish-track",
    "enable": "js-track-enable",
    "disable": "js-track-enable",
    "restart": "js-track-restart",
}
# Methods too common to trust by name alone: counted only on proven twilio objects.
PROVEN_METHODS = {"stop": "js-track-stop"}
# Collections of a room or participant: iterating them reads twilio-video objects.
COLLECTIONS = {
    "participants": "js-participants",
    "tracks": "js-publications",
    "videoTracks": "js-publications",
    "audioTracks": "js-publications",
    "dataTracks": "js-publications",
}
# Exports read as values rather than called.
VALUE_EXPORTS = {"isSupported": "js-is-supported", "Logger": "js-logger"}
DATA_TRACK_NAME = re.compile(r"(?i)data_?track")
# Another Twilio client SDK loaded by the file: its rooms and participants are not Video.
OTHER_SDK = re.compile(rb"""['"](@twilio/(?!video)[\w.-]+|twilio-(?!video)[\w.-]+)['"]""")
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
(variable_declarator) @declarator
(function_declaration) @function
(member_expression property: (property_identifier) @collection
  (#any-of? @collection "participants" "tracks" "videoTracks" "audioTracks" "dataTracks"))
((identifier) @value (#any-of? @value "isSupported" "Logger"))
(member_expression property: (property_identifier) @value (#any-of? @value "isSupported" "Logger"))
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


def scan_js(
    source: bytes,
    dialect: str = "javascript",
    line_offset: int = 0,
    project: frozenset[str] = frozenset(),
) -> list[Hit]:
    """Every Twilio Video touchpoint in one JS/TS source: the twilio-video client SDK here,
    the server-side twilio package through ``node_scanner``; ``line_offset`` for embedded code.

    ``project`` names the Twilio packages the nearest ``package.json`` depends on: with
    ``twilio-video`` there, a file that imports nothing from it (a hook handed the room by
    another module) is still read, by the names it uses, and its hits say ``structural``.
    A syntax error adds a ``parse-error`` hit; the error-tolerant tree is still scanned.
    """
    tree = ts.Parser(language(dialect)).parse(source)
    scan = _Scan(line_offset)
    captures = list(_captures(dialect, tree.root_node))
    for name, node in captures:
        if name in ("import", "require", "global", "declarator", "function"):
            scan.binding(name, node)
    if not scan.uses_sdk and PACKAGE in project and not OTHER_SDK.search(source):
        scan.structural_only = True
    for name, node in captures:
        if name == "call":
            scan.listener_functions(node)
    for name, node in captures:
        scan.visit(name, node)
    if tree.root_node.has_error:
        scan.add("parse-error", _first_error(tree.root_node), "syntax error")
    if node_scanner.may_have_findings(source):
        # The same tree, read for the server-side twilio package (tokens, REST, webhooks).
        return scan.hits + node_scanner.scan_node(
            tree.root_node, dialect, line_offset, structural=node_scanner.PACKAGE in project
        )
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
        # Names known to hold twilio-video objects, and how sure that is.
        self._tainted: dict[str, str] = {}
        self._tainted_data: set[str] = set()
        self._functions: dict[str, ts.Node] = {}
        self._seen: set[tuple[str, int, int]] = set()
        self.structural_only = False

    @property
    def uses_sdk(self) -> bool:
        return self._b.used

    def add(
        self, rule_id: str, node: ts.Node, subject: str = "", confidence: str = "proven"
    ) -> None:
        row, col = node.start_point
        if (rule_id, row, col) in self._seen:
            return
        self._seen.add((rule_id, row, col))
        line = row + 1 + self._offset
        end = node.end_point[0] + 1 + self._offset
        if self.structural_only:
            confidence = "structural"
        self.hits.append(Hit(rule_id, line, col + 1, end, subject, confidence=confidence))

    # --- pass 1: bindings ----------------------------------------------------------------
    def binding(self, kind: str, node: ts.Node) -> None:
        if kind == "declarator":
            self._alias(node)
            return
        if kind == "function":
            self.function(node)
            return
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

    def listener_functions(self, call: ts.Node) -> None:
        """``room.on('participantConnected', setup)``: ``setup``'s parameters are twilio
        objects wherever ``setup`` is defined, before or after this call."""
        callee = call.child_by_field_name("function")
        if callee is None or callee.type != "member_expression":
            return
        if text(callee.child_by_field_name("property")) not in LISTENER_METHODS:
            return
        args = call.child_by_field_name("arguments")
        receiver = callee.child_by_field_name("object")
        confidence = None if receiver is None else self._twilio_confidence(receiver)
        if args is None or confidence is None:
            return
        for arg in args.named_children[1:]:
            if arg.type == "identifier" and text(arg) in self._functions:
                self._taint_params(self._functions[text(arg)], confidence)

    def function(self, node: ts.Node) -> None:
        name = node.child_by_field_name("name")
        if name is not None:
            self._functions[text(name)] = node

    def _alias(self, node: ts.Node) -> None:
        """``const Video = Twilio.Video``, ``const { connect } = twilioVideo`` and the like."""
        target, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if target is None or value is None:
            return
        if target.type == "identifier" and value.type in ("arrow_function", "function_expression"):
            self._functions[text(target)] = value
            return
        while (
            value.type in ("await_expression", "parenthesized_expression") and value.named_children
        ):
            value = value.named_children[0]
        source = text(value)
        if not (source == "Twilio.Video" or source in self._b.namespaces):
            return
        if target.type == "identifier":
            self._b.namespaces.add(text(target))
        elif target.type == "object_pattern":
            self._destructure(target)

    def _destructure(self, target: ts.Node) -> None:
        for prop in target.named_children:
            if prop.type == "shorthand_property_identifier_pattern":
                self._b.functions[text(prop)] = text(prop)
            elif prop.type == "pair_pattern":
                key, value = prop.child_by_field_name("key"), prop.child_by_field_name("value")
                self._b.functions[text(value)] = text(key)

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
            self._destructure(target)

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
        elif kind == "call" and (self._b.used or self.structural_only):
            self._call(node)
        elif kind == "collection" and (self._b.used or self.structural_only):
            self._collection(node)
        elif kind == "value" and self._b.used:
            self._value(node)

    def _collection(self, prop: ts.Node) -> None:
        member = prop.parent
        receiver = member.child_by_field_name("object") if member is not None else None
        if member is None or receiver is None:
            return
        confidence = self._twilio_confidence(receiver)
        name = text(prop)
        if confidence is None and name != "participants":
            # participant.tracks in a listener: the receiver is plausible by its own name
            return
        if confidence is None:
            return
        self.add(COLLECTIONS[name], member, name, confidence)

    def _value(self, node: ts.Node) -> None:
        name = text(node)
        if node.parent is not None and node.parent.type == "member_expression":
            prop = node.parent.child_by_field_name("property")
            if prop is not None and prop.id == node.id:
                if self._export(node.parent) == name:
                    self.add(VALUE_EXPORTS[name], node.parent)
                return
        if self._b.functions.get(name) == name and not _is_import_name(node):
            self.add(VALUE_EXPORTS[name], node)

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
            if export == "LocalDataTrack":
                parent = unwrap_parent(node)
                if parent is not None and parent.type == "variable_declarator":
                    self._tainted_data.add(text(parent.child_by_field_name("name")))

    def _call(self, node: ts.Node) -> None:
        callee = node.child_by_field_name("function")
        if callee is None:
            return
        export = self._export(callee)
        if export in VALUE_EXPORTS:
            return
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
        confidence = self._twilio_confidence(receiver)
        if confidence is None:
            if method == "send" and DATA_TRACK_NAME.search(text(receiver)):
                self.add("js-data-send", node, confidence="structural")
            return
        args = node.child_by_field_name("arguments")
        arg_nodes = args.named_children if args else []
        if method in LISTENER_METHODS and arg_nodes and arg_nodes[0].type == "string":
            event = text(arg_nodes[0]).strip("'\"`")
            if f"js.event.{event}" in CATALOG:
                self.add("js-event", node, event, confidence)
        elif method in OBJECT_METHODS:
            self.add(OBJECT_METHODS[method], node, method, confidence)
        elif method in PROVEN_METHODS and confidence == "proven":
            self.add(PROVEN_METHODS[method], node, method, confidence)
        elif method == "send" and (
            DATA_TRACK_NAME.search(text(receiver)) or _root_name(receiver) in self._data_tracks
        ):
            self.add("js-data-send", node, confidence=confidence)
        # Callbacks handed to a twilio object receive twilio objects (participants, tracks),
        # as sure as the object is.
        for arg in arg_nodes:
            self._taint_params(arg, confidence)

    def _twilio_confidence(self, receiver: ts.Node) -> str | None:
        """``proven`` when ``receiver`` comes from twilio-video by data flow, ``structural``
        when only its name says so (``app.room``, ``roomRef.current``), else None."""
        if receiver.type == "call_expression":
            callee = receiver.child_by_field_name("function")
            if callee is None:
                return None
            if self._export(callee) in ("connect", *CREATE_RULES):
                return "proven"
            # x.getTracks(): what x is decides, not the method's name.
            if callee.type == "member_expression":
                inner = callee.child_by_field_name("object")
                return None if inner is None else self._twilio_confidence(inner)
            return self._twilio_confidence(callee)
        root = _root_name(receiver)
        if root in self._tainted:
            return self._tainted[root]
        if PLAUSIBLE_NAME.search(_chain_text(receiver)):
            return "structural"
        return None

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

    @property
    def _data_tracks(self) -> set[str]:
        return self._tainted_data

    def _taint_result(self, node: ts.Node) -> None:
        parent = unwrap_parent(node)
        if parent is None:
            return
        if parent.type == "variable_declarator":
            name = parent.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                self._tainted[text(name)] = "proven"
        elif parent.type == "assignment_expression":
            self._tainted[_root_name(parent.child_by_field_name("left"))] = "proven"

    def _taint_params(self, fn: ts.Node, confidence: str = "proven") -> None:
        if fn.type not in ("arrow_function", "function_expression", "function"):
            return
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        if params is None:
            return
        names: list[str] = []
        if params.type == "identifier":
            names.append(text(params))
        for param in params.named_children if params.type != "identifier" else ():
            ident = param if param.type == "identifier" else param.child_by_field_name("pattern")
            if ident is not None and ident.type == "identifier":
                names.append(text(ident))
        for name in names:
            if self._tainted.get(name) != "proven":
                self._tainted[name] = confidence


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


def _chain_text(node: ts.Node) -> str:
    """The names along a receiver chain (``app.room``, ``this.state.activeRoom``), without
    call arguments, which could mention anything."""
    parts: list[str] = []
    current: ts.Node | None = node
    while current is not None:
        if current.type == "member_expression":
            parts.append(text(current.child_by_field_name("property")))
            current = current.child_by_field_name("object")
        elif current.type in ("non_null_expression", "parenthesized_expression", "as_expression"):
            current = current.named_children[0] if current.named_children else None
        elif current.type == "identifier":
            parts.append(text(current))
            break
        else:
            break
    return ".".join(reversed(parts))


def _is_import_name(node: ts.Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type in (
        "import_specifier", "shorthand_property_identifier_pattern", "pair_pattern",
    )  # fmt: skip


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
