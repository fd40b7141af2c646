"""Python scanner: LibCST with scope and qualified-name metadata, no string matching on code.

Two passes over one ``MetadataWrapper``: the first records what every name, ``self``
attribute and local function stands for; the second resolves each call back through those
records to a client path such as ``video/v1/rooms/()/participants/list``, so aliases,
clients on ``self``, module globals, factories, calls split over variables and
``getattr(obj, "name")`` all reach the same rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    ClassScope,
    CodeRange,
    MetadataWrapper,
    PositionProvider,
    QualifiedNameProvider,
    Scope,
    ScopeProvider,
)

from migrate.audit.findings import Hit
from migrate.audit.twilio_names import (
    CALLBACK_PARAMS,
    GRANT_PRODUCTS,
    OTHER_PRODUCTS,
    READ_METHODS,
    VIDEO_CALLBACK_PARAMS,
    VIDEO_HOST,
    VIDEO_RESOURCES,
    VIDEO_ROOTS,
)

CLIENT_QN = "twilio.rest.Client"
ACCESS_JWT_QN = "twilio.jwt.access_token.AccessToken"
GRANTS_PREFIX = "twilio.jwt.access_token.grants."
VALIDATOR_QN = "twilio.request_validator.RequestValidator"
TWIML_PREFIX = "twilio.twiml."

# Marks a call in a client path: rooms("RM...") -> ("rooms", CALL).
CALL = "()"
# Resource-method names of the twilio package (each also exists with an _async suffix).
OPERATIONS = frozenset(
    {"create", "fetch", "update", "delete", "list", "stream", "page", "get_page"}
)
_ITEM_OPS = frozenset({"create", "fetch", "update"})
_LIST_OPS = frozenset({"list", "stream", "page", "get_page"})
_MAX_DEPTH = 24


@dataclass(frozen=True, slots=True)
class ClientPath:
    """Where an expression leads: ``known`` when its root is a twilio Client."""

    known: bool
    segments: tuple[str, ...]

    def plus(self, *more: str) -> ClientPath:
        return ClientPath(self.known, self.segments + more)


_OPAQUE = ClientPath(False, ())
# (rule id, node, subject): a hit before its position is known.
_Match = tuple[str, cst.CSTNode, str]


def scan_python(source: bytes) -> list[Hit]:
    """Every Twilio touchpoint in one Python module (a ``parse-error`` hit if it is not Python)."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return [
            Hit("parse-error", exc.raw_line, exc.raw_column + 1, exc.raw_line, "invalid Python")
        ]
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    bindings = _Bindings()
    wrapper.visit(bindings)
    analysis = _Analysis(bindings)
    wrapper.visit(analysis)
    matches = analysis.matches()
    if not matches:
        return []
    # Positions cost a full code-generation pass: only files with matches pay for it.
    positions = wrapper.resolve(PositionProvider)
    hits = {_hit(rule_id, positions[node], subject) for rule_id, node, subject in matches}
    return sorted(hits)


def _hit(rule_id: str, pos: CodeRange, subject: str) -> Hit:
    return Hit(rule_id, pos.start.line, pos.start.column + 1, pos.end.line, subject)


