"""Half-open time intervals ``[start, end)`` in seconds: merge, intersect, subtract."""

from __future__ import annotations

from collections.abc import Iterable

Span = tuple[float, float]


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping union of ``spans`` (touching spans join)."""
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def intersect(a: Iterable[Span], b: Iterable[Span]) -> list[Span]:
    """Where both ``a`` and ``b`` hold."""
    left, right = merge(a), merge(b)
    out: list[Span] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if end > start:
            out.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Iterable[Span], b: Iterable[Span]) -> list[Span]:
    """Where ``a`` holds and ``b`` does not."""
    out: list[Span] = []
    cuts = merge(b)
    for start, end in merge(a):
        cursor = start
        for cut_start, cut_end in cuts:
            if cut_end <= cursor or cut_start >= end:
                continue
            if cut_start > cursor:
                out.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
        if cursor < end:
            out.append((cursor, end))
    return out


def shift(spans: Iterable[Span], by: float) -> list[Span]:
    """Every span moved by ``by`` seconds."""
    return [(s + by, e + by) for s, e in spans]
