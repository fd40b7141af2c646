"""A Twilio-shaped Python library that runs on the Zoom Video SDK.

Mirrors the module layout of the ``twilio`` package, so switching an application is an
import-prefix change (``twilio.`` -> ``migrate.shim.``). Video calls go to Zoom; every
other product is handed to the real ``twilio`` package when it is installed.
"""

from __future__ import annotations


class ShimCompatibilityWarning(UserWarning):
    """A Twilio parameter or behaviour that Zoom can only approximate, or not honour at all."""


__all__ = ["ShimCompatibilityWarning"]
