"""Compositions and hooks: every spec parameter, layout validation (compositions-resource doc), Zoom
files."""

from __future__ import annotations

from typing import Any

import pytest

from mappings import sids
from mappings.compositions import (
    COMPOSITION_HOOK_PARAMS,
    COMPOSITION_PARAMS,
    FILE_COMPOSITIONS,
    composition_file,
    composition_gaps,
    composition_view,
    file_composition,
    map_composition,
    map_composition_hook,
    map_hook_resource,
    matches_source,
    parse_resolution,
    validate_video_layout,
)
from mappings.errors import MappingError
from tests.mappings.spec import form_params

GRID = {"grid": {"video_sources": ["*"]}}
RM = "RM" + "a" * 32

# param -> (example value, expected fidelity)
CASES: dict[str, tuple[Any, str]] = {
    "RoomSid": (RM, "approximate"),
    "FriendlyName": ("all rooms", "approximate"),
    "Enabled": (True, "approximate"),
    "VideoLayout": (GRID, "approximate"),
    "AudioSources": (["*"], "exact"),
    "AudioSourcesExcluded": (["student*"], "approximate"),
    "Resolution": ("1280x720", "approximate"),
    "Format": ("mp4", "exact"),
    "StatusCallback": ("https://example.com/cb", "approximate"),
    "StatusCallbackMethod": ("POST", "exact"),
    "Trim": (True, "approximate"),
}


def test_tables_cover_the_spec_exactly() -> None:
    assert list(COMPOSITION_PARAMS) == form_params("CreateComposition")
    assert set(COMPOSITION_HOOK_PARAMS) == set(form_params("CreateCompositionHook"))
    assert set(CASES) == set(form_params("CreateComposition")) | set(
        form_params("CreateCompositionHook")
    )


@pytest.mark.parametrize("param", form_params("CreateComposition"))
def test_composition_parameter(param: str) -> None:
    params = {"RoomSid": RM, "AudioSources": ["*"], param: CASES[param][0]}
    row = next(r for r in map_composition(params).params if r.param == param)
    assert row.fidelity == CASES[param][1]
    assert row.fidelity == "exact" or row.notes


@pytest.mark.parametrize("param", form_params("CreateCompositionHook"))
def test_hook_parameter(param: str) -> None:
    params = {"FriendlyName": "h", param: CASES[param][0]}
    row = next(r for r in map_composition_hook(params).params if r.param == param)
    assert row.fidelity == CASES[param][1]


@pytest.mark.parametrize(
    ("layout", "files", "local", "fidelity"),
    [
        (GRID, ["gallery_view"], False, "approximate"),
        (
            {"main": {"video_sources": ["*"], "max_columns": 1, "max_rows": 1}},
            ["active_speaker"],
            False,
            "approximate",
        ),
        ({"share": {"video_sources": ["screen*"]}}, ["shared_screen"], False, "approximate"),
        (
            {
                "grid": {"video_sources": ["*"], "width": 320, "height": 480},
                "screen": {"x_pos": 320, "video_sources": ["*-screen"]},
            },
            ["shared_screen_with_gallery_view"],
            False,
            "approximate",
        ),
        (
            {
                "teacher": {
                    "video_sources": ["teacher-cam"],
                    "z_pos": 1,
                    "width": 320,
                    "height": 240,
                },
                "class": {"video_sources": ["*"], "video_sources_excluded": ["teacher-cam"]},
            },
            ["individual_user"],
            True,
            "unsupported",
        ),
    ],
)
def test_layouts_map_to_zoom_files(
    layout: dict[str, Any], files: list[str], local: bool, fidelity: str
) -> None:
    m = map_composition({"RoomSid": RM, "VideoLayout": layout, "AudioSources": "*"})
    assert m.zoom_files == [*files, "audio_only"] and m.compose_locally is local
    assert next(r for r in m.params if r.param == "VideoLayout").fidelity == fidelity


def test_partial_audio_is_mixed_locally() -> None:
    m = map_composition({"RoomSid": RM, "AudioSources": ["teacher", "student*"]})
    assert m.zoom_files == ["audio_only_each_participant"] and m.compose_locally


def test_video_without_audio_is_noted() -> None:
    assert map_composition({"RoomSid": RM, "VideoLayout": GRID}).notes


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"VideoLayout": GRID}, "RoomSid"),
        ({"RoomSid": RM}, "VideoLayout or AudioSources"),
        ({"RoomSid": RM, "AudioSources": ["*"], "Format": "avi"}, "mp4 or webm"),
        ({"RoomSid": RM, "AudioSources": ["*"], "Resolution": "1920x1080"}, "16..1280"),
        ({"RoomSid": RM, "AudioSources": ["*"], "Resolution": "1280x1280"}, "921600"),
        ({"RoomSid": RM, "AudioSources": ["*"], "Resolution": "big"}, "1280x720"),
        ({"RoomSid": RM, "AudioSources": ["*"], "Bogus": 1}, "not a CreateComposition"),
    ],
)
def test_invalid_compositions(params: dict[str, Any], message: str) -> None:
    with pytest.raises(MappingError, match=message):
        map_composition(params)


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ({}, "at least one region"),
        ({"r": {}}, "video_sources is required"),
        ({"r": {"video_sources": "*"}}, "list"),
        ({"r": {"video_sources": ["*"], "x_pos": 630}}, "x_pos"),
        ({"r": {"video_sources": ["*"], "x_pos": 600, "width": 100}}, "width"),
        ({"r": {"video_sources": ["*"], "height": 8}}, "height"),
        ({"r": {"video_sources": ["*"], "z_pos": 100}}, "z_pos"),
        ({"r": {"video_sources": ["*"], "max_rows": 0}}, "max_rows"),
        ({"r": {"video_sources": ["*"], "cells_excluded": [1_000_000]}}, "cells_excluded"),
        ({"r": {"video_sources": ["*"], "reuse": "always"}}, "reuse"),
        ({"r": {"video_sources": ["*"], "colour": "red"}}, "unknown property"),
    ],
)
def test_invalid_layouts(layout: dict[str, Any], message: str) -> None:
    with pytest.raises(MappingError, match=message):
        validate_video_layout(layout, parse_resolution("640x480"))


