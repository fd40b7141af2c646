"""``# TODO(twilio2zoom): ...`` comments: the codemods' way of naming what they could not port."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import libcst as cst

TODO_PREFIX = "# TODO(twilio2zoom):"
# Wrapped short enough to stay under 100 columns inside nested blocks.
_WIDTH = 80


def todo_lines(text: str) -> list[cst.EmptyLine]:
    """Comment lines stating ``text`` after the TODO marker, wrapped for reading."""
    wrapped = textwrap.wrap(
        f"{TODO_PREFIX} {text}",
        width=_WIDTH,
        subsequent_indent="#   ",
        break_on_hyphens=False,
        break_long_words=False,
    )
    return [cst.EmptyLine(comment=cst.Comment(line)) for line in wrapped]


def has_todo(lines: Sequence[cst.EmptyLine]) -> bool:
    """True when ``lines`` already hold a twilio2zoom TODO (keeps rewrites idempotent)."""
    return any(line.comment and line.comment.value.startswith(TODO_PREFIX) for line in lines)


def count_todos(source: str) -> int:
    """How many twilio2zoom TODOs a source text holds."""
    return source.count(TODO_PREFIX)
