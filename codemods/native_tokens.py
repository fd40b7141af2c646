"""Native mode: ``AccessToken`` + ``VideoGrant`` + ``to_jwt()`` become ``zoom_video.zoom_token``.

The generated ``zoom_token`` applies the token mapping's rules at runtime
(``mappings.tokens.map_access_token``): session name and user key rules, TTL clamp.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import ParentNodeProvider

from codemods.generate import TOKEN_HELPER
from codemods.native_base import NativeCodemod, gap_text, keyword_arg

ACCESS_TOKEN_MODULE = "twilio.jwt.access_token"  # noqa: S105 - a module name
GRANTS_MODULE = "twilio.jwt.access_token.grants"
ACCESS_TOKEN = f"{ACCESS_TOKEN_MODULE}.AccessToken"
VIDEO_GRANT = f"{GRANTS_MODULE}.VideoGrant"
#: twilio-python's positional parameters (twilio/jwt/access_token/__init__.py in
#: github.com/twilio/twilio-python).
ACCESS_TOKEN_PARAMS = (
    "account_sid",
    "signing_key_sid",
    "secret",
    "grants",
    "identity",
    "nbf",
    "ttl",
    "valid_until",
    "region",
)
VIDEO_GRANT_PARAMS = ("room",)
TO_JWT_PARAMS = ("ttl",)
#: AccessToken arguments the session JWT helper does not take.
NOT_CARRIED = ("nbf", "valid_until", "region")


class _Unfollowable(Exception):
    """The token is used in a way this command does not rewrite."""


@dataclass
class _Token:
    """Everything found about one ``token = AccessToken(...)`` in a block."""

    arguments: dict[str, cst.BaseExpression]
    statements: set[cst.CSTNode] = field(default_factory=set)
    to_jwt_calls: list[cst.Call] = field(default_factory=list)
    room: cst.BaseExpression | None = None
    video_grants: int = 0
    other_grants: list[str] = field(default_factory=list)


class NativeTokensCommand(NativeCodemod):
    """Replace Twilio access-token minting with a Zoom Video SDK session JWT."""

    DESCRIPTION = "Turn AccessToken + VideoGrant + to_jwt() into zoom_video.zoom_token(...)."
    PREFILTER = re.compile(r"\bAccessToken\b")

    # The AccessToken and VideoGrant imports go with the removed statements that read
    # them (NativeCodemod hands those imports to RemoveImportsVisitor).
    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node)
        self._scan(node.body)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._scan(node.body)

    def _scan(self, body: Sequence[cst.BaseStatement]) -> None:
        for statement in body:
            found = self._token_assignment(statement)
            if found is not None:
                self._rewrite(statement, body, *found)

    def _token_assignment(self, statement: cst.BaseStatement) -> tuple[cst.Name, cst.Call] | None:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return None
        assign = statement.body[0]
        if (
            isinstance(assign, cst.Assign)
            and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name)
            and isinstance(assign.value, cst.Call)
            and ACCESS_TOKEN in self.resolver.qualified_names(assign.value.func)
        ):
            return assign.targets[0].target, assign.value
        return None

    def _rewrite(
        self,
        statement: cst.BaseStatement,
        body: Sequence[cst.BaseStatement],
        target: cst.Name,
        call: cst.Call,
    ) -> None:
        arguments = self.resolver.arguments(call, ACCESS_TOKEN_PARAMS)
        if arguments is None:
            self.add_todo(statement, gap_text("token.access_token", _UNFOLLOWABLE))
            return
        token = _Token(arguments=arguments, statements={statement})
        try:
            grants = arguments.get("grants")
            if grants is not None and not _is_none(grants):
                if not isinstance(grants, cst.List | cst.Tuple):
                    raise _Unfollowable
                for element in grants.elements:
                    self._grant(token, element.value, body)
            self._follow_token(token, target, body)
        except _Unfollowable:
            self.add_todo(statement, gap_text("token.access_token", _UNFOLLOWABLE))
            return
        if token.other_grants:
            what = (
                f"This token also carries {', '.join(sorted(token.other_grants))}, so it was "
                "left on Twilio; mint zoom_video.zoom_token(...) for the video part."
            )
            self.add_todo(statement, gap_text("token.access_token", what))
            return
        if token.video_grants == 0 or token.room is None or not token.to_jwt_calls:
            what = "This token has no VideoGrant room or is never turned into a JWT."
            self.add_todo(statement, gap_text("token.video_grant", what))
            return
        self._emit(token, statement)

    def _follow_token(
        self, token: _Token, target: cst.Name, body: Sequence[cst.BaseStatement]
    ) -> None:
        for reference in self.references(target):
            method, outer = self._method_use(reference)
            if method == "add_grant" and isinstance(outer, cst.Call):
                self._own_statement(token, outer, body)
                grant = self.resolver.arguments(outer, ("grant",))
                if grant is None or "grant" not in grant:
                    raise _Unfollowable
                self._grant(token, grant["grant"], body)
            elif method == "to_jwt" and isinstance(outer, cst.Call):
                token.to_jwt_calls.append(outer)
            elif method == "identity" and (value := self._assigned_in(outer, body)) is not None:
                token.arguments["identity"] = value
                token.statements.add(self.statement_of(outer))
            else:
                raise _Unfollowable

    def _grant(
        self, token: _Token, grant: cst.BaseExpression, body: Sequence[cst.BaseStatement]
    ) -> None:
        grant_call = grant
        if isinstance(grant, cst.Name):
            values = self.resolver.bound_values(grant)
            if len(values) != 1:
                raise _Unfollowable
            grant_call = values[0]
        if not isinstance(grant_call, cst.Call):
            raise _Unfollowable
        names = self.resolver.qualified_names(grant_call.func)
        if VIDEO_GRANT not in names:
            other = [n for n in names if n.startswith(f"{GRANTS_MODULE}.")]
            if not other:
                raise _Unfollowable
            token.other_grants.append(other[0].rpartition(".")[2])
            return
        arguments = self.resolver.arguments(grant_call, VIDEO_GRANT_PARAMS)
        if arguments is None:
            raise _Unfollowable
        token.video_grants += 1
        token.room = arguments.get("room", token.room)
        if isinstance(grant, cst.Name):
            self._own_statement(token, grant_call, body)
            self._follow_grant(token, grant, body)

    def _follow_grant(
        self, token: _Token, grant: cst.Name, body: Sequence[cst.BaseStatement]
    ) -> None:
        binding = self.resolver.referents(grant)
        for target in binding:
            if not isinstance(target, cst.Name):
                continue
            for reference in self.references(target):
                method, outer = self._method_use(reference)
                if method == "room" and (value := self._assigned_in(outer, body)) is not None:
                    token.room = value
                    token.statements.add(self.statement_of(outer))
                elif not self._is_add_grant_argument(reference):
                    raise _Unfollowable

    # --- emit ----------------------------------------------------------------------
    def _emit(self, token: _Token, statement: cst.BaseStatement) -> None:
        assert token.room is not None
        for to_jwt in token.to_jwt_calls:
            override = self.resolver.arguments(to_jwt, TO_JWT_PARAMS) or {}
            args = [keyword_arg("room", token.room)]
            if "identity" in token.arguments:
                args.append(keyword_arg("identity", token.arguments["identity"]))
            ttl = override.get("ttl", token.arguments.get("ttl"))
            if ttl is not None:
                args.append(keyword_arg("ttl", ttl))
            self.substitute(self._jwt_expression(to_jwt), self.helper_call(TOKEN_HELPER, args))
            dropped = [name for name in NOT_CARRIED if name in token.arguments]
            if dropped:
                what = f"AccessToken({', '.join(dropped)}=...) has no counterpart in zoom_token."
                self.add_todo(to_jwt, gap_text("token.access_token", what))
        for removed in token.statements:
            self.remove_statement(removed)

    def _jwt_expression(self, to_jwt: cst.Call) -> cst.CSTNode:
        """``t.to_jwt()``, or ``t.to_jwt().decode()`` from twilio < 7 (which returned bytes)."""
        method, outer = self._method_use(to_jwt)
        if method == "decode" and isinstance(outer, cst.Call):
            return outer
        return to_jwt

    # --- metadata helpers ------------------------------------------------------------
    def _method_use(self, reference: cst.CSTNode) -> tuple[str, cst.CSTNode]:
        """(attribute name, the node using it) for ``ref.attr(...)`` or ``ref.attr = x``."""
        parent = self.get_metadata(ParentNodeProvider, reference)
        if not isinstance(parent, cst.Attribute) or parent.value is not reference:
            return "", parent
        outer = self.get_metadata(ParentNodeProvider, parent)
        if isinstance(outer, cst.Call) and outer.func is parent:
            return parent.attr.value, outer
        return parent.attr.value, parent

    def _assigned_in(
        self, attribute: cst.CSTNode, body: Sequence[cst.BaseStatement]
    ) -> cst.BaseExpression | None:
        """The value of ``x.attr = value`` when ``attribute`` is its sole target in ``body``."""
        target = self.get_metadata(ParentNodeProvider, attribute)
        assign = self.get_metadata(ParentNodeProvider, target)
        if (
            isinstance(target, cst.AssignTarget)
            and isinstance(assign, cst.Assign)
            and len(assign.targets) == 1
            and self.statement_of(assign) in body
        ):
            return assign.value
        return None

    def _own_statement(
        self, token: _Token, node: cst.CSTNode, body: Sequence[cst.BaseStatement]
    ) -> None:
        """Mark the statement holding ``node`` for removal; it must be that node alone."""
        statement = self.statement_of(node)
        if statement not in body or not isinstance(statement, cst.SimpleStatementLine):
            raise _Unfollowable
        small = statement.body[0] if len(statement.body) == 1 else None
        if not isinstance(small, cst.Expr | cst.Assign) or small.value is not node:
            raise _Unfollowable
        token.statements.add(statement)

    def _is_add_grant_argument(self, reference: cst.CSTNode) -> bool:
        arg = self.get_metadata(ParentNodeProvider, reference)
        call = self.get_metadata(ParentNodeProvider, arg)
        return (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "add_grant"
        )


_UNFOLLOWABLE = (
    "This AccessToken is built or used in a way the rewrite cannot follow; "
    "port it to zoom_video.zoom_token(room=..., identity=..., ttl=...) by hand."
)


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"
