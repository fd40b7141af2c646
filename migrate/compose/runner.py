"""Render jobs with FFmpeg: skip what exists and verifies, ``--jobs`` at once, progress.

Each render writes to a local work folder, then the output is published under its final
name and its ``<name>.json`` last: a description under its final name means the render
it names is complete.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pydantic import BaseModel, Field

from mappings import compositions as rules
from migrate.compose.archive import Archive, RoomRecord, TrackRecord, composition_relpath
from migrate.compose.command import build_command, encoder_args, encoder_names
from migrate.compose.ffmpeg import find_ffmpeg, require_encoders
from migrate.compose.jobs import Job
from migrate.compose.plan import Description, OutputFile, build_plan, selected
from migrate.compose.probe import TrackMedia, probe_track
from migrate.errors import ConfigError, Twilio2ZoomError

_CHUNK = 1 << 20
_STDERR_LINES = 3


class RenderResult(BaseModel):
    """What became of one job."""

    room_sid: str
    origin: str
    path: str
    status: str  # rendered, skipped, failed, planned
    reason: str = ""
    duration: float = 0.0
    media_minutes: float = 0.0
    seconds: float = 0.0


class ComposeSummary(BaseModel):
    """Totals of a compose run."""

    archive: str
    results: list[RenderResult] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    dry_run: bool = False

    @property
    def failed(self) -> list[RenderResult]:
        """Jobs that did not render."""
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        """1 when some room failed, else 0."""
        return 1 if self.failed else 0


class ComposeSettings(BaseModel):
    """How to render: encoder preset, parallel jobs, single-output override."""

    preset: str = rules.DEFAULT_PRESET
    jobs: int = Field(1, ge=1, le=64)
    output: str | None = None
    dry_run: bool = False


Progress = Callable[[str, float, float], None]  # (job key, done seconds, total seconds)


def _sha256(handle: object) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(_CHUNK):  # type: ignore[attr-defined]
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def output_relpath(job: Job, settings: ComposeSettings) -> str:
    """Where a job's render goes (``--output`` or the archive's compositions folder)."""
    if settings.output:
        return Path(settings.output).name
    return composition_relpath(job.room_sid, job.request.digest(), job.request.format)


def _target(archive: Archive, settings: ComposeSettings) -> Archive:
    """Where renders are written: the archive, or the folder of ``--output``."""
    if not settings.output:
        return archive
    folder = Path(settings.output).expanduser().resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    return Archive(str(folder))


def verified(archive: Archive, relpath: str) -> bool:
    """True when ``relpath`` and its description exist and the size and SHA-256 match."""
    described = f"{relpath.rsplit('.', 1)[0]}.json"
    if not archive.exists(relpath) or not archive.exists(described):
        return False
    try:
        description = Description.model_validate(archive.read_json(described))
    except (ValueError, OSError):
        return False
    if description.output is None:
        return False
    with archive.open_read(relpath) as handle:
        size, sha = _sha256(handle)
    return size == description.output.size and sha == description.output.sha256


def candidates(room: RoomRecord, job: Job) -> list[TrackRecord]:
    """Tracks the request could select: only these are read."""
    request = job.request
    wanted: list[TrackRecord] = []
    for track in room.tracks:
        if track.kind == "video":
            hit = any(
                selected(track, r.video_sources, r.video_sources_excluded)
                for r in request.video_layout.values()
            )
        else:
            hit = bool(request.audio_sources) and selected(
                track, request.audio_sources, request.audio_sources_excluded
            )
        if hit:
            wanted.append(track)
    return wanted


def dry_run_result(archive: Archive, job: Job, settings: ComposeSettings) -> RenderResult:
    """What would be rendered, from the recordings' own durations (no media is read)."""
    room = archive.room(job.room_sid)
    tracks = candidates(room, job)
    seconds = sum(float(t.resource.get("duration") or 0) for t in tracks)
    relpath = output_relpath(job, settings)
    status = "skipped" if verified(_target(archive, settings), relpath) else "planned"
    return RenderResult(
        room_sid=job.room_sid,
        origin=job.origin,
        path=relpath,
        status=status,
        reason="" if tracks else "no track matches the request",
        media_minutes=round(seconds / 60, 2),
    )


