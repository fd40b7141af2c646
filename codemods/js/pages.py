"""Pages that load twilio-video from Twilio's CDN: the tag and the ``Twilio.Video`` global.

The ``<script src=".../twilio-video.min.js">`` tag loads Zoom's CDN build of the Video SDK
instead (the version pinned in ``mappings.zoom_web``), other attributes kept. Scripts that
reach twilio-video through the ``Twilio.Video`` global (inline blocks of the page, or the
classic scripts it loads) name the Zoom SDK's global instead: ``window.WebVideoSDK.default``
is what ``import ZoomVideo from '@zoom/videosdk'`` gives a bundled module. The global is read
where it is used, not copied once, so a ``defer``-red SDK tag still loads before it is read.
The calls on it are the browser rewrite's (a TODO names the Zoom call meanwhile).
"""

from __future__ import annotations

import re

from ast_grep_py import SgRoot

from mappings.zoom_web import TWILIO_VIDEO_CDN_HOSTS, ZOOM_VIDEOSDK_CDN_URL, ZOOM_VIDEOSDK_GLOBAL

_HOSTS = "|".join(re.escape(h) for h in TWILIO_VIDEO_CDN_HOSTS)
# The src attribute of a twilio-video CDN tag (protocol-relative URLs included).
CDN_SRC = re.compile(rf"""(?is)(<script\b[^>]*?\bsrc\s*=\s*)(["'])([^"']*(?:{_HOSTS})[^"']*)\2""")
TWILIO_GLOBAL = "Twilio.Video"


def replace_cdn_tags(page: str) -> tuple[str, int]:
    """The page with each twilio-video CDN tag loading Zoom's build; how many changed."""
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        quote = match.group(2)
        return f"{match.group(1)}{quote}{ZOOM_VIDEOSDK_CDN_URL}{quote}"

    return CDN_SRC.sub(swap, page), count


def uses_global(source: str) -> bool:
    return TWILIO_GLOBAL in source


def bind_global(source: str, language: str) -> str:
    """``Twilio.Video`` (the member expression, not a string or comment) -> the Zoom SDK
    global. Sources that do not parse are returned as they are."""
    if TWILIO_GLOBAL not in source:
        return source
    root = SgRoot(source, language).root()
    spans = [
        node.range()
        for node in root.find_all(kind="member_expression")
        if node.text() == TWILIO_GLOBAL
    ]
    out = source
    for rng in sorted(spans, key=lambda r: r.start.index, reverse=True):
        out = out[: rng.start.index] + ZOOM_VIDEOSDK_GLOBAL + out[rng.end.index :]
    return out
