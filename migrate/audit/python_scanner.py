"""Python scanner: the touchpoints ``codemods.touchpoints`` finds, as audit hits.

The resolver and the vocabulary are the rewrite's own (``codemods.resolve``,
``mappings.twilio_vocab``), so every line the audit reports is one the rewrite reads.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from codemods.touchpoints import find_touchpoints
from migrate.audit.findings import Hit


def scan_python(source: bytes) -> list[Hit]:
    """Every Twilio touchpoint in one Python module (a ``parse-error`` hit if it is not Python)."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return [
            Hit("parse-error", exc.raw_line, exc.raw_column + 1, exc.raw_line, "invalid Python")
        ]
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    # Files reach the scanner only when they name twilio (or a versioned Video path), so
    # receivers that cannot be traced may still be matched by their Video resource chain.
    found = find_touchpoints(wrapper, structural=True)
    if not found:
        return []
    # Positions cost a full code-generation pass: only files with matches pay for it.
    positions = wrapper.resolve(PositionProvider)
    hits = {
        _hit(t.rule_id, positions[t.node], t.subject, t.confidence)
        for t in found
        if t.node in positions
    }
    return sorted(hits)


def _hit(rule_id: str, pos: CodeRange, subject: str, confidence: str) -> Hit:
    return Hit(rule_id, pos.start.line, pos.start.column + 1, pos.end.line, subject, "", confidence)
