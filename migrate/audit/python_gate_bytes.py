"""What a parsed module's bytes rule out before the Python gate walks its tree.

Most modules that reach the gate's walk (the twilio package's own, above all) hold its
needles only where no node it looks for can be: ``.video`` in an import's module path,
``"video-recordings"`` in an enum, ``"RoomSid"`` as a dict key. Each check here matches a
superset of the source text that could make such a node, so a module none of them match is
one the walk would pass too; anything else is walked. The rules are those of Python's
lexer (https://docs.python.org/3/reference/lexical_analysis.html). Strings are read as the
LibCST scanner reads them, one literal at a time with its escapes and backslash
continuations: a name split over two literals (``"Room" "Sid"``) is none it reports.

Identifiers are searched as written, which holds only where the lexer reads the bytes as
they are: UTF-8 (or ASCII text under an ASCII-compatible coding cookie) that NFKC, which
the lexer applies to identifiers (https://peps.python.org/pep-3131/), leaves alone. Other
modules are walked.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable

from mappings.twilio_vocab import (
    DISTINCTIVE_RESOURCES,
    READ_METHODS,
    TWIML_MODULE,
    TWIML_SUFFIX,
    VIDEO_CALLBACK_PARAMS,
    VIDEO_GRANT_NAME,
    VIDEO_HOST,
)

#: A span of source as ``ast`` gives it: (lineno, col_offset, end_lineno, end_col_offset).
Span = tuple[int, int, int, int]

_CONTINUATION = rb"\\(?:\r\n?|\n)"
# What may stand between two tokens: white space, a backslash continuation and, inside
# brackets, line breaks and comments.
_SPACE = rb"\s|" + _CONTINUATION + rb"|#[^\r\n]*+"
_GAP = rb"(?:" + _SPACE + rb")*"
# Between the parts of an import's dotted module path (never inside brackets).
_LINE_GAP = rb"(?:[ \t\f]|" + _CONTINUATION + rb")*"
# A string literal's prefix (t: template strings, Python 3.14).
_PREFIX = rb"[rRuUbBfFtT]{0,2}"
# Escapes that can spell a letter, digit, dot or underscore (\x76 is "v"): a string value
# may then hold a name its bytes never show, so every string check answers yes.
_ESCAPE = re.compile(rb"\\[xuUN0-7]")
# A line break after a backslash on a line holding "#": a comment's backslash continues
# nothing, so joining the lines there could hide a string behind the comment.
_COMMENT_BACKSLASH = re.compile(rb"#[^\r\n]*\\(?:\r\n?|\n)")
_COOKIE = re.compile(rb"coding[:=][ \t]*([-\w.]+)")
# Codecs that read ASCII bytes as ASCII (not so utf-7, utf-16 or EBCDIC ones).
_ASCII_CODECS = frozenset({"utf-8", "ascii", "iso8859-1", "cp1252"})
_NEWLINE = re.compile(rb"\r\n?|\n")


def _words(names: Iterable[str]) -> bytes:
    return b"|".join(re.escape(name.encode()) for name in sorted(names))


def _string_equal_to(names: Iterable[str]) -> bytes:
    # The scanner reads one literal at a time (an implicit concatenation is no name it
    # reports), so a value equal to a name is the name between two quotes once the
    # literal's backslash continuations are gone (_joined).
    return rb"['\"](?:" + _words(names) + rb")['\"]"


def _attribute(names: Iterable[str]) -> re.Pattern[bytes]:
    return re.compile(rb"\." + _GAP + rb"(?:" + _words(names) + rb")\b")


_VIDEO_ATTRIBUTE = _attribute({"video"})
_RESOURCE_ATTRIBUTE = _attribute(DISTINCTIVE_RESOURCES)
# The scanner looks for the host in each literal's text as written.
_HOST = VIDEO_HOST.encode()
_GETATTR_NAME = re.compile(_string_equal_to({"video", *DISTINCTIVE_RESOURCES}))
# The word each callback field starts with (Room, Track...): one search rules out many.
_PARAM_STEMS = frozenset(re.findall(rb"[A-Z]?[a-z]+", p.encode())[0] for p in VIDEO_CALLBACK_PARAMS)
# A parameter named like a callback field, which a comma, a parenthesis, an annotation or a
# default follows: def f(RoomSid), lambda RoomSid=None: ...
_PARAM_ARGUMENT = re.compile(rb"(?:" + _words(VIDEO_CALLBACK_PARAMS) + rb")\b" + _GAP + rb"[,):=]")
# A string equal to a callback field as a subscript (form["RoomSid"]) or as the first
# argument of a read method (form.get("RoomSid"); the dot may be a line away), perhaps in
# parentheses.
_FIELD = rb"(?:" + _SPACE + rb"|\()*" + _PREFIX + _string_equal_to(VIDEO_CALLBACK_PARAMS)
_PARAM_SUBSCRIPT = re.compile(rb"\[" + _FIELD)
_PARAM_READ = re.compile(rb"(?:" + _words(READ_METHODS) + rb")" + _GAP + rb"\(" + _FIELD)
_GRANT_CALL = re.compile(rb"(?:AccessToken|Grant)" + _GAP + rb"\(")
# Imports: of twilio.twiml's modules (twiml.voice_response, or from twilio.twiml import
# voice_response), of twilio.jwt..., of VideoGrant, and of twilio or twilio.rest (below).
_TWIML_SUBMODULE = re.compile(
    re.escape(TWIML_MODULE.rpartition(".")[2].encode()) + _LINE_GAP + rb"\."
)
_TWIML_WORDS = (TWIML_MODULE.rpartition(".")[2].encode(), TWIML_SUFFIX.encode())
_IMPORT_WORDS = (b"jwt", VIDEO_GRANT_NAME.encode())
_DOT = _LINE_GAP + rb"\."
_REST_MODULE = re.compile(
    rb"twilio\b(?!" + _DOT + rb"(?!" + _LINE_GAP + rb"rest\b(?!" + _DOT + rb")))"
)
_IMPORT_KEYWORD = re.compile(rb"\b(?:import|from)\b")


def as_written(source: bytes) -> bool:
    """Whether the lexer reads the identifiers of ``source`` as its bytes spell them."""
    first = source.find(b"\n")
    second = source.find(b"\n", first + 1) if first >= 0 else -1
    ascii_only = source.isascii()
    # The cookie counts on the first two lines only; anything like one there is read.
    for cookie in _COOKIE.finditer(source if second < 0 else source[:second]):
        try:
            codec = codecs.lookup(cookie[1].decode()).name
        except LookupError:
            return False
        if codec != "utf-8" and not (ascii_only and codec in _ASCII_CODECS):
            return False
    if ascii_only:
        return True
    if source.startswith(codecs.BOM_UTF8):
        return False
    try:
        text = source.decode()
    except UnicodeDecodeError:
        return False
    return unicodedata.is_normalized("NFKC", text)


def rules_out(source: bytes) -> bool:
    """True when ``source`` can hold no import and no node the gate looks for, so that
    only a syntax error could send it on."""
    return (
        as_written(source)
        and _ESCAPE.search(source) is None
        and not _imports_may_count(source)
        and not _expressions_may_count(source, None, frozenset(), grants=False)
    )


def may_use(
    source: bytes, imports: list[Span], callees: frozenset[str], grants: bool = False
) -> bool:
    """False only when no node in an expression that the gate looks for can be in
    ``source``.

    ``imports`` are the spans of the module's import statements (a dotted module path is no
    attribute); ``callees`` the names whose call counts; ``grants`` whether a call of
    ``AccessToken`` or of any ``*Grant`` counts.
    """
    if not as_written(source) or _ESCAPE.search(source):
        return True
    return _expressions_may_count(source, imports, callees, grants=grants)


def _expressions_may_count(
    source: bytes, imports: list[Span] | None, callees: frozenset[str], *, grants: bool
) -> bool:
    if _outside(source, _VIDEO_ATTRIBUTE, imports) or _outside(
        source, _RESOURCE_ATTRIBUTE, imports
    ):
        return True
    if _HOST in source:
        return True
    text = _joined(source)
    if text is None or _PARAM_SUBSCRIPT.search(text) or _PARAM_READ.search(text):
        return True
    # Names are written whole: a cheap search for a part of them comes first.
    if any(stem in source for stem in _PARAM_STEMS) and _PARAM_ARGUMENT.search(source):
        return True
    if b"getattr" in source and _GETATTR_NAME.search(text):
        return True
    if grants and (b"Grant" in source or b"AccessToken" in source) and _GRANT_CALL.search(source):
        return True
    return any(name.encode() in source for name in callees) and bool(
        _call_of(callees).search(source)
    )


def _joined(source: bytes) -> bytes | None:
    """``source`` with its backslash continuations removed, so that a string literal they
    split reads as its value; None when one may follow a comment (see _COMMENT_BACKSLASH)."""
    if b"\\\n" not in source and b"\\\r" not in source:
        return source
    if _COMMENT_BACKSLASH.search(source):
        return None
    return source.replace(b"\\\r\n", b"").replace(b"\\\n", b"").replace(b"\\\r", b"")


def _imports_may_count(source: bytes) -> bool:
    """Whether an import may name a module of the gate's, or VideoGrant."""
    if any(word in source for word in _IMPORT_WORDS) or _TWIML_SUBMODULE.search(source):
        return True
    if all(word in source for word in _TWIML_WORDS):
        return True
    # A module's name is on the logical line of its "import" or "from" keyword.
    return any(
        _IMPORT_KEYWORD.search(_line_before(source, match.start()))
        for match in _REST_MODULE.finditer(source)
    )


