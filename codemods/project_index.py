"""Which modules of a project hand out twilio clients: the resolver's view across files.

A client built in ``extensions/twilio.py`` (``client = Client(sid, token)``, a factory
``def get_client(): return Client(...)``, a class attribute, or a Video handle such as
``rooms = client.video.v1.rooms``) and imported elsewhere is proven twilio there too.
The index is built once per run, before any file is resolved, by a light pass over the
files that mention twilio: the stdlib ``ast`` (C speed) reads the modules whose bytes
could define a client or re-export one, and keeps names only, never trees.

Imports are resolved against the tree itself rather than a guessed root: a relative
import by its path, an absolute ``a.b.c`` by the module files whose path ends in
``a/b/c.py`` or ``a/b/c/__init__.py`` (``src/`` layouts, plain folders and monorepos
alike), the one nearest the importing file winning when several do.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from mappings.twilio_vocab import CLIENT, FILE_MARKERS

Kind = Literal["client", "factory", "video"]
#: ``(module key, export path)``: ``("app/extensions/twilio", "get_client")``.
ExportKey = tuple[str, str]

_MARKERS = tuple(marker.encode() for marker in FILE_MARKERS)
# A module can define a client only if it imports twilio's; it can re-export or wrap one
# only if it imports a project module (relative, or a name holding "wilio"). Plain byte
# searches first: the regular expressions only confirm.
_DEFINES = (b"from twilio import", b"from twilio.rest import", b"import twilio")
# Matched only where ``from``/``import`` opens a line: finding those words first is four
# times faster than a multi-line ``^`` pattern, which is tried at every byte.
_IMPORTS_PROJECT = re.compile(rb"from[ \t]+\.|(?:from|import)[ \t]+(?!twilio\b)[\w.]*[Ww]ilio")
_MAX_ROUNDS = 8
_NEAR_MISSES = 32


@dataclass(frozen=True)
class Export:
    """A twilio object a module hands out.

    ``kind`` says what reading ``path`` gives: a client, a callable returning one, or a
    Video handle whose chain below ``client.video`` is ``chain``. ``via`` lists the
    exports of other modules it was built from (the origin of a re-export).
    """

    module: str
    path: str
    kind: Kind
    chain: tuple[str, ...] = ()
    via: tuple[ExportKey, ...] = ()

    @property
    def keys(self) -> tuple[ExportKey, ...]:
        """This export and every export it comes from."""
        return ((self.module, self.path), *self.via)


# What a module-level binding evaluates to before other modules are known:
# ("client"|"factory", ()) or ("video", chain), or ("ref"|"call", qualified name, trail).
_Origin = tuple[str, str, tuple[str, ...]]


@dataclass(frozen=True)
class ModuleFacts:
    """What the light pass learnt about one module (small and picklable)."""

    rel: str
    origins: tuple[tuple[str, _Origin], ...]


def module_key(rel: str) -> str:
    """``a/b/__init__.py`` -> ``a/b``; ``a/b/c.py`` -> ``a/b/c``."""
    key = rel.removesuffix(".py")
    return key.removesuffix("/__init__") if key != "__init__" else ""


#: In a file that never says twilio, what a Video call through an imported client shows
#: (the one byte search runs on every Python file of the tree, so it is one).
_VIDEO_USE = re.compile(rb"\.[ \t]*video\b")


def video_use(data: bytes) -> bool:
    """Whether ``data`` reads a ``.video`` attribute (a byte search first)."""
    return b"video" in data and bool(_VIDEO_USE.search(data))


def mentions_twilio(data: bytes) -> bool:
    """True when ``data`` holds a twilio marker (the audit's and the rewrite's first cut)."""
    return any(marker in data for marker in _MARKERS)


def needs_reading(data: bytes) -> bool:
    """Whether the light pass parses this source (it could define or re-export a client)."""
    if not mentions_twilio(data):
        return False
    if b"Client" in data and any(needle in data for needle in _DEFINES):
        return True
    return any(_imports_project(data, keyword) for keyword in (b"from", b"import"))


def _imports_project(data: bytes, keyword: bytes) -> bool:
    at = data.find(keyword)
    while at != -1:
        start = data.rfind(b"\n", 0, at) + 1
        if not data[start:at].strip(b" \t") and _IMPORTS_PROJECT.match(data, at):
            return True
        at = data.find(keyword, at + len(keyword))
    return False


def module_facts(rel: str, data: bytes) -> ModuleFacts | None:
    """The exports a module defines or re-exports; None when it has none (or no parse)."""
    if not needs_reading(data):
        return None
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError):
        return None
    origins = tuple(_Extractor(tree).exports())
    return ModuleFacts(rel, origins) if origins else None


class _Extractor:
    """Evaluates a module's top-level bindings to client / factory / Video / pending."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.imports: dict[str, str] = {}
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.classes: dict[str, ast.ClassDef] = {}
        self.globals: dict[str, list[ast.expr]] = {}
        for statement in tree.body:
            self._top(statement)
        self._locals: dict[int, dict[str, list[ast.expr]]] = {}
        self._returned: dict[int, _Origin | None] = {}
        self._busy: set[int] = set()
        # "global x" then "x = Client(...)" in a module-level function.
        for function in self.functions.values():
            declared = {n for s in ast.walk(function) if isinstance(s, ast.Global) for n in s.names}
            for target, value in _assignments(function) if declared else ():
                if isinstance(target, ast.Name) and target.id in declared:
                    self.globals.setdefault(target.id, []).append(value)

    def _top(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.imports[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    self.imports[head] = head
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name != "*":
                    sep = "" if base.endswith(".") else "."
                    self.imports[alias.asname or alias.name] = f"{base}{sep}{alias.name}"
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.functions[node.name] = node
        elif isinstance(node, ast.ClassDef):
            self.classes[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target, value in _assignments(node):
                if isinstance(target, ast.Name):
                    self.globals.setdefault(target.id, []).append(value)
        elif isinstance(node, ast.If | ast.Try):  # try: client = Client(...) except ...
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    self._top(child)
                elif isinstance(child, ast.ExceptHandler):
                    for inner in child.body:
                        self._top(inner)

    def exports(self) -> Iterator[tuple[str, _Origin]]:
        for name in self.imports:
            origin = self._name(name, {})
            # Re-exports of other project modules; twilio's own Client class, which
            # twilio's package and type hints import everywhere, is not one.
            if origin is not None and origin[0] == "ref":
                yield name, origin
        for name in self.globals:
            origin = self._name(name, {})
            if origin is not None:
                yield name, origin
        for name, function in self.functions.items():
            origin = self._returns(function)
            if origin is not None:
                yield name, origin
        for name, cls in self.classes.items():
            yield from self._class(name, cls)

    def _class(self, name: str, cls: ast.ClassDef) -> Iterator[tuple[str, _Origin]]:
        seen: set[str] = set()
        for node in cls.body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                for target, value in _assignments(node):
                    origin = self._expr(value, {})
                    if isinstance(target, ast.Name) and origin and target.id not in seen:
                        seen.add(target.id)
                        yield f"{name}.{target.id}", origin
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                returned = self._returns(node)
                if returned is not None:
                    yield f"{name}.{node.name}", returned
                local = self._function_locals(node)
                for target, value in _assignments(node):
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                        and target.attr not in seen
                    ):
                        origin = self._expr(value, local)
                        if origin is not None:
                            seen.add(target.attr)
                            yield f"{name}.{target.attr}", origin

    def _returns(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> _Origin | None:
        key = id(function)
        if key not in self._returned:
            self._returned[key] = None  # a recursive factory: not known while it is read
            self._returned[key] = self._evaluate_returns(function)
        return self._returned[key]

    def _function_locals(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> dict[str, list[ast.expr]]:
        key = id(function)
        if key not in self._locals:
            self._locals[key] = _locals(function)
        return self._locals[key]

    def _evaluate_returns(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> _Origin | None:
        local = self._function_locals(function)
        for node in ast.walk(function):
            if isinstance(node, ast.Return) and node.value is not None:
                origin = self._expr(node.value, local)
                if origin is None:
                    continue
                kind, name, trail = origin
                if kind == "client":
                    return ("factory", "", ())
                if kind in ("ref", "call") and not trail:
                    # return imported_client / return imported_factory(): pending.
                    return ("ret-" + kind, name, ())
        return None

    def _name(self, name: str, local: Mapping[str, list[ast.expr]]) -> _Origin | None:
        if name in local:
            values = [v for v in local[name] if not _is_none(v)]
        elif name in self.globals:
            values = [v for v in self.globals[name] if not _is_none(v)]
        elif name in self.imports:
            qualified = self.imports[name]
            if qualified == CLIENT:
                return ("factory", "", ())
            return ("ref", qualified, ())
        else:
            return None
        origins = [self._expr(v, {} if name not in local else local) for v in values]
        if origins and all(o is not None and o == origins[0] for o in origins):
            return origins[0]
        return None

    def _expr(self, expr: ast.expr, local: Mapping[str, list[ast.expr]]) -> _Origin | None:
        if id(expr) in self._busy:
            return None
        self._busy.add(id(expr))
        try:
            return self._evaluate(expr, local)
        finally:
            self._busy.discard(id(expr))

    def _evaluate(self, expr: ast.expr, local: Mapping[str, list[ast.expr]]) -> _Origin | None:
        if isinstance(expr, ast.Await):
            return self._expr(expr.value, local)
        if isinstance(expr, ast.IfExp):
            return self._expr(expr.body, local) or self._expr(expr.orelse, local)
        if isinstance(expr, ast.Name):
            return self._name(expr.id, local)
        if isinstance(expr, ast.Call):
            func = expr.func
            if (
                isinstance(func, ast.Name)
                and func.id in self.functions
                and func.id not in local
                and func.id not in self.globals
            ):
                return _called(self._returns(self.functions[func.id]))
            return _called(self._expr(func, local))
        if isinstance(expr, ast.Attribute):
            base = self._expr(expr.value, local)
            if base is None:
                return None
            kind, name, trail = base
            if kind == "client" and expr.attr == "video":
                return ("video", "", ())
            if kind == "video":
                if not trail and expr.attr == "v1":
                    return base
                return ("video", "", (*trail, expr.attr))
            if kind == "ref":
                return ("ref", name, (*trail, expr.attr))
            return None
        return None


def _called(callee: _Origin | None) -> _Origin | None:
    if callee is None:
        return None
    kind, name, trail = callee
    if kind == "factory":
        return ("client", "", ())
    if kind == "ref" and not trail:
        return ("call", name, ())
    if kind == "ref":
        # module.make_client() / module.Client(...) reached through an imported module
        qualified = ".".join((name, *trail))
        if qualified == CLIENT:
            return ("client", "", ())
        return ("call", qualified, ())
    if kind == "ret-ref":
        return ("ref", name, ())
    if kind == "ret-call":
        return ("call", name, ())
    return None


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _assignments(node: ast.AST) -> Iterator[tuple[ast.expr, ast.expr]]:
    for child in ast.walk(node):
        if isinstance(child, ast.Assign):
            for target in child.targets:
                yield target, child.value
        elif isinstance(child, ast.AnnAssign) and child.value is not None:
            yield child.target, child.value


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, list[ast.expr]]:
    declared = {n for s in ast.walk(function) if isinstance(s, ast.Global) for n in s.names}
    found: dict[str, list[ast.expr]] = {}
    for target, value in _assignments(function):
        if isinstance(target, ast.Name) and target.id not in declared:
            found.setdefault(target.id, []).append(value)
    return found


@dataclass
class ProjectIndex:
    """Every export of the project's twilio modules, looked up from an importing file."""

    exports: dict[str, dict[str, Export]] = field(default_factory=dict)
    #: Module key -> its file (relative posix path).
    files: dict[str, str] = field(default_factory=dict)
    #: Exports that other modules use for Video through their own exports.
    served: dict[str, set[str]] = field(default_factory=dict)
    _by_tail: dict[str, list[str]] = field(default_factory=dict)
    _names: re.Pattern[bytes] | None = field(default=None, repr=False, compare=False)
    _tails: tuple[bytes, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_facts(cls, facts: Iterable[ModuleFacts]) -> ProjectIndex:
        """Resolve every module's pending re-exports against the others (names only)."""
        index = cls()
        pending: dict[str, list[tuple[str, _Origin]]] = {}
        for fact in facts:
            key = module_key(fact.rel)
            index.files[key] = fact.rel
            index._by_tail.setdefault(key.rsplit("/", 1)[-1], []).append(key)
            pending[key] = list(fact.origins)
            index.exports[key] = {}
            for path, (kind, _, trail) in fact.origins:
                if kind in ("client", "factory", "video"):
                    index.exports[key][path] = Export(key, path, kind, trail)  # type: ignore[arg-type]
        for _ in range(_MAX_ROUNDS):
            if not index._resolve_round(pending):
                break
        index.exports = {k: v for k, v in index.exports.items() if v}
        index.files = {k: v for k, v in index.files.items() if k in index.exports}
        return index

    def _resolve_round(self, pending: dict[str, list[tuple[str, _Origin]]]) -> bool:
        changed = False
        for key, origins in pending.items():
            for path, (kind, name, trail) in origins:
                if kind not in ("ref", "call", "ret-ref", "ret-call") or path in self.exports[key]:
                    continue
                # tw.client.video.rooms after "import app.twilio as tw": the longest
                # prefix naming an export is the export, the rest is read on it.
                target, rest = None, trail
                for cut in range(len(trail), -1, -1):
                    qualified = ".".join((name, *trail[:cut]))
                    target = self._lookup(self.files[key], qualified, exclude=key)
                    if target is not None:
                        rest = trail[cut:]
                        break
                found = _derive(key, path, kind, rest, target)
                if found is not None:
                    self.exports[key][path] = found
                    changed = True
                    if found.kind == "video" and target is not None and target.kind != "video":
                        for origin_key, origin_path in target.keys:
                            self.served.setdefault(origin_key, set()).add(origin_path)
        return changed

    def __bool__(self) -> bool:
        return bool(self.exports)

    def named_in(self, data: bytes) -> bool:
        """False when ``data`` cannot import an export: an import resolves to a module of
        the index only through that module's own name (``from .twilio import client``,
        ``import app.twilio as tw``), so a source without any such word imports none. A
        byte search, so most modules of a large tree are never parsed for their imports."""
        if self._names is None:
            self._tails = tuple(sorted({k.rsplit("/", 1)[-1].encode() for k in self.exports if k}))
            words = b"|".join(re.escape(t) for t in self._tails)
            self._names = re.compile(rb"\b(?:" + words + rb")\b")
        for tail in self._tails:
            # C-speed finds; after many near misses (``application`` for ``app``) one pass
            # of the pattern of every word answers instead.
            at, misses = data.find(tail), 0
            while at != -1:
                if _stands_alone(data, at, at + len(tail)):
                    return True
                misses += 1
                if misses > _NEAR_MISSES:
                    return self._names.search(data) is not None
                at = data.find(tail, at + 1)
        return False

    @property
    def defining_files(self) -> frozenset[str]:
        """Relative paths of the modules that build a twilio object they hand out
        (not those that only pass on another module's)."""
        return frozenset(
            self.files[key]
            for key, exports in self.exports.items()
            if any(not export.via for export in exports.values())
        )

    def imported_from(self, rel: str) -> frozenset[str]:
        """Top-level names of the module at ``rel`` that other indexed modules import."""
        key = module_key(rel)
        return frozenset(
            path.split(".")[0]
            for exports in self.exports.values()
            for export in exports.values()
            for module, path in export.via
            if module == key
        )

    def served_in(self, rel: str) -> frozenset[str]:
        """Exports of the module at ``rel`` that other modules' exports use for Video."""
        return frozenset(self.served.get(module_key(rel), ()))

    def knows(self, importer: str, qualified: str) -> bool:
        """Whether ``qualified`` (read in ``importer``) names a module with exports or a
        class holding one (``Video`` for ``Video.rooms``)."""
        level = len(qualified) - len(qualified.lstrip("."))
        parts = qualified[level:].split(".") if qualified[level:] else []
        if not level and not any(part in self._by_tail for part in parts):
            return False  # no indexed module ends in any of these names
        own = module_key(importer)
        for cut in range(len(parts), 0, -1):
            owner = ".".join(parts[cut:]) + "."
            for key in self._modules(importer, level, parts[:cut]):
                if key != own and (
                    owner == "." or any(p.startswith(owner) for p in self.exports[key])
                ):
                    return True
        return False

    def lookup(self, importer: str, qualified: str) -> Export | None:
        """The export ``qualified`` names when read in the file at ``importer``."""
        return self._lookup(importer, qualified, exclude=module_key(importer))

    def answers_any(self, importer: str, asked: Iterable[str]) -> bool:
        """Whether any of the names an :class:`IndexProbe` recorded for the file at
        ``importer`` names an export here (then a scan made with the probe must be redone)."""
        return any(self.lookup(importer, qualified) is not None for qualified in asked)

    def _lookup(self, importer: str, qualified: str, *, exclude: str) -> Export | None:
        if not self.exports or "." not in qualified.lstrip("."):
            return None
        level = len(qualified) - len(qualified.lstrip("."))
        parts = qualified[level:].split(".")
        if not level and not any(part in self._by_tail for part in parts[:-1]):
            return None  # no indexed module ends in any of these names
        for cut in range(len(parts) - 1, 0, -1):
            module, attributes = parts[:cut], ".".join(parts[cut:])
            for key in self._modules(importer, level, module):
                if key == exclude:
                    continue
                found = self.exports[key].get(attributes)
                if found is not None:
                    return found
        return None

    def _modules(self, importer: str, level: int, module: list[str]) -> list[str]:
        if level:
            base = importer.split("/")[:-1]
            if level > 1:
                base = base[: -(level - 1)] if len(base) >= level - 1 else []
            key = "/".join([*base, *module])
            return [key] if key in self.exports else []
        tail = "/".join(module)
        candidates = [
            k
            for k in self._by_tail.get(module[-1], ())
            if k in self.exports and (k == tail or k.endswith("/" + tail))
        ]
        # Several services with their own "extensions/twilio.py": the nearest wins.
        return sorted(candidates, key=lambda k: -_shared_prefix(k, importer))


def _shared_prefix(key: str, importer: str) -> int:
    count = 0
    for a, b in zip(key.split("/"), importer.split("/"), strict=False):
        if a != b:
            break
        count += 1
    return count


def _derive(
    key: str, path: str, kind: str, trail: tuple[str, ...], target: Export | None
) -> Export | None:
    if target is None:
        return None
    via = target.keys
    base: Export | None
    if kind in ("ref", "ret-ref"):
        base = target
    elif target.kind == "factory":  # call / ret-call
        base = Export(target.module, target.path, "client")
    else:
        return None
    result_kind, chain = base.kind, base.chain
    for attribute in trail:
        if result_kind == "client" and attribute == "video":
            result_kind, chain = "video", ()
        elif result_kind == "video":
            chain = chain if (not chain and attribute == "v1") else (*chain, attribute)
        else:
            return None
    if kind.startswith("ret-"):
        if result_kind != "client":
            return None
        result_kind = "factory"
    return Export(key, path, result_kind, chain, via)


@dataclass
class IndexProbe(ProjectIndex):
    """Stands in for an index not built yet: it knows no export, and it records every
    name the resolver asks it about.

    The resolver reads the index only through :meth:`ProjectIndex.lookup`, so a scan made
    with a probe is the scan the finished index would give unless
    :meth:`ProjectIndex.answers_any` finds one of the recorded names there. That lets the
    audit scan a module while the rest of the tree is still being read.
    """

    asked: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        # Asked like a non-empty index, so that every lookup the real one would get is made.
        return True

    def lookup(self, importer: str, qualified: str) -> Export | None:
        self.asked.add(qualified)
        return None


def _stands_alone(data: bytes, start: int, end: int) -> bool:
    # As ``\b`` on bytes: ASCII letters, digits and ``_`` make words.
    return not _is_word_byte(data[start - 1 : start]) and not _is_word_byte(data[end : end + 1])


def _is_word_byte(byte: bytes) -> bool:
    return byte.isalnum() or byte == b"_"


def build_index(files: Iterable[tuple[str, str]]) -> ProjectIndex:
    """The index of the ``.py`` files among ``(path, relative path)`` pairs (one read each)."""
    facts = []
    for path, rel in files:
        if not rel.endswith(".py"):
            continue
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        found = module_facts(rel, data)
        if found is not None:
            facts.append(found)
    return ProjectIndex.from_facts(facts)


def imports_exports(index: ProjectIndex, rel: str, tree: ast.Module) -> bool:
    """Whether the module at ``rel`` imports, at its top level, an export of ``index`` or
    a module (or class) holding one."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            sep = "" if base.endswith(".") else "."
            names = [f"{base}{sep}{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(index.lookup(rel, n) is not None or index.knows(rel, n) for n in names):
            return True
    return False


@dataclass(frozen=True)
class ModuleContext:
    """What the resolver of one file knows about the rest of the project."""

    index: ProjectIndex
    rel: str
    #: This module's exports that other modules use for Video.
    served: frozenset[str] = frozenset()
    #: Whether untraced receivers may be Video by their resource chain: not in a file
    #: that never names twilio and is read only for its imports of the project's clients.
    structural: bool = True
