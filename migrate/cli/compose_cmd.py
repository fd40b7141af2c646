"""``twilio2zoom compose ARCHIVE``: a thin layer over :mod:`migrate.compose`."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Annotated

import typer

from mappings import compositions as rules
from migrate.compose import ComposeSettings, ComposeSummary, run_compose
from migrate.compose.runner import Progress
from migrate.errors import ConfigError
from migrate.export.destination import parse_storage_options

_LIST = "comma-separated or repeated"


def _listed(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _layout(value: str | None) -> str | None:
    if value is None or not value.startswith("@"):
        return value
    try:
        return Path(value[1:]).expanduser().read_text()
    except OSError as exc:
        raise ConfigError(f"--video-layout {value}: {exc.strerror}") from None


def compose_command(
    archive: Annotated[
        str, typer.Argument(help="An export destination: local folder or fsspec URL.")
    ],
    room: Annotated[
        list[str] | None,
        typer.Option("--room", help="Room SID or unique name; repeatable (default: every room)."),
    ] = None,
    video_layout: Annotated[
        str | None, typer.Option(help="VideoLayout JSON, or @FILE holding it.")
    ] = None,
    audio_sources: Annotated[
        list[str] | None, typer.Option(help=f"Audio track names or SIDs, * wildcards; {_LIST}.")
    ] = None,
    audio_sources_excluded: Annotated[
        list[str] | None, typer.Option(help=f"Audio sources to leave out; {_LIST}.")
    ] = None,
    resolution: Annotated[
        str | None, typer.Option(help="WxH, 16..1280 each, at most 921,600 pixels [640x480].")
    ] = None,
    format_: Annotated[
        str | None, typer.Option("--format", help="mp4 (H.264 + AAC) or webm (VP8 + Opus) [webm].")
    ] = None,
    trim: Annotated[
        bool | None,
        typer.Option("--trim/--no-trim", help="Cut intervals with no media at all [trim]."),
    ] = None,
    output: Annotated[
        str | None, typer.Option(help="Write the single room's render to this local file.")
    ] = None,
    jobs: Annotated[int, typer.Option(min=1, max=64, help="Rooms rendered at once.")] = 1,
    preset: Annotated[
        str, typer.Option(help="x264 speed preset for mp4 (see docs/compose.md).")
    ] = rules.DEFAULT_PRESET,
    as_exported: Annotated[
        str | None,
        typer.Option(
            "--as-exported", help="Re-render exported composition CJ… with its own request."
        ),
    ] = None,
    hooks: Annotated[
        bool,
        typer.Option("--hooks", help="Apply every exported composition hook to rooms without it."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be rendered; render nothing.")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    storage_option: Annotated[
        list[str] | None,
        typer.Option("--storage-option", help="fsspec option for a remote ARCHIVE, KEY=VALUE."),
    ] = None,
) -> None:
    """Make Twilio compositions locally from an export's track recordings.

    Renders land in ARCHIVE/<room>/compositions/<room>-<digest>.<format> with a .json
    beside each describing what was drawn and mixed. Exit 0 when all rendered, 1 when
    some room failed, 2 for usage errors or a missing FFmpeg.
    """
    request: dict[str, object] = {
        "VideoLayout": _layout(video_layout),
        "AudioSources": _listed(audio_sources),
        "AudioSourcesExcluded": _listed(audio_sources_excluded),
        "Resolution": resolution,
        "Format": format_,
        "Trim": trim,
    }
    given = {k: v for k, v in request.items() if v is not None}
    if (as_exported or hooks) and given:
        raise ConfigError(
            "--as-exported and --hooks take the request from the archive; drop "
            + ", ".join(f"--{k}" for k in _option_names(given))
        )
    settings = ComposeSettings(preset=preset, jobs=jobs, output=output, dry_run=dry_run)
    show = not json_output and not dry_run and sys.stderr.isatty()
    with _progress(show) as progress:
        summary = run_compose(
            archive,
            params=given or None,
            rooms=tuple(room or ()),
            as_exported=as_exported,
            hooks=hooks,
            settings=settings,
            storage_options=parse_storage_options(storage_option or []),
            progress=progress,
        )
    typer.echo(summary.model_dump_json(indent=2) if json_output else _text(summary))
    for failed in summary.failed:
        typer.echo(f"twilio2zoom: error: {failed.room_sid}: {failed.reason}", err=True)
    raise typer.Exit(summary.exit_code)


def _option_names(given: dict[str, object]) -> list[str]:
    names = {
        "VideoLayout": "video-layout",
        "AudioSources": "audio-sources",
        "AudioSourcesExcluded": "audio-sources-excluded",
        "Resolution": "resolution",
        "Format": "format",
        "Trim": "trim",
    }
    return [names[k] for k in given]


class _progress:
    """A Rich bar per render on a terminal; nothing otherwise."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self._lock = threading.Lock()
        self._tasks: dict[str, object] = {}
        self._bar: object = None

    def __enter__(self) -> Progress | None:
        if not self.show:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        bar.start()
        self._bar = bar

        def update(key: str, done: float, total: float) -> None:
            with self._lock:
                task = self._tasks.get(key)
                if task is None:
                    task = bar.add_task(key.split(":")[0], total=total or 1)
                    self._tasks[key] = task
                bar.update(task, completed=done, total=total or 1)  # type: ignore[arg-type]

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]


def _text(summary: ComposeSummary) -> str:
    lines: list[str] = []
    verb = "would render" if summary.dry_run else "rendered"
    for result in summary.results:
        if result.status == "planned":
            lines.append(
                f"{result.room_sid}: {verb} {result.path} from {result.media_minutes:.1f} "
                f"media minutes ({result.origin})"
            )
        elif result.status == "rendered":
            lines.append(f"{result.room_sid}: rendered {result.path} ({result.duration:.1f}s)")
        elif result.status == "skipped":
            lines.append(f"{result.room_sid}: {result.path} exists and verifies; skipped")
        else:
            lines.append(f"{result.room_sid}: failed: {result.reason}")
    lines += [f"note: {note}" for note in summary.notes]
    counts = {s: sum(r.status == s for r in summary.results) for s in
              ("rendered", "planned", "skipped", "failed")}  # fmt: skip
    if summary.dry_run:
        minutes = sum(r.media_minutes for r in summary.results if r.status == "planned")
        lines.append(
            f"dry run: {counts['planned']} to render from {minutes:.1f} media minutes, "
            f"{counts['skipped']} already rendered"
        )
    else:
        lines.append(
            f"compose: {counts['rendered']} rendered, {counts['skipped']} skipped, "
            f"{counts['failed']} failed"
        )
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``compose`` to the root CLI."""
    app.command("compose")(compose_command)
