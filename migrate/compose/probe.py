"""When a track file has media: its first and last packet and the pauses between.

imageio-ffmpeg ships ``ffmpeg`` but not ``ffprobe``, so the packets are listed by
``ffmpeg -copyts -i FILE -c copy -f framecrc -``: one line per packet with its container
timestamps, no decoding, read as a stream (memory stays flat however long the track).
This is the container start time Twilio's manual-mixing guide reads with ffprobe, and it
also finds the gaps (muted, unpublished, lost) that must render black or silent.
"""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

from pydantic import BaseModel

from migrate.errors import Twilio2ZoomError


class ProbeError(Twilio2ZoomError):
    """FFmpeg could not read a track file."""


class Interval(BaseModel):
    """``[start, end)`` in seconds."""

    start: float
    end: float


class TrackMedia(BaseModel):
    """What a track file holds, in container seconds."""

    kind: str  # "audio" or "video"
    codec: str = ""
    width: int | None = None
    height: int | None = None
    packets: int = 0
    start: float = 0.0
    end: float = 0.0
    present: list[Interval] = []


def probe_track(ffmpeg: str, path: Path, gap_seconds: float) -> TrackMedia:
    """List ``path``'s packets with FFmpeg and summarise them (see the module docstring)."""
    argv = [
        ffmpeg,
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-copyts",
        "-i",
        str(path),
        "-map",
        "0:0",
        "-c",
        "copy",
        "-f",
        "framecrc",
        "-",
    ]
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        media = _parse(process.stdout, gap_seconds)
        error = process.stderr.read()
        code = process.wait()
    if code != 0:
        last = error.strip().splitlines()[-1] if error.strip() else f"exit {code}"
        raise ProbeError(f"{path.name}: FFmpeg cannot read it: {last}")
    return media


def _parse(lines: object, gap_seconds: float) -> TrackMedia:
    time_base = Fraction(1, 1000)
    kind, codec = "", ""
    width = height = None
    present: list[Interval] = []
    packets = 0
    run_start: float | None = None
    run_end = 0.0
    for raw in lines:  # type: ignore[attr-defined]
        line = str(raw).strip()
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            value = value.strip()
            if key.startswith("tb 0"):
                num, _, den = value.partition("/")
                time_base = Fraction(int(num), int(den))
            elif key.startswith("media_type 0"):
                kind = value
            elif key.startswith("codec_id 0"):
                codec = value
            elif key.startswith("dimensions 0"):
                w, _, h = value.partition("x")
                width, height = int(w), int(h)
            continue
        fields = [f.strip() for f in line.split(",")]
        if len(fields) < 5 or fields[0] != "0":
            continue
        pts = float(int(fields[2]) * time_base)
        duration = float(int(fields[3]) * time_base)
        packets += 1
        end = pts + max(duration, 0.0)
        if run_start is None:
            run_start, run_end = pts, end
        elif pts - run_end > gap_seconds:
            present.append(Interval(start=run_start, end=run_end))
            run_start, run_end = pts, end
        else:
            run_start = min(run_start, pts)
            run_end = max(run_end, end)
    if run_start is not None:
        present.append(Interval(start=run_start, end=run_end))
    return TrackMedia(
        kind=kind,
        codec=codec,
        width=width,
        height=height,
        packets=packets,
        start=present[0].start if present else 0.0,
        end=present[-1].end if present else 0.0,
        present=present,
    )
