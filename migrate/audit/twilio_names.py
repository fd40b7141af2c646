"""Names the Python scanner's gate and the Node.js scanner read: ``mappings.twilio_vocab``."""

from __future__ import annotations

from mappings.twilio_vocab import (
    CALLBACK_PARAMS,
    GRANT_PRODUCTS,
    OTHER_PRODUCTS,
    READ_METHODS,
    SHARED_CALLBACK_PARAMS,
    TWIML_MODULE,
    TWIML_SUFFIX,
    VIDEO_CALLBACK_PARAMS,
    VIDEO_HOST,
    VIDEO_RESOURCES,
    VIDEO_ROOTS,
)

__all__ = [
    "CALLBACK_PARAMS",
    "GRANT_PRODUCTS",
    "OTHER_PRODUCTS",
    "READ_METHODS",
    "SHARED_CALLBACK_PARAMS",
    "TWIML_MODULE",
    "TWIML_SUFFIX",
    "VIDEO_CALLBACK_PARAMS",
    "VIDEO_HOST",
    "VIDEO_RESOURCES",
    "VIDEO_ROOTS",
]
