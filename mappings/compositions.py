"""Compositions and Composition Hooks -> Zoom cloud-recording files, or local composition.

Twilio: CreateComposition / CreateCompositionHook and the VideoLayout grammar (the vendored spec;
https://www.twilio.com/docs/video/api/compositions-resource). Zoom has no composition API: the
account's cloud-recording settings choose, before recording, which files a session yields — gallery
view, active speaker, shared screen (alone or with either view), audio only, per-user audio and,
when enabled, per-user video (https://developers.zoom.us/docs/video-sdk/web/recording/). What no
file fits is composed locally from the exported per-user files.

The other direction lives here too: which Zoom composite file a composition *is*
(:func:`composition_file`), which composition a Zoom file stands for
(:func:`file_composition`) and its Twilio view (:func:`composition_view`), so the shim's
``compositions.create`` and ``compositions.list`` agree on every match.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

from mappings import limits, recordings, sids
from mappings.errors import MappingError
from mappings.fidelity import Fidelity, FrozenModel, ParamMapping, param_row, weakest
from mappings.times import twilio_time

# Zoom recording_type values (https://developers.zoom.us/docs/api/video-sdk/) that a layout can ask
# for.
GALLERY = "gallery_view"
ACTIVE_SPEAKER = "active_speaker"
SHARED_SCREEN = "shared_screen"
SCREEN_WITH_GALLERY = "shared_screen_with_gallery_view"
SCREEN_WITH_SPEAKER = "shared_screen_with_speaker_view"
AUDIO_ONLY = "audio_only"
AUDIO_PER_USER = "audio_only_each_participant"
VIDEO_PER_USER = "individual_user"

_REGION_PROPS = {
    "x_pos",
    "y_pos",
    "z_pos",
    "width",
    "height",
    "max_columns",
    "max_rows",
    "cells_excluded",
    "reuse",
    "video_sources",
    "video_sources_excluded",
}
_REUSE = ("none", "show_oldest", "show_newest")
_RESOLUTION = re.compile(r"(\d+)x(\d+)")
_SCREEN = re.compile(r"screen|share|presentation", re.IGNORECASE)
_SID = re.compile(r"(RT|MT|PA)[0-9a-fA-F]{32}")


class CompositionMapping(FrozenModel):
    """Zoom recording files to enable, whether local composition is needed, and each param."""

    zoom_files: list[str]
    compose_locally: bool
    params: list[ParamMapping]
    fidelity: Fidelity
    notes: list[str]


def parse_resolution(value: str) -> tuple[int, int]:
    """``"WxH"`` checked against Twilio's bounds (16..1280 each, at most 921,600 pixels)."""
    match = _RESOLUTION.fullmatch(value.strip())
    if not match:
        raise MappingError(f"Resolution must look like 1280x720, got {value!r}")
    width, height = int(match[1]), int(match[2])
    low, high = limits.TWILIO_COMPOSITION_DIM_MIN, limits.TWILIO_COMPOSITION_DIM_MAX
    if not (low <= width <= high and low <= height <= high):
        raise MappingError(f"Resolution sides must be {low}..{high} pixels, got {value}")
    if width * height > limits.TWILIO_COMPOSITION_PIXELS_MAX:
        raise MappingError(
            f"Resolution may hold at most {limits.TWILIO_COMPOSITION_PIXELS_MAX} pixels, "
            f"got {value}"
        )
    return width, height


def matches_source(pattern: str, name: str, sids: Sequence[str] = ()) -> bool:
    """Twilio's source matching: a SID, a track name, or a name with ``*`` wildcards."""
    if pattern == "*":
        return True
    if pattern in sids:
        return True
    if "*" in pattern:
        # "*" matches zero or more characters anywhere in the name (CreateComposition
        # AudioSources description in the vendored spec); nothing else is special.
        regex = ".*".join(re.escape(part) for part in pattern.split("*"))
        return re.fullmatch(regex, name, re.DOTALL) is not None
    return name == pattern


