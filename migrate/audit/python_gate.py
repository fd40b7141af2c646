"""A precise, cheap gate before LibCST: the stdlib ``ast`` (C speed) says whether a
module has anything the Python scanner could report.

Every Python rule needs one of: a ``video`` attribute (or ``getattr(x, "video")``), a
``video.twilio.com`` string, an import of a twilio entry module (Client, tokens, grants,
TwiML), or a read of a Video status-callback parameter. Modules with none of these (most
of the twilio package itself, for instance) are not handed to LibCST. A module ``ast``
cannot parse goes to LibCST, which reports the parse error.
"""

from __future__ import annotations

import ast

from migrate.audit.twilio_names import (
    ENTRY_MODULES,
    READ_METHODS,
    TWIML_MODULE,
    TWIML_SUFFIX,
    VIDEO_CALLBACK_PARAMS,
    VIDEO_HOST,
)

# Substrings one of which any module passing the gate contains: a C-speed first cut.
# ("from twilio.base ..." alone, as in the twilio package's own modules, does not pass.)
NEEDLES = (
    b"video", b"from twilio import", b"from twilio.rest import", b"from twilio.jwt",
    b"from twilio.twiml", b"import twilio", *(p.encode() for p in VIDEO_CALLBACK_PARAMS),
)  # fmt: skip


def may_have_findings(source: bytes) -> bool:
    """False only when the Python scanner certainly finds nothing in ``source``."""
    if not any(needle in source for needle in NEEDLES):
        return False
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return True
    return any(_relevant(node) for node in ast.walk(tree))


def _relevant(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "video"
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and (node.value == "video" or VIDEO_HOST in node.value)
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        if module == TWIML_MODULE:  # from twilio.twiml import voice_response
            return any(alias.name.endswith(TWIML_SUFFIX) for alias in node.names)
        return _entry(module)
    if isinstance(node, ast.Import):
        return any(_entry(alias.name) for alias in node.names)
    if isinstance(node, ast.Subscript):
        return _video_param(node.slice)
    if isinstance(node, ast.Call):
        func = node.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr in READ_METHODS
            and bool(node.args)
            and _video_param(node.args[0])
        )
    if isinstance(node, ast.arg):
        return node.arg in VIDEO_CALLBACK_PARAMS
    return False


def _entry(module: str) -> bool:
    return module in ENTRY_MODULES or module.startswith(TWIML_MODULE + ".")


def _video_param(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in VIDEO_CALLBACK_PARAMS
