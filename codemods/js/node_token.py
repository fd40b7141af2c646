"""A token endpoint as one statement: ``new AccessToken(...)`` with its identity and ttl,
one ``addGrant(new VideoGrant({ room }))`` and ``toJwt()`` -> ``sessionToken({ topic,
userIdentity, ttl })`` from the server module (see docs/rewrite.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ast_grep_py import SgNode

from codemods.js.syntax import DECLARATIONS, Edit, inside, whole_lines

_BLOCKS = ("program", "statement_block")
# AccessToken options that map one to one onto sessionToken options.
TOKEN_OPTIONS = {"identity": "userIdentity", "ttl": "ttl"}


@dataclass
class TokenSite:
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
    def match(cls, new: SgNode, grant_hits: set[int]) -> TokenSite | None:
        declarator = new.parent()
        if declarator is None or declarator.kind() != "variable_declarator":
            return None
        name = declarator.field("name")
        if name is None or name.kind() != "identifier" or declarator.field("type") is not None:
            return None
        declaration = declarator.parent()
        if declaration is None or declaration.kind() not in DECLARATIONS:
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
            if ref.text() != self.name or inside(ref, self.declaration):
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
                if r.text() == grant.text() and not inside(r, declaration)
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

    def edits(self, source: str, token_function: Callable[[], str]) -> list[Edit] | None:
        """The edits of the rewrite; ``token_function`` names ``sessionToken`` in this file."""
        removals = [whole_lines(source, s, True) for s in (self.declaration, *self.removed)]
        if any(r is None for r in removals):
            return None
        parts = [f"topic: {self.room}"]
        parts += [f"{TOKEN_OPTIONS[k]}: {v}" for k, v in self.options.items() if k in TOKEN_OPTIONS]
        call = f"{token_function()}({{ {', '.join(parts)} }})"
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
        if key not in TOKEN_OPTIONS or value is None:
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
        if statement.kind() not in DECLARATIONS:
            continue
        declarators = [c for c in statement.children() if c.kind() == "variable_declarator"]
        if len(declarators) != 1:
            continue
        target, value = declarators[0].field("name"), declarators[0].field("value")
        if target is not None and target.text() == name and value is not None:
            return statement, value
    return None
