"""JavaScript/TypeScript scanner: ast-grep rules over one parse tree.

First the file's ``twilio-video`` bindings are collected (imports, requires, the
``Twilio.Video`` global); then every call, ``new`` and string is visited in source order,
so objects that come from twilio-video (a room from ``connect``, the participant handed to
a ``participantConnected`` listener, ...) are known before they are used. Events,
``attach``/``detach`` and ``disconnect`` count only on such objects, or on names that
say they are rooms, participants, tracks or publications, and only in files that use
twilio-video at all. The same tree then goes to ``node_scanner`` for the server-side
``twilio`` package, so a file is parsed once whichever SDK it uses; the JS/TS rewrite
hands in the tree it edits (:func:`scan_tree`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ast_grep_py import Config, Rule, SgNode, SgRoot

from mappings.catalog import CATALOG
from migrate.audit import node_scanner
from migrate.audit.findings import Hit
from migrate.audit.js_syntax import Positions, first_syntax_error, parse, text, unwrap_parent

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
LEGACY_CLIENT = "Client"
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
# ASCII: the same names as in the bytes the file was read from.
OTHER_SDK = re.compile(r"""['"](@twilio/(?!video)[\w.-]+|twilio-(?!video)[\w.-]+)['"]""", re.ASCII)
# Names that say "a twilio-video object" when no data flow links them to one.
PLAUSIBLE_NAME = re.compile(r"(?i)room|participant|track|publication")


def _words(names: Iterable[str]) -> str:
    """A regex matching exactly one of ``names``."""
    return "^(" + "|".join(re.escape(name) for name in names) + ")$"


def _visit_rule(source: str) -> Config:
    """Every node either pass reads, found in one walk of the tree in Rust, in source order
    (outer nodes before the nodes they contain).

    Rules that look for words leave out the words ``source`` lacks (a node's text is part of
    the source): compiling their regexes costs more than the walk on most files.
    """
    return _visit_config(
        "Twilio" in source and "Video" in source,
        tuple(marker for marker in CDN_MARKERS if marker in source),
        tuple(name for name in (*COLLECTIONS, *VALUE_EXPORTS) if name in source),
    )


@cache
def _visit_config(global_: bool, markers: tuple[str, ...], names: tuple[str, ...]) -> Config:
    rules: list[Rule] = [
        {"kind": kind}
        for kind in (
            "import_statement", "call_expression", "new_expression", "variable_declarator",
            "function_declaration",
        )
    ]  # fmt: skip
    if global_:  # Twilio.Video
        rules.append(
            {
                "kind": "member_expression",
                "all": [
                    {"has": {"field": "object", "kind": "identifier", "regex": "^Twilio$"}},
                    {
                        "has": {
                            "field": "property",
                            "kind": "property_identifier",
                            "regex": "^Video$",
                        }
                    },
                ],
            }
        )
    if markers:  # strings count only when they name the CDN
        cdn = "|".join(re.escape(marker) for marker in markers)
        rules += [{"kind": "string", "regex": cdn}, {"kind": "template_string", "regex": cdn}]
    if names:  # x.participants, x.isSupported, and isSupported alone
        rules.append(
            {
                "kind": "property_identifier",
                "regex": _words(names),
                "inside": {"kind": "member_expression", "field": "property"},
            }
        )
    values = [name for name in names if name in VALUE_EXPORTS]
    if values:
        rules.append({"kind": "identifier", "regex": _words(values)})
    return {"rule": {"any": rules}}


_CAPTURE = {
    "import_statement": ("import",),
    # Every call is visited; module loads among them are told apart by their callee.
    "call_expression": ("require", "call"),
    "new_expression": ("new",),
    "member_expression": ("global",),
    "string": ("string",),
    "template_string": ("string",),
    "variable_declarator": ("declarator",),
    "function_declaration": ("function",),
    "identifier": ("value",),
}


def _names(node: SgNode) -> tuple[str, ...]:
    """What the walk found ``node`` as (a call is both a possible module load and a call)."""
    kind = node.kind()
    if kind == "property_identifier":
        return ("collection",) if node.text() in COLLECTIONS else ("value",)
    return _CAPTURE[kind]


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
    code = source.decode("utf-8", "replace")
    return scan_tree(parse(code, dialect), code, dialect, line_offset, project)