class _Bindings(cst.CSTVisitor):
    """Pass 1: what each assigned name, ``self`` attribute and function return stands for."""

    METADATA_DEPENDENCIES = (ScopeProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[cst.CSTNode, cst.BaseExpression] = {}
        self.self_attrs: dict[str, list[cst.BaseExpression]] = defaultdict(list)
        self.returns: dict[cst.FunctionDef, list[cst.BaseExpression]] = defaultdict(list)
        self._functions: list[cst.FunctionDef] = []

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self.values[target] = value
            # Class attributes are read back through self.<name>.
            if isinstance(self.get_metadata(ScopeProvider, target, None), ClassScope):
                self.self_attrs[target.value].append(value)
        elif (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value in ("self", "cls")
        ):
            self.self_attrs[target.attr.value].append(value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if self._functions and node.value is not None:
            self.returns[self._functions[-1]].append(node.value)


@dataclass
class _Token:
    """Grants added to one token expression in one scope."""

    grants: list[tuple[str, cst.Call, cst.CSTNode | None]] = field(default_factory=list)


class _Analysis(cst.CSTVisitor):
    """Pass 2: resolve calls, strings and reads into hits."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider, ScopeProvider)

    def __init__(self, bindings: _Bindings) -> None:
        super().__init__()
        self._b = bindings
        self._hits: list[_Match] = []
        self._clients: list[cst.CSTNode] = []
        self._validators: list[cst.CSTNode] = []
        self._access_tokens: list[cst.CSTNode] = []
        self._video_grants: list[cst.CSTNode] = []
        self._other_grants: dict[cst.Call, str] = {}
        self._tokens: dict[tuple[int, str], _Token] = defaultdict(_Token)
        self._callback_reads: dict[int, list[tuple[str, cst.CSTNode]]] = defaultdict(list)
        self._docstrings: set[int] = set()

    # --- helpers -------------------------------------------------------------------------
    def _add(self, rule_id: str, node: cst.CSTNode, subject: str = "") -> None:
        self._hits.append((rule_id, node, subject))

    def _qualified(self, node: cst.CSTNode) -> set[str]:
        names = self.get_metadata(QualifiedNameProvider, node, set())
        return {q.name for q in names}

    def _assignments(self, name: cst.Name) -> Iterable[cst.CSTNode]:
        scope = self.get_metadata(ScopeProvider, name, None)
        if not isinstance(scope, Scope):
            return ()
        return [a.node for a in scope[name.value] if hasattr(a, "node")]

    def _path(self, expr: cst.BaseExpression, depth: int = 0) -> ClientPath:
        """Follow ``expr`` back to a twilio Client (or an unknown root) as a path."""
        if depth > _MAX_DEPTH:
            return _OPAQUE
        if isinstance(expr, cst.Await):
            return self._path(expr.expression, depth + 1)
        if isinstance(expr, cst.Attribute):
            if isinstance(expr.value, cst.Name) and expr.value.value in ("self", "cls"):
                for value in self._b.self_attrs.get(expr.attr.value, ()):
                    found = self._path(value, depth + 1)
                    if found.known or found.segments:
                        return found
            return self._path(expr.value, depth + 1).plus(expr.attr.value)
        if isinstance(expr, cst.Call):
            return self._call_path(expr, depth)
        if isinstance(expr, cst.Name):
            return self._name_path(expr, depth)
        return _OPAQUE

    def _call_path(self, call: cst.Call, depth: int) -> ClientPath:
        if CLIENT_QN in self._qualified(call.func):
            return ClientPath(True, ())
        if (
            isinstance(call.func, cst.Name)
            and call.func.value == "getattr"
            and len(call.args) >= 2
            and isinstance(call.args[1].value, cst.SimpleString)
        ):
            attr = call.args[1].value.evaluated_value
            if isinstance(attr, str):
                return self._path(call.args[0].value, depth + 1).plus(attr)
        if isinstance(call.func, cst.Name):
            for node in self._assignments(call.func):
                if isinstance(node, cst.FunctionDef):
                    # A factory: def make_client(): return Client(...)
                    for value in self._b.returns.get(node, ()):
                        found = self._path(value, depth + 1)
                        if found.known:
                            return found
        return self._path(call.func, depth + 1).plus(CALL)

    def _name_path(self, name: cst.Name, depth: int) -> ClientPath:
        for node in self._assignments(name):
            value = self._b.values.get(node)
            if value is not None and value is not name:
                found = self._path(value, depth + 1)
                if found.known or found.segments:
                    return found
        return ClientPath(False, (name.value,))

    # --- calls ---------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        names = self._qualified(node.func)
        if CLIENT_QN in names:
            self._clients.append(node)
        elif VALIDATOR_QN in names:
            self._validators.append(node)
        elif ACCESS_JWT_QN in names:
            self._access_tokens.append(node)
        for qname in names:
            if qname.startswith(GRANTS_PREFIX):
                self._grant(node, qname.removeprefix(GRANTS_PREFIX))
            elif qname.startswith(TWIML_PREFIX):
                self._add("not-affected", node, "TwiML")
        if isinstance(node.func, cst.Attribute):
            self._method_call(node, node.func)

    def _grant(self, node: cst.Call, grant: str) -> None:
        if grant == "VideoGrant":
            self._video_grants.append(node)
            self._add("py-video-grant", node)
        elif grant in GRANT_PRODUCTS:
            self._other_grants[node] = grant

    def _method_call(self, node: cst.Call, func: cst.Attribute) -> None:
        method = func.attr.value
        if method == "add_grant" and node.args:
            self._add_grant(node, func.value, node.args[0].value)
        elif method in READ_METHODS and node.args:
            self._callback_key(node.args[0].value, node)
        op = method.removesuffix("_async")
        if op in OPERATIONS:
            self._operation(node, self._path(func.value).plus(op))

    def _add_grant(
        self, node: cst.Call, token: cst.BaseExpression, grant: cst.BaseExpression
    ) -> None:
        call = grant
        if isinstance(grant, cst.Name):
            for target in self._assignments(grant):
                value = self._b.values.get(target)
                if isinstance(value, cst.Call):
                    call = value
        if not isinstance(call, cst.Call):
            return
        for qname in self._qualified(call.func):
            if qname.startswith(GRANTS_PREFIX):
                scope = self.get_metadata(ScopeProvider, node, None)
                token_code = cst.Module([]).code_for_node(token)
                entry = self._tokens[(id(scope), token_code)]
                entry.grants.append((qname.removeprefix(GRANTS_PREFIX), call, node))

    def _operation(self, node: cst.Call, path: ClientPath) -> None:
        segments = path.segments
        if "video" in segments:
            start = segments.index("video") + 1
            versioned = segments[start : start + 1] == ("v1",)
            rest = segments[start + 1 :] if versioned else segments[start:]
            # An unknown root needs the versioned path: obj.video.rooms alone is too generic.
            if rest and rest[0] in VIDEO_ROOTS and (path.known or versioned):
                self._video_call(node, rest)
                return
        if path.known and segments and segments[0] in OTHER_PRODUCTS:
            self._add("not-affected", node, OTHER_PRODUCTS[segments[0]])

    def _video_call(self, node: cst.Call, rest: Sequence[str]) -> None:
        op = rest[-1]
        names = [s for s in rest[:-1] if s != CALL]
        if "anonymize" in names:
            self._add("py-video-participant", node, "anonymize")
            return
        resource = names[-1] if names else ""
        subject = "list" if op in _LIST_OPS else op
        if resource == "rooms" and (subject == "list" or subject in _ITEM_OPS):
            self._add("py-video-room", node, subject)
        elif resource == "participants" and subject in ("list", "fetch", "update"):
            self._add("py-video-participant", node, subject)
        elif resource in VIDEO_RESOURCES:
            self._add("py-video-resource", node, resource)

    # --- status callbacks ----------------------------------------------------------------
    def visit_Subscript(self, node: cst.Subscript) -> None:
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            self._callback_key(node.slice[0].slice.value, node)

    def visit_Param(self, node: cst.Param) -> None:
        # FastAPI-style handlers: def callback(RoomSid: str = Form(...)).
        if node.name.value in CALLBACK_PARAMS:
            self._callback_read(node.name.value, node)

    def _callback_key(self, key: cst.BaseExpression, node: cst.CSTNode) -> None:
        if isinstance(key, cst.SimpleString):
            value = key.evaluated_value
            if isinstance(value, str) and value in CALLBACK_PARAMS:
                self._callback_read(value, node)

    def _callback_read(self, param: str, node: cst.CSTNode) -> None:
        scope = self.get_metadata(ScopeProvider, node, None)
        self._callback_reads[id(scope)].append((param, node))

    # --- raw HTTP --------------------------------------------------------------------------
    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.SimpleString | cst.ConcatenatedString):
            self._docstrings.add(id(node.value))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if id(node) not in self._docstrings and VIDEO_HOST in node.value:
            self._add("py-raw-http", node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText) and VIDEO_HOST in part.value:
                self._add("py-raw-http", node)
                return

    # --- results -------------------------------------------------------------------------
    def matches(self) -> list[_Match]:
        """Matches of this module, including the rules that need the whole file to decide."""
        self._finish_grants()
        self._finish_callbacks()
        video = any(rule_id != "not-affected" for rule_id, _, _ in self._hits)
        rest_video = any(
            rule_id.startswith(("py-video-", "py-raw-http")) for rule_id, _, _ in self._hits
        )
        if rest_video:
            for node in self._clients:
                self._add("py-rest-client", node)
        if video:
            for node in self._validators:
                self._add("py-request-validator", node)
        if self._video_grants:
            for node in self._access_tokens:
                self._add("py-access-token", node)
        return self._hits

    def _finish_grants(self) -> None:
        mixed: set[cst.Call] = set()
        for token in self._tokens.values():
            kinds = {grant for grant, _, _ in token.grants}
            if "VideoGrant" not in kinds:
                continue
            for grant, call, add_node in token.grants:
                if grant in GRANT_PRODUCTS:
                    mixed.add(call)
                    self._add("py-mixed-grant", add_node or call, grant)
        for call, grant in self._other_grants.items():
            if call not in mixed:
                self._add("not-affected", call, f"{GRANT_PRODUCTS[grant]} ({grant})")

    def _finish_callbacks(self) -> None:
        for reads in self._callback_reads.values():
            if any(param in VIDEO_CALLBACK_PARAMS for param, _ in reads):
                for param, node in reads:
                    self._add("py-status-callback", node, param)
