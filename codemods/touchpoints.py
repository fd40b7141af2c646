"""Every Twilio touchpoint of one module, as the audit reports it and native mode marks it.

One visitor over one ``MetadataWrapper``: calls are resolved by :class:`TwilioResolver`
(``proven`` when traced to a ``twilio.rest.Client``, ``structural`` when only the Video
resource chain says so), tokens and grants are followed through their variables, and the
decisions that need the whole file (is this ``Client`` used for Video? does this token
carry a VideoGrant?) are taken at the end. The vocabulary is ``mappings.twilio_vocab``.

Rule ids are the audit's (``migrate/audit/rules.py`` describes each).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, ScopeProvider

from codemods.project_index import ExportKey, ModuleContext
from codemods.resolve import RESOLVER_METADATA, ClientRoot, Confidence, TwilioResolver
from mappings.twilio_vocab import (
    ACCESS_TOKEN,
    CALLBACK_PARAMS,
    CLIENT,
    GRANT_ATTRIBUTES,
    GRANT_PRODUCTS,
    GRANTS_MODULE,
    ITEM_OPERATIONS,
    LIST_OPERATIONS,
    OTHER_PRODUCTS,
    READ_METHODS,
    REQUEST_VALIDATOR,
    REST_EXCEPTION,
    SHIMMED,
    TOKEN_ATTRIBUTES,
    TOKEN_METHODS,
    TWIML_MODULE,
    VIDEO_CALLBACK_PARAMS,
    VIDEO_GRANT,
    VIDEO_HOST,
    VIDEO_RESOURCES,
    VIDEO_ROOTS,
    operation,
)

NOT_AFFECTED = "not-affected"
#: Subject of a ``py-rest-client`` whose Video calls are in the modules importing it.
SERVED = "exported"
#: Rules of REST calls to the Video API (a file with one uses its client for Video).
REST_RULES = frozenset(
    {"py-video-room", "py-video-participant", "py-video-resource", "py-raw-http"}
)


@dataclass(frozen=True)
class Touchpoint:
    """One match: a rule id, the node it is on, the rule's subject and the confidence."""

    rule_id: str
    node: cst.CSTNode
    subject: str = ""
    confidence: Confidence = "proven"

    @property
    def is_video(self) -> bool:
        """False for notes about other Twilio products."""
        return self.rule_id != NOT_AFFECTED


@dataclass
class _Token:
    """Grants added to one token expression in one scope."""

    grants: list[tuple[str, cst.Call, cst.CSTNode | None]] = field(default_factory=list)


def find_touchpoints(
    wrapper: MetadataWrapper, *, structural: bool = True, project: ModuleContext | None = None
) -> list[Touchpoint]:
    """The touchpoints of the module ``wrapper`` holds (see :class:`TouchpointFinder`)."""
    finder = TouchpointFinder(structural=structural, project=project)
    wrapper.visit(finder)
    return finder.touchpoints()


