"""Counterpart of ``twilio.rest.video.v1``: the resource lists of Video v1."""

from __future__ import annotations

from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1.composition import CompositionList
from migrate.shim.rest.video.v1.composition_hook import CompositionHookList
from migrate.shim.rest.video.v1.recording import RecordingList
from migrate.shim.rest.video.v1.room import RoomList
from migrate.shim.rest.video.v1.settings import CompositionSettingsList, RecordingSettingsList


class V1:
    """``client.video.v1``."""

    def __init__(self, backend: ZoomBackend) -> None:
        self.rooms = RoomList(backend)
        self.recordings = RecordingList(backend)
        self.compositions = CompositionList(backend)
        self.composition_hooks = CompositionHookList(backend)
        self.composition_settings = CompositionSettingsList(backend)
        self.recording_settings = RecordingSettingsList(backend)
