"""Native mode, last step: every Video touchpoint still in the code gets a TODO.

The other native commands rewrite what they can and mark what they decline; this one
runs the audit's own finder (:mod:`codemods.touchpoints`) on the result, so a Video line
the audit would report is never left both unrewritten and unmarked. A statement that
already carries a ``TODO(twilio2zoom)`` keeps it as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext

from codemods.comments import TODO_PREFIX
from codemods.native_base import NativeCodemod, gap_text
from codemods.native_cleanup import NativeCleanupCommand
from codemods.touchpoints import SERVED, TouchpointFinder
from mappings.catalog import UnknownMappingError, lookup
from mappings.twilio_vocab import (
    CALLBACK_PARAMS,
    DISTINCTIVE_RESOURCES,
    PYTHON_RULE_KEYS,
    VIDEO_ROOTS,
)

#: ``CodemodContext.scratch`` key: True when a native command rewrote a call in the file.
REWROTE_KEY = "twilio2zoom.rewrote"

#: What to say per rule, after the catalog's name of the Twilio API.
_WHAT: dict[str, str] = {
    "py-import": "This twilio import is still needed by Twilio Video code in this file.",
    "py-rest-client": "This twilio Client still serves Video calls that were not rewritten.",
    "py-rest-exception": "zoom_video calls raise httpx.HTTPStatusError, not TwilioRestException.",
    "py-status-callback": "Twilio status-callback field: Zoom sends session.* webhooks instead.",
}


_SERVED = (
    "Other modules import this twilio Client for Twilio Video calls; once they go "
    "through zoom_video, remove it unless other Twilio products need it."
)


class NativeMarkCommand(NativeCleanupCommand):
    """Clean up after a rewrite, then mark each Video touchpoint left with a TODO.

    One command (one metadata resolution) does both: the cleanup when a native command
    rewrote a call in the file, the marking always. Statements the cleanup removes lose
    their marks with them.
    """

    DESCRIPTION = "Drop unread twilio clients; mark every Twilio Video touchpoint left."
    # Anything the finder could report; "twilio2zoom" (in every TODO) does not count.
    PREFILTER = re.compile(
        r"twilio(?!2zoom)|\.video\b|"
        + "|".join(sorted(CALLBACK_PARAMS | DISTINCTIVE_RESOURCES | VIDEO_ROOTS))
    )

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self.marked = 0

    def visit_Module(self, node: cst.Module) -> None:
        if self.context.scratch.get(REWROTE_KEY):
            super().visit_Module(node)
        else:
            NativeCodemod.visit_Module(self, node)
        finder = TouchpointFinder(structural=True, project=self.project)
        finder.metadata = self.metadata  # same tree, metadata already resolved
        node.visit(finder)
        found = finder.touchpoints()
        self.resolver.used.update(finder.used_exports)
        if self.context.scratch.get(REWROTE_KEY):
            self._mark_idle_clients(node, finder.idle_clients)
        for touchpoint in found:
            if not touchpoint.is_video:
                continue
            statement = self.statement_of(touchpoint.node)
            # Comments above a module's first statement parse as the module's header.
            header = node.header if node.body and statement is node.body[0] else ()
            if _has_todo(statement) or _todo_in(header):
                continue
            key = PYTHON_RULE_KEYS[touchpoint.rule_id].format(subject=touchpoint.subject)
            try:
                twilio = lookup(key).twilio
            except UnknownMappingError:
                key, twilio = "rest.raw_http", "Twilio Video API"
            what = _WHAT.get(touchpoint.rule_id, f"{twilio} was left unchanged; port it by hand.")
            if touchpoint.subject == SERVED:
                what = _SERVED
            self.add_todo(touchpoint.node, gap_text(key, what, notes=False))
            self.marked += 1

    def _mark_idle_clients(self, module: cst.Module, clients: Sequence[cst.Call]) -> None:
        """A client whose Video calls now go through zoom_video, kept only as a flag."""
        what = (
            "This twilio Client no longer serves Video calls (they go through zoom_video); "
            "remove it and its credentials unless other Twilio products need it."
        )
        for client in clients:
            if self._within(client, self._removed):  # the cleanup drops it
                continue
            targets: list[cst.CSTNode] = [client]
            root = client.func
            while isinstance(root, cst.Attribute):
                root = root.value
            if isinstance(root, cst.Name):
                targets += [
                    n
                    for n in self.resolver.referents(root)
                    if isinstance(n, cst.Import | cst.ImportFrom)
                ]
            for target in targets:
                statement = self.statement_of(target)
                header = module.header if module.body and statement is module.body[0] else ()
                if not (_has_todo(statement) or _todo_in(header)):
                    self.add_todo(target, gap_text("client.rest", what, notes=False))
                    self.marked += 1


def _has_todo(statement: cst.CSTNode) -> bool:
    return _todo_in(getattr(statement, "leading_lines", ()))


def _todo_in(lines: Sequence[cst.EmptyLine]) -> bool:
    return any(line.comment and line.comment.value.startswith(TODO_PREFIX) for line in lines)