def test_resolution_bounds() -> None:
    assert parse_resolution("1280x720") == (1280, 720)
    assert parse_resolution("16x16") == (16, 16)
    assert parse_resolution("1024x576") == (1024, 576)


@pytest.mark.parametrize(
    ("pattern", "name", "sids", "hit"),
    [
        ("*", "x", (), True),
        ("student*", "student-7", (), True),
        ("*-screen", "bob-screen", (), True),
        ("student*", "teacher", (), False),
        ("MT1", "cam", ("MT1",), True),
        ("cam", "Cam", (), False),
    ],
)
def test_source_wildcards(pattern: str, name: str, sids: tuple[str, ...], hit: bool) -> None:
    assert matches_source(pattern, name, sids) is hit


def test_hook_resource_maps_like_its_create_call() -> None:
    hook = {
        "friendly_name": "all",
        "enabled": True,
        "video_layout": GRID,
        "audio_sources": ["*"],
        "audio_sources_excluded": [],
        "resolution": "640x480",
        "format": "webm",
        "trim": True,
        "status_callback": None,
        "status_callback_method": "POST",
    }
    m = map_hook_resource(hook)
    assert m.zoom_files == ["gallery_view", "audio_only"]
    assert [p.param for p in m.params] == [
        "FriendlyName",
        "Enabled",
        "VideoLayout",
        "AudioSources",
        "Resolution",
        "Format",
        "Trim",
    ]


@pytest.mark.parametrize("kind", list(FILE_COMPOSITIONS))
def test_each_zoom_composite_file_round_trips(kind: str) -> None:
    fmt = "M4A" if kind == "audio_only" else "MP4"
    params = file_composition({"id": "f", "recording_type": kind, "file_extension": fmt})
    assert params is not None
    mapping = map_composition({"RoomSid": RM, **params})
    assert composition_file(mapping) == kind and composition_gaps(mapping) == []


def test_screen_beside_one_speaker_cell_is_the_speaker_view_file() -> None:
    layout = {
        "screen": {"video_sources": ["screen*"]},
        "speaker": {"video_sources": ["*"], "max_columns": 1, "max_rows": 1},
    }
    m = map_composition({"RoomSid": RM, "VideoLayout": layout})
    assert m.zoom_files == ["shared_screen_with_speaker_view"] and not m.compose_locally


@pytest.mark.parametrize(
    "params",
    [
        {"AudioSources": ["teacher"]},
        {"AudioSources": ["*"], "AudioSourcesExcluded": ["student*"]},
        {
            "VideoLayout": {
                "pip": {"video_sources": ["teacher"], "z_pos": 1, "width": 160, "height": 120},
                "grid": {"video_sources": ["*"]},
            }
        },
    ],
)
def test_compositions_needing_local_work_have_no_zoom_file(params: dict[str, Any]) -> None:
    m = map_composition({"RoomSid": RM, **params})
    assert composition_file(m) is None
    gaps = composition_gaps(m)
    assert gaps and all(g.notes for g in gaps)


@pytest.mark.parametrize(
    "file",
    [
        {"id": "f", "recording_type": "audio_only", "file_extension": "M4A", "user_key": "ann"},
        {"id": "f", "recording_type": "gallery_view", "file_extension": "M4A"},
        {"id": "f", "recording_type": "audio_transcript", "file_extension": "VTT"},
        {"id": "f", "recording_type": "individual_user", "file_extension": "MP4"},
        {"id": "f", "file_extension": "MP4"},
    ],
)
def test_other_zoom_files_are_not_compositions(file: dict[str, Any]) -> None:
    assert file_composition(file) is None
    with pytest.raises(MappingError):
        composition_view({"session_id": "s"}, file, account_sid="AC1")


def test_composition_view_of_the_gallery_file() -> None:
    file = {
        "id": "f1",
        "recording_type": "gallery_view",
        "file_type": "MP4",
        "file_extension": "MP4",
        "file_size": 2048,
        "recording_start": "2026-05-04T10:00:00Z",
        "recording_end": "2026-05-04T10:30:00Z",
        "download_url": "https://zoom.example/rec/download/f1",
        "status": "completed",
    }
    view = composition_view({"session_id": "s1"}, file, account_sid="AC1")
    sid = sids.composition_sid("s1", "f1")
    assert view["sid"] == sid and view["room_sid"] == sids.room_sid("s1")
    assert (view["status"], view["format"], view["duration"], view["size"]) == (
        "completed",
        "mp4",
        1800,
        2048,
    )
    assert (view["video_layout"], view["audio_sources"]) == (GRID, ["*"])
    assert (view["date_created"], view["date_completed"]) == (
        "2026-05-04T10:00:00Z",
        "2026-05-04T10:30:00Z",
    )
    assert view["url"] == f"https://video.twilio.com/v1/Compositions/{sid}"
    assert view["links"] == {"media": file["download_url"]}
    trashed = composition_view(
        {"session_id": "s1"}, {**file, "deleted_time": "2026-05-05T00:00:00Z"}, account_sid="AC1"
    )
    assert (trashed["status"], trashed["date_deleted"]) == ("deleted", "2026-05-05T00:00:00Z")
