"""Layouts on real renders: reuse, z_pos, excluded cells and excluded sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compose.conftest import Render
from tests.compose.media import Track, colour_at, frame_rgb, lay_out, tones

W, H = 320, 240


def _at(ffmpeg: str, path: Path, t: float, points: list[tuple[int, int]]) -> list[str]:
    frame = frame_rgb(ffmpeg, path, t, W, H)
    return [colour_at(frame, W, x, y) for x, y in points]


# Room timeline: old 0..6 s (red), mid 2..4 s (blue), late 1..8 s (white) in a one-cell grid.
# (old, then late, then mid start; each appears once the earlier ones are in place.)
REUSE_TRACKS = [
    Track("old", "video", 0.0, 6.0, colour="red"),
    Track("late", "video", 1.0, 7.0, colour="white"),
]
ONE_CELL = {"max_rows": 1, "max_columns": 1, "video_sources": ["*"]}


@pytest.mark.parametrize(
    ("reuse", "expected"),
    [
        # (time, colour): none never shows "late"; show_oldest queues it after "old";
        # show_newest switches to it as soon as it starts.
        ("none", [(0.5, "red"), (3.0, "red"), (7.0, "black")]),
        ("show_oldest", [(0.5, "red"), (3.0, "red"), (7.0, "white")]),
        ("show_newest", [(0.5, "red"), (3.0, "white"), (7.0, "white")]),
    ],
)
def test_reuse_in_a_one_cell_grid(
    ffmpeg: str, render: Render, tmp_path: Path, reuse: str, expected: list[tuple[float, str]]
) -> None:
    lay_out(ffmpeg, tmp_path, REUSE_TRACKS)
    out, described = render(
        tmp_path,
        VideoLayout={"main": {**ONE_CELL, "reuse": reuse}},
        Resolution=f"{W}x{H}",
        Format="mp4",
        Trim=False,
    )
    (region,) = described["regions"]
    assert (region["rows"], region["columns"]) == (1, 1)
    if reuse == "none":
        assert [p["track_name"] for p in region["placements"]] == ["old"]
        assert len(region["never_shown"]) == 1
    for at, colour in expected:
        assert _at(ffmpeg, out, at, [(160, 120)]) == [colour], at


def test_higher_z_pos_is_drawn_on_top(ffmpeg: str, render: Render, tmp_path: Path) -> None:
    lay_out(
        ffmpeg,
        tmp_path,
        [
            Track("main-cam", "video", 0.0, 3.0, colour="red", size="320x240"),
            Track("pip-cam", "video", 0.0, 3.0, colour="blue"),
        ],
    )
    pip = {"x_pos": 200, "y_pos": 140, "width": 100, "height": 80, "video_sources": ["pip*"]}
    main = {"video_sources": ["main*"]}
    on_top, described = render(
        tmp_path,
        VideoLayout={"pip": {**pip, "z_pos": 2}, "main": {**main, "z_pos": 1}},
        Resolution=f"{W}x{H}",
        Format="webm",
    )
    assert [r["name"] for r in described["regions"]] == ["main", "pip"]  # drawing order
    assert _at(ffmpeg, on_top, 1.0, [(250, 180), (60, 60)]) == ["blue", "red"]
    below, _ = render(
        tmp_path,
        VideoLayout={"pip": {**pip, "z_pos": -1}, "main": {**main, "z_pos": 1}},
        Resolution=f"{W}x{H}",
        Format="webm",
    )
    assert _at(ffmpeg, below, 1.0, [(250, 180), (60, 60)]) == ["red", "red"]


def test_opaque_region_is_black_where_its_cells_are_empty(
    ffmpeg: str, render: Render, tmp_path: Path
) -> None:
    # The upper region's only source is absent at first: its area is black over the
    # lower region, not a hole showing it.
    lay_out(
        ffmpeg,
        tmp_path,
        [
            Track("main-cam", "video", 0.0, 4.0, colour="red", size="320x240"),
            Track("pip-cam", "video", 2.0, 2.0, colour="blue"),
        ],
    )
    out, _ = render(
        tmp_path,
        VideoLayout={
            "main": {"video_sources": ["main*"]},
            "pip": {
                "x_pos": 200,
                "y_pos": 140,
                "width": 100,
                "height": 80,
                "z_pos": 5,
                "video_sources": ["pip*"],
            },
        },  # fmt: skip
        Resolution=f"{W}x{H}",
        Format="mp4",
    )
    assert _at(ffmpeg, out, 1.0, [(250, 180), (60, 60)]) == ["black", "red"]
    assert _at(ffmpeg, out, 3.0, [(250, 180), (60, 60)]) == ["blue", "red"]


def test_excluded_cells_and_excluded_sources(ffmpeg: str, render: Render, tmp_path: Path) -> None:
    lay_out(
        ffmpeg,
        tmp_path,
        [
            Track("ann-cam", "video", 0.0, 3.0, colour="red"),
            Track("ben-cam", "video", 0.0, 3.0, colour="blue"),
            Track("guest-cam", "video", 0.0, 3.0, colour="white"),
            Track("ann-mic", "audio", 0.0, 3.0, frequency=440),
            Track("guest-mic", "audio", 0.0, 3.0, frequency=1000),
        ],
    )
    out, described = render(
        tmp_path,
        VideoLayout={
            "grid": {
                "video_sources": ["*"],
                "video_sources_excluded": ["guest*"],
                "cells_excluded": [0, 3, 9],
            }
        },
        AudioSources=["*"],
        AudioSourcesExcluded="guest*",
        Resolution=f"{W}x{H}",
        Format="mp4",
    )
    (region,) = described["regions"]
    # Two sources + three excluded cells need five: a 2x3 grid; cell 9 is off the grid.
    assert (region["rows"], region["columns"]) == (2, 3)
    assert region["cells_excluded"] == [0, 3]
    cells = {p["track_name"]: p["cell"] for p in region["placements"]}
    assert cells == {"ann-cam": 1, "ben-cam": 2}
    centres = [(52, 60), (158, 60), (264, 60), (52, 180)]
    assert _at(ffmpeg, out, 1.0, centres) == ["black", "red", "blue", "black"]
    assert [a["track_name"] for a in described["audio"]] == ["ann-mic"]
    assert tones(ffmpeg, out, 0.5, 2.0, [440, 1000]) == {440}
