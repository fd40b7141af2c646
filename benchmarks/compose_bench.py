"""Compose benchmark: ``twilio2zoom compose`` vs one hand-written FFmpeg command.

A four-party room: four 1280x720 VP8 tracks at 25 fps and four Opus tracks, laid out as
the exporter lays them out, composed into a 2x2 grid at 1280x720. Compared side by side
in one run, with the same encoder settings (mp4: libx264 at the default preset + AAC;
webm: VP8 realtime + Opus):

* hand: ``ffmpeg`` with ``scale`` + ``xstack`` + ``amix`` over the same files, the
  command someone writes when they know the layout and that nobody joins or leaves;
* compose: ``twilio2zoom compose`` (reading the packets of every track, the layout,
  the overlay chain, the description and the SHA-256 included).

Real-time factor = room seconds / wall seconds. Peak memory is measured for the room and
for a room a quarter as long (Python's and FFmpeg's peak RSS added), to show it is flat.

    python benchmarks/compose_bench.py                  # ten-minute room (figures in docs)
    python benchmarks/compose_bench.py --seconds 20     # short mode (CI)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mappings import compositions as rules  # noqa: E402
from migrate.compose.command import encoder_args  # noqa: E402
from migrate.compose.ffmpeg import find_ffmpeg  # noqa: E402

ROOM = "RM" + "b" * 32
PIECE_SECONDS = 20  # generated once, repeated (stream copy) to the room's length
SIZE = (1280, 720)
FPS = 25
FREQS = (330, 550, 770, 990)

CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from migrate.compose import ComposeSettings, run_compose
started = time.monotonic()
summary = run_compose(sys.argv[2], params=json.loads(sys.argv[3]),
                      settings=ComposeSettings(preset=sys.argv[4]))
seconds = time.monotonic() - started
assert summary.exit_code == 0, summary.results
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "python_kib": me.ru_maxrss,
                  "ffmpeg_kib": kids.ru_maxrss}))
"""


def _run(argv: list[str]) -> None:
    subprocess.run(argv, check=True, capture_output=True)


def make_room(ffmpeg: str, root: Path, seconds: int, cache: Path) -> list[Path]:
    """Lay out a four-party room of ``seconds``; returns the media files."""
    folder = root / ROOM
    folder.mkdir(parents=True)
    room = {"room": {"sid": ROOM, "unique_name": "bench", "date_created": "2026-11-02T10:00:00Z"}}
    (folder / "room.json").write_text(json.dumps(room))
    files: list[Path] = []
    piece_seconds = min(PIECE_SECONDS, seconds)
    repeats = math.ceil(seconds / piece_seconds)
    for i in range(4):
        for kind, ext in (("video", "mkv"), ("audio", "mka")):
            piece = cache / f"{kind}{i}-{piece_seconds}.{ext}"
            if not piece.exists():
                source = (
                    ["-f", "lavfi", "-i",
                     f"testsrc2=s={SIZE[0]}x{SIZE[1]}:r={FPS}:d={piece_seconds},hue=h={i * 90}",
                     "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1500k"]
                    if kind == "video"
                    else ["-f", "lavfi", "-i", f"sine=f={FREQS[i]}:r=48000:d={piece_seconds}",
                          "-c:a", "libopus", "-b:a", "32k"]
                )  # fmt: skip
                _run([ffmpeg, "-hide_banner", "-loglevel", "error", "-y", *source, str(piece)])
            listing = cache / f"{kind}{i}-{repeats}.txt"
            listing.write_text(f"file '{piece.name}'\n" * repeats)
            sid = f"RT{i * 2 + (kind == 'audio'):032x}"
            target = folder / f"{sid}.{ext}"
            _run(
                [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe",
                 "0", "-i", str(listing), "-c", "copy", "-t", str(seconds), str(target)]
            )  # fmt: skip
            resource = {
                "sid": sid,
                "type": kind,
                "container_format": ext,
                "track_name": f"p{i}-{kind}",
                "grouping_sids": {"room_sid": ROOM, "participant_sid": f"PA{i:032x}"},
                "date_created": "2026-11-02T10:00:00Z",
                "status": "completed",
                "duration": seconds,
            }
            (folder / f"{sid}.json").write_text(json.dumps(resource))
            files.append(target)
    return files


def hand_command(ffmpeg: str, files: list[Path], fmt: str, out: Path, preset: str) -> list[str]:
    """The hand-written 2x2 grid with the same encoder settings."""
    videos = files[0::2]
    audios = files[1::2]
    w, h = SIZE[0] // 2, SIZE[1] // 2
    graph = ";".join(
        [f"[{i}:v]scale={w}:{h}:force_original_aspect_ratio=decrease,setsar=1[v{i}]"
         for i in range(4)]
        + ["[v0][v1][v2][v3]xstack=inputs=4:layout=0_0|w0_0|0_h0|w0_h0,fps=25,"
           "format=yuv420p[v]",
           "[4:a][5:a][6:a][7:a]amix=inputs=4:normalize=0[a]"]
    )  # fmt: skip
    args = [ffmpeg, "-hide_banner", "-loglevel", "error", "-y"]
    for path in [*videos, *audios]:
        args += ["-i", str(path)]
    threads = os.cpu_count() or 1
    args += ["-filter_complex", graph, "-map", "[v]", "-map", "[a]"]
    args += [*encoder_args(fmt, SIZE, preset, threads), "-f", fmt, str(out)]
    return args


