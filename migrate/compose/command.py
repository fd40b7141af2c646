"""The one FFmpeg command that renders a :class:`RenderPlan`.

Video: a black canvas (a lavfi input, so it survives FFmpeg re-building the filter graph
when a track changes resolution mid-way) with each source scaled to fit its cell, keeping
its aspect ratio, and overlaid centred while its ``enable`` windows hold; outside them the
cell shows what is below (black), never a frozen frame. Audio, in its own filter graph:
each source re-timed with silence in its gaps (``aresample=async=1:first_pts=0``) and
summed without normalisation (``amix=normalize=0``, Twilio's linear adder). Trimmed
intervals are dropped by ``select``/``aselect`` on whole output frames. Inputs are read
by FFmpeg as streams; nothing is held in memory beyond its frame queues.
"""

from __future__ import annotations

import os
from pathlib import Path

from mappings import compositions as rules
from migrate.compose.intervals import Span
from migrate.compose.plan import RenderPlan


def _num(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _within(spans: list[Span]) -> str:
    """An expression true while ``t`` lies in one of ``spans``."""
    return "+".join(f"between(t,{_num(s)},{_num(e - 1e-4)})" for s, e in spans)


def video_encoder_args(fmt: str, size: tuple[int, int], preset: str, threads: int) -> list[str]:
    """Video encoder options for ``fmt`` (shared with the benchmark)."""
    if fmt == "mp4":
        return ["-c:v", "libx264", "-preset", preset, "-crf", str(rules.H264_CRF),
                "-pix_fmt", "yuv420p"]  # fmt: skip
    return [
        "-c:v",
        "libvpx",
        "-deadline",
        "realtime",
        "-cpu-used",
        "8",
        "-b:v",
        str(rules.vp8_bitrate(size)),
        "-threads",
        str(threads),
        "-pix_fmt",
        "yuv420p",
    ]


def audio_encoder_args(fmt: str) -> list[str]:
    """Audio encoder options for ``fmt``."""
    codec = "aac" if fmt == "mp4" else "libopus"
    return ["-c:a", codec, "-b:a", rules.AUDIO_BITRATE[fmt]]


def encoder_args(fmt: str, size: tuple[int, int], preset: str, threads: int) -> list[str]:
    """Video and audio encoder options for ``fmt``."""
    return [*video_encoder_args(fmt, size, preset, threads), *audio_encoder_args(fmt)]


def encoder_names(fmt: str) -> tuple[str, ...]:
    """The FFmpeg encoders a format needs."""
    return ("libx264", "aac") if fmt == "mp4" else ("libvpx", "libopus")


def build_command(
    ffmpeg: str,
    plan: RenderPlan,
    media: dict[str, Path],
    output: Path,
    *,
    preset: str = rules.DEFAULT_PRESET,
    threads: int | None = None,
) -> list[str]:
    """argv rendering ``plan`` to ``output``; ``media`` maps each input SID to a local file."""
    request = plan.description.request
    width, height = plan.size
    fps = rules.OUTPUT_FPS
    duration = _num(plan.render_duration)
    argv = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-copyts"]
    argv += ["-progress", "pipe:1", "-nostats"]
    index: dict[str, int] = {}
    has_video = bool(plan.regions)
    has_audio = bool(plan.audio)
    if has_video:
        argv += ["-f", "lavfi", "-i", f"color=c=black:s={width}x{height}:r={fps}:d={duration}"]
        index["canvas"] = len(index)
    if has_audio:
        rate = rules.AUDIO_SAMPLE_RATE
        argv += ["-f", "lavfi", "-t", duration, "-i", f"anullsrc=r={rate}:cl=stereo"]
        index["silence"] = len(index)
    for sid, (_, offset) in plan.inputs.items():
        # -copyts keeps container timestamps; the offset moves the track onto render time.
        argv += ["-itsoffset", _num(offset), "-i", str(media[sid])]
        index[sid] = len(index)
    maps: list[str] = []
    if has_video:
        argv += ["-filter_complex", _video_graph(plan, index)]
        maps += ["-map", "[vout]"]
    if has_audio:
        argv += ["-filter_complex", _audio_graph(plan, index)]
        maps += ["-map", "[aout]"]
    output_duration = _num(plan.description.duration)
    argv += maps
    if has_video:
        argv += video_encoder_args(request.format, (width, height), preset, threads or _cpus())
    if has_audio:
        argv += audio_encoder_args(request.format)
    argv += ["-t", output_duration, "-f", request.format, str(output)]
    return argv


def _cpus() -> int:
    return os.cpu_count() or 1


def _video_graph(plan: RenderPlan, index: dict[str, int]) -> str:
    uses: dict[str, int] = {}
    for region in plan.regions:
        for overlay in region.overlays:
            uses[overlay.sid] = uses.get(overlay.sid, 0) + 1
    chains: list[str] = []
    labels: dict[str, list[str]] = {}
    for sid, count in uses.items():
        names = [f"s{index[sid]}_{k}" for k in range(count)]
        labels[sid] = names
        if count > 1:
            chains.append(f"[{index[sid]}:v]split={count}" + "".join(f"[{n}raw]" for n in names))
        else:
            chains.append(f"[{index[sid]}:v]null[{names[0]}raw]")
    current = f"[{index['canvas']}:v]"
    step = 0
    for region in plan.regions:
        if region.paint:
            step += 1
            box = f"x={region.x}:y={region.y}:w={region.width}:h={region.height}"
            chains.append(f"{current}drawbox={box}:color=black:t=fill[c{step}]")
            current = f"[c{step}]"
        for overlay in region.overlays:
            name = labels[overlay.sid].pop(0)
            cw, ch = overlay.cell_width, overlay.cell_height
            chains.append(
                f"[{name}raw]scale=w={cw}:h={ch}:force_original_aspect_ratio=decrease"
                f":force_divisible_by=2,setsar=1[{name}]"
            )
            step += 1
            x = f"{overlay.cell_x}+trunc(({cw}-w)/4)*2"
            y = f"{overlay.cell_y}+trunc(({ch}-h)/4)*2"
            chains.append(
                f"{current}[{name}]overlay=x='{x}':y='{y}':eof_action=pass"
                f":enable='{_within(overlay.windows)}'[c{step}]"
            )
            current = f"[c{step}]"
    tail = "format=yuv420p"
    if _trimmed(plan):
        tail = f"select='{_within(plan.kept)}',setpts=N/({rules.OUTPUT_FPS}*TB),format=yuv420p"
    chains.append(f"{current}{tail}[vout]")
    return ";".join(chains)


def _trimmed(plan: RenderPlan) -> bool:
    return plan.kept != [(0.0, plan.render_duration)]


def _audio_graph(plan: RenderPlan, index: dict[str, int]) -> str:
    rate = rules.AUDIO_SAMPLE_RATE
    chains: list[str] = []
    mix = [f"[{index['silence']}:a]"]
    for sid in plan.audio:
        label = f"a{index[sid]}"
        chains.append(
            f"[{index[sid]}:a]aresample={rate}:async=1:first_pts=0,"
            f"aformat=sample_fmts=fltp:channel_layouts=stereo[{label}]"
        )
        mix.append(f"[{label}]")
    tail = ""
    if _trimmed(plan):
        per_frame = rate // rules.OUTPUT_FPS
        tail = f",asetnsamples=n={per_frame}:p=0,aselect='{_within(plan.kept)}',asetpts=N/SR/TB"
    chains.append(
        "".join(mix)
        + f"amix=inputs={len(mix)}:normalize=0:duration=first:dropout_transition=0{tail}[aout]"
    )
    return ";".join(chains)
