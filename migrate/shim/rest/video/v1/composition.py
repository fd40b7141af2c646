"""Counterpart of ``twilio.rest.video.v1.composition``: Zoom has no composition API.

Every call raises :class:`~migrate.shim.errors.ShimNotSupportedError` naming Zoom's
alternative (cloud-recording layouts chosen up front) and the docs section.
"""

from __future__ import annotations

from migrate.shim.rest.video.v1._unsupported import UnsupportedResource


class CompositionList(UnsupportedResource):
    """``client.video.v1.compositions``."""

    def __init__(self, *_: object) -> None:
        super().__init__("video.compositions", "client.video.v1.compositions", "/Compositions")
