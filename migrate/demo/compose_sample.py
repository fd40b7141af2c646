"""A two-person room of real tracks (made with FFmpeg) for the demo's compose step.

The sandbox's recordings are Matroska headers padded to size, not decodable media, so
the compose step lays out its own tiny room the way the exporter does: ``room.json`` and
each ``<RT…>.mkv``/``.mka`` beside its ``<RT…>.json``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from migrate.compose import ComposeSettings, ComposeSummary, run_compose

ROOM_SID = "RM" + "d" * 32
SECONDS = 3
LAYOUT = {"grid": {"video_sources": ["*"]}}
PEOPLE = (("alice", "red", 440, 0.0), ("bob", "blue", 660, 1.0))


def _track(ffmpeg: str, path: Path, source: str, codec: list[str], start: float) -> None:
    subprocess.run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
         *codec, "-output_ts_offset", str(start), "-f", "matroska", str(path)],
        check=True, capture_output=True,
    )  # fmt: skip


def lay_out_room(ffmpeg: str, dest: Path) -> str:
    """Write the sample room under ``dest``; returns its SID."""
    folder = dest / ROOM_SID
    folder.mkdir(parents=True, exist_ok=True)
    room = {
        "room": {"sid": ROOM_SID, "unique_name": "demo", "date_created": "2026-11-02T10:00:00Z"}
    }
    (folder / "room.json").write_text(json.dumps(room))
    number = 0
    for name, colour, tone, start in PEOPLE:
        for kind, ext in (("video", "mkv"), ("audio", "mka")):
            number += 1
            sid = f"RT{number:032x}"
            if kind == "video":
                source = f"color=c={colour}:s=160x120:r=10:d={SECONDS}"
                codec = ["-c:v", "libvpx", "-b:v", "100k"]
            else:
                source = f"sine=f={tone}:r=48000:d={SECONDS}"
                codec = ["-c:a", "libopus", "-b:a", "32k"]
            _track(ffmpeg, folder / f"{sid}.{ext}", source, codec, start)
            resource = {
                "sid": sid,
                "type": kind,
                "container_format": ext,
                "track_name": f"{name}-{kind}",
                "grouping_sids": {"room_sid": ROOM_SID, "participant_sid": f"PA{number:032x}"},
                "date_created": f"2026-11-02T10:00:0{int(start)}Z",
                "status": "completed",
                "duration": SECONDS,
            }
            (folder / f"{sid}.json").write_text(json.dumps(resource))
    return ROOM_SID


def compose_sample(ffmpeg: str, dest: Path) -> ComposeSummary:
    """Lay out the sample room and compose it as a 2-cell grid with both voices."""
    lay_out_room(ffmpeg, dest)
    params: dict[str, object] = {
        "VideoLayout": LAYOUT,
        "AudioSources": ["*"],
        "Resolution": "320x240",
        "Format": "mp4",
    }
    return run_compose(str(dest), params=params, settings=ComposeSettings(preset="ultrafast"))
