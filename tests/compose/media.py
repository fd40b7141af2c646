"""Real tracks made with FFmpeg, laid out as the exporter lays them out, and decoders.

Tracks are tiny (160x120, 10 fps, a few seconds) so the whole folder runs in seconds on
two cores. Video is a solid colour, audio a sine at its own frequency; container start
timestamps are set with ``-output_ts_offset`` as Twilio's recordings carry the room time.
"""

from __future__ import annotations

import json
import math
import os
import struct
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from migrate.compose.ffmpeg import FfmpegMissingError, find_ffmpeg

ROOM_CREATED = "2026-11-02T10:00:00Z"
COLOURS = {
    "red": (255, 0, 0),
    "lime": (0, 255, 0),
    "blue": (0, 0, 255),
    "white": (255, 255, 255),
    "yellow": (255, 255, 0),
    "black": (0, 0, 0),
}


def require_ffmpeg() -> str:
    """The FFmpeg to test with; missing fails under CI=true and skips elsewhere."""
    try:
        return find_ffmpeg()
    except FfmpegMissingError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"FFmpeg is required under CI: {exc}")
        pytest.skip(str(exc))


def sid(prefix: str, number: int) -> str:
    """A well-formed SID."""
    return f"{prefix}{number:032x}"


def _run(argv: list[str]) -> None:
    subprocess.run(argv, check=True, capture_output=True)


def make_video(
    ffmpeg: str,
    path: Path,
    colour: str,
    start: float,
    duration: float,
    *,
    size: str = "160x120",
    codec: str = "vp8",
    gaps: tuple[tuple[float, float], ...] = (),
) -> None:
    """A solid-colour video track whose first frame is at container time ``start``."""
    filters = "".join(f"*not(between(t,{a},{b}))" for a, b in gaps)
    vf = ["-vf", f"select='1{filters}'", "-fps_mode", "passthrough"] if gaps else []
    enc = (
        ["-c:v", "libvpx", "-b:v", "150k", "-g", "10"]
        if codec == "vp8"
        else ["-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p"]
    )
    _run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"color=c={colour}:s={size}:r=10:d={duration}", *vf, *enc,
         "-output_ts_offset", str(start), "-f", "matroska", str(path)]
    )  # fmt: skip


def make_video_resized(
    ffmpeg: str, path: Path, start: float, parts: list[tuple[str, str, float]]
) -> None:
    """A VP8 track whose resolution changes: ``parts`` of (colour, size, seconds)."""
    pieces = []
    for i, (colour, size, seconds) in enumerate(parts):
        piece = path.with_name(f"{path.stem}-part{i}.webm")
        _run(
            [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
             f"color=c={colour}:s={size}:r=10:d={seconds}", "-c:v", "libvpx", "-b:v", "150k",
             str(piece)]
        )  # fmt: skip
        pieces.append(piece)
    listing = path.with_name(f"{path.stem}-list.txt")
    listing.write_text("".join(f"file '{p.name}'\n" for p in pieces))
    _run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
         "-i", str(listing), "-c", "copy", "-output_ts_offset", str(start), "-f", "matroska",
         str(path)]
    )  # fmt: skip
    for piece in pieces:
        piece.unlink()
    listing.unlink()


def make_audio(
    ffmpeg: str,
    path: Path,
    frequency: int,
    start: float,
    duration: float,
    *,
    gaps: tuple[tuple[float, float], ...] = (),
) -> None:
    """An Opus sine track whose first packet is at container time ``start``."""
    filters = "".join(f"*not(between(t,{a},{b}))" for a, b in gaps)
    af = ["-af", f"aselect='1{filters}'"] if gaps else []
    _run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"sine=f={frequency}:r=48000:d={duration}", *af, "-c:a", "libopus", "-b:a", "48k",
         "-output_ts_offset", str(start), "-f", "matroska", str(path)]
    )  # fmt: skip


@dataclass
class Track:
    """One track to lay out: colour for video, frequency for audio."""

    name: str
    kind: str
    start: float
    duration: float
    colour: str = "red"
    frequency: int = 440
    gaps: tuple[tuple[float, float], ...] = ()
    codec: str = "vp8"
    size: str = "160x120"
    resized: list[tuple[str, str, float]] = field(default_factory=list)
    date_offset: float | None = None  # date_created - room created; default start


