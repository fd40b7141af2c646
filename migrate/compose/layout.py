"""Regions, cells and who is shown where, when: pure, from source spans and a region.

The rules are Hisui's reading of Twilio's layout grammar (mappings/compositions.py holds
the choices, docs/compose.md lists them): a region's grid is sized once for the most
sources on screen at once plus its excluded cells; sources take the lowest free cell in
start order and keep it; ``reuse`` decides what happens when no cell is free.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from mappings.compositions import Region, grid_shape
from migrate.compose.intervals import Span, merge


@dataclass(frozen=True)
class SourceSpan:
    """A video source of a region: its SID and its first-to-last media span."""

    sid: str
    start: float
    end: float


@dataclass(frozen=True)
class Rect:
    """A rectangle on the canvas, in pixels."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class CellShow:
    """One source shown in one cell during ``windows`` (room seconds)."""

    sid: str
    cell: int
    rect: Rect
    windows: list[Span]


@dataclass(frozen=True)
class RegionLayout:
    """A region's grid and its placements."""

    name: str
    box: Rect
    z_pos: int
    rows: int
    columns: int
    cells_excluded: list[int]
    cells: list[Rect]
    shows: list[CellShow]
    never_shown: list[str]


def peak(spans: list[SourceSpan]) -> int:
    """The most sources present at one instant."""
    events = sorted([(s.start, 1) for s in spans] + [(s.end, -1) for s in spans])
    best = current = 0
    for _, step in events:  # ends sort before starts at the same instant
        current += step
        best = max(best, current)
    return best


def _edges(origin: int, length: int, parts: int) -> list[int]:
    # Inner edges on even pixels (4:2:0 chroma), the last edge on the region's edge.
    inner = [origin + (i * length // parts) // 2 * 2 for i in range(parts)]
    return [*inner, origin + length]


def cell_rects(box: Rect, rows: int, columns: int) -> list[Rect]:
    """Cells numbered row by row from the top left, tiling ``box`` exactly."""
    xs = _edges(box.x, box.width, columns)
    ys = _edges(box.y, box.height, rows)
    return [
        Rect(xs[c], ys[r], xs[c + 1] - xs[c], ys[r + 1] - ys[r])
        for r in range(rows)
        for c in range(columns)
    ]


def layout_region(
    name: str, region: Region, canvas: tuple[int, int], sources: list[SourceSpan]
) -> RegionLayout:
    """Place ``sources`` (already selected for this region) in its cells over time."""
    box = Rect(*region.box(canvas))
    excluded_wanted = sorted(set(region.cells_excluded))
    rows, columns = grid_shape(
        peak(sources) + len(excluded_wanted), region.max_rows, region.max_columns
    )
    total = rows * columns
    excluded = [c for c in excluded_wanted if c < total]
    usable = [c for c in range(total) if c not in excluded]
    cells = cell_rects(box, rows, columns)
    ordered = sorted(sources, key=lambda s: (s.start, s.sid))
    held: dict[int, list[SourceSpan]] = {c: [] for c in usable}
    busy_until: dict[int, float] = {c: float("-inf") for c in usable}
    never: list[str] = []
    for source in ordered:
        free = [c for c in usable if busy_until[c] <= source.start]
        if free:
            cell = free[0]
        elif region.reuse == "none" or not usable:
            never.append(source.sid)
            continue
        else:
            cell = min(usable, key=lambda c: (busy_until[c], c))
        held[cell].append(source)
        busy_until[cell] = max(busy_until[cell], source.end)
    shows: list[CellShow] = []
    for cell, queue in held.items():
        for sid, windows in _winners(queue, newest=region.reuse == "show_newest").items():
            shows.append(CellShow(sid=sid, cell=cell, rect=cells[cell], windows=windows))
    shown = {s.sid for s in shows}
    never += [s.sid for s in ordered if s.sid not in shown and s.sid not in never]
    return RegionLayout(
        name=name,
        box=box,
        z_pos=region.z_pos,
        rows=rows,
        columns=columns,
        cells_excluded=excluded,
        cells=cells,
        shows=sorted(shows, key=lambda s: (s.cell, s.windows[0][0] if s.windows else 0.0)),
        never_shown=never,
    )


def _age(source: SourceSpan) -> tuple[float, str]:
    return source.start, source.sid


def _winners(queue: list[SourceSpan], *, newest: bool) -> dict[str, list[Span]]:
    """Which source of one cell is on screen when: the oldest or newest present one."""
    bounds = sorted({t for s in queue for t in (s.start, s.end)})
    won: dict[str, list[Span]] = {}
    for start, end in itertools.pairwise(bounds):
        present = [s for s in queue if s.start <= start and s.end >= end]
        if not present:
            continue
        pick = max(present, key=_age) if newest else min(present, key=_age)
        won.setdefault(pick.sid, []).append((start, end))
    return {sid: merge(spans) for sid, spans in won.items()}