def render(
    archive: Archive, job: Job, settings: ComposeSettings, progress: Progress | None = None
) -> RenderResult:
    """Render one job (or skip it when its output already verifies)."""
    started = time.monotonic()
    relpath = output_relpath(job, settings)
    result = RenderResult(room_sid=job.room_sid, origin=job.origin, path=relpath, status="failed")
    try:
        target = _target(archive, settings)
        if settings.output:
            result.path = str(Path(settings.output).expanduser().resolve())
        if verified(target, relpath):
            result.status = "skipped"
            return result
        result.duration = _render(archive, target, job, settings, relpath, progress)
        result.status = "rendered"
    except Twilio2ZoomError as exc:
        result.reason = str(exc)
    except OSError as exc:
        result.reason = f"{type(exc).__name__}: {exc}"
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _render(
    archive: Archive,
    target: Archive,
    job: Job,
    settings: ComposeSettings,
    relpath: str,
    progress: Progress | None,
) -> float:
    ffmpeg = find_ffmpeg()
    request = job.request
    require_encoders(ffmpeg, encoder_names(request.format))
    room = archive.room(job.room_sid)
    with tempfile.TemporaryDirectory(prefix="twilio2zoom-compose-") as work:
        workdir = Path(work)
        local: dict[str, Path] = {}
        media: dict[str, TrackMedia] = {}
        for track in candidates(room, job):
            local[track.sid] = archive.local_media(track.relpath, workdir)
            gap = rules.VIDEO_GAP_SECONDS if track.kind == "video" else rules.AUDIO_GAP_SECONDS
            media[track.sid] = probe_track(ffmpeg, local[track.sid], gap)
        plan = build_plan(request, room, media)
        out = workdir / f"render.{request.format}"
        argv = build_command(ffmpeg, plan, local, out, preset=settings.preset)
        _run(argv, plan.render_duration, f"{job.room_sid}:{job.origin}", progress)
        with out.open("rb") as handle:
            size, sha = _sha256(handle)
        description = plan.description.model_copy(
            update={
                "output": OutputFile(path=relpath, size=size, sha256=sha),
                "encoder": _encoder(request.format, plan.size, settings.preset),
            }
        )
        described = workdir / "render.json"
        described.write_text(description.model_dump_json(indent=2))
        target.publish(out, relpath)
        target.publish(described, f"{relpath.rsplit('.', 1)[0]}.json")
        return description.duration


def _encoder(fmt: str, size: tuple[int, int], preset: str) -> dict[str, str]:
    args = encoder_args(fmt, size, preset, 0)
    pairs = dict(zip(args[::2], args[1::2], strict=False))
    pairs.pop("-threads", None)
    return {k.lstrip("-"): v for k, v in pairs.items()}


def _run(argv: list[str], total: float, key: str, progress: Progress | None) -> None:
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        for line in process.stdout:
            name, _, value = line.strip().partition("=")
            if name == "out_time_us" and progress is not None and value.isdigit():
                progress(key, min(total, int(value) / 1e6), total)
        error = process.stderr.read()
        code = process.wait()
    if code != 0:
        tail = " | ".join(error.strip().splitlines()[-_STDERR_LINES:]) or f"exit {code}"
        raise Twilio2ZoomError(f"FFmpeg failed: {tail}")
    if progress is not None:
        progress(key, total, total)


def run_jobs(
    archive: Archive,
    jobs: list[Job],
    settings: ComposeSettings,
    progress: Progress | None = None,
) -> list[RenderResult]:
    """Render (or, with ``dry_run``, describe) every job, ``settings.jobs`` at a time."""
    if settings.output and len(jobs) > 1:
        raise ConfigError("--output needs exactly one room to render")
    if settings.preset not in rules.PRESETS:
        raise ConfigError(f"--preset must be one of {', '.join(rules.PRESETS)}")
    if settings.dry_run:
        return [dry_run_result(archive, job, settings) for job in jobs]
    find_ffmpeg()  # a missing FFmpeg is one configuration error, not one per room
    with ThreadPoolExecutor(max_workers=settings.jobs) as pool:
        return list(pool.map(lambda job: render(archive, job, settings, progress), jobs))
