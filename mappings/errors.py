"""Errors raised by the mapping layer (pure; the CLI turns them into one-line messages)."""

from __future__ import annotations


class MappingError(ValueError):
    """A Twilio value cannot be expressed on Zoom at all (not merely approximately)."""