def _int_in(region: str, key: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise MappingError(f"VideoLayout region {region!r}: {key} must be {low}..{high}")
    return value


def _sources(region: str, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
        raise MappingError(f"VideoLayout region {region!r}: {key} must be a list of names or SIDs")
    return value


def validate_video_layout(layout: object, resolution: tuple[int, int]) -> dict[str, dict[str, Any]]:
    """Check a VideoLayout against https://www.twilio.com/docs/video/api/compositions-resource for a
    composition of ``resolution``."""
    if not isinstance(layout, Mapping) or not layout:
        raise MappingError("VideoLayout must be an object with at least one region")
    canvas_w, canvas_h = resolution
    checked: dict[str, dict[str, Any]] = {}
    for name, props in layout.items():
        if not isinstance(props, Mapping):
            raise MappingError(f"VideoLayout region {name!r} must be an object")
        unknown = sorted(set(props) - _REGION_PROPS)
        if unknown:
            raise MappingError(f"VideoLayout region {name!r}: unknown property {unknown[0]!r}")
        if "video_sources" not in props:
            raise MappingError(f"VideoLayout region {name!r}: video_sources is required")
        _sources(name, "video_sources", props["video_sources"])
        if "video_sources_excluded" in props:
            _sources(name, "video_sources_excluded", props["video_sources_excluded"])
        x = _int_in(name, "x_pos", props.get("x_pos", 0), 0, canvas_w - 16)
        y = _int_in(name, "y_pos", props.get("y_pos", 0), 0, canvas_h - 16)
        _int_in(name, "z_pos", props.get("z_pos", 0), -99, 99)
        _int_in(name, "width", props.get("width", canvas_w - x), 16, canvas_w - x)
        _int_in(name, "height", props.get("height", canvas_h - y), 16, canvas_h - y)
        for key in ("max_columns", "max_rows"):
            if key in props:
                _int_in(name, key, props[key], 1, 1000)
        cells = props.get("cells_excluded", [])
        if not isinstance(cells, list):
            raise MappingError(f"VideoLayout region {name!r}: cells_excluded must be a list")
        for cell in cells:
            _int_in(name, "cells_excluded", cell, 0, 999_999)
        if props.get("reuse", "show_oldest") not in _REUSE:
            raise MappingError(f"VideoLayout region {name!r}: reuse must be one of {_REUSE}")
        checked[str(name)] = dict(props)
    return checked


def _kind(props: Mapping[str, Any]) -> str:
    """``all``, ``screen`` or ``specific`` sources for one region."""
    sources: list[str] = props["video_sources"]
    if "*" in sources and not props.get("video_sources_excluded"):
        return "all"
    if all(_SCREEN.search(s) and not _SID.fullmatch(s) for s in sources):
        return "screen"
    return "specific"


def _one_cell(props: Mapping[str, Any]) -> bool:
    return props.get("max_columns") == 1 and props.get("max_rows") == 1


def _layout(layout: Mapping[str, Mapping[str, Any]]) -> tuple[list[str], bool, Fidelity, str]:
    """Zoom files for a validated layout: (files, compose locally, fidelity, explanation)."""
    kinds = sorted(_kind(p) for p in layout.values())
    single = len(layout) == 1
    props = next(iter(layout.values()))
    if single and kinds == ["all"] and _one_cell(props):
        return (
            [ACTIVE_SPEAKER],
            False,
            "approximate",
            (
                "a one-cell region maps to Zoom's active-speaker view, which follows the "
                "speaker rather than Twilio's oldest/newest source"
            ),
        )
    if single and kinds == ["all"]:
        return (
            [GALLERY],
            False,
            "approximate",
            (
                "a grid of every source maps to Zoom's gallery view; Zoom decides tile order, "
                "cell limits and excluded cells"
            ),
        )
    if single and kinds == ["screen"]:
        return (
            [SHARED_SCREEN],
            False,
            "approximate",
            "screen-share sources map to Zoom's shared-screen file",
        )
    if kinds == ["all", "screen"] and any(
        _kind(p) == "all" and _one_cell(p) for p in layout.values()
    ):
        return (
            [SCREEN_WITH_SPEAKER],
            False,
            "approximate",
            (
                "a screen region beside a one-cell region of every source maps to Zoom's "
                "shared screen with speaker view; positions and sizes are Zoom's"
            ),
        )
    if kinds == ["all", "screen"]:
        return (
            [SCREEN_WITH_GALLERY],
            False,
            "approximate",
            (
                "a screen region beside a grid maps to Zoom's shared screen with gallery view; "
                "positions and sizes are Zoom's"
            ),
        )
    return (
        [VIDEO_PER_USER],
        True,
        "unsupported",
        (
            "this layout has no Zoom counterpart; enable per-user video files and compose "
            "locally from the exported files"
        ),
    )


def _audio(sources: object, excluded: object) -> tuple[list[str], bool, Fidelity, str]:
    listed = sources if isinstance(sources, list) else [sources]
    if listed == ["*"] and not excluded:
        return [AUDIO_ONLY], False, "exact", "everyone's audio is Zoom's audio-only M4A"
    return (
        [AUDIO_PER_USER],
        True,
        "approximate",
        ("selected or excluded audio sources become per-user M4A files mixed locally"),
    )


class _Build:
    def __init__(self, resolution: tuple[int, int]) -> None:
        self.resolution = resolution
        self.files: list[str] = []
        self.compose_locally = False
        self.notes: list[str] = []


Handler = Callable[[object, _Build, Mapping[str, object]], ParamMapping]


def _room_sid(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    return param_row(
        "RoomSid",
        v,
        "the Zoom session whose cloud recording holds the files",
        "approximate",
        "Only sessions recorded on Zoom with these layout settings have the files; "
        "there is no composing after the fact.",
    )


def _video_layout(v: object, b: _Build, p: Mapping[str, object]) -> ParamMapping:
    layout = validate_video_layout(v, b.resolution)
    files, local, fidelity, why = _layout(layout)
    b.files += files
    b.compose_locally |= local
    if "AudioSources" not in p:
        b.notes.append("Twilio composed video without audio; Zoom video files include audio")
    return param_row("VideoLayout", v, "recording files: " + ", ".join(files), fidelity, why)


def _audio_sources(v: object, b: _Build, p: Mapping[str, object]) -> ParamMapping:
    files, local, fidelity, why = _audio(v, p.get("AudioSourcesExcluded"))
    b.files += files
    b.compose_locally |= local
    return param_row("AudioSources", v, "recording files: " + ", ".join(files), fidelity, why)


def _audio_excluded(v: object, b: _Build, p: Mapping[str, object]) -> ParamMapping:
    return param_row(
        "AudioSourcesExcluded",
        v,
        f"recording files: {AUDIO_PER_USER}",
        "approximate",
        "Zoom cannot leave a participant out of its mixed audio; mix the per-user files "
        "without the excluded sources.",
    )


def _resolution(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    return param_row(
        "Resolution",
        v,
        "(chosen by Zoom: up to 1080p web/desktop, 720p mobile)",
        "approximate",
        "Re-encode locally if the exact size matters.",
    )


def _format(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    if v not in ("mp4", "webm"):
        raise MappingError(f"Format must be mp4 or webm, got {v!r}")
    if v == "mp4":
        return param_row("Format", v, "MP4", "exact", "")
    return param_row(
        "Format", v, "MP4 (transcode to WebM locally)", "approximate", "Zoom records MP4 only."
    )


def _status_callback(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    return param_row(
        "StatusCallback",
        v,
        "session.recording_completed webhook via twilio2zoom bridge",
        "approximate",
        "The bridge sends recording-completed per file; there are no "
        "composition-started/progress events.",
    )


def _status_callback_method(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    if str(v).upper() not in ("GET", "POST"):
        raise MappingError(f"StatusCallbackMethod must be GET or POST, got {v!r}")
    return param_row("StatusCallbackMethod", v, "bridge forwards with this method", "exact", "")


def _trim(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    on = v is True or str(v).lower() == "true"
    if on:
        return param_row(
            "Trim",
            on,
            "(no equivalent)",
            "approximate",
            "Zoom files span recording start to stop; cut silent gaps locally.",
        )
    return param_row("Trim", on, "(Zoom keeps the whole recording)", "exact", "")


def _friendly_name(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    return param_row(
        "FriendlyName",
        v,
        "(no equivalent)",
        "approximate",
        "Zoom recording settings are unnamed account settings.",
    )


def _enabled(v: object, b: _Build, _: Mapping[str, object]) -> ParamMapping:
    on = v is True or str(v).lower() == "true"
    if not on:
        return param_row("Enabled", on, "(nothing to record)", "exact", "")
    return param_row(
        "Enabled",
        on,
        'settings.auto_recording = "cloud" (or recording.start on session.started)',
        "approximate",
        "Twilio composed every completed room; Zoom records sessions that start "
        "recording, with the account's layout files.",
    )


_SHARED: Mapping[str, Handler] = {
    "VideoLayout": _video_layout,
    "AudioSources": _audio_sources,
    "AudioSourcesExcluded": _audio_excluded,
    "Resolution": _resolution,
    "Format": _format,
    "StatusCallback": _status_callback,
    "StatusCallbackMethod": _status_callback_method,
    "Trim": _trim,
}
COMPOSITION_PARAMS: Mapping[str, Handler] = {"RoomSid": _room_sid, **_SHARED}
COMPOSITION_HOOK_PARAMS: Mapping[str, Handler] = {
    "FriendlyName": _friendly_name,
    "Enabled": _enabled,
    **_SHARED,
}


def _map(params: Mapping[str, object], table: Mapping[str, Handler], op: str) -> CompositionMapping:
    given = {k: v for k, v in params.items() if v is not None}
    unknown = sorted(set(given) - set(table))
    if unknown:
        raise MappingError(f"not a {op} parameter: {unknown[0]}")
    resolution_text = str(given.get("Resolution", limits.TWILIO_COMPOSITION_DEFAULT_RESOLUTION))
    build = _Build(parse_resolution(resolution_text))
    mapped = [table[k](given[k], build, given) for k in table if k in given]
    return CompositionMapping(
        zoom_files=list(dict.fromkeys(build.files)),
        compose_locally=build.compose_locally,
        params=mapped,
        fidelity=weakest(*(m.fidelity for m in mapped)),
        notes=build.notes,
    )


def map_composition(params: Mapping[str, object]) -> CompositionMapping:
    """Map CreateComposition parameters (spec names). RoomSid and VideoLayout or
    AudioSources are required, as on Twilio; invalid values raise :class:`MappingError`."""
    if not params.get("RoomSid"):
        raise MappingError("RoomSid is required for a composition")
    if params.get("VideoLayout") is None and params.get("AudioSources") is None:
        raise MappingError("a composition needs VideoLayout or AudioSources")
    return _map(params, COMPOSITION_PARAMS, "CreateComposition")


def map_composition_hook(params: Mapping[str, object]) -> CompositionMapping:
    """Map CreateCompositionHook parameters (spec names); FriendlyName is required."""
    if not params.get("FriendlyName"):
        raise MappingError("FriendlyName is required for a composition hook")
    return _map(params, COMPOSITION_HOOK_PARAMS, "CreateCompositionHook")


def map_hook_resource(hook: Mapping[str, Any]) -> CompositionMapping:
    """Map a fetched CompositionHook resource (snake_case fields) like its create call."""
    fields = {
        "FriendlyName": hook.get("friendly_name"),
        "Enabled": hook.get("enabled"),
        "VideoLayout": hook.get("video_layout") or None,
        "AudioSources": hook.get("audio_sources") or None,
        "AudioSourcesExcluded": hook.get("audio_sources_excluded") or None,
        "Resolution": hook.get("resolution"),
        "Format": hook.get("format"),
        "StatusCallback": hook.get("status_callback"),
        "StatusCallbackMethod": hook.get("status_callback_method")
        if hook.get("status_callback")
        else None,
        "Trim": hook.get("trim"),
    }
    return map_composition_hook(fields)


# --- Zoom composite files as Twilio compositions ------------------------------------------

_ALL: list[str] = ["*"]
_GRID: dict[str, Any] = {"grid": {"video_sources": _ALL}}
_SPEAKER: dict[str, Any] = {"speaker": {"video_sources": _ALL, "max_columns": 1, "max_rows": 1}}
_SCREEN_REGION: dict[str, Any] = {"screen": {"video_sources": ["screen*"]}}

# The composition each Zoom composite file stands for, as CreateComposition parameters.
# map_composition maps each of them back to the same file (the tests hold both directions
# together), so a listed composition could have been created with these parameters.
# Zoom's video files carry the mixed audio, hence AudioSources ["*"] beside each layout.
FILE_COMPOSITIONS: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {
        GALLERY: {"VideoLayout": _GRID, "AudioSources": _ALL},
        ACTIVE_SPEAKER: {"VideoLayout": _SPEAKER, "AudioSources": _ALL},
        SHARED_SCREEN: {"VideoLayout": _SCREEN_REGION, "AudioSources": _ALL},
        SCREEN_WITH_GALLERY: {"VideoLayout": {**_SCREEN_REGION, **_GRID}, "AudioSources": _ALL},
        SCREEN_WITH_SPEAKER: {"VideoLayout": {**_SCREEN_REGION, **_SPEAKER}, "AudioSources": _ALL},
        AUDIO_ONLY: {"AudioSources": _ALL},
    }
)
_AUDIO_FILES = frozenset({AUDIO_ONLY, AUDIO_PER_USER})
# Zoom writes every composite video as MP4 and the mixed audio as M4A (Zoom's
# recording_type/file_type).
_AUDIO_FORMAT, _VIDEO_FORMAT = "M4A", "MP4"
# Both are MP4 containers; Twilio's composition ``format`` knows only mp4 and webm.
COMPOSITION_FORMAT = "mp4"
TWILIO_BASE_URL = recordings.TWILIO_BASE_URL


def composition_file(mapping: CompositionMapping) -> str | None:
    """The one Zoom composite file (its ``recording_type``) a composition corresponds to.

    None when the composition has no such file: it needs local composition, or a parameter
    has no Zoom counterpart. A layout with audio is the layout's video file, because Zoom's
    video files carry the mixed audio; audio alone is the audio-only M4A.
    """
    if mapping.compose_locally or mapping.fidelity == "unsupported":
        return None
    video = [f for f in mapping.zoom_files if f not in _AUDIO_FILES]
    audio = [f for f in mapping.zoom_files if f == AUDIO_ONLY]
    chosen = video or audio
    return chosen[0] if chosen else None


def composition_gaps(mapping: CompositionMapping) -> list[ParamMapping]:
    """The parameters that keep a composition from being one Zoom file.

    Those with no Zoom counterpart, and those that need per-user files mixed or laid out
    locally; empty when :func:`composition_file` names a file.
    """
    local = (AUDIO_PER_USER, VIDEO_PER_USER)
    return [
        row
        for row in mapping.params
        if row.fidelity == "unsupported" or any(kind in row.zoom for kind in local)
    ]


def file_composition(file: Mapping[str, Any]) -> dict[str, object] | None:
    """The CreateComposition parameters (without RoomSid) a Zoom recording file stands for.

    Only composite files of the session (``recording_files[]`` of a kind listed in
    :data:`FILE_COMPOSITIONS`, in that kind's media format) are compositions; per-user
    files, transcripts and chat are recordings or data. None for any other file.
    """
    if recordings.owner_key(file):
        return None
    kind = str(file.get("recording_type") or "")
    params = FILE_COMPOSITIONS.get(kind)
    expected = _AUDIO_FORMAT if kind == AUDIO_ONLY else _VIDEO_FORMAT
    if params is None or recordings.media_format(file) != expected:
        return None
    return copy.deepcopy(dict(params))


def composition_view(
    session: Mapping[str, Any],
    file: Mapping[str, Any],
    *,
    account_sid: str,
    base_url: str = TWILIO_BASE_URL,
) -> dict[str, Any]:
    """A Zoom composite recording file as a Twilio Composition resource (JSON field types).

    ``session`` is the Zoom recordings object (``session_id`` and ``external_storage_url``
    are read). Layout fields are the parameters of :func:`file_composition`; what Zoom does
    not report is None (``resolution``, ``bitrate``: Zoom picks the size and rate), and
    ``trim`` is False because Zoom keeps the whole recording. Raises :class:`MappingError`
    for a file that is not a composition.
    """
    session_id = str(session.get("session_id") or "")
    file_id = str(file.get("id") or "")
    params = file_composition(file)
    if not session_id or not file_id or params is None:
        raise MappingError("this Zoom recording file is not a composite file of a session")
    sid = sids.composition_sid(session_id, file_id)
    size = file.get("file_size")
    status = recordings.recording_status(file)
    return {
        "account_sid": account_sid,
        "status": status,
        "date_created": twilio_time(file.get("recording_start")),
        "date_completed": twilio_time(file.get("recording_end")),
        "date_deleted": twilio_time(file.get("deleted_time")),
        "sid": sid,
        "room_sid": sids.room_sid(session_id),
        "audio_sources": params.get("AudioSources") or [],
        "audio_sources_excluded": [],
        "video_layout": params.get("VideoLayout") or {},
        "resolution": None,
        "trim": False,
        "format": COMPOSITION_FORMAT,
        "bitrate": None,
        "size": int(size) if isinstance(size, int | float) else None,
        "duration": recordings.recording_duration(file),
        "media_external_location": session.get("external_storage_url") or None,
        "status_callback": None,
        "status_callback_method": None,
        "url": f"{base_url}/v1/Compositions/{sid}",
        "links": {"media": str(file.get("download_url") or "")},
    }


# --- Local composition (twilio2zoom compose) ------------------------------------------------
#
# What a CreateComposition request means when it is answered from exported tracks. Twilio
# publishes the parameters and their limits; where it does not say how it renders, the rule
# below follows Shiguredo's Hisui (https://github.com/shiguredo/hisui, docs/layout_region.md),
# which follows Twilio's layout grammar. Every such choice is a named constant here and is
# listed in docs/compose.md.

# Twilio's answer to an invalid parameter is HTTP 400 with its generic code 20001
# ("Invalid parameter"); no composition-specific code is published for layout errors.
INVALID_PARAMETER_CODE = 20001
DEFAULT_FORMAT: Literal["webm"] = "webm"  # CreateComposition Format default
DEFAULT_TRIM = True  # CreateComposition Trim default
DEFAULT_REUSE: Reuse = "show_oldest"

# Choices where Twilio's rule is unknown (docs/compose.md, "Choices").
OUTPUT_FPS = 25  # Twilio does not publish its compositions' frame rate.
AUDIO_SAMPLE_RATE = 48_000  # Opus' native rate; AAC in mp4 at the same rate.
# A pause between two packets longer than this is an absence (muted, unpublished, lost):
# it renders black / silent and counts as "no media" for trim. Screen shares send few
# frames while nothing changes, so video waits longer than audio.
VIDEO_GAP_SECONDS = 2.0
AUDIO_GAP_SECONDS = 1.0
# Container start timestamps place a track on the room timeline; when they disagree with
# the recording's date_created (whole seconds) by more than this, the description says
# so, and a container that starts at 0 while date_created says later is placed by
# date_created (re-muxed files lose their start timestamp).
TIMELINE_TOLERANCE_SECONDS = 2.0
# A source keeps its cell from its first to its last packet; gaps inside show black in
# that cell rather than freeing it (Hisui keeps a cell for a source's whole span).
CELL_HELD_THROUGH_GAPS = True
# The grid keeps one shape for the whole composition, sized for the most sources on
# screen at once (Hisui; Twilio's own rule is unconfirmed).
GRID_FIXED_FOR_COMPOSITION = True
# Cells tile their region with no borders (Hisui draws 2-pixel borders; Twilio's docs
# show none); cell edges fall on even pixels for 4:2:0 video.
CELL_BORDER_PIXELS = 0
# A region is opaque: its empty and excluded cells are black, also over lower regions.
REGION_OPAQUE = True
# Sources starting together take cells in SID order.
TIE_BREAK = "sid"
# With trim=false only the leading interval before the first source is cut.
TRIM_FALSE_CUTS_LEADING_GAP = True

# Encoders: mp4 is H.264 + AAC, webm is VP8 + Opus (Twilio's webm compositions).
PRESETS = (
    "ultrafast",
    "superfast",
    "veryfast",
    "faster",
    "fast",
    "medium",
    "slow",
    "slower",
    "veryslow",
)
DEFAULT_PRESET = "veryfast"  # measured in benchmarks/compose_bench.py (docs/compose.md)
H264_CRF = 23  # x264's own default quality
VP8_BITS_PER_PIXEL = 0.08  # target bitrate = width x height x fps x this
AUDIO_BITRATE = {"mp4": "128k", "webm": "96k"}

Reuse = Literal["none", "show_oldest", "show_newest"]
Format = Literal["mp4", "webm"]


class ComposeError(MappingError):
    """A CreateComposition parameter Twilio would reject; ``code`` is Twilio's code."""

    def __init__(self, message: str, code: int = INVALID_PARAMETER_CODE) -> None:
        super().__init__(f"{message} (Twilio error {code})")
        self.code = code


class Region(FrozenModel):
    """One VideoLayout region with Twilio's defaults filled in (its normalised response)."""

    x_pos: int = 0
    y_pos: int = 0
    z_pos: int = 0
    width: int | None = None
    height: int | None = None
    max_columns: int | None = None
    max_rows: int | None = None
    cells_excluded: list[int] = []
    reuse: Reuse = "show_oldest"
    video_sources: list[str] = []
    video_sources_excluded: list[str] = []

    def box(self, canvas: tuple[int, int]) -> tuple[int, int, int, int]:
        """``(x, y, width, height)``: width and height default to the rest of the canvas."""
        width = self.width if self.width is not None else canvas[0] - self.x_pos
        height = self.height if self.height is not None else canvas[1] - self.y_pos
        return self.x_pos, self.y_pos, width, height


class ComposeRequest(FrozenModel):
    """A CreateComposition request, normalised: what the digest and the render depend on."""

    video_layout: dict[str, Region] = {}
    audio_sources: list[str] = []
    audio_sources_excluded: list[str] = []
    resolution: str = limits.TWILIO_COMPOSITION_DEFAULT_RESOLUTION
    format: Format = DEFAULT_FORMAT
    trim: bool = DEFAULT_TRIM

    @property
    def size(self) -> tuple[int, int]:
        """The canvas as ``(width, height)``."""
        return parse_resolution(self.resolution)

    def digest(self) -> str:
        """12 hex digits of SHA-256 over the canonical JSON of this request."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def _as_list(value: object, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise ComposeError(f"{name} must be a list of track names or SIDs")


def _as_bool(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ComposeError(f"{name} must be true or false, got {value!r}")


def compose_request(params: Mapping[str, object]) -> ComposeRequest:
    """Validate CreateComposition parameters (spec names or resource field names).

    Same rules as Twilio: VideoLayout or AudioSources is required, Resolution within
    16..1280 per side and 921,600 pixels, Format mp4 or webm, region fields within their
    ranges. Raises :class:`ComposeError` naming the parameter and Twilio's error code.
    """
    aliases = {
        "video_layout": "VideoLayout",
        "audio_sources": "AudioSources",
        "audio_sources_excluded": "AudioSourcesExcluded",
        "resolution": "Resolution",
        "format": "Format",
        "trim": "Trim",
    }
    given = {aliases.get(k, k): v for k, v in params.items() if v is not None}
    resolution = str(given.get("Resolution") or limits.TWILIO_COMPOSITION_DEFAULT_RESOLUTION)
    try:
        size = parse_resolution(resolution)
    except MappingError as exc:
        raise ComposeError(str(exc)) from None
    fmt = given.get("Format", DEFAULT_FORMAT)
    if fmt not in ("mp4", "webm"):
        raise ComposeError(f"Format must be mp4 or webm, got {fmt!r}")
    layout_value = given.get("VideoLayout")
    if isinstance(layout_value, str):
        try:
            layout_value = json.loads(layout_value)
        except ValueError:
            raise ComposeError("VideoLayout is not valid JSON") from None
    audio = _as_list(given.get("AudioSources"), "AudioSources")
    excluded = _as_list(given.get("AudioSourcesExcluded"), "AudioSourcesExcluded")
    regions: dict[str, Region] = {}
    if layout_value:
        try:
            checked = validate_video_layout(layout_value, size)
        except MappingError as exc:
            raise ComposeError(str(exc)) from None
        regions = {name: Region.model_validate(props) for name, props in checked.items()}
        if not any(r.video_sources for r in regions.values()):
            regions = {}
    if not regions and not audio:
        raise ComposeError("a composition needs VideoLayout with video_sources or AudioSources")
    return ComposeRequest(
        video_layout=regions,
        audio_sources=audio,
        audio_sources_excluded=excluded,
        resolution=f"{size[0]}x{size[1]}",
        format=fmt,
        trim=_as_bool(given.get("Trim", DEFAULT_TRIM), "Trim"),
    )


def request_of_resource(resource: Mapping[str, Any]) -> ComposeRequest:
    """The request an exported Composition or CompositionHook resource was made with."""
    return compose_request(
        {
            "VideoLayout": resource.get("video_layout") or None,
            "AudioSources": resource.get("audio_sources") or None,
            "AudioSourcesExcluded": resource.get("audio_sources_excluded") or None,
            "Resolution": resource.get("resolution"),
            "Format": resource.get("format"),
            "Trim": resource.get("trim"),
        }
    )


def grid_shape(
    needed: int, max_rows: int | None = None, max_columns: int | None = None
) -> tuple[int, int]:
    """``(rows, columns)`` for ``needed`` cells (Hisui's rule, docs/compose.md).

    As square as possible with columns allowed one more than rows (1x1, 1x2, 2x2, 2x3,
    3x3, ...); a side over its cap is set to the cap and the other grows; when both caps
    are reached the grid is ``max_rows`` x ``max_columns``.
    """
    needed = max(needed, 1)
    rows = columns = 1
    while rows * columns < needed:
        if columns == rows:
            columns += 1
        else:
            rows += 1
    if max_rows and max_columns and needed >= max_rows * max_columns:
        return max_rows, max_columns
    if max_rows and rows > max_rows:
        rows = max_rows
        columns = -(-needed // rows)
    elif max_columns and columns > max_columns:
        columns = max_columns
        rows = -(-needed // columns)
    return rows, columns


def vp8_bitrate(size: tuple[int, int]) -> int:
    """Target VP8 bitrate in bits per second for a canvas of ``size``."""
    return max(100_000, int(size[0] * size[1] * OUTPUT_FPS * VP8_BITS_PER_PIXEL))
