"""Synthetic accounts and the generated media files."""

from __future__ import annotations

import struct
import time
import tracemalloc

import pytest

from migrate.sandbox.matroska import ebml_header, file_prefix
from migrate.sandbox.twilio.media import composition_object, recording_object
from migrate.sandbox.twilio.models import TwilioState
from migrate.sandbox.twilio.seed import seed_account


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int]:
    first = data[pos]
    length = 8 - first.bit_length() + 1
    value = int.from_bytes(data[pos : pos + length], "big")
    if not keep_marker:
        value &= (1 << (7 * length)) - 1
    return value, pos + length


def _elements(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    """(id, payload start, payload end) of the EBML elements in data[start:end]."""
    found = []
    pos = start
    while pos < end:
        element_id, pos = _vint(data, pos, keep_marker=True)
        size, pos = _vint(data, pos, keep_marker=False)
        found.append((element_id, pos, pos + size))
        pos += size
    assert pos == end, "elements overrun their parent"
    return found


@pytest.mark.parametrize("size", [4096, 1_000_003])
@pytest.mark.parametrize(
    ("kind", "codec", "doc"), [("audio", "OPUS", "matroska"), ("video", "VP8", "webm")]
)
def test_generated_files_are_well_formed_matroska(size, kind, codec, doc):
    prefix = file_prefix(
        size=size, kind=kind, codec=codec, title="RTx", duration_seconds=3, doc_type=doc
    )
    data = prefix + bytes(size - len(prefix))
    top = _elements(data, 0, len(data))
    assert [e[0] for e in top] == [0x1A45DFA3, 0x18538067]  # EBML header, Segment
    header = _elements(data, top[0][1], top[0][2])
    doc_type = next(data[s:e] for i, s, e in header if i == 0x4282)
    assert doc_type == doc.encode()
    segment = _elements(data, top[1][1], top[1][2])
    assert [e[0] for e in segment] == [0x1549A966, 0x1654AE6B, 0xEC]  # Info, Tracks, Void
    assert segment[-1][2] == size


def test_tiny_sizes_are_truncated_not_padded():
    assert (
        len(file_prefix(size=10, kind="audio", codec="OPUS", title="t", duration_seconds=1)) == 10
    )
    assert ebml_header().startswith(b"\x1a\x45\xdf\xa3")


def test_media_objects_match_their_resources():
    state = TwilioState()
    room = state.add_room("m", status="completed")
    alice = state.add_participant(room.sid, "alice")
    rec = state.add_recording(room.sid, alice.sid, kind="video", size=3 * 1024 * 1024 + 7)
    item = recording_object(rec)
    body = b"".join(item.read())
    assert len(body) == rec.size and item.content_type == "video/x-matroska"
    assert b"".join(item.read(1000, 2_500_000)) == body[1000:2_500_000]
    assert max(len(c) for c in item.read()) >= 256 * 1024
    comp = state.add_composition(room.sid, status="completed", size=5_000_000)
    mp4 = b"".join(composition_object(comp).read())
    assert mp4[4:8] == b"ftyp"
    ftyp_size = struct.unpack(">I", mp4[:4])[0]
    mdat_size = struct.unpack(">I", mp4[ftyp_size : ftyp_size + 4])[0]
    assert mp4[ftyp_size + 4 : ftyp_size + 8] == b"mdat" and ftyp_size + mdat_size == len(mp4)


def test_seeded_account_is_varied_and_deterministic():
    state = TwilioState()
    summary = seed_account(state, rooms=20, recordings_per_room=6, seed=3)
    assert {r.type for r in state.room_list} == {"group", "group-small", "peer-to-peer", "go"}
    assert {r.status for r in state.room_list} == {"in-progress", "completed", "failed"}
    statuses = {r.status for r in state.recordings.values()}
    assert statuses == {"completed", "processing", "failed", "deleted"}
    names = {r.track_name for r in state.recordings.values()}
    assert any("../" in n for n in names) and any(not n.isascii() for n in names)
    assert {r.container_format for r in state.recordings.values()} == {"mka", "mkv"}
    assert {c.status for c in state.compositions.values()} == {"completed", "failed", "enqueued"}
    assert len(state.hooks) == 2 and state.recording_settings.friendly_name
    assert (
        summary.recordings
        == len(state.recordings)
        == 6 * sum(r.type in ("group", "group-small") for r in state.room_list)
    )
    again = TwilioState()
    seed_account(again, rooms=20, recordings_per_room=6, seed=3)
    assert list(again.recordings) == list(state.recordings)


@pytest.mark.parametrize(
    "recordings", [10_000, pytest.param(100_000, marks=pytest.mark.slow)], ids=["10k", "100k"]
)
def test_seeding_is_cheap_per_recording(recordings: int):
    state = TwilioState()
    tracemalloc.start()
    started = time.perf_counter()
    # 8 rooms in 10 are recordable, each with 4 recordings.
    summary = seed_account(state, rooms=recordings // 4 * 10 // 8, recordings_per_room=4)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert summary.recordings >= recordings
    per_recording = peak / summary.recordings
    print(f"\nseeded {summary.recordings} recordings in {elapsed:.1f}s, {per_recording:.0f} B each")
    # Everything (rooms, participants, tracks, recordings) stays under 2 KiB per recording.
    assert per_recording < 2048
