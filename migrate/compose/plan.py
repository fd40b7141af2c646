"""From a request and a room's probed tracks to what one render draws and mixes, when.

Pure: the probes come in, a :class:`RenderPlan` comes out. Its ``description`` is the
``<name>.json`` written beside the output (segments on the output timeline, who sits in
which cell from when to when, the audio mixed, the intervals trimmed) and is what tests
check the decoded output against.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from mappings import compositions as rules
from mappings.compositions import ComposeRequest, matches_source
from migrate.compose.archive import RoomRecord, TrackRecord
from migrate.compose.intervals import Span, intersect, merge, shift
from migrate.compose.layout import RegionLayout, SourceSpan, layout_region
from migrate.compose.probe import TrackMedia
from migrate.errors import Twilio2ZoomError


class PlanError(Twilio2ZoomError):
    """Nothing to render for this room and request."""


class Window(BaseModel):
    """``[start, end)`` seconds on the output timeline."""

    start: float
    end: float


class Segment(BaseModel):
    """A kept stretch of the room timeline and where it lands in the output."""

    room_start: float
    room_end: float
    output_start: float
    output_end: float


class Placement(BaseModel):
    """A source in a cell, with the output windows it is on screen."""

    source: str
    track_name: str
    cell: int
    x: int
    y: int
    width: int
    height: int
    shown: list[Window]


class RegionDescription(BaseModel):
    """A region's grid and placements."""

    name: str
    x: int
    y: int
    width: int
    height: int
    z_pos: int
    rows: int
    columns: int
    cells_excluded: list[int]
    placements: list[Placement]
    never_shown: list[str]


class AudioDescription(BaseModel):
    """An audio source mixed in, with the output windows it has media."""

    source: str
    track_name: str
    present: list[Window]


class TrackDescription(BaseModel):
    """Where a track sits on the room timeline (seconds since the room was created)."""

    source: str
    kind: str
    track_name: str
    room_start: float
    room_end: float
    container_start: float
    date_created_offset: float | None
    note: str = ""


class OutputFile(BaseModel):
    """The rendered file, for verifying it later."""

    path: str
    size: int
    sha256: str


class Description(BaseModel):
    """``<name>.json``: what was rendered."""

    room_sid: str
    digest: str
    request: ComposeRequest
    fps: int
    duration: float
    origin: float
    segments: list[Segment]
    trimmed: list[Segment]
    regions: list[RegionDescription]
    audio: list[AudioDescription]
    tracks: list[TrackDescription]
    encoder: dict[str, str] = {}
    output: OutputFile | None = None


@dataclass(frozen=True)
class VideoInput:
    """One overlay: a track scaled into a cell, enabled during ``windows`` (render time)."""

    sid: str
    cell_x: int
    cell_y: int
    cell_width: int
    cell_height: int
    windows: list[Span]


@dataclass(frozen=True)
class RegionDraw:
    """A region in drawing order; ``paint`` when it must cover what lies below it."""

    x: int
    y: int
    width: int
    height: int
    paint: bool
    overlays: list[VideoInput]


@dataclass(frozen=True)
class RenderPlan:
    """What the FFmpeg command needs, and the description to write."""

    description: Description
    # sid -> (archive path, seconds added to its container timestamps to reach render time)
    inputs: dict[str, tuple[str, float]]
    regions: list[RegionDraw]
    audio: list[str]
    kept: list[Span]  # render-time intervals kept in the output
    render_duration: float

    @property
    def size(self) -> tuple[int, int]:
        """The canvas."""
        return self.description.request.size


