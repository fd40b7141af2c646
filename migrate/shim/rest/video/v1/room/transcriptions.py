"""Counterpart of ``twilio.rest.video.v1.room.transcriptions``: no Zoom REST equivalent."""

from __future__ import annotations

from migrate.shim.rest.video.v1._unsupported import UnsupportedResource


class TranscriptionsList(UnsupportedResource):
    """``rooms(sid).transcriptions``: raises, pointing at Zoom's transcript options."""

    def __init__(self, room_sid: str) -> None:
        super().__init__(
            "video.transcriptions", "rooms(sid).transcriptions", f"/Rooms/{room_sid}/Transcriptions"
        )
