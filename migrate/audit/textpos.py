"""Hits for the line-oriented scanners: a byte offset turned into a 1-based line and column."""

from __future__ import annotations

from migrate.audit.findings import Hit


def hit_at(rule_id: str, source: bytes, offset: int, subject: str = "") -> Hit:
    """A one-line hit of ``rule_id`` at byte ``offset`` of ``source``."""
    line = source.count(b"\n", 0, offset) + 1
    column = offset - (source.rfind(b"\n", 0, offset) + 1) + 1
    return Hit(rule_id, line, column, line, subject)