def _seconds(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def place_track(
    track: TrackRecord, media: TrackMedia, room_created: str | None
) -> TrackDescription:
    """A track on the room timeline: its container timestamps, checked with date_created."""
    room_time, track_time = _seconds(room_created), _seconds(track.date_created)
    expected = (track_time - room_time).total_seconds() if room_time and track_time else None
    offset, note = 0.0, ""
    tolerance = rules.TIMELINE_TOLERANCE_SECONDS
    if expected is not None and abs(media.start - expected) > tolerance:
        if media.start < tolerance < expected:
            offset = expected - media.start
            note = (
                f"container starts at {media.start:.3f}s but date_created says "
                f"{expected:.0f}s: placed by date_created"
            )
        else:
            note = (
                f"container start {media.start:.3f}s differs from date_created "
                f"({expected:.0f}s after the room was created): placed by the container"
            )
    return TrackDescription(
        source=track.sid,
        kind=track.kind,
        track_name=track.track_name,
        room_start=round(media.start + offset, 6),
        room_end=round(media.end + offset, 6),
        container_start=media.start,
        date_created_offset=expected,
        note=note,
    )


def selected(track: TrackRecord, wanted: Sequence[str], excluded: Sequence[str]) -> bool:
    def hit(patterns: Sequence[str]) -> bool:
        return any(matches_source(p, track.track_name, track.sids) for p in patterns)

    return hit(wanted) and not hit(excluded)


def build_plan(
    request: ComposeRequest, room: RoomRecord, media: dict[str, TrackMedia]
) -> RenderPlan:
    """Lay out, select and time everything one render of ``room`` needs."""
    tracks = {t.sid: t for t in room.tracks if t.sid in media and media[t.sid].packets}
    placed = {sid: place_track(t, media[sid], room.date_created) for sid, t in tracks.items()}
    presence = {
        sid: shift([(i.start, i.end) for i in media[sid].present], p.room_start - p.container_start)
        for sid, p in placed.items()
    }
    layouts, selected_video, audio = _select(request, tracks, placed)
    # Every selected source sets the composition's span, shown or not (a source that
    # ``reuse: none`` never shows still keeps its time on screen, as black).
    used = set(selected_video) | set(audio)
    if not used:
        raise PlanError("no exported track matches the request's sources")
    origin = min(placed[sid].room_start for sid in used)
    last = max(placed[sid].room_end for sid in used)
    fps = rules.OUTPUT_FPS
    render_duration = math.ceil((last - origin) * fps - 1e-6) / fps
    if request.trim:
        kept = _on_frames(merge(s for sid in used for s in shift(presence[sid], -origin)), fps)
    else:
        kept = [(0.0, render_duration)]
    kept = [(max(0.0, s), min(render_duration, e)) for s, e in kept if e > s]
    segments, mapper = _segments(kept, origin)
    trimmed = _trimmed(kept, render_duration, origin)

    def out(spans: Sequence[Span]) -> list[Window]:
        return [Window(start=s, end=e) for s, e in mapper(spans)]

    regions_described: list[RegionDescription] = []
    draws: list[RegionDraw] = []
    inputs: dict[str, tuple[str, float]] = {}
    painted: list[tuple[int, int, int, int]] = []
    for layout in layouts:
        draw, described = _region(layout, tracks, placed, presence, origin, out, inputs, painted)
        draws.append(draw)
        regions_described.append(described)
    for sid in audio:
        inputs[sid] = (tracks[sid].relpath, _shift(placed[sid], origin))
    audio_described = [
        AudioDescription(
            source=sid,
            track_name=tracks[sid].track_name,
            present=out(shift(presence[sid], -origin)),
        )
        for sid in audio
    ]
    description = Description(
        room_sid=room.sid,
        digest=request.digest(),
        request=request,
        fps=fps,
        duration=round(sum(e - s for s, e in kept), 6),
        origin=round(origin, 6),
        segments=segments,
        trimmed=trimmed,
        regions=regions_described,
        audio=audio_described,
        tracks=[placed[sid] for sid in sorted(used)],
    )
    return RenderPlan(
        description=description,
        inputs=inputs,
        regions=draws if request.video_layout else [],
        audio=audio,
        kept=kept,
        render_duration=render_duration,
    )


def _select(
    request: ComposeRequest, tracks: dict[str, TrackRecord], placed: dict[str, TrackDescription]
) -> tuple[list[RegionLayout], list[str], list[str]]:
    """Each region's layout (lowest ``z_pos`` first), the video sources they select, and the
    audio sources mixed."""
    layouts: list[RegionLayout] = []
    selected_video: list[str] = []
    ordered = sorted(request.video_layout.items(), key=lambda kv: kv[1].z_pos)
    for name, region in ordered:
        spans = [
            SourceSpan(sid, placed[sid].room_start, placed[sid].room_end)
            for sid, t in tracks.items()
            if t.kind == "video"
            and selected(t, region.video_sources, region.video_sources_excluded)
        ]
        layouts.append(layout_region(name, region, request.size, spans))
        selected_video += [span.sid for span in spans]
    audio = [
        sid
        for sid, t in tracks.items()
        if t.kind == "audio"
        and request.audio_sources
        and selected(t, request.audio_sources, request.audio_sources_excluded)
    ]
    return layouts, selected_video, audio


def _region(
    layout: RegionLayout,
    tracks: dict[str, TrackRecord],
    placed: dict[str, TrackDescription],
    presence: dict[str, list[Span]],
    origin: float,
    out: Callable[[Sequence[Span]], list[Window]],
    inputs: dict[str, tuple[str, float]],
    painted: list[tuple[int, int, int, int]],
) -> tuple[RegionDraw, RegionDescription]:
    """One region: what FFmpeg draws in it and how the description tells it; adds the
    sources it shows to ``inputs`` and its box to ``painted``."""
    fps = rules.OUTPUT_FPS
    overlays: list[VideoInput] = []
    placements: list[Placement] = []
    for show in layout.shows:
        windows = shift(intersect(show.windows, presence[show.sid]), -origin)
        windows = _on_frames(windows, fps)
        placements.append(
            Placement(
                source=show.sid,
                track_name=tracks[show.sid].track_name,
                cell=show.cell,
                x=show.rect.x,
                y=show.rect.y,
                width=show.rect.width,
                height=show.rect.height,
                shown=out(windows),
            )
        )
        if windows:
            overlays.append(
                VideoInput(
                    show.sid, show.rect.x, show.rect.y, show.rect.width, show.rect.height, windows
                )
            )
            inputs[show.sid] = (tracks[show.sid].relpath, _shift(placed[show.sid], origin))
    box = layout.box
    rect = (box.x, box.y, box.width, box.height)
    paint = rules.REGION_OPAQUE and any(_overlap(rect, other) for other in painted)
    painted.append(rect)
    draw = RegionDraw(box.x, box.y, box.width, box.height, paint, overlays)
    described = RegionDescription(
        name=layout.name,
        x=box.x,
        y=box.y,
        width=box.width,
        height=box.height,
        z_pos=layout.z_pos,
        rows=layout.rows,
        columns=layout.columns,
        cells_excluded=layout.cells_excluded,
        placements=placements,
        never_shown=layout.never_shown,
    )
    return draw, described


def _shift(track: TrackDescription, origin: float) -> float:
    return track.room_start - track.container_start - origin


def _on_frames(spans: Sequence[Span], fps: int) -> list[Span]:
    """Spans widened to whole output frames."""
    return merge(
        (math.floor(s * fps + 1e-6) / fps, math.ceil(e * fps - 1e-6) / fps) for s, e in spans
    )


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _segments(
    kept: list[Span], origin: float
) -> tuple[list[Segment], Callable[[Sequence[Span]], list[Span]]]:
    segments: list[Segment] = []
    cursor = 0.0
    for start, end in kept:
        segments.append(
            Segment(
                room_start=round(origin + start, 6),
                room_end=round(origin + end, 6),
                output_start=round(cursor, 6),
                output_end=round(cursor + end - start, 6),
            )
        )
        cursor += end - start

    def mapper(spans: Sequence[Span]) -> list[Span]:
        out: list[Span] = []
        for seg, (k_start, k_end) in zip(segments, kept, strict=True):
            for s, e in intersect(spans, [(k_start, k_end)]):
                base = seg.output_start - k_start
                out.append((round(s + base, 6), round(e + base, 6)))
        return merge(out)

    return segments, mapper


def _trimmed(kept: list[Span], total: float, origin: float) -> list[Segment]:
    """Room intervals cut from the output (the leading gap is always cut)."""
    cuts: list[Segment] = []
    cursor = 0.0
    for start, end in kept:
        if start > cursor:
            cuts.append(_cut(origin + cursor, origin + start))
        cursor = end
    if origin > 0:
        cuts.insert(0, _cut(0.0, origin))
    return cuts


def _cut(start: float, end: float) -> Segment:
    return Segment(
        room_start=round(start, 6), room_end=round(end, 6), output_start=0.0, output_end=0.0
    )
