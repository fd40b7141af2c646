"""HTML and Vue files: CDN <script> tags, and inline scripts handed to the JS scanner."""

from __future__ import annotations

import re

from migrate.audit.findings import Hit
from migrate.audit.js_scanner import CDN_MARKERS, scan_js
from migrate.audit.textpos import hit_at

_SCRIPT = re.compile(rb"(?is)<script\b([^>]*)>(.*?)</script\s*>")
_SRC = re.compile(rb"""(?i)\bsrc\s*=\s*["']?([^"'\s>]+)""")
_TS_LANG = re.compile(rb"""(?i)\blang\s*=\s*["']?(ts|tsx)\b""")


def scan_markup(source: bytes) -> list[Hit]:
    """CDN tags for twilio-video, then the findings of every inline script block."""
    hits: list[Hit] = []
    for match in _SCRIPT.finditer(source):
        attributes, body = match.group(1), match.group(2)
        src = _SRC.search(attributes)
        if src and any(marker.encode() in src.group(1) for marker in CDN_MARKERS):
            hits.append(hit_at("js-cdn", source, match.start()))
        if body.strip():
            lang = _TS_LANG.search(attributes)
            dialect = "javascript" if lang is None else lang.group(1).decode().lower()
            offset = source.count(b"\n", 0, match.start(2))
            hits.extend(scan_js(body, "typescript" if dialect == "ts" else dialect, offset))
    return hits
