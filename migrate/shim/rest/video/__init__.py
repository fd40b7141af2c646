"""Counterpart of ``twilio.rest.video``: the Video domain and its deprecated shortcuts."""

from __future__ import annotations

from warnings import warn

from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1 import V1
from migrate.shim.rest.video.v1.composition import CompositionList
from migrate.shim.rest.video.v1.composition_hook import CompositionHookList
from migrate.shim.rest.video.v1.recording import RecordingList
from migrate.shim.rest.video.v1.room import RoomList
from migrate.shim.rest.video.v1.settings import CompositionSettingsList, RecordingSettingsList


class Video:
    """``client.video``: ``v1`` plus the shortcuts twilio deprecated (same warnings)."""

    def __init__(self, backend: ZoomBackend) -> None:
        self._backend = backend
        self._v1: V1 | None = None

    @property
    def v1(self) -> V1:
        """Version 1 of the Video API."""
        if self._v1 is None:
            self._v1 = V1(self._backend)
        return self._v1

    @property
    def rooms(self) -> RoomList:
        """Deprecated shortcut for ``v1.rooms`` (twilio warns the same way)."""
        warn("rooms is deprecated. Use v1.rooms instead.", DeprecationWarning, stacklevel=2)
        return self.v1.rooms

    @property
    def recordings(self) -> RecordingList:
        """Deprecated shortcut for ``v1.recordings``."""
        warn(
            "recordings is deprecated. Use v1.recordings instead.", DeprecationWarning, stacklevel=2
        )
        return self.v1.recordings

    @property
    def compositions(self) -> CompositionList:
        """Deprecated shortcut for ``v1.compositions``."""
        warn(
            "compositions is deprecated. Use v1.compositions instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.v1.compositions

    @property
    def composition_hooks(self) -> CompositionHookList:
        """Deprecated shortcut for ``v1.composition_hooks``."""
        warn(
            "composition_hooks is deprecated. Use v1.composition_hooks instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.v1.composition_hooks

    @property
    def composition_settings(self) -> CompositionSettingsList:
        """Deprecated shortcut for ``v1.composition_settings``."""
        warn(
            "composition_settings is deprecated. Use v1.composition_settings instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.v1.composition_settings

    @property
    def recording_settings(self) -> RecordingSettingsList:
        """Deprecated shortcut for ``v1.recording_settings``."""
        warn(
            "recording_settings is deprecated. Use v1.recording_settings instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.v1.recording_settings
