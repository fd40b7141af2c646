"""Generate docs/mapping.md from the mapping tables (``python -m migrate.docsgen [--check]``).

The tables in ``mappings`` are the only source: rows for parameters are produced by running
the real mapping functions over the representative values below, so the reference can never
drift from the rules. ``--check`` exits 1 when the committed file differs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from mappings import catalog, compositions, events, recording_rules, regions, rooms, tokens
from mappings.fidelity import ParamMapping
from mappings.settings_map import map_storage_settings

DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "mapping.md"
TEMPLATES = Path(__file__).resolve().parent / "templates"

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


def render() -> str:
    """docs/mapping.md as the tables generate it."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        # Markdown is not HTML-escaped; table cells go through the `cell` filter instead.
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
    )
    env.filters["cell"] = _cell
    return env.get_template("mapping.md.j2").render(**build_context())


def main(argv: Sequence[str] | None = None) -> int:
    """Write docs/mapping.md, or with ``--check`` report whether it is up to date (exit 1)."""
    parser = argparse.ArgumentParser(prog="python -m migrate.docsgen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("--output", type=Path, default=DOC_PATH, help="file to write or check")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            sys.stderr.write(f"{args.output} is out of date; run python -m migrate.docsgen\n")
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