def scan_tree(
    tree: SgRoot,
    source: str,
    dialect: str = "javascript",
    line_offset: int = 0,
    project: frozenset[str] = frozenset(),
) -> list[Hit]:
    """:func:`scan_js` on a tree already parsed from ``source`` (by the rewrite, which edits
    the same tree)."""
    root = tree.root()
    positions = Positions(source, line_offset)
    scan = _Scan(positions)
    captures = [
        (name, node) for node in root.find_all(_visit_rule(source)) for name in _names(node)
    ]
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
    error = first_syntax_error(root)
    if error is not None:
        scan.add("parse-error", error, "syntax error")
    if node_scanner.may_have_findings(source):
        # The same tree, read for the server-side twilio package (tokens, REST, webhooks).
        return scan.hits + node_scanner.scan_node(
            root, dialect, positions, structural=node_scanner.PACKAGE in project
        )
    return scan.hits


class _Scan:
    def __init__(self, positions: Positions) -> None:
        self.hits: list[Hit] = []
        self._positions = positions
        self._b = _Bindings()
        # Names known to hold twilio-video objects, and how sure that is.
        self._tainted: dict[str, str] = {}
        self._tainted_data: set[str] = set()
        self._functions: dict[str, SgNode] = {}
        self._seen: set[tuple[str, int, int]] = set()
        self.structural_only = False

    @property
    def uses_sdk(self) -> bool:
        return self._b.used

    def add(
        self, rule_id: str, node: SgNode, subject: str = "", confidence: str = "proven"
    ) -> None:
        row, col, end_row = self._positions.start(node)
        if (rule_id, row, col) in self._seen:
            return
        self._seen.add((rule_id, row, col))
        line = row + 1 + self._positions.line_offset
        end = end_row + 1 + self._positions.line_offset
        if self.structural_only:
            confidence = "structural"
        self.hits.append(Hit(rule_id, line, col + 1, end, subject, confidence=confidence))

    # --- pass 1: bindings ----------------------------------------------------------------
    def binding(self, kind: str, node: SgNode) -> None:
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

    def _import_clause(self, node: SgNode) -> None:
        clause = next((c for c in node.named_children() if c.kind() == "import_clause"), None)
        for child in clause.named_children() if clause else ():
            if child.kind() == "identifier":
                self._b.namespaces.add(text(child))
            elif child.kind() == "namespace_import":
                self._b.namespaces.update(text(c) for c in child.named_children())
            elif child.kind() == "named_imports":
                for spec in child.named_children():
                    name, alias = (
                        spec.field("name"),
                        spec.field("alias"),
                    )
                    self._b.functions[text(alias or name)] = text(name)

    def listener_functions(self, call: SgNode) -> None:
        """``room.on('participantConnected', setup)``: ``setup``'s parameters are twilio
        objects wherever ``setup`` is defined, before or after this call."""
        callee = call.field("function")
        if callee is None or callee.kind() != "member_expression":
            return
        if text(callee.field("property")) not in LISTENER_METHODS:
            return
        args = call.field("arguments")
        receiver = callee.field("object")
        confidence = None if receiver is None else self._twilio_confidence(receiver)
        if args is None or confidence is None:
            return
        for arg in args.named_children()[1:]:
            if arg.kind() == "identifier" and text(arg) in self._functions:
                self._taint_params(self._functions[text(arg)], confidence)

    def function(self, node: SgNode) -> None:
        name = node.field("name")
        if name is not None:
            self._functions[text(name)] = node

    def _alias(self, node: SgNode) -> None:
        """``const Video = Twilio.Video``, ``const { connect } = twilioVideo`` and the like."""
        target, value = node.field("name"), node.field("value")
        if target is None or value is None:
            return
        if target.kind() == "identifier" and value.kind() in (
            "arrow_function",
            "function_expression",
        ):
            self._functions[text(target)] = value
            return
        while value.kind() in ("await_expression", "parenthesized_expression"):
            inner = value.named_children()
            if not inner:
                break
            value = inner[0]
        source = text(value)
        if not (source == "Twilio.Video" or source in self._b.namespaces):
            return
        if target.kind() == "identifier":
            self._b.namespaces.add(text(target))
        elif target.kind() == "object_pattern":
            self._destructure(target)

    def _destructure(self, target: SgNode) -> None:
        for prop in target.named_children():
            if prop.kind() == "shorthand_property_identifier_pattern":
                self._b.functions[text(prop)] = text(prop)
            elif prop.kind() == "pair_pattern":
                key, value = prop.field("key"), prop.field("value")
                self._b.functions[text(value)] = text(key)

    def _require_target(self, call: SgNode) -> None:
        parent = unwrap_parent(call)
        if parent is None or parent.kind() != "variable_declarator":
            return
        target = parent.field("name")
        if target is None:
            return
        if target.kind() == "identifier":
            self._b.namespaces.add(text(target))
        elif target.kind() == "object_pattern":
            self._destructure(target)

    # --- pass 2: uses --------------------------------------------------------------------
    def visit(self, kind: str, node: SgNode) -> None:
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

    def _collection(self, prop: SgNode) -> None:
        member = prop.parent()
        receiver = member.field("object") if member is not None else None
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

    def _value(self, node: SgNode) -> None:
        name = text(node)
        member = node.parent()
        if member is not None and member.kind() == "member_expression":
            prop = member.field("property")
            if prop is not None and prop == node:
                if self._export(member) == name:
                    self.add(VALUE_EXPORTS[name], member)
                return
        if self._b.functions.get(name) == name and not _is_import_name(node):
            self.add(VALUE_EXPORTS[name], node)

    def _export(self, callee: SgNode) -> str | None:
        """The twilio-video export that ``callee`` names, if any."""
        if callee.kind() == "identifier":
            return self._b.functions.get(text(callee))
        if callee.kind() == "member_expression":
            obj, prop = callee.field("object"), callee.field("property")
            if obj is None or prop is None:
                return None
            if (
                (obj.kind() == "identifier" and text(obj) in self._b.namespaces)
                or text(obj) == "Twilio.Video"
                or (obj.kind() == "call_expression" and _module_name(obj) == PACKAGE)
            ):
                return text(prop)
        return None

    def _new(self, node: SgNode) -> None:
        ctor = node.field("constructor") or node.field("function")
        export = self._export(ctor) if ctor is not None else None
        if export == LEGACY_CLIENT:
            # twilio-video 1.0 betas: new Video.Client(token), then client.connect({to}).
            self.add("js-connect", node)
            self._taint_result(node)
        elif export in CONSTRUCTOR_RULES:
            self.add(CONSTRUCTOR_RULES[export], node)
            self._taint_result(node)
            if export == "LocalDataTrack":
                parent = unwrap_parent(node)
                if parent is not None and parent.kind() == "variable_declarator":
                    self._tainted_data.add(text(parent.field("name")))

    def _call(self, node: SgNode) -> None:
        callee = node.field("function")
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
        if export == "LocalDataTrack":
            # called without `new` (twilio-video's ES5 build allows it): still a data track
            self._new(node)
            return
        if export in CREATE_RULES:
            self.add(CREATE_RULES[export], node)
            self._taint_result(node)
            return
        if callee.kind() == "member_expression":
            self._method(node, callee)

    def _method(self, node: SgNode, callee: SgNode) -> None:
        receiver = callee.field("object")
        method = text(callee.field("property"))
        if receiver is None:
            return
        confidence = self._twilio_confidence(receiver)
        if confidence is None:
            if method == "send" and DATA_TRACK_NAME.search(text(receiver)):
                self.add("js-data-send", node, confidence="structural")
            return
        args = node.field("arguments")
        arg_nodes = args.named_children() if args else []
        if method in LISTENER_METHODS and arg_nodes and arg_nodes[0].kind() == "string":
            event = text(arg_nodes[0]).strip("'\"`")
            if f"js.event.{event}" in CATALOG:
                self.add("js-event", node, event, confidence)
        elif method == "connect" and confidence == "proven":
            self.add("js-connect", node, confidence=confidence)
            self._taint_result(node)
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

    def _twilio_confidence(self, receiver: SgNode) -> str | None:
        """``proven`` when ``receiver`` comes from twilio-video by data flow, ``structural``
        when only its name says so (``app.room``, ``roomRef.current``), else None."""
        if receiver.kind() == "call_expression":
            callee = receiver.field("function")
            if callee is None:
                return None
            if self._export(callee) in ("connect", *CREATE_RULES):
                return "proven"
            # x.getTracks(): what x is decides, not the method's name.
            if callee.kind() == "member_expression":
                inner = callee.field("object")
                return None if inner is None else self._twilio_confidence(inner)
            return self._twilio_confidence(callee)
        root = _root_name(receiver)
        if root in self._tainted:
            return self._tainted[root]
        if PLAUSIBLE_NAME.search(_chain_text(receiver)):
            return "structural"
        return None

    def _connect_options(self, call: SgNode) -> None:
        args = call.field("arguments")
        values = args.named_children() if args else []
        options = values[1] if len(values) > 1 else None
        if options is not None and options.kind() == "identifier":
            options = _declared_object(call, text(options))
        if options is None or options.kind() != "object":
            return
        for prop in options.named_children():
            key = prop.field("key") if prop.kind() == "pair" else prop
            if prop.kind() not in ("pair", "shorthand_property_identifier") or key is None:
                continue
            name = text(key).strip("'\"")
            if f"js.connect.option.{name}" in CATALOG:
                self.add("js-connect-option", prop, name)

    @property
    def _data_tracks(self) -> set[str]:
        return self._tainted_data

    def _taint_result(self, node: SgNode) -> None:
        parent = unwrap_parent(node)
        if parent is None:
            return
        if parent.kind() == "variable_declarator":
            name = parent.field("name")
            if name is not None and name.kind() == "identifier":
                self._tainted[text(name)] = "proven"
        elif parent.kind() == "assignment_expression":
            self._tainted[_root_name(parent.field("left"))] = "proven"

    def _taint_params(self, fn: SgNode, confidence: str = "proven") -> None:
        if fn.kind() not in ("arrow_function", "function_expression", "function"):
            return
        params = fn.field("parameters") or fn.field("parameter")
        if params is None:
            return
        names: list[str] = []
        if params.kind() == "identifier":
            names.append(text(params))
        for param in params.named_children() if params.kind() != "identifier" else ():
            ident = param if param.kind() == "identifier" else param.field("pattern")
            if ident is not None and ident.kind() == "identifier":
                names.append(text(ident))
        for name in names:
            if self._tainted.get(name) != "proven":
                self._tainted[name] = confidence


