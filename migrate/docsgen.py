"""Generate the reference pages of the docs (``python -m migrate.docsgen [--check]``).

Two pages are generated, each from the one place its facts live:

* ``docs/mapping.md`` from the tables in ``mappings``: rows for parameters are produced by
  running the real mapping functions over the representative values below, so the
  reference can never drift from the rules.
* ``docs/cli.md`` from the command line itself: the Click command tree that Typer builds
  from ``migrate.cli.app.app`` is walked, and each command's usage, help, arguments and
  options are rendered as ``--help`` reports them.

``--check`` writes nothing and exits 1 when a committed page differs from what would be
generated.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from typer.core import TyperGroup

from mappings import catalog, compositions, events, recording_rules, regions, rooms, tokens
from mappings.fidelity import ParamMapping
from mappings.settings_map import map_storage_settings
from migrate.cli.app import build_command

# Typer builds its commands on its own copy of Click, which it does not export for typing.
Command = Any
Context = Any

DOCS_DIR = Path(__file__).resolve().parents[1] / "docs"
DOC_PATH = DOCS_DIR / "mapping.md"
CLI_DOC_PATH = DOCS_DIR / "cli.md"
TEMPLATES = Path(__file__).resolve().parent / "templates"
CLI_NAME = "twilio2zoom"

SECTION_TITLES = {
    "client": "Python client",
    "video": "Python / REST: Video resources",
    "token": "Access tokens",
    "webhook": "Webhooks",
    "rest": "Raw REST",
    "config": "Configuration",
    "js": "JavaScript (twilio-video.js)",
    "mobile": "Mobile SDKs",
}

# Representative values for each parameter; the rows come from the mapping functions.
ROOM_EXAMPLES: list[dict[str, object]] = [
    {"EnableTurn": True},
    {"Type": "group"},
    {"Type": "group-small"},
    {"Type": "peer-to-peer"},
    {"Type": "go"},
    {"UniqueName": "daily-standup"},
    {"UniqueName": "team/alpha"},
    {"StatusCallback": "https://example.com/video-events"},
    {"StatusCallbackMethod": "POST"},
    {"MaxParticipants": 10},
    {"RecordParticipantsOnConnect": True},
    {"RecordParticipantsOnConnect": False},
    {"TranscribeParticipantsOnConnect": True},
    {"VideoCodecs": ["VP8", "H264"]},
    {"MediaRegion": "de1"},
    {"MediaRegion": "ie1"},
    {"RecordingRules": [{"type": "include", "all": True}]},
    {"RecordingRules": [{"type": "include", "kind": "audio"}]},
    {"TranscriptionsConfiguration": {"languageCode": "en-US"}},
    {"AudioOnly": True},
    {"MaxParticipantDuration": 14_400},
    {"EmptyRoomTimeout": 5},
    {"UnusedRoomTimeout": 5},
    {"LargeRoom": True},
]
RM = "RM" + "0" * 32
AUDIO: dict[str, object] = {"RoomSid": RM, "AudioSources": ["*"]}
# (parameter shown, full call): the row for that parameter comes from the mapping.
COMPOSITION_EXAMPLES: list[tuple[str, dict[str, object]]] = [
    ("RoomSid", AUDIO),
    ("VideoLayout", {"RoomSid": RM, "VideoLayout": {"grid": {"video_sources": ["*"]}}}),
    (
        "VideoLayout",
        {
            "RoomSid": RM,
            "VideoLayout": {"main": {"video_sources": ["*"], "max_columns": 1, "max_rows": 1}},
        },
    ),
    ("VideoLayout", {"RoomSid": RM, "VideoLayout": {"screen": {"video_sources": ["screen*"]}}}),
    (
        "VideoLayout",
        {
            "RoomSid": RM,
            "VideoLayout": {
                "pip": {"video_sources": ["teacher"], "z_pos": 1, "width": 160, "height": 120},
                "grid": {"video_sources": ["*"]},
            },
        },
    ),
    ("AudioSources", AUDIO),
    ("AudioSources", {"RoomSid": RM, "AudioSources": ["teacher", "student*"]}),
    ("AudioSourcesExcluded", {**AUDIO, "AudioSourcesExcluded": ["student*"]}),
    ("Resolution", {**AUDIO, "Resolution": "1280x720"}),
    ("Format", {**AUDIO, "Format": "mp4"}),
    ("Format", {**AUDIO, "Format": "webm"}),
    ("StatusCallback", {**AUDIO, "StatusCallback": "https://example.com/cb"}),
    ("StatusCallbackMethod", {**AUDIO, "StatusCallbackMethod": "POST"}),
    ("Trim", {**AUDIO, "Trim": True}),
    ("Trim", {**AUDIO, "Trim": False}),
]
HOOK_EXAMPLES: list[tuple[str, dict[str, object]]] = [
    ("FriendlyName", {"FriendlyName": "every room"}),
    ("Enabled", {"FriendlyName": "every room", "Enabled": True}),
    ("Enabled", {"FriendlyName": "paused", "Enabled": False}),
]
RULE_EXAMPLES: list[list[dict[str, Any]]] = [
    [{"type": "include", "all": True}],
    [{"type": "exclude", "all": True}],
    [{"type": "include", "kind": "audio"}],
    [{"type": "include", "publisher": "Alice"}, {"type": "include", "kind": "audio"}],
    [{"type": "include", "all": True}, {"type": "exclude", "publisher": "Bob", "kind": "video"}],
    [{"type": "include", "all": True}, {"type": "exclude", "track": "screen"}],
]
STORAGE_EXAMPLES: list[dict[str, object]] = [
    {"friendly_name": "Default", "aws_storage_enabled": False, "encryption_enabled": False},
    {
        "friendly_name": "archive",
        "aws_storage_enabled": True,
        "aws_s3_url": "https://acme-video.s3.us-east-1.amazonaws.com/recordings",
        "aws_credentials_sid": "CR" + "0" * 32,
    },
    {
        "friendly_name": "secure",
        "aws_storage_enabled": False,
        "encryption_enabled": True,
        "encryption_key_sid": "CR" + "1" * 32,
    },
]


def _rows(
    examples: Sequence[tuple[str, dict[str, object]]],
    mapper: Callable[[dict[str, object]], compositions.CompositionMapping],
) -> list[ParamMapping]:
    return [next(p for p in mapper(call).params if p.param == name) for name, call in examples]


def build_context() -> dict[str, Any]:
    """Everything the template shows, computed from the mapping tables."""
    entries = sorted(catalog.CATALOG.values(), key=lambda m: list(SECTION_TITLES).index(m.section))
    sections = [
        {"title": SECTION_TITLES[name], "anchor": f"section-{name}", "entries": list(group)}
        for name, group in groupby(entries, key=lambda m: m.section)
    ]
    rule_rows = []
    for example in RULE_EXAMPLES:
        plan = recording_rules.map_recording_rules(
            recording_rules.validate_recording_rules(example)
        )
        rule_rows.append({"rules": example, "plan": plan})
    return {
        "sections": sections,
        "room_params": [rooms.map_create_room(e).params[0] for e in ROOM_EXAMPLES],
        "composition_params": _rows(COMPOSITION_EXAMPLES, compositions.map_composition),
        "hook_params": _rows(HOOK_EXAMPLES, compositions.map_composition_hook),
        "rule_rows": rule_rows,
        "token_args": tokens.ACCESS_TOKEN_ARGUMENTS,
        "regions": list(regions.REGIONS.values()),
        "twilio_events": list(events.TWILIO_EVENTS.values()),
        "zoom_only_events": [m for m in events.ZOOM_EVENTS.values() if m.twilio is None],
        "callback_params": events.PARAMETERS,
        "storage_params": list(
            {
                (p.param, p.zoom, p.fidelity): p
                for e in STORAGE_EXAMPLES
                for p in map_storage_settings(e).params
            }.values()
        ),
    }


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _prose(value: str) -> str:
    # Help text is plain text: ``<hash>`` must show as written, not vanish as an HTML tag.
    return value.replace("&", "&amp;").replace("<", "&lt;")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        # Markdown is not HTML-escaped; table cells go through the `cell` filter instead.
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
    )
    env.filters["cell"] = _cell
    env.filters["prose"] = _prose
    return env


def render() -> str:
    """docs/mapping.md as the tables generate it."""
    return _environment().get_template("mapping.md.j2").render(**build_context())


@dataclass(frozen=True)
class CliParam:
    """One argument or option as ``--help`` lists it: its declaration and its description."""

    declaration: str
    help: str


@dataclass(frozen=True)
class CliCommand:
    """One command of the tree, with what its ``--help`` page says."""

    path: str
    usage: str
    summary: str
    paragraphs: list[str]
    arguments: list[CliParam]
    options: list[CliParam]
    subcommands: list[str]

    @property
    def anchor(self) -> str:
        """The id Markdown's table of contents gives the command's heading (``## `path` ``)."""
        return self.path.replace(" ", "-")


def _help_paragraphs(text: str | None) -> list[str]:
    # Click's "\b" marks a paragraph it must not re-wrap; Markdown wraps nothing, so drop it.
    lines = [line for line in inspect.cleandoc(text or "").splitlines() if line.strip() != "\b"]
    paragraphs = re.split(r"\n\s*\n", "\n".join(lines).strip())
    return [" ".join(p.split()) for p in paragraphs if p.strip()]


def _walk(command: Command, name: str, parent: Context | None) -> Iterator[CliCommand]:
    ctx = command.context_class(command, info_name=name, parent=parent)
    arguments: list[CliParam] = []
    options: list[CliParam] = []
    # ``params`` rather than ``get_params``: the implicit --help option is described once, in
    # the page's introduction, instead of under every command.
    for param in command.params:
        record = param.get_help_record(ctx)
        if record is None:  # hidden
            continue
        target = arguments if param.param_type_name == "argument" else options
        # One line per option: Click's two-space gap before "[default: ...]" and any stray
        # trailing space are terminal layout, not content.
        target.append(CliParam(declaration=record[0], help=" ".join(record[1].split())))
    children: list[tuple[str, Command]] = []
    if isinstance(command, TyperGroup):
        for child_name in command.list_commands(ctx):
            child = command.get_command(ctx, child_name)
            if child is not None and not child.hidden:
                children.append((child_name, child))
    yield CliCommand(
        path=ctx.command_path,
        usage=" ".join([ctx.command_path, *command.collect_usage_pieces(ctx)]),
        summary=command.get_short_help_str(limit=1000),
        paragraphs=_help_paragraphs(command.help),
        arguments=arguments,
        options=options,
        subcommands=[f"{ctx.command_path} {child_name}" for child_name, _ in children],
    )
    for child_name, child in children:
        yield from _walk(child, child_name, ctx)


def cli_commands() -> list[CliCommand]:
    """Every visible command of ``twilio2zoom``, the root first, in ``--help`` order."""
    return list(_walk(build_command(), CLI_NAME, None))


def render_cli() -> str:
    """docs/cli.md as the command line describes itself."""
    commands = cli_commands()
    return (
        _environment()
        .get_template("cli.md.j2")
        .render(root=commands[0], commands=commands, by_path={c.path: c for c in commands})
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Write the generated pages, or with ``--check`` report whether they are up to date.

    With no output option both pages are handled at their committed paths; naming an output
    selects that page alone (so a test or a script can write one page elsewhere).
    """
    parser = argparse.ArgumentParser(prog="python -m migrate.docsgen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if a page is stale")
    parser.add_argument(
        "--mapping-output",
        "--output",
        type=Path,
        help=f"write or check only the mapping reference, here (default {DOC_PATH.name})",
    )
    parser.add_argument(
        "--cli-output",
        type=Path,
        help=f"write or check only the CLI reference, here (default {CLI_DOC_PATH.name})",
    )
    args = parser.parse_args(argv)
    pages: list[tuple[Path, Callable[[], str]]] = []
    if args.mapping_output is not None:
        pages.append((args.mapping_output, render))
    if args.cli_output is not None:
        pages.append((args.cli_output, render_cli))
    if not pages:
        pages = [(DOC_PATH, render), (CLI_DOC_PATH, render_cli)]
    stale = False
    for path, generate in pages:
        text = generate()
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                sys.stderr.write(f"{path} is out of date; run python -m migrate.docsgen\n")
                stale = True
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
