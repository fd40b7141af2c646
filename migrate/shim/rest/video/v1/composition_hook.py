"""Counterpart of ``twilio.rest.video.v1.composition_hook``: no Zoom REST equivalent.

A hook's layout becomes an account-wide cloud-recording setting on Zoom (set in the Zoom
console); calls raise with that alternative and the docs section.
"""

from __future__ import annotations

from migrate.shim.rest.video.v1._unsupported import UnsupportedResource


class CompositionHookList(UnsupportedResource):
    """``client.video.v1.composition_hooks``."""

    def __init__(self, *_: object) -> None:
        super().__init__(
            "video.composition_hooks", "client.video.v1.composition_hooks", "/CompositionHooks"
        )