def lay_out(
    ffmpeg: str, dest: Path, tracks: list[Track], *, room: int = 1, unique_name: str = "standup"
) -> tuple[str, dict[str, str]]:
    """Write ``room.json`` and ``<RT>.mk?`` + ``<RT>.json`` as the exporter does.

    Returns the room SID and track name -> recording SID.
    """
    room_sid = sid("RM", room)
    folder = dest / room_sid
    folder.mkdir(parents=True, exist_ok=True)
    document = {
        "room": {"sid": room_sid, "unique_name": unique_name, "date_created": ROOM_CREATED,
                 "status": "completed", "type": "group"},
        "participants": [],
        "recording_rules": None,
    }  # fmt: skip
    (folder / "room.json").write_text(json.dumps(document))
    sids: dict[str, str] = {}
    for number, track in enumerate(tracks, start=1):
        rt = sid("RT", room * 1000 + number)
        ext = "mkv" if track.kind == "video" else "mka"
        media = folder / f"{rt}.{ext}"
        if track.kind == "video" and track.resized:
            make_video_resized(ffmpeg, media, track.start, track.resized)
        elif track.kind == "video":
            make_video(ffmpeg, media, track.colour, track.start, track.duration,
                       size=track.size, codec=track.codec, gaps=track.gaps)  # fmt: skip
        else:
            make_audio(ffmpeg, media, track.frequency, track.start, track.duration, gaps=track.gaps)
        offset = track.start if track.date_offset is None else track.date_offset
        created = f"2026-11-02T10:{int(offset) // 60:02d}:{int(offset) % 60:02d}Z"
        resource = {
            "sid": rt,
            "type": track.kind,
            "container_format": ext,
            "track_name": track.name,
            "source_sid": sid("MT", room * 1000 + number),
            "grouping_sids": {"room_sid": room_sid, "participant_sid": sid("PA", number)},
            "date_created": created,
            "status": "completed",
            "duration": math.ceil(track.duration),
            "codec": "VP8" if track.kind == "video" else "OPUS",
        }
        (folder / f"{rt}.json").write_text(json.dumps(resource))
        sids[track.name] = rt
    return room_sid, sids


# --- decoding ------------------------------------------------------------------------------


def frame_rgb(ffmpeg: str, path: Path, at: float, width: int, height: int) -> bytes:
    """The frame at ``at`` seconds as packed RGB."""
    out = subprocess.run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-ss", f"{at:.3f}", "-i", str(path),
         "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    assert len(out) == width * height * 3, f"no frame at {at}s"
    return out


def colour_at(frame: bytes, width: int, x: int, y: int, radius: int = 3) -> str:
    """The named colour nearest to the mean of a small patch around ``(x, y)``."""
    sums = [0, 0, 0]
    count = 0
    for yy in range(y - radius, y + radius + 1):
        for xx in range(x - radius, x + radius + 1):
            offset = (yy * width + xx) * 3
            for c in range(3):
                sums[c] += frame[offset + c]
            count += 1
    mean = [s / count for s in sums]
    return min(
        COLOURS, key=lambda n: sum((m - v) ** 2 for m, v in zip(mean, COLOURS[n], strict=True))
    )


def pcm(ffmpeg: str, path: Path, start: float, seconds: float, rate: int = 8000) -> list[int]:
    """Mono 16-bit samples of ``path`` from ``start`` for ``seconds``."""
    out = subprocess.run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-ss", f"{start:.3f}", "-t",
         f"{seconds:.3f}", "-i", str(path), "-vn", "-ac", "1", "-ar", str(rate), "-f", "s16le",
         "-"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    return list(struct.unpack(f"<{len(out) // 2}h", out))


def goertzel(samples: list[int], frequency: float, rate: int = 8000) -> float:
    """Power of ``frequency`` in ``samples``, normalised by length (Goertzel)."""
    if not samples:
        return 0.0
    coeff = 2 * math.cos(2 * math.pi * frequency / rate)
    s1 = s2 = 0.0
    for x in samples:
        s0 = x + coeff * s1 - s2
        s2, s1 = s1, s0
    power = s1 * s1 + s2 * s2 - coeff * s1 * s2
    return power / (len(samples) ** 2)


def tones(ffmpeg: str, path: Path, start: float, seconds: float, freqs: list[int]) -> set[int]:
    """Which of ``freqs`` sound clearly between ``start`` and ``start + seconds``."""
    samples = pcm(ffmpeg, path, start, seconds)
    powers = {f: goertzel(samples, f) for f in freqs}
    return {f for f, p in powers.items() if p > 1e5}


def duration(ffmpeg: str, path: Path) -> float:
    """Container duration from ``ffmpeg -i`` (no ffprobe in imageio-ffmpeg)."""
    err = subprocess.run(
        [ffmpeg, "-hide_banner", "-i", str(path)], capture_output=True, text=True
    ).stderr
    for line in err.splitlines():
        line = line.strip()
        if line.startswith("Duration:"):
            h, m, s = line.split(",")[0].split()[1].split(":")
            return int(h) * 3600 + int(m) * 60 + float(s)
    raise AssertionError(f"no duration in {err!r}")
