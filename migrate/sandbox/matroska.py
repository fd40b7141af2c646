"""Tiny but real Matroska/WebM files: an EBML header and a Segment padded to any size.

The emulators serve recordings whose first bytes are a valid Matroska document (EBML
header, Segment with Info and one track) and whose remaining bytes sit inside an EBML
``Void`` element, so a file of any requested size still parses as Matroska.
"""

from __future__ import annotations

import struct
from typing import Literal

Kind = Literal["audio", "video"]

# EBML / Matroska element IDs (IDs carry their own length marker bits).
_EBML = 0x1A45DFA3
_EBML_VERSION = 0x4286
_EBML_READ_VERSION = 0x42F7
_EBML_MAX_ID_LENGTH = 0x42F2
_EBML_MAX_SIZE_LENGTH = 0x42F3
_DOC_TYPE = 0x4282
_DOC_TYPE_VERSION = 0x4287
_DOC_TYPE_READ_VERSION = 0x4285
_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TIMESTAMP_SCALE = 0x2AD7B1
_DURATION = 0x4489
_TITLE = 0x7BA9
_MUXING_APP = 0x4D80
_WRITING_APP = 0x5741
_TRACKS = 0x1654AE6B
_TRACK_ENTRY = 0xAE
_TRACK_NUMBER = 0xD7
_TRACK_UID = 0x73C5
_TRACK_TYPE = 0x83
_CODEC_ID = 0x86
_VIDEO = 0xE0
_PIXEL_WIDTH = 0xB0
_PIXEL_HEIGHT = 0xBA
_AUDIO = 0xE1
_SAMPLING_FREQUENCY = 0xB5
_CHANNELS = 0x9F
_VOID = 0xEC

# Matroska codec IDs for the codecs Twilio records (the spec's codec enum).
CODEC_IDS = {"VP8": "V_VP8", "H264": "V_MPEG4/ISO/AVC", "OPUS": "A_OPUS", "PCMU": "A_MS/ACM"}

# Sizes written as 8-byte VINTs so the prefix length never depends on the file size.
_FIXED_SIZE_LENGTH = 8
EBML_DOC_TYPES = ("matroska", "webm")


def _id_bytes(element_id: int) -> bytes:
    return element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")


def _size_vint(size: int, length: int | None = None) -> bytes:
    """Encode ``size`` as an EBML variable-length integer (minimal, or ``length`` bytes)."""
    if length is None:
        length = 1
        while size >= (1 << (7 * length)) - 1:
            length += 1
    if size >= (1 << (7 * length)) - 1:
        raise ValueError(f"size {size} does not fit in a {length}-byte EBML integer")
    return ((1 << (7 * length)) | size).to_bytes(length, "big")


def element(element_id: int, payload: bytes) -> bytes:
    """One EBML element: ID, size, payload."""
    return _id_bytes(element_id) + _size_vint(len(payload)) + payload


def _uint(element_id: int, value: int) -> bytes:
    return element(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def _float(element_id: int, value: float) -> bytes:
    return element(element_id, struct.pack(">d", value))


def _text(element_id: int, value: str) -> bytes:
    return element(element_id, value.encode("utf-8"))


def ebml_header(doc_type: str = "matroska") -> bytes:
    """The EBML header that opens every Matroska (``matroska``) or WebM (``webm``) file."""
    return element(
        _EBML,
        _uint(_EBML_VERSION, 1)
        + _uint(_EBML_READ_VERSION, 1)
        + _uint(_EBML_MAX_ID_LENGTH, 4)
        + _uint(_EBML_MAX_SIZE_LENGTH, 8)
        + _text(_DOC_TYPE, doc_type)
        + _uint(_DOC_TYPE_VERSION, 4)
        + _uint(_DOC_TYPE_READ_VERSION, 2),
    )


def _track_entry(kind: Kind, codec: str) -> bytes:
    details = (
        element(_VIDEO, _uint(_PIXEL_WIDTH, 640) + _uint(_PIXEL_HEIGHT, 480))
        if kind == "video"
        else element(_AUDIO, _float(_SAMPLING_FREQUENCY, 48000.0) + _uint(_CHANNELS, 1))
    )
    return element(
        _TRACK_ENTRY,
        _uint(_TRACK_NUMBER, 1)
        + _uint(_TRACK_UID, 1)
        + _uint(_TRACK_TYPE, 1 if kind == "video" else 2)
        + _text(_CODEC_ID, CODEC_IDS.get(codec.upper(), "V_VP8" if kind == "video" else "A_OPUS"))
        + details,
    )


def file_prefix(
    *,
    size: int,
    kind: Kind,
    codec: str,
    title: str,
    duration_seconds: float,
    doc_type: str = "matroska",
) -> bytes:
    """Everything of a ``size``-byte file except the Void element's padding bytes.

    The caller appends ``size - len(prefix)`` padding bytes. When ``size`` is smaller than
    the structure itself the prefix is truncated to ``size`` (no longer valid Matroska).
    """
    info = element(
        _INFO,
        _uint(_TIMESTAMP_SCALE, 1_000_000)
        + _float(_DURATION, duration_seconds * 1000.0)
        + _text(_TITLE, title)
        + _text(_MUXING_APP, "twilio2zoom sandbox")
        + _text(_WRITING_APP, "twilio2zoom sandbox"),
    )
    tracks = element(_TRACKS, _track_entry(kind, codec))
    header = ebml_header(doc_type)
    segment_head_len = len(_id_bytes(_SEGMENT)) + _FIXED_SIZE_LENGTH
    void_head_len = len(_id_bytes(_VOID)) + _FIXED_SIZE_LENGTH
    fixed = len(header) + segment_head_len + len(info) + len(tracks) + void_head_len
    if size < fixed:
        return (header + _id_bytes(_SEGMENT) + _size_vint(0, _FIXED_SIZE_LENGTH) + info + tracks)[
            :size
        ]
    padding = size - fixed
    segment_size = len(info) + len(tracks) + void_head_len + padding
    return (
        header
        + _id_bytes(_SEGMENT)
        + _size_vint(segment_size, _FIXED_SIZE_LENGTH)
        + info
        + tracks
        + _id_bytes(_VOID)
        + _size_vint(padding, _FIXED_SIZE_LENGTH)
    )
