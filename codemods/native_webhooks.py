"""Native mode: mark Twilio status-callback validation, which Zoom webhooks replace."""

from __future__ import annotations

import re

import libcst as cst

from codemods.native_base import NativeCodemod, gap_text

REQUEST_VALIDATOR = "twilio.request_validator.RequestValidator"


class NativeWebhooksCommand(NativeCodemod):
    """Name the webhook gap where a Twilio ``RequestValidator`` is built."""

    DESCRIPTION = "Add a TODO where Twilio status callbacks are validated (Zoom signs differently)."
    PREFILTER = re.compile(r"\bRequestValidator\b")

    def visit_Call(self, node: cst.Call) -> None:
        if REQUEST_VALIDATOR in self.resolver.qualified_names(node.func):
            what = (
                "Twilio status callbacks become Zoom session.* webhooks; validate "
                "x-zm-signature with ZOOM_WEBHOOK_SECRET_TOKEN here."
            )
            self.add_todo(node, gap_text("webhook.request_validator", what))