def time_hand(argv: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KiB) of the hand-written command."""
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    if status != 0:
        raise SystemExit(f"hand-written command failed: {' '.join(argv)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def time_compose(root: Path, fmt: str, preset: str) -> dict[str, float]:
    params = {
        "VideoLayout": {"grid": {"video_sources": ["*"]}},
        "AudioSources": ["*"],
        "Resolution": f"{SIZE[0]}x{SIZE[1]}",
        "Format": fmt,
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(REPO), str(root), json.dumps(params), preset],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"compose failed: {done.stderr[-1000:]}")
    result: dict[str, float] = json.loads(done.stdout)
    shutil.rmtree(root / ROOM / "compositions")
    return result


def bench(
    seconds: int,
    cache: Path,
    formats: list[str],
    on_row: Callable[[str, dict[str, object]], None],
    preset: str = rules.DEFAULT_PRESET,
) -> dict[str, object]:
    ffmpeg = find_ffmpeg()
    report: dict[str, object] = {
        "seconds": seconds,
        "cpus": os.cpu_count(),
        "preset": preset,
        "formats": {},
    }
    with tempfile.TemporaryDirectory() as temp:
        lengths = {"full": seconds, "quarter": max(2, seconds // 4)}
        rooms = {}
        for name, length in lengths.items():
            root = Path(temp) / name
            rooms[name] = (root, make_room(ffmpeg, root, length, cache))
        for fmt in formats:
            root, files = rooms["full"]
            hand_seconds, hand_cpu, hand_kib = time_hand(
                hand_command(ffmpeg, files, fmt, Path(temp) / f"hand.{fmt}", preset)
            )
            ours = time_compose(root, fmt, preset)
            quarter = time_compose(rooms["quarter"][0], fmt, preset)
            peak_full = ours["python_kib"] + ours["ffmpeg_kib"]
            peak_quarter = quarter["python_kib"] + quarter["ffmpeg_kib"]
            report["formats"][fmt] = {  # type: ignore[index]
                "hand_seconds": round(hand_seconds, 2),
                "compose_seconds": round(ours["seconds"], 2),
                "hand_realtime_factor": round(seconds / hand_seconds, 2),
                "compose_realtime_factor": round(seconds / ours["seconds"], 2),
                "compose_vs_hand": round(ours["seconds"] / hand_seconds, 3),
                # CPU seconds: what the load of other processes cannot inflate.
                "hand_cpu_seconds": round(hand_cpu, 2),
                "compose_cpu_seconds": round(ours["cpu_seconds"], 2),
                "compose_vs_hand_cpu": round(ours["cpu_seconds"] / hand_cpu, 3),
                "hand_peak_mib": round(hand_kib / 1024, 1),
                "compose_peak_mib": round(peak_full / 1024, 1),
                "compose_peak_mib_quarter_length": round(peak_quarter / 1024, 1),
                "memory_growth": round(peak_full / peak_quarter, 3),
            }
            on_row(fmt, report["formats"][fmt])  # type: ignore[index]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=600, help="room length (default 600)")
    parser.add_argument("--format", action="append", choices=["mp4", "webm"])
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "compose-bench"))
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--preset", default=rules.DEFAULT_PRESET, choices=rules.PRESETS)
    args = parser.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    if not args.json:
        print(f"room: 4 x 1280x720 VP8 + 4 Opus, {args.seconds}s; grid 1280x720", flush=True)
    report = bench(
        args.seconds, cache, args.format or ["mp4", "webm"], _quiet if args.json else _row
    )
    if args.json:
        print(json.dumps(report))


def _quiet(fmt: str, row: dict[str, object]) -> None:
    pass


def _row(fmt: str, row: dict[str, Any]) -> None:
    """Print one format's figures as soon as they are measured."""
    print(
        f"{fmt}: compose {row['compose_seconds']}s ({row['compose_realtime_factor']}x real "
        f"time), hand-written {row['hand_seconds']}s ({row['hand_realtime_factor']}x); "
        f"compose/hand {row['compose_vs_hand']}; peak {row['compose_peak_mib']} MiB "
        f"({row['compose_peak_mib_quarter_length']} MiB at a quarter of the length); "
        f"CPU compose {row['compose_cpu_seconds']}s vs hand {row['hand_cpu_seconds']}s",
        flush=True,
    )


if __name__ == "__main__":
    main()
