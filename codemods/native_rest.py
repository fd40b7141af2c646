"""Native mode: Twilio Video REST calls become calls into the generated ``zoom_video`` module.

Rooms, participants, recording rules and recordings are rewritten; what Zoom has no
counterpart for (compositions, hooks, subscribe rules, tracks, transcriptions, ...) keeps
its call and gets a ``# TODO(twilio2zoom)`` comment from the mapping catalog.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import ParentNodeProvider

from codemods.native_base import NativeCodemod, gap_text, keyword_arg, positional_arg
from codemods.resolve import GAP, Chain
from mappings.catalog import UnknownMappingError, lookup
from mappings.recording_rules import (
    RuleValidationError,
    map_recording_rules,
    validate_recording_rules,
)
from mappings.recordings import NATIVE_FILE_KEYS

REST_EXCEPTION = "twilio.base.exceptions.TwilioRestException"
#: What zoom_video's calls raise for an error status.
HTTP_ERROR = "httpx.HTTPStatusError"
OPERATIONS = frozenset({"create", "fetch", "update", "delete", "list", "stream", "page"})
#: Twilio create options with a Zoom counterpart (keyword of create_session).
CREATE_OPTIONS = {"record_participants_on_connect": "auto_recording"}
#: Room attributes read after create/fetch -> their zoom_video.Session field.
ROOM_ATTRIBUTES = {"sid": "session_id", "unique_name": "session_name"}
_Handler = Callable[["NativeRestCommand", cst.Call, Chain], bool]


def _shape(chain: Chain) -> tuple[str, ...]:
    """``rooms(sid).participants.list()`` -> ``("rooms()", "participants", "list")``."""
    return tuple(
        s.name + ("()" if s.call is not None and i < len(chain) - 1 else "")
        for i, s in enumerate(chain)
    )


def catalog_key(chain: Chain) -> str:
    """The mapping-catalog key for a Video call, most specific first."""
    names = [s.name for s in chain]
    operation = names[-1] if names[-1] in OPERATIONS else None
    for resource in reversed(names):
        for key in (f"video.{resource}.{operation}", f"video.{resource}"):
            try:
                lookup(key)
            except UnknownMappingError:
                continue
            return key
    return "rest.raw_http"


def _string(value: cst.BaseExpression | None) -> str | None:
    if isinstance(value, cst.SimpleString):
        evaluated = value.evaluated_value
        return evaluated if isinstance(evaluated, str) else None
    return None


def _first_arg(call: cst.Call | None) -> cst.BaseExpression | None:
    if call is None or len(call.args) != 1 or call.args[0].keyword or call.args[0].star:
        return None
    return call.args[0].value


class NativeRestCommand(NativeCodemod):
    """Replace Twilio Video REST calls with Zoom Video SDK REST calls via ``zoom_video``."""

    DESCRIPTION = "Turn client.video rooms/participants/recordings calls into zoom_video calls."
    # ".video" and not "video": "zoom_video." must not wake the command on a second run.
    PREFILTER = re.compile(rf"\.{GAP}video\b")

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self._tries: list[tuple[cst.Try, int]] = []
        self._decided: set[cst.Call] = set()

    # A try around rewritten calls that catches TwilioRestException no longer catches
    # their errors: zoom_video raises httpx.HTTPStatusError. The handler catches that
    # instead, or both while Twilio calls are left in the try.
    def visit_Try(self, node: cst.Try) -> None:
        self._tries.append((node, self.rewritten))

    def leave_Try(self, original_node: cst.Try, updated_node: cst.Try) -> cst.Try:
        self._tries.pop()
        return updated_node

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if not self._tries or node.type is None:
            return
        try_node, before = self._tries[-1]
        if self.rewritten == before or not self._catches_twilio(node.type):
            return
        http_error = cst.parse_expression(HTTP_ERROR)
        if _TwilioCalls(self).found_in(try_node.body):
            new_type: cst.BaseExpression = cst.Tuple(
                [cst.Element(node.type.with_changes(lpar=[], rpar=[])), cst.Element(http_error)]
            )
        else:
            new_type = http_error
        self.substitute(node.type, new_type)
        AddImportsVisitor.add_needed_import(self.context, HTTP_ERROR.partition(".")[0])

    def _catches_twilio(self, expr: cst.BaseExpression) -> bool:
        return REST_EXCEPTION in self.resolver.qualified_names(expr)

    def visit_Call(self, node: cst.Call) -> None:
        if node not in self._decided:
            self._decide(node)

    # A comprehension's element is visited before its "for ... in" source: decide the
    # source first, so that the element's room.sid is renamed before it is left.
    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._decide_sources(node.for_in)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._decide_sources(node.for_in)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._decide_sources(node.for_in)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._decide_sources(node.for_in)

    def _decide_sources(self, comp_for: cst.CompFor | None) -> None:
        while comp_for is not None:
            if isinstance(comp_for.iter, cst.Call) and comp_for.iter not in self._decided:
                self._decide(comp_for.iter)
            comp_for = comp_for.inner_for_in

    def _decide(self, node: cst.Call) -> None:
        self._decided.add(node)
        found = self.resolver.video_call(node)
        chain = found.chain if found is not None else None
        if not chain or chain[-1].name not in OPERATIONS or chain[-1].call is not node:
            return
        handler = _HANDLERS.get(_shape(chain))
        if handler is None or not handler(self, node, chain):
            key = catalog_key(chain)
            what = f"{lookup(key).twilio} was left unchanged."
            self.add_todo(node, gap_text(key, what))

    # --- rooms -----------------------------------------------------------------------
    def _create_room(self, node: cst.Call, chain: Chain) -> bool:
        options = self.resolver.arguments(node)
        if options is None or "unique_name" not in options:
            return False
        args = [positional_arg(options.pop("unique_name"))]
        args += [
            keyword_arg(CREATE_OPTIONS[k], options.pop(k))
            for k in list(options)
            if k in CREATE_OPTIONS
        ]
        self._rewrite(node, "create_session", args)
        self._rename_room_attributes(self.result_attributes(node))
        if options:
            what = f"rooms.create options {', '.join(sorted(options))} were dropped."
            self.add_todo(node, gap_text("video.rooms.create", what))
        return True

    def _fetch_room(self, node: cst.Call, chain: Chain) -> bool:
        sid = _first_arg(chain[0].call)
        if sid is None or node.args:
            return False
        self._rewrite(node, "get_session", [positional_arg(sid)])
        self._rename_room_attributes(self.result_attributes(node))
        return True

    def _rename_room_attributes(self, attributes: list[cst.Attribute]) -> None:
        """``room.sid`` -> ``room.session_id`` on rooms that are now Sessions."""
        for attribute in attributes:
            renamed = ROOM_ATTRIBUTES.get(attribute.attr.value)
            if renamed is not None:
                self.rename_attribute(attribute, renamed)
            else:
                what = f"Room attribute .{attribute.attr.value} has no Session field; see .raw."
                self.add_todo(attribute, gap_text("video.rooms.fetch", what, notes=False))

    def _update_room(self, node: cst.Call, chain: Chain) -> bool:
        sid = _first_arg(chain[0].call)
        options = self.resolver.arguments(node, ("status",))
        if sid is None or options is None or _string(options.get("status")) != "completed":
            return False
        self._rewrite(node, "end_session", [positional_arg(sid)])
        return True

    def _list_rooms(self, node: cst.Call, chain: Chain) -> bool:
        options = self.resolver.arguments(node)
        if options is None:
            return False
        args = []
        if "unique_name" in options:
            args.append(keyword_arg("session_name", options.pop("unique_name")))
        if "status" in options:
            if _string(options["status"]) not in {"in-progress", "completed"}:
                return False
            live = _string(options.pop("status")) == "in-progress"
            args.append(keyword_arg("live", cst.Name(str(live))))
        self._rewrite(node, "list_sessions", args)
        self._rename_room_attributes(self.item_attributes(node))
        what = "Returns zoom_video.Session objects (session_id, session_name)."
        if options:
            what += f" Arguments {', '.join(sorted(options))} were dropped."
        self.add_todo(node, gap_text("video.rooms.list", what))
        return True

    # --- participants ------------------------------------------------------------------
    def _list_participants(self, node: cst.Call, chain: Chain) -> bool:
        sid = _first_arg(chain[0].call)
        options = self.resolver.arguments(node)
        if sid is None or options is None:
            return False
        args = [positional_arg(sid)]
        status = _string(options.get("status"))
        if status == "connected":
            args.append(keyword_arg("live", cst.Name("True")))
        self._rewrite(node, "list_session_users", args)
        what = "Returns Zoom user dicts; the Twilio identity is in user_key."
        self.add_todo(node, gap_text("video.participants.list", what))
        return True

    def _kick_participant(self, node: cst.Call, chain: Chain) -> bool:
        sid = _first_arg(chain[0].call)
        participant = _first_arg(chain[1].call)
        options = self.resolver.arguments(node, ("status",))
        if (
            sid is None
            or participant is None
            or options is None
            or _string(options.get("status")) != "disconnected"
        ):
            return False
        self._rewrite(
            node, "remove_session_user", [positional_arg(sid), positional_arg(participant)]
        )
        what = "Pass the Zoom participant_uuid (from list_session_users), not a PA SID."
        self.add_todo(node, gap_text("video.participants.update", what))
        return True

    # --- recordings ----------------------------------------------------------------------
    def _recording_rules(self, node: cst.Call, chain: Chain) -> bool:
        sid = _first_arg(chain[0].call)
        options = self.resolver.arguments(node, ("rules",))
        if sid is None or options is None or "rules" not in options:
            return False
        try:
            literal = ast.literal_eval(cst.Module(body=[]).code_for_node(options["rules"]))
            plan = map_recording_rules(validate_recording_rules(literal))
        except (ValueError, SyntaxError, RuleValidationError):
            return False
        helper = "start_recording" if plan.record else "stop_recording"
        self._rewrite(node, helper, [positional_arg(sid)])
        if plan.differences:
            what = "Recording rules approximated: " + "; ".join(plan.differences) + "."
            self.add_todo(node, gap_text("video.recording_rules", what))
        return True

    def _list_room_recordings(self, node: cst.Call, chain: Chain) -> bool:
        sid = _first_arg(chain[0].call)
        if sid is None:
            return False
        self._rewrite(node, "list_session_recordings", [positional_arg(sid)])
        self._recordings_todo(node, bool(node.args))
        return True

    def _list_recordings(self, node: cst.Call, chain: Chain) -> bool:
        self._rewrite(node, "list_recordings", [])
        self._recordings_todo(node, bool(node.args))
        return True

    def _recordings_todo(self, node: cst.Call, dropped: bool) -> None:
        what = "Returns Zoom recording files, not per-track recordings."
        if dropped:
            what += " Filter arguments were dropped."
        self.add_todo(node, gap_text("video.recordings", what))
        self._adapt_recording_reads(node)

    def _adapt_recording_reads(self, node: cst.Call) -> None:
        """``rec.sid`` on the dicts zoom_video returns becomes ``rec.get("id")``."""
        for attribute in self.item_attributes(node):
            name = attribute.attr.value
            key = NATIVE_FILE_KEYS.get(name)
            quote = self._free_quote(attribute)
            getter = cst.Call(
                func=cst.Attribute(value=attribute.value, attr=cst.Name("get")),
                args=[cst.Arg(cst.SimpleString(f"{quote}{key or name}{quote}"))],
            )
            self.substitute(attribute, getter)
            if key is None:
                what = f"Zoom recording files have no {name!r} key; this reads None."
                self.add_todo(attribute, gap_text("video.recordings", what, notes=False))

    def _free_quote(self, node: cst.CSTNode) -> str:
        """A quote that may appear at ``node``: inside an f-string, not the f-string's own."""
        current: cst.CSTNode | None = node
        while current is not None:
            if isinstance(current, cst.FormattedString):
                return "'" if '"' in current.start else '"'
            current = self.get_metadata(ParentNodeProvider, current, None)
        return '"'

    def _rewrite(self, node: cst.Call, helper: str, args: list[cst.Arg]) -> None:
        self.substitute(node, self.helper_call(helper, args))