class TouchpointFinder(cst.CSTVisitor):
    """Collects touchpoints; call :meth:`touchpoints` after visiting the module."""

    METADATA_DEPENDENCIES = RESOLVER_METADATA

    def __init__(self, *, structural: bool = True, project: ModuleContext | None = None) -> None:
        super().__init__()
        self._structural = structural
        self._project = project
        self._module: cst.Module | None = None
        self._resolver: TwilioResolver | None = None
        self._hits: list[Touchpoint] = []
        self._clients: list[cst.Call] = []
        self._video_clients: set[ClientRoot] = set()
        #: Clients of this module that other modules import for Video.
        self._served_clients: set[cst.Call] = set()
        self._validators: list[cst.CSTNode] = []
        self._access_tokens: list[cst.CSTNode] = []
        self._token_uses: list[cst.CSTNode] = []
        self._video_grants: list[cst.CSTNode] = []
        self._other_grants: dict[cst.Call, str] = {}
        self._tokens: dict[tuple[int, str], _Token] = defaultdict(_Token)
        self._callback_reads: dict[int, list[tuple[str, cst.CSTNode]]] = defaultdict(list)
        self._docstrings: set[int] = set()
        self._imports: list[tuple[cst.CSTNode, list[str]]] = []
        self._tries: list[int] = []
        #: After :meth:`touchpoints`: the qualified names used for Video here.
        self.moved: set[str] = set()

    @property
    def resolver(self) -> TwilioResolver:
        assert self._resolver is not None, "visit_Module builds the resolver"
        return self._resolver

    @property
    def idle_clients(self) -> list[cst.Call]:
        """``Client(...)`` calls serving no Video call and no other Twilio product here."""
        if any(h.rule_id == NOT_AFFECTED and isinstance(h.node, cst.Call) for h in self._hits):
            return []
        return [c for c in self._clients if c not in self._video_clients]

    def _add(
        self, rule_id: str, node: cst.CSTNode, subject: str = "", confidence: Confidence = "proven"
    ) -> None:
        self._hits.append(Touchpoint(rule_id, node, subject, confidence))

    @property
    def used_exports(self) -> set[ExportKey]:
        """Exports of other project modules this one uses for proven Video calls."""
        return self.resolver.used

    def visit_Module(self, node: cst.Module) -> None:
        self._module = node
        self._resolver = TwilioResolver(
            node, self.get_metadata, structural=self._structural, project=self._project
        )

    # --- imports ---------------------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        modules = [get_full_name_for_node(a.name) or "" for a in node.names]
        self._imports.append((node, [m for m in modules if m in SHIMMED]))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = get_full_name_for_node(node.module) or ""
        if module.split(".")[0] == "twilio":
            names = [f"{module}.{get_full_name_for_node(a.name)}" for a in node.names]
            self._imports.append((node, names))

    # --- calls -----------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        names = self.resolver.qualified_names(node.func)
        if CLIENT in names:
            self._clients.append(node)
        elif REQUEST_VALIDATOR in names:
            self._validators.append(node)
        elif ACCESS_TOKEN in names:
            self._access_tokens.append(node)
        for qname in names:
            if qname.startswith(GRANTS_MODULE + "."):
                self._grant(node, qname.removeprefix(GRANTS_MODULE + "."))
            elif qname.startswith(TWIML_MODULE + "."):
                self._add(NOT_AFFECTED, node, "TwiML")
        if isinstance(node.func, cst.Attribute):
            self._method_call(node, node.func)

    def _grant(self, node: cst.Call, grant: str) -> None:
        if f"{GRANTS_MODULE}.{grant}" == VIDEO_GRANT:
            self._video_grants.append(node)
            self._add("py-video-grant", node)
        elif grant in GRANT_PRODUCTS:
            self._other_grants[node] = grant

    def _method_call(self, node: cst.Call, func: cst.Attribute) -> None:
        method = func.attr.value
        if method in TOKEN_METHODS and self._is_token(func.value):
            self._token_uses.append(node)
        if method == "add_grant" and node.args:
            self._add_grant(node, func.value, node.args[0].value)
        elif method in READ_METHODS and node.args:
            self._callback_key(node.args[0].value, node)
        if operation(method) is not None:
            self._operation(node)

    def _is_token(self, expr: cst.BaseExpression, qualified: str = ACCESS_TOKEN) -> bool:
        values = [expr, *self.resolver.bound_values(expr)]
        return any(
            isinstance(v, cst.Call) and qualified in self.resolver.qualified_names(v.func)
            for v in values
        )

    def visit_Assign(self, node: cst.Assign) -> None:
        # token.identity = ..., grant.room = ...
        for target in node.targets:
            attribute = target.target
            if not isinstance(attribute, cst.Attribute):
                continue
            name = attribute.attr.value
            if name in TOKEN_ATTRIBUTES and self._is_token(attribute.value):
                self._token_uses.append(attribute)
            elif name in GRANT_ATTRIBUTES and self._is_token(attribute.value, VIDEO_GRANT):
                self._add("py-video-grant", attribute)

    def _add_grant(
        self, node: cst.Call, token: cst.BaseExpression, grant: cst.BaseExpression
    ) -> None:
        call = grant
        if isinstance(grant, cst.Name):
            for value in self.resolver.bound_values(grant):
                if isinstance(value, cst.Call):
                    call = value
        if not isinstance(call, cst.Call):
            return
        for qname in self.resolver.qualified_names(call.func):
            if qname.startswith(GRANTS_MODULE + "."):
                scope = self.get_metadata(ScopeProvider, node, None)
                token_code = cst.Module([]).code_for_node(token)
                entry = self._tokens[(id(scope), token_code)]
                entry.grants.append((qname.removeprefix(GRANTS_MODULE + "."), call, node))

    def _operation(self, node: cst.Call) -> None:
        found = self.resolver.video_call(node)
        if (
            found is not None
            and found.chain
            and found.chain[0].name in VIDEO_ROOTS | VIDEO_RESOURCES
        ):
            names = [s.name for s in found.chain]
            self._video_call(node, names, found.confidence)
            if found.confidence == "proven":
                rooted = self.resolver.chain_client(node)
                if rooted is not None:
                    self._video_clients.add(rooted[0])
            return
        rooted = self.resolver.chain_client(node)
        if rooted is not None and rooted[1] and rooted[1][0] in OTHER_PRODUCTS:
            self._add(NOT_AFFECTED, node, OTHER_PRODUCTS[rooted[1][0]])

    def _video_call(self, node: cst.Call, names: Sequence[str], confidence: Confidence) -> None:
        op = operation(names[-1]) or names[-1]
        resources = list(names[:-1])
        if "anonymize" in resources:
            self._add("py-video-participant", node, "anonymize", confidence)
            return
        # rooms(sid).fetch().update(...): the resource is the last non-operation name.
        resources = [r for r in resources if operation(r) is None]
        resource = resources[-1] if resources else ""
        subject = "list" if op in LIST_OPERATIONS else op
        if resource == "rooms" and (subject == "list" or subject in ITEM_OPERATIONS):
            self._add("py-video-room", node, subject, confidence)
        elif resource == "participants" and subject in ("list", "fetch", "update"):
            self._add("py-video-participant", node, subject, confidence)
        elif resource in VIDEO_RESOURCES:
            self._add("py-video-resource", node, resource, confidence)
        elif resource in VIDEO_ROOTS:  # rooms.delete and the like: the closest catalog entry
            self._add("py-video-room", node, "update", confidence)

    # --- exceptions around Video calls -------------------------------------------------------
    def visit_Try(self, node: cst.Try) -> None:
        self._tries.append(len(self._hits))

    def leave_Try(self, original_node: cst.Try) -> None:
        start = self._tries.pop()
        if not any(hit.rule_id in REST_RULES for hit in self._hits[start:]):
            return
        for handler in original_node.handlers:
            if handler.type is not None and self._catches_rest_error(handler.type):
                self._add("py-rest-exception", handler)

    def _catches_rest_error(self, expr: cst.BaseExpression) -> bool:
        parts = [e.value for e in expr.elements] if isinstance(expr, cst.Tuple) else [expr]
        return any(REST_EXCEPTION in self.resolver.qualified_names(part) for part in parts)

    # --- status callbacks --------------------------------------------------------------------
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

    # --- raw HTTP ----------------------------------------------------------------------------
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

    # --- results -----------------------------------------------------------------------------
    def touchpoints(self) -> list[Touchpoint]:
        """Every touchpoint, including the ones that need the whole file to decide."""
        self._finish_grants()
        self._finish_callbacks()
        video = any(hit.is_video for hit in self._hits)
        rest_video = any(hit.rule_id in REST_RULES for hit in self._hits)
        for client in self._clients:
            if client in self._video_clients:
                subject = SERVED if client in self._served_clients else ""
                self._add("py-rest-client", client, subject)
        if video:
            for node in self._validators:
                self._add("py-request-validator", node)
        if self._video_grants:
            for node in [*self._access_tokens, *self._token_uses]:
                self._add("py-access-token", node)
        self._finish_imports(video=video, rest_video=rest_video)
        return self._hits

    def video_names(self, *, video: bool) -> set[str]:
        """Qualified twilio names this module uses for Video (what shim mode moves)."""
        moved = {VIDEO_GRANT}
        if self._video_grants:
            moved |= {ACCESS_TOKEN, GRANTS_MODULE}
        structural_rest = any(
            h.rule_id in REST_RULES and h.confidence == "structural" for h in self._hits
        )
        other_products = any(h.rule_id == NOT_AFFECTED for h in self._hits)
        # A Client imported for type hints or built elsewhere, in a file whose untraced
        # receivers make Video calls, is the Video client.
        if self._video_clients or (structural_rest and not other_products):
            moved.add(CLIENT)
        if video:
            moved |= {REST_EXCEPTION, REQUEST_VALIDATOR}
        return moved

    def _finish_imports(self, *, video: bool, rest_video: bool) -> None:
        moved = self.video_names(video=video)
        self.moved = moved
        for node, names in self._imports:
            if isinstance(node, cst.Import):
                # import twilio.rest: Video when this file is (its names are reached dotted).
                if names and video:
                    self._add("py-import", node, names[0])
                continue
            for name in names:
                if name in moved or name == VIDEO_GRANT:
                    self._add("py-import", node, name.rpartition(".")[2])
                    break

    def leave_Module(self, original_node: cst.Module) -> None:
        self._finish_served()

    def _finish_served(self) -> None:
        # A client other modules import for Video is this module's Video client (decided
        # while the metadata is still there).
        if self._project is None or not self._project.served or self._module is None:
            return
        for path in sorted(self._project.served):
            for root in self.resolver.export_roots(self._module, path):
                if isinstance(root, cst.Call) and root not in self._video_clients:
                    self._served_clients.add(root)
                self._video_clients.add(root)

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
                self._add(NOT_AFFECTED, call, f"{GRANT_PRODUCTS[grant]} ({grant})")

    def _finish_callbacks(self) -> None:
        for reads in self._callback_reads.values():
            if any(param in VIDEO_CALLBACK_PARAMS for param, _ in reads):
                for param, node in reads:
                    self._add("py-status-callback", node, param)
