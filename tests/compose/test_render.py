"""Compose real tracks and decode the output: colours per cell, tones per window, timing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.compose.conftest import Render
from tests.compose.media import Track, colour_at, duration, frame_rgb, lay_out, tones

W, H = 320, 240
GRID = {"grid": {"video_sources": ["*"]}}
LEFT, RIGHT = (80, 120), (240, 120)  # cell centres of a 1x2 grid at 320x240


def _colours(ffmpeg: str, path: Path, at: float, points: list[tuple[int, int]]) -> list[str]:
    frame = frame_rgb(ffmpeg, path, at, W, H)
    return [colour_at(frame, W, x, y) for x, y in points]


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_grid_of_two_with_their_audio(
    ffmpeg: str, render: Render, tmp_path: Path, fmt: str
) -> None:
    # alice from 2 s to 6 s (room time), bob from 3 s to 7 s; trim cuts the first 2 s.
    lay_out(
        ffmpeg,
        tmp_path,
        [
            Track("alice-cam", "video", 2.0, 4.0, colour="red"),
            Track("bob-cam", "video", 3.0, 4.0, colour="blue"),
            Track("alice-mic", "audio", 2.0, 4.0, frequency=440),
            Track("bob-mic", "audio", 3.0, 4.0, frequency=1000),
        ],
    )
    out, described = render(
        tmp_path, VideoLayout=GRID, AudioSources=["*"], Resolution=f"{W}x{H}", Format=fmt
    )
    assert out.suffix == f".{fmt}"
    assert described["duration"] == pytest.approx(5.0, abs=0.05)
    assert duration(ffmpeg, out) == pytest.approx(5.0, abs=0.1)
    (region,) = described["regions"]
    assert (region["rows"], region["columns"]) == (1, 2)
    cells = {p["track_name"]: p["cell"] for p in region["placements"]}
    assert cells == {"alice-cam": 0, "bob-cam": 1}
    # Before bob joins: alice left, black right; then both; after alice leaves: bob only.
    assert _colours(ffmpeg, out, 0.5, [LEFT, RIGHT]) == ["red", "black"]
    assert _colours(ffmpeg, out, 2.5, [LEFT, RIGHT]) == ["red", "blue"]
    assert _colours(ffmpeg, out, 4.5, [LEFT, RIGHT]) == ["black", "blue"]
    # A 160x120 (4:3) source fitted into a 160x240 cell: black bars above and below.
    assert _colours(ffmpeg, out, 2.5, [(80, 20), (80, 220)]) == ["black", "black"]
    assert tones(ffmpeg, out, 0.2, 0.6, [440, 1000]) == {440}
    assert tones(ffmpeg, out, 2.0, 1.0, [440, 1000]) == {440, 1000}
    assert tones(ffmpeg, out, 4.2, 0.6, [440, 1000]) == {1000}
    mixed = {a["track_name"] for a in described["audio"]}
    assert mixed == {"alice-mic", "bob-mic"}


def test_trim_cuts_the_empty_interval_and_no_trim_keeps_it_black(
    ffmpeg: str, render: Render, tmp_path: Path
) -> None:
    # alice 1..3 s, bob 6..8 s: nobody from 3 to 6.
    lay_out(
        ffmpeg,
        tmp_path,
        [
            Track("alice-cam", "video", 1.0, 2.0, colour="red"),
            Track("alice-mic", "audio", 1.0, 2.0, frequency=440),
            Track("bob-cam", "video", 6.0, 2.0, colour="lime"),
            Track("bob-mic", "audio", 6.0, 2.0, frequency=1000),
        ],
    )
    params = {"VideoLayout": GRID, "AudioSources": ["*"], "Resolution": f"{W}x{H}", "Format": "mp4"}
    trimmed, described = render(tmp_path, **params)
    assert described["duration"] == pytest.approx(4.0, abs=0.1)
    assert duration(ffmpeg, trimmed) == pytest.approx(4.0, abs=0.15)
    cuts = [(c["room_start"], c["room_end"]) for c in described["trimmed"]]
    assert cuts[-1] == pytest.approx((3.0, 6.0), abs=0.05)
    # The grid is sized for one source at a time: one cell, alice then bob.
    centre = [(160, 120)]
    assert _colours(ffmpeg, trimmed, 1.0, centre) == ["red"]
    assert _colours(ffmpeg, trimmed, 3.0, centre) == ["lime"]
    assert tones(ffmpeg, trimmed, 2.3, 1.2, [440, 1000]) == {1000}

    kept, described = render(tmp_path, **params, Trim=False)
    assert kept != trimmed  # a changed request is a new file
    assert described["duration"] == pytest.approx(7.0, abs=0.1)  # only the leading gap cut
    assert duration(ffmpeg, kept) == pytest.approx(7.0, abs=0.15)
    assert _colours(ffmpeg, kept, 3.5, centre) == ["black"]
    assert tones(ffmpeg, kept, 2.5, 2.0, [440, 1000]) == set()
    assert _colours(ffmpeg, kept, 6.0, centre) == ["lime"]


def test_gaps_inside_a_track_are_black_and_silent_not_frozen(
    ffmpeg: str, render: Render, tmp_path: Path
) -> None:
    # One participant, muted from 2 s to 5 s of their own track (video and audio).
    lay_out(
        ffmpeg,
        tmp_path,
        [
            Track("cam", "video", 0.0, 8.0, colour="yellow", gaps=((2.0, 5.0),)),
            Track("mic", "audio", 0.0, 8.0, frequency=440, gaps=((2.0, 5.0),)),
            Track("other-mic", "audio", 0.0, 8.0, frequency=1000),
        ],
    )
    out, described = render(
        tmp_path, VideoLayout=GRID, AudioSources=["*"], Resolution=f"{W}x{H}", Format="webm"
    )
    assert described["duration"] == pytest.approx(8.0, abs=0.1)  # other-mic spans the gap
    (placement,) = described["regions"][0]["placements"]
    assert [(w["start"], w["end"]) for w in placement["shown"]] == [
        pytest.approx((0.0, 2.0), abs=0.15),
        pytest.approx((5.0, 8.0), abs=0.15),
    ]
    centre = [(160, 120)]
    assert _colours(ffmpeg, out, 1.0, centre) == ["yellow"]
    assert _colours(ffmpeg, out, 3.5, centre) == ["black"]
    assert _colours(ffmpeg, out, 6.0, centre) == ["yellow"]
    assert tones(ffmpeg, out, 2.5, 2.0, [440, 1000]) == {1000}
    assert tones(ffmpeg, out, 5.5, 1.0, [440, 1000]) == {440, 1000}


def test_resolution_change_inside_a_track_does_not_freeze(
    ffmpeg: str, render: Render, tmp_path: Path
) -> None:
    lay_out(
        ffmpeg,
        tmp_path,
        [
            Track(
                "cam",
                "video",
                0.0,
                4.0,
                resized=[("red", "160x120", 2.0), ("blue", "320x120", 2.0)],
            )
        ],
    )
    out, _ = render(tmp_path, VideoLayout=GRID, Resolution=f"{W}x{H}", Format="mp4")
    assert _colours(ffmpeg, out, 1.0, [(160, 120)]) == ["red"]
    # 320x120 fitted into 320x240: blue across the middle, black bars above and below.
    assert _colours(ffmpeg, out, 3.0, [(160, 120), (160, 30)]) == ["blue", "black"]


def test_h264_sources_and_placement_by_date_created(
    ffmpeg: str, render: Render, tmp_path: Path
) -> None:
    # b's container starts at 0 (re-muxed) but it was created 3 s into the room.
    lay_out(
        ffmpeg,
        tmp_path,
        [
            Track("a", "video", 0.0, 6.0, colour="lime", codec="h264"),
            Track("b", "video", 0.0, 3.0, colour="white", codec="h264", date_offset=3.0),
        ],
    )
    out, described = render(tmp_path, VideoLayout=GRID, Resolution=f"{W}x{H}", Format="mp4")
    notes = {t["track_name"]: t["note"] for t in described["tracks"]}
    assert "placed by date_created" in notes["b"]
    assert _colours(ffmpeg, out, 1.0, [LEFT, RIGHT]) == ["lime", "black"]
    assert _colours(ffmpeg, out, 4.0, [LEFT, RIGHT]) == ["lime", "white"]


def test_audio_only_composition_has_no_video(ffmpeg: str, render: Render, tmp_path: Path) -> None:
    lay_out(
        ffmpeg,
        tmp_path,
        [
            Track("cam", "video", 0.0, 3.0, colour="red"),
            Track("a", "audio", 0.0, 3.0, frequency=440),
            Track("b", "audio", 1.0, 2.0, frequency=1000),
        ],
    )
    out, described = render(tmp_path, AudioSources="a,b", Format="webm")
    assert described["regions"] == []
    assert described["duration"] == pytest.approx(3.0, abs=0.1)
    assert tones(ffmpeg, out, 0.1, 0.8, [440, 1000]) == {440}
    assert tones(ffmpeg, out, 1.5, 1.0, [440, 1000]) == {440, 1000}
    with pytest.raises(subprocess.CalledProcessError):  # no video stream to take a frame of
        frame_rgb(ffmpeg, out, 1.0, W, H)
