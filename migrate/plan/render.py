"""Write a :class:`PlanReport` as Markdown, JSON and HTML (Jinja2 templates beside this file)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from migrate.plan.models import PlanReport

FORMATS = ("md", "json", "html")
FILE_STEM = "plan"
_TEMPLATES = Path(__file__).resolve().parent / "templates"
# docs/mapping.md section for each finding area.
AREA_ANCHORS = {
    "room": "create-room-parameters",
    "recording_rules": "recording-rules",
    "composition_hook": "compositions",
    "recording_settings": "storage-settings",
    "composition_settings": "storage-settings",
    "names": "create-room-parameters",
}


def human_size(nbytes: int) -> str:
    """Bytes in binary units (KiB, MiB, GiB, TiB)."""
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if nbytes >= scale:
            return f"{nbytes / scale:,.2f} {unit}"
    return f"{nbytes} B"


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        # HTML is escaped; Markdown cells go through the `cell` filter instead.
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
    )
    env.filters.update(size=human_size, duration=_duration, cell=_cell)
    env.globals["area_anchors"] = AREA_ANCHORS
    return env


def render(report: PlanReport, fmt: str) -> str:
    """The report in one of :data:`FORMATS`."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    return _environment().get_template(f"plan.{fmt}.j2").render(report=report)


def write_plan(report: PlanReport, out_dir: Path, formats: Iterable[str]) -> list[Path]:
    """Write ``plan.<fmt>`` for each format into ``out_dir``; each file appears complete or
    not at all (written beside, then renamed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        target = out_dir / f"{FILE_STEM}.{fmt}"
        partial = target.with_name(target.name + ".partial")
        partial.write_text(render(report, fmt), encoding="utf-8")
        partial.replace(target)
        written.append(target)
    return written
