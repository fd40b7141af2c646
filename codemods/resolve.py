"""Find twilio clients and Video call chains: the one resolver of the audit and the rewrite.

Resolution works on LibCST's ``ScopeProvider`` (qualified names for imports and aliases,
which assignment a name refers to), so ``TwilioClient(...)``,
``self.client``, ``make_client()``, ``rooms = client.video.v1.rooms`` and the deprecated
``client.video.rooms`` all resolve to the same Video call: its confidence is ``proven``.

A client (or Video handle) another module of the project hands out, such as
``from extensions.twilio import client`` or ``from .twilio import get_client``, is
proven too when the run's :class:`~codemods.project_index.ProjectIndex` knows that
module; the exports read that way are collected in :attr:`TwilioResolver.used`.

When the receiver cannot be traced to a ``twilio.rest.Client`` (a constructor parameter,
a dependency-injection container, a module the index does not know), the Video
resource chain itself decides: ``x.video.rooms.create(...)``, ``x.video.v1.rooms(...)``,
or an operation on a resource only Video has (``x.rooms(sid).recording_rules.update``).
Such a call is Video with confidence ``structural``; callers allow the fallback only in
code that depends on twilio.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import libcst as cst
from libcst.metadata import (
    Assignment,
    GlobalScope,
    ProviderT,
    QualifiedName,
    ScopeProvider,
)

from codemods import libcst_speed
from codemods.project_index import Export, ExportKey, ModuleContext

if TYPE_CHECKING:  # the audit's scanner never loads LibCST's codemod machinery
    from libcst.codemod import CodemodContext
from mappings.twilio_vocab import CLIENT, DISTINCTIVE_RESOURCES, VIDEO_ROOTS, operation

TWILIO_CLIENT = CLIENT
Confidence = Literal["proven", "structural"]
#: What may stand beside the dot of an attribute (``client .video``, a ``\\`` line break,
#: a comment inside brackets), for the commands' regex pre-filters. A comment must end its
#: line here, which keeps the pattern free of backtracking on ``####`` banners.
GAP = r"(?:\s|\\|#[^\n]*\n)*"

#: ``CodemodContext.scratch`` key of the file's :class:`ModuleContext` (set by the pipeline).
PROJECT_KEY = "twilio2zoom.project"

#: The metadata every user of :class:`TwilioResolver` must declare.
#: Qualified names are asked of the scope for the few nodes the resolver looks at, not
#: computed for every node as ``QualifiedNameProvider`` does (a third of the scan's time).
RESOLVER_METADATA: tuple[ProviderT, ...] = (ScopeProvider,)
# Its providers are batched visitors: their method tables are built once per class.
libcst_speed.install()

_T = TypeVar("_T")
MetadataGetter = Callable[..., Any]


@dataclass(frozen=True)
class Segment:
    """One step of a Video call chain: an attribute, and the call applied to it if any."""

    name: str
    call: cst.Call | None = None

    @property
    def args(self) -> Sequence[cst.Arg]:
        """Arguments of the call on this segment (empty when not called)."""
        return self.call.args if self.call is not None else ()


#: A chain below ``client.video`` (``v1`` dropped), e.g. ``rooms(sid) -> participants``.
Chain = tuple[Segment, ...]


@dataclass(frozen=True)
class ImportedClient:
    """A client (or Video handle) that another module of the project hands out."""

    export: Export


#: Where a client comes from: its ``Client(...)`` call here, or another module's export.
ClientRoot = cst.Call | ImportedClient


@dataclass(frozen=True)
class VideoCall:
    """A Video chain and how sure the resolver is of it."""

    chain: Chain
    confidence: Confidence


def project_of(context: CodemodContext) -> ModuleContext | None:
    """The project context a codemod run was given, if any."""
    found = context.scratch.get(PROJECT_KEY)
    return found if isinstance(found, ModuleContext) else None


class _BindingCollector(cst.CSTVisitor):
    """Records what each simple assignment, ``self.x =`` assignment and ``return`` holds."""

    def __init__(self) -> None:
        self.values: dict[cst.Name, cst.BaseExpression] = {}
        self.self_attrs: dict[str, list[cst.BaseExpression]] = {}
        self.returns: dict[cst.FunctionDef, list[cst.BaseExpression]] = {}
        self._functions: list[cst.FunctionDef] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(node)
        self.returns.setdefault(node, [])

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if self._functions and node.value is not None:
            self.returns[self._functions[-1]].append(node.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._record(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._record(node.target, node.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        # Class attributes are read back through self.<name>.
        for statement in node.body.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Assign | cst.AnnAssign) and small.value is not None:
                        targets = (
                            [t.target for t in small.targets]
                            if isinstance(small, cst.Assign)
                            else [small.target]
                        )
                        for target in targets:
                            if isinstance(target, cst.Name):
                                self.self_attrs.setdefault(target.value, []).append(small.value)

    def _record(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self.values[target] = value
        elif isinstance(target, cst.Attribute) and _is_self(target.value):
            self.self_attrs.setdefault(target.attr.value, []).append(value)


_MAX_DEPTH = 32


def _getattr(call: cst.Call) -> tuple[cst.BaseExpression, str] | None:
    """``(obj, "name")`` for ``getattr(obj, "name")`` with a literal name."""
    if (
        isinstance(call.func, cst.Name)
        and call.func.value == "getattr"
        and len(call.args) == 2
        and isinstance(call.args[1].value, cst.SimpleString)
    ):
        name = call.args[1].value.evaluated_value
        if isinstance(name, str) and name.isidentifier():
            return call.args[0].value, name
    return None


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _is_self(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value in {"self", "cls"}


class TwilioResolver:
    """Answers "is this a twilio client?" and "which Video call is this?" for one module.

    ``get_metadata`` is the owning visitor's ``get_metadata``; the visitor must declare
    :data:`RESOLVER_METADATA`.
    """

    def __init__(
        self,
        module: cst.Module,
        get_metadata: MetadataGetter,
        *,
        structural: bool = True,
        project: ModuleContext | None = None,
    ) -> None:
        self._get = get_metadata
        self._project = project
        #: Exports of other modules this one uses for proven Video calls.
        self.used: set[ExportKey] = set()
        self._exports: dict[int, Export | None] = {}
        bindings = _BindingCollector()
        module.visit(bindings)
        self._bindings = bindings
        self._in_progress: set[tuple[int, str]] = set()
        self._qualified: dict[cst.CSTNode, frozenset[str]] = {}
        #: Whether receivers that cannot be traced may still be Video (see the module doc).
        self.structural = structural and (project is None or project.structural)

    # --- names -------------------------------------------------------------------
    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        """Fully qualified names ``node`` may refer to (imports and aliases resolved)."""
        # What QualifiedNameProvider would store for ``node``, computed once on demand.
        found = self._qualified.get(node)
        if found is None:
            scope = self._get(ScopeProvider, node, None)
            names: Collection[QualifiedName] = scope.get_qualified_names_for(node) if scope else ()
            found = self._qualified[node] = frozenset(q.name for q in names)
        return set(found)

    def referents(self, name: cst.Name) -> list[cst.CSTNode]:
        """The nodes that bind ``name`` in its scope: targets, functions, imports."""
        scope = self._get(ScopeProvider, name, None)
        if scope is None:
            return []
        return [a.node for a in scope[name.value] if isinstance(a, Assignment)]

    def bound_values(self, expr: cst.BaseExpression) -> list[cst.BaseExpression]:
        """Values a name or ``self.attr`` was assigned, in source order."""
        if isinstance(expr, cst.Name):
            found = []
            for node in self.referents(expr):
                if isinstance(node, cst.Name) and node in self._bindings.values:
                    found.append(self._bindings.values[node])
            return found
        if isinstance(expr, cst.Attribute) and _is_self(expr.value):
            return list(self._bindings.self_attrs.get(expr.attr.value, ()))
        return []

    # --- clients -----------------------------------------------------------------
    def is_client(self, expr: cst.BaseExpression) -> bool:
        """True when ``expr`` evaluates to a ``twilio.rest.Client``."""
        return self._guarded(expr, self._is_client, default=False)

    def _is_client(self, expr: cst.BaseExpression) -> bool:
        return self.client_root(expr) is not None

    def client_root(self, expr: cst.BaseExpression) -> ClientRoot | None:
        """The ``Client(...)`` call ``expr`` evaluates to (through names, self, factories),
        or the export of another project module it reads."""
        return self._guarded(expr, self._client_root, default=None)

    # --- other modules of the project --------------------------------------------------
    def export(self, expr: cst.BaseExpression) -> Export | None:
        """The export of another project module ``expr`` reads, if the index knows it.

        ``client`` / ``tw.client`` (imported names and modules), and ``Service().client``
        or ``svc.client`` with ``svc = Service()`` for a class that module exports.
        """
        project = self._project
        if project is None or not project.index or not isinstance(expr, cst.Name | cst.Attribute):
            return None
        if id(expr) not in self._exports:  # asked again for every chain through it
            self._exports[id(expr)] = self._find_export(expr, project)
        return self._exports[id(expr)]

    def _find_export(self, expr: cst.Name | cst.Attribute, project: ModuleContext) -> Export | None:
        for qualified in self.qualified_names(expr):
            found = project.index.lookup(project.rel, qualified)
            if found is not None:
                return found
        if isinstance(expr, cst.Attribute):
            owner: cst.BaseExpression = expr.value
            if isinstance(owner, cst.Name):
                values = self.bound_values(owner)
                owner = values[0] if len(values) == 1 else owner
            if isinstance(owner, cst.Call):
                for qualified in self.qualified_names(owner.func):
                    found = project.index.lookup(project.rel, f"{qualified}.{expr.attr.value}")
                    if found is not None:
                        return found
        return None

    def _imported(self, expr: cst.BaseExpression, *kinds: str) -> ImportedClient | None:
        found = self.export(expr)
        return ImportedClient(found) if found is not None and found.kind in kinds else None

    def _client_root(self, expr: cst.BaseExpression) -> ClientRoot | None:
        if isinstance(expr, cst.Await):
            return self.client_root(expr.expression)
        if isinstance(expr, cst.IfExp):
            # client = Client(...) if configured else None
            return self.client_root(expr.body) or self.client_root(expr.orelse)
        if isinstance(expr, cst.Call):
            if TWILIO_CLIENT in self.qualified_names(expr.func):
                return expr
            factory = self._imported(expr.func, "factory")
            if factory is not None:
                return factory
            for node in self._callee_defs(expr.func):
                for value in self._bindings.returns.get(node, ()):
                    found = self.client_root(value)
                    if found is not None:
                        return found
            return None
        imported = self._imported(expr, "client")
        if imported is not None:
            return imported
        # A name set to a client on one path and to None on others is still a client.
        values = [v for v in self.bound_values(expr) if not _is_none(v)]
        roots = [self.client_root(value) for value in values]
        if roots and all(root is not None for root in roots):
            return roots[0]
        return None

    def arguments(
        self, call: cst.Call, positional: Sequence[str] = ()
    ) -> dict[str, cst.BaseExpression] | None:
        """Arguments of ``call`` by parameter name, or None when they cannot be known.

        Positional arguments take the names in ``positional``; ``**options`` is followed
        to a dict literal (inline or bound to a name). ``*args`` or an unknown ``**``
        mapping make the call unresolvable.
        """
        found: dict[str, cst.BaseExpression] = {}
        for index, arg in enumerate(call.args):
            if arg.keyword is not None:
                found[arg.keyword.value] = arg.value
            elif arg.star == "**":
                options = self._dict_literal(arg.value)
                if options is None:
                    return None
                found.update(options)
            elif arg.star == "" and index < len(positional):
                found[positional[index]] = arg.value
            else:
                return None
        return found

    def _dict_literal(self, expr: cst.BaseExpression) -> dict[str, cst.BaseExpression] | None:
        values = self.bound_values(expr) if isinstance(expr, cst.Name) else [expr]
        if len(values) != 1:
            return None
        literal = values[0]
        if isinstance(literal, cst.Call) and self.qualified_names(literal.func) == {
            "builtins.dict"
        }:
            return self.arguments(literal)
        if not isinstance(literal, cst.Dict):
            return None
        found: dict[str, cst.BaseExpression] = {}
        for element in literal.elements:
            if not (
                isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString)
            ):
                return None
            found[str(element.key.evaluated_value)] = element.value
        return found

    def _callee_defs(self, func: cst.BaseExpression) -> Iterator[cst.FunctionDef]:
        if isinstance(func, cst.Name):
            for node in self.referents(func):
                if isinstance(node, cst.FunctionDef):
                    yield node

    def export_roots(self, module: cst.Module, path: str) -> list[ClientRoot]:
        """The clients behind ``path``, an export of this module (``client``,
        ``get_client``, ``Service.client``, ``rooms``), as the project index names it."""
        head, _, attribute = path.partition(".")
        values: list[cst.BaseExpression] = []
        for statement in module.body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value == head:
                values += [] if attribute else self._bindings.returns.get(statement, [])
            elif isinstance(statement, cst.ClassDef) and statement.name.value == head:
                values += self._bindings.self_attrs.get(attribute, [])
                for method in statement.body.body:
                    if isinstance(method, cst.FunctionDef) and method.name.value == attribute:
                        values += self._bindings.returns.get(method, [])
            elif not attribute:
                values += [
                    value
                    for target, value in self._bindings.values.items()
                    if target.value == head and self._is_global(target)
                ]
        roots: list[ClientRoot] = []
        for value in values:
            rooted = self.chain_client(value)
            if rooted is not None and rooted[0] not in roots:
                roots.append(rooted[0])
        return roots

    def _is_global(self, name: cst.Name) -> bool:
        return isinstance(self._get(ScopeProvider, name, None), GlobalScope)

    def video_accesses(self, module: cst.Module) -> bool:
        """True when ``module`` reads ``.video`` on a twilio client anywhere."""
        finder = _VideoAttributeFinder(self)
        module.visit(finder)
        return finder.found

    # --- Video chains --------------------------------------------------------------
    def video_chain(self, expr: cst.BaseExpression) -> Chain | None:
        """The Video call chain ``expr`` denotes, or None when it is not Twilio Video.

        ``client.video`` and ``client.video.v1`` give ``()``; the deprecated shortcuts
        (``client.video.rooms``) resolve like their ``v1`` forms.
        """
        return self._guarded(expr, self._video_chain, default=None)

    def chain_client(self, expr: cst.BaseExpression) -> tuple[ClientRoot, list[str]] | None:
        """The ``Client(...)`` an attribute/call chain starts from, and the names after it.

        ``client.messages.create`` -> ``(Client(...), ["messages", "create"])``; None when
        the chain does not start at a proven client. A Video handle another module
        exports counts as the start of its chain.
        """
        names: list[str] = []
        current: cst.BaseExpression = expr
        for _ in range(_MAX_DEPTH):
            root = self.client_root(current) or self._imported(current, "video")
            if root is not None:
                return root, names[::-1]
            if isinstance(current, cst.Await):
                current = current.expression
            elif isinstance(current, cst.Attribute):
                names.append(current.attr.value)
                current = current.value
            elif isinstance(current, cst.Call):
                dynamic = _getattr(current)
                if dynamic is not None:
                    names.append(dynamic[1])
                current = current.func if dynamic is None else dynamic[0]
            else:
                values = self.bound_values(current)
                if len(values) != 1:
                    return None
                current = values[0]
        return None

    def video_call(self, expr: cst.BaseExpression) -> VideoCall | None:
        """The Video call ``expr`` denotes with its confidence, or None when it is not Video."""
        chain = self.video_chain(expr)
        if chain is not None:
            if self._project is not None and self._project.index:
                rooted = self.chain_client(expr)
                if rooted is not None and isinstance(rooted[0], ImportedClient):
                    self.used.update(rooted[0].export.keys)
            return VideoCall(chain, "proven")
        if not self.structural:
            return None
        found = self._guarded(expr, self._structural_chain, default=None)
        return None if found is None else VideoCall(found, "structural")

    def _structural_chain(self, expr: cst.BaseExpression) -> Chain | None:
        segments = self._segments(expr)
        if not segments or segments[-1].call is None or operation(segments[-1].name) is None:
            return None
        names = [s.name for s in segments]
        for index, name in enumerate(names[:-1]):
            if name != "video":
                continue
            start = index + 2 if names[index + 1 : index + 2] == ["v1"] else index + 1
            if start < len(names) - 1 and names[start] in VIDEO_ROOTS:
                return tuple(segments[start:])
        for index, name in enumerate(names[:-1]):
            if name in DISTINCTIVE_RESOURCES:
                roots = [i for i in range(index) if names[i] in VIDEO_ROOTS]
                return tuple(segments[roots[0] if roots else index :])
        return None

    def _segments(self, expr: cst.BaseExpression, depth: int = 0) -> list[Segment]:
        """``a.b(x).c()`` as segments from its root, through names bound to such chains."""
        if depth > _MAX_DEPTH:
            return []
        if isinstance(expr, cst.Await):
            return self._segments(expr.expression, depth + 1)
        if isinstance(expr, cst.Attribute):
            return [*self._segments(expr.value, depth + 1), Segment(expr.attr.value)]
        if isinstance(expr, cst.Call):
            dynamic = _getattr(expr)
            if dynamic is not None:
                return [*self._segments(dynamic[0], depth + 1), Segment(dynamic[1])]
            base = self._segments(expr.func, depth + 1)
            if not base or base[-1].call is not None:
                return []
            return [*base[:-1], Segment(base[-1].name, expr)]
        values = self.bound_values(expr)
        if len(values) == 1 and isinstance(values[0], cst.Attribute | cst.Call):
            return self._segments(values[0], depth + 1)
        return []

    def _video_chain(self, expr: cst.BaseExpression) -> Chain | None:
        if isinstance(expr, cst.Await):
            return self.video_chain(expr.expression)
        handle = self._imported(expr, "video")
        if handle is not None:  # rooms = client.video.v1.rooms in another module
            return tuple(Segment(name) for name in handle.export.chain)
        if isinstance(expr, cst.Attribute):
            if expr.attr.value == "video" and self.is_client(expr.value):
                return ()
            base = self.video_chain(expr.value)
            if base is None:
                return None
            if not base and expr.attr.value == "v1":
                return ()
            return (*base, Segment(expr.attr.value))
        if isinstance(expr, cst.Call):
            dynamic = _getattr(expr)
            if dynamic is not None:  # getattr(client.video.v1, "rooms")
                value, name = dynamic
                return self._video_chain(cst.Attribute(value=value, attr=cst.Name(name)))
            base = self.video_chain(expr.func)
            if not base or base[-1].call is not None:
                return None
            return (*base[:-1], Segment(base[-1].name, expr))
        values = self.bound_values(expr)
        if len(values) == 1:
            return self.video_chain(values[0])
        return None

    def _guarded(
        self,
        expr: cst.BaseExpression,
        resolve: Callable[[cst.BaseExpression], _T],
        *,
        default: _T,
    ) -> _T:
        # Recursive bindings (x = f(x)) must not loop forever.
        key = (id(expr), resolve.__name__)
        if key in self._in_progress:
            return default
        self._in_progress.add(key)
        try:
            return resolve(expr)
        finally:
            self._in_progress.discard(key)


class _VideoAttributeFinder(cst.CSTVisitor):
    def __init__(self, resolver: TwilioResolver) -> None:
        self.found = False
        self._resolver = resolver

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if not self.found and node.attr.value == "video" and self._resolver.is_client(node.value):
            self.found = True
        return not self.found