def _line_before(source: bytes, at: int) -> bytes:
    """The logical line up to ``at``: physical lines joined by a backslash count."""
    start = at
    while True:
        brk = max(source.rfind(b"\n", 0, start), source.rfind(b"\r", 0, start))
        if brk < 0:
            return source[:at]
        end = brk - 1 if source[brk] == ord("\n") and source[brk - 1 : brk] == b"\r" else brk
        if source[end - 1 : end] != b"\\":
            return source[brk + 1 : at]
        start = end - 1


def _call_of(names: frozenset[str]) -> re.Pattern[bytes]:
    # No \b before the name: it may start with a byte \b does not count as a letter.
    return re.compile(rb"(?:" + _words(names) + rb")" + _GAP + rb"\(")


def _outside(source: bytes, pattern: re.Pattern[bytes], imports: list[Span] | None) -> bool:
    """Whether ``pattern`` matches somewhere other than inside an import statement (any
    match counts when the imports are not known)."""
    starts: list[int] | None = None
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(source):
        if imports is None:
            return True
        if starts is None:
            starts = [0, *(m.end() for m in _NEWLINE.finditer(source))]
            spans = [(starts[a - 1] + b, starts[c - 1] + d) for a, b, c, d in imports]
        if not any(start <= match.start() < end for start, end in spans):
            return True
    return False
