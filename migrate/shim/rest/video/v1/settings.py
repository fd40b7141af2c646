"""Counterparts of ``composition_settings`` and ``recording_settings``.

External S3 storage maps to Zoom's Bring Your Own Storage, which takes AWS access keys
rather than Twilio credential SIDs, so the values cannot be carried over; calls raise with
the alternative and the docs section.
"""

from __future__ import annotations

from migrate.shim.rest.video.v1._unsupported import UnsupportedResource


class CompositionSettingsList(UnsupportedResource):
    """``client.video.v1.composition_settings`` (call it: ``composition_settings()``)."""

    def __init__(self, *_: object) -> None:
        super().__init__(
            "video.composition_settings",
            "client.video.v1.composition_settings()",
            "/CompositionSettings/Default",
        )


class RecordingSettingsList(UnsupportedResource):
    """``client.video.v1.recording_settings`` (call it: ``recording_settings()``)."""

    def __init__(self, *_: object) -> None:
        super().__init__(
            "video.recording_settings",
            "client.video.v1.recording_settings()",
            "/RecordingSettings/Default",
        )
