"""Pure parts of compose: request validation, grid shapes, cell assignment, intervals."""

from __future__ import annotations

import pytest

from mappings.compositions import ComposeError, Region, compose_request, grid_shape
from migrate.compose.intervals import intersect, merge, subtract
from migrate.compose.layout import Rect, SourceSpan, cell_rects, layout_region


@pytest.mark.parametrize(
    ("needed", "rows", "cols", "shape"),
    [
        (1, None, None, (1, 1)),
        (2, None, None, (1, 2)),
        (3, None, None, (2, 2)),
        (5, None, None, (2, 3)),
        (7, None, None, (3, 3)),
        (10, None, None, (3, 4)),
        (17, None, None, (4, 5)),
        (5, 2, None, (2, 3)),
        (5, None, 2, (3, 2)),
        (5, 2, 2, (2, 2)),
        (3, 1, None, (1, 3)),
        (0, None, None, (1, 1)),
    ],
)
def test_grid_shape(
    needed: int, rows: int | None, cols: int | None, shape: tuple[int, int]
) -> None:
    assert grid_shape(needed, rows, cols) == shape


def test_defaults_and_digest_follow_the_normalised_request() -> None:
    request = compose_request({"AudioSources": "alice*, bob"})
    assert request.audio_sources == ["alice*", "bob"]
    assert (request.resolution, request.format, request.trim) == ("640x480", "webm", True)
    same = compose_request({"audio_sources": ["alice*", "bob"], "Format": "webm", "Trim": "true"})
    assert same.digest() == request.digest()
    assert len(request.digest()) == 12
    other = compose_request({"AudioSources": "alice*, bob", "Trim": False})
    assert other.digest() != request.digest()
    layout = compose_request({"VideoLayout": '{"g": {"video_sources": ["*"]}}'})
    assert layout.video_layout["g"] == Region(video_sources=["*"])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "needs VideoLayout with video_sources or AudioSources"),
        ({"AudioSources": "*", "Resolution": "1281x720"}, "16..1280"),
        ({"AudioSources": "*", "Resolution": "1280x800"}, "921600"),
        ({"AudioSources": "*", "Resolution": "big"}, "1280x720"),
        ({"AudioSources": "*", "Format": "mkv"}, "mp4 or webm"),
        ({"AudioSources": "*", "Trim": "maybe"}, "true or false"),
        ({"VideoLayout": "{", "AudioSources": "*"}, "not valid JSON"),
        ({"VideoLayout": {"g": {"video_sources": ["*"], "z_pos": 100}}}, "z_pos must be -99..99"),
        ({"VideoLayout": {"g": {"video_sources": ["*"], "reuse": "x"}}}, "reuse must be"),
        ({"VideoLayout": {"g": {"video_sources": ["*"], "x_pos": 700}}}, "x_pos"),
        ({"VideoLayout": {"g": {"video_sources": ["*"], "max_rows": 0}}}, "max_rows"),
        ({"VideoLayout": {"g": {"max_rows": 2}}}, "video_sources is required"),
        ({"VideoLayout": {"g": {"video_sources": ["*"], "colour": 1}}}, "unknown property"),
    ],
)
def test_invalid_requests_name_the_rule_and_twilio_code(
    params: dict[str, object], message: str
) -> None:
    with pytest.raises(ComposeError) as caught:
        compose_request(params)
    assert message in str(caught.value)
    assert "(Twilio error 20001)" in str(caught.value)


def test_cells_tile_the_region_on_even_edges() -> None:
    cells = cell_rects(Rect(10, 0, 301, 240), 2, 3)
    assert [c.x for c in cells[:3]] == [10, 110, 210]
    assert sum(c.width for c in cells[:3]) == 301
    assert all(c.x % 2 == 0 and c.y % 2 == 0 for c in cells)


def _layout(reuse: str, spans: list[SourceSpan], **props: object):  # type: ignore[no-untyped-def]
    region = Region(video_sources=["*"], reuse=reuse, **props)  # type: ignore[arg-type]
    return layout_region("r", region, (640, 480), spans)


# Hisui's worked example: two cells, A 2..12, B 5..15, C 0..20.
EXAMPLE = [SourceSpan("A", 2, 12), SourceSpan("B", 5, 15), SourceSpan("C", 0, 20)]


def test_reuse_none_never_shows_the_late_source() -> None:
    layout = _layout("none", EXAMPLE, max_rows=1, max_columns=2)
    shown = {s.sid: (s.cell, s.windows) for s in layout.shows}
    assert shown == {"C": (0, [(0, 20)]), "A": (1, [(2, 12)])}
    assert layout.never_shown == ["B"]


def test_show_oldest_queues_then_shows_after() -> None:
    layout = _layout("show_oldest", EXAMPLE, max_rows=1, max_columns=2)
    shown = {s.sid: (s.cell, s.windows) for s in layout.shows}
    assert shown == {"C": (0, [(0, 20)]), "A": (1, [(2, 12)]), "B": (1, [(12, 15)])}


def test_show_newest_takes_over_the_cell() -> None:
    layout = _layout("show_newest", EXAMPLE, max_rows=1, max_columns=2)
    shown = {s.sid: (s.cell, s.windows) for s in layout.shows}
    assert shown == {"C": (0, [(0, 20)]), "A": (1, [(2, 5)]), "B": (1, [(5, 15)])}


def test_freed_cells_are_reused_lowest_first() -> None:
    spans = [SourceSpan("A", 5, 15), SourceSpan("B", 6, 20), SourceSpan("C", 0, 8),
             SourceSpan("D", 10, 20)]  # fmt: skip
    layout = _layout("show_oldest", spans)
    assert (layout.rows, layout.columns) == (2, 2)
    assert {s.sid: s.cell for s in layout.shows} == {"C": 0, "A": 1, "B": 2, "D": 0}


def test_excluded_cells_count_toward_the_grid_and_beyond_it_are_ignored() -> None:
    spans = [SourceSpan(s, 0, 10) for s in "XYZ"]
    layout = _layout("show_oldest", spans, max_rows=2, max_columns=2, cells_excluded=[1, 5, 8])
    assert (layout.rows, layout.columns, layout.cells_excluded) == (2, 2, [1])
    assert {s.sid: s.cell for s in layout.shows} == {"X": 0, "Y": 2, "Z": 3}


def test_intervals() -> None:
    assert merge([(3, 4), (0, 1), (1, 2)]) == [(0, 2), (3, 4)]
    assert intersect([(0, 5)], [(1, 2), (4, 6)]) == [(1, 2), (4, 5)]
    assert subtract([(0, 10)], [(2, 3), (5, 6)]) == [(0, 2), (3, 5), (6, 10)]
