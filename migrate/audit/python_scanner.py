"""Python scanner: the touchpoints ``codemods.touchpoints`` finds, as audit hits.

The resolver and the vocabulary are the rewrite's own (``codemods.resolve``,
``mappings.twilio_vocab``), so every line the audit reports is one the rewrite reads.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from codemods.project_index import ExportKey, ModuleContext
from codemods.touchpoints import TouchpointFinder
from migrate.audit.findings import Hit


def scan_python(source: bytes, project: ModuleContext | None = None) -> list[Hit]:
    """Every Twilio touchpoint in one Python module (a ``parse-error`` hit if it is not Python).

    ``project`` lets calls through clients other modules of the project hand out be
    proven (see ``codemods.project_index``).
    """
    return scan_python_module(source, project)[0]


def scan_python_module(
    source: bytes, project: ModuleContext | None = None
) -> tuple[list[Hit], set[ExportKey]]:
    """:func:`scan_python`, plus the exports of other modules used here for Video."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return [
            Hit("parse-error", exc.raw_line, exc.raw_column + 1, exc.raw_line, "invalid Python")
        ], set()
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    # Files reach the scanner only when they name twilio (or a versioned Video path), so
    # receivers that cannot be traced may still be matched by their Video resource chain
    # (``project.structural`` is False for a file read only for its project imports).
    finder = TouchpointFinder(structural=True, project=project)
    wrapper.visit(finder)
    found = finder.touchpoints()
    if not found:
        return [], finder.used_exports
    # Positions cost a full code-generation pass: only files with matches pay for it.
    positions = wrapper.resolve(PositionProvider)
    hits = {
        _hit(t.rule_id, positions[t.node], t.subject, t.confidence)
        for t in found
        if t.node in positions
    }
    return sorted(hits), finder.used_exports


def _hit(rule_id: str, pos: CodeRange, subject: str, confidence: str) -> Hit:
    return Hit(rule_id, pos.start.line, pos.start.column + 1, pos.end.line, subject, "", confidence)
