"""Pages that load twilio-video from Twilio's CDN: the tag and the ``Twilio.Video`` global.

When every classic script of a package that uses the ``Twilio.Video`` global could be
rewritten (``codemods.js.project`` decides), the ``<script src=".../twilio-video.min.js">``
tag loads Zoom's CDN build of the Video SDK instead (the version pinned in
``mappings.zoom_web``), other attributes kept, and a tag loading the helpers' classic build
(``zoomVideo.global.js``, which sets ``window.zoomVideo``) follows it. Those scripts name the
Zoom SDK's global instead of ``Twilio.Video``: ``window.WebVideoSDK.default`` is what
``import ZoomVideo from '@zoom/videosdk'`` gives a bundled module. The global is read where
it is used, not copied once, so a ``defer``-red SDK tag still loads before it is read.
"""

from __future__ import annotations

import re

from ast_grep_py import SgRoot

from mappings.zoom_web import TWILIO_VIDEO_CDN_HOSTS, ZOOM_VIDEOSDK_CDN_URL, ZOOM_VIDEOSDK_GLOBAL

_HOSTS = "|".join(re.escape(h) for h in TWILIO_VIDEO_CDN_HOSTS)
# The src attribute of a twilio-video CDN tag (protocol-relative URLs included).
CDN_SRC = re.compile(rf"""(?is)(<script\b[^>]*?\bsrc\s*=\s*)(["'])([^"']*(?:{_HOSTS})[^"']*)\2""")
TWILIO_GLOBAL = "Twilio.Video"


# The whole element (a src-only script tag has an empty body).
_ELEMENT_END = re.compile(r"(?is)[^>]*>\s*</script\s*>")


def has_cdn_tag(page: str) -> bool:
    return CDN_SRC.search(page) is not None


def replace_cdn_tags(
    page: str, helpers_src: str = "", *, unserved: bool = False
) -> tuple[str, int]:
    """The page with each twilio-video CDN tag loading Zoom's build, the first one followed
    by a tag loading ``helpers_src`` (unless one already does; with a TODO line when
    ``unserved``: the URL is a guess); how many tags changed."""
    count = 0
    out: list[str] = []
    cursor = 0
    for match in CDN_SRC.finditer(page):
        quote = match.group(2)
        out.append(page[cursor : match.start()])
        out.append(f"{match.group(1)}{quote}{ZOOM_VIDEOSDK_CDN_URL}{quote}")
        cursor = match.end()
        count += 1
        end = _ELEMENT_END.match(page, cursor)
        if count > 1 or not helpers_src or end is None:
            continue
        out.append(page[cursor : end.end()])
        cursor = end.end()
        following = page[cursor : cursor + 200 + len(helpers_src)]
        if helpers_src in following.split("</script", 1)[0]:
            continue  # an earlier run added it
        line_start = page.rfind("\n", 0, match.start()) + 1
        pad = re.match(r"[ \t]*", page[line_start:]).group(0)  # type: ignore[union-attr]
        tag = page[match.start() : match.start(2)]
        # The helpers read the SDK as they load: they load the way the SDK does (defer).
        defer = " defer" if re.search(r"\bdefer\b", tag + page[match.end() : end.end()]) else ""
        mark = quote if quote not in helpers_src else ("'" if quote == '"' else '"')
        if unserved:
            out.append(f"\n{pad}{UNSERVED_NOTE}")
        out.append(f"\n{pad}<script src={mark}{helpers_src}{mark}{defer}></script>")
    out.append(page[cursor:])
    return "".join(out), count


KEPT_NOTE = (
    "<!-- TODO(twilio2zoom): twilio-video kept: the scripts on the Twilio.Video global could "
    "not all move to @zoom/videosdk (see their TODO lines), or none was found; load Zoom's "
    "CDN build once they are moved (docs/rewrite.md#browser-code) -->"
)


UNSERVED_NOTE = (
    "<!-- TODO(twilio2zoom): zoomVideo.global.js was written beside this template: serve it "
    "with your static files and point this src at it (docs/rewrite.md#browser-code) -->"
)


def mark_kept_tags(page: str) -> tuple[str, int]:
    """A TODO comment line above each twilio-video CDN tag left in place (unless one is
    there already); how many were marked."""
    count = 0
    newline = "\r\n" if "\r\n" in page else "\n"
    for match in reversed(list(CDN_SRC.finditer(page))):
        line_start = page.rfind("\n", 0, match.start()) + 1
        previous = page[page.rfind("\n", 0, max(line_start - 1, 0)) + 1 : line_start]
        before = page[line_start : match.start()]
        if "TODO(twilio2zoom)" in previous or before.rstrip().endswith(KEPT_NOTE):
            continue  # marked already
        if before.strip():
            # the tag does not start its line: the note goes just before it
            page = page[: match.start()] + KEPT_NOTE + page[match.start() :]
        else:
            page = page[:line_start] + f"{before}{KEPT_NOTE}{newline}" + page[line_start:]
        count += 1
    return page, count


def script_sources(page: str) -> list[str]:
    """The ``src`` of each ``<script>`` tag of a page, in order."""
    return [m.group(2) for m in _SRC.finditer(page)]


# The value runs to the matching quote: a template's src holds the other quote
# (``src="{{ url_for('static', filename='app.js') }}"``).
_SRC = re.compile(r"""(?is)<script\b[^>]*?\bsrc\s*=\s*(["'])((?:(?!\1).)*)\1""")


def uses_global(source: str) -> bool:
    return TWILIO_GLOBAL in source


def twilio_members(source: str, language: str) -> int:
    """How many members of ``Twilio.Video`` (or of a name bound to it) a rewritten script
    still reads: calls the rules left Twilio-shaped, which Zoom's global does not have."""
    if TWILIO_GLOBAL not in source:
        return 0
    root = SgRoot(source, language).root()
    names = {TWILIO_GLOBAL}
    for declarator in root.find_all(kind="variable_declarator"):
        name, value = declarator.field("name"), declarator.field("value")
        if name is not None and value is not None and value.text() == TWILIO_GLOBAL:
            names.add(name.text())
    count = 0
    for node in root.find_all(kind="member_expression"):
        obj = node.field("object")
        if obj is not None and obj.text() in names:
            count += 1
    return count


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