class _TwilioCalls(cst.CSTVisitor):
    """Finds calls left on a twilio client (not replaced by the command) in a block."""

    def __init__(self, command: NativeRestCommand) -> None:
        super().__init__()
        self._command = command
        self.found = False

    def found_in(self, block: cst.BaseSuite) -> bool:
        block.visit(self)
        return self.found

    def visit_Call(self, node: cst.Call) -> bool:
        if node in self._command.replaced:
            return False
        if self._command.resolver.chain_client(node) is not None:
            self.found = True
        return not self.found


_HANDLERS: dict[tuple[str, ...], _Handler] = {
    ("rooms", "create"): NativeRestCommand._create_room,
    ("rooms()", "fetch"): NativeRestCommand._fetch_room,
    ("rooms()", "update"): NativeRestCommand._update_room,
    ("rooms", "list"): NativeRestCommand._list_rooms,
    ("rooms", "stream"): NativeRestCommand._list_rooms,
    ("rooms()", "participants", "list"): NativeRestCommand._list_participants,
    ("rooms()", "participants", "stream"): NativeRestCommand._list_participants,
    ("rooms()", "participants()", "update"): NativeRestCommand._kick_participant,
    ("rooms()", "recording_rules", "update"): NativeRestCommand._recording_rules,
    ("rooms()", "recordings", "list"): NativeRestCommand._list_room_recordings,
    ("rooms()", "recordings", "stream"): NativeRestCommand._list_room_recordings,
    ("recordings", "list"): NativeRestCommand._list_recordings,
    ("recordings", "stream"): NativeRestCommand._list_recordings,
}