def _module_name(node: SgNode) -> str:
    if node.kind() == "import_statement":
        return text(node.field("source")).strip("'\"")
    args = node.field("arguments")
    callee = node.field("function")
    if args is None or callee is None or text(callee) not in ("require", "import"):
        return ""
    values = args.named_children()
    first = values[0] if values else None
    return text(first).strip("'\"`") if first is not None and first.kind() == "string" else ""


def _root_name(node: SgNode | None) -> str:
    """``room`` for room.localParticipant.tracks; ``this.room`` for this.room.x."""
    while node is not None and node.kind() in ("member_expression", "subscript_expression"):
        obj = node.field("object")
        if obj is not None and obj.kind() == "this":
            return "this." + text(node.field("property"))
        node = obj
    return text(node) if node is not None and node.kind() == "identifier" else ""


def _chain_text(node: SgNode) -> str:
    """The names along a receiver chain (``app.room``, ``this.state.activeRoom``), without
    call arguments, which could mention anything."""
    parts: list[str] = []
    current: SgNode | None = node
    while current is not None:
        if current.kind() == "member_expression":
            parts.append(text(current.field("property")))
            current = current.field("object")
        elif current.kind() in ("non_null_expression", "parenthesized_expression", "as_expression"):
            inner = current.named_children()
            current = inner[0] if inner else None
        elif current.kind() == "identifier":
            parts.append(text(current))
            break
        else:
            break
    return ".".join(reversed(parts))


def _is_import_name(node: SgNode) -> bool:
    parent = node.parent()
    return parent is not None and parent.kind() in (
        "import_specifier", "shorthand_property_identifier_pattern", "pair_pattern",
    )  # fmt: skip


def _declared_object(anchor: SgNode, name: str) -> SgNode | None:
    """The object literal a ``const name = {...}`` in the same file gives ``name``: of several,
    the last in the file, or the outermost declaration around it."""
    found = [
        node
        for node in anchor.get_root().root().find_all(kind="variable_declarator")
        if text(node.field("name")) == name and _kind(node.field("value")) == "object"
    ]
    if not found:
        return None
    last = found[-1].range()
    for node in found:  # in source order, outer declarations first
        where = node.range()
        if where.start.index <= last.start.index and last.end.index <= where.end.index:
            return node.field("value")
    return None


def _kind(node: SgNode | None) -> str:
    return "" if node is None else node.kind()
