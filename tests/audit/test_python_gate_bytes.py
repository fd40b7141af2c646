"""The byte checks before the gate's walk: every way Python lets a source spell a node the
walk looks for keeps the module (a string as the scanner reads it: one literal at a time),
and needles where no such node can be are ruled out without the walk (or without the
tree)."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest

from migrate.audit import python_gate
from migrate.audit.python_gate import may_have_findings
from migrate.audit.python_gate_bytes import may_use, rules_out
from migrate.audit.python_scanner import scan_python

FIXTURES = Path(__file__).parent / "fixtures"


def walked(source: bytes) -> bool:
    """The gate's verdict with every node walked, no byte check: what the checks keep."""
    if not python_gate._has_needle(source):
        return False
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return True
    imports = python_gate._Imports(tree)
    return imports.decisive or python_gate._walk(tree, imports)


def spans_ruled_out(source: bytes) -> bool:
    """Whether the checks rule ``source`` out once its import statements are known."""
    imports = python_gate._Imports(ast.parse(source))
    callees = frozenset(imports.bound | {"Client"}) if imports.rest else frozenset()
    return not may_use(source, imports.spans, callees, grants=imports.jwt)


KEPT = [
    # A .video attribute, however the tokens are spaced.
    b"import os; client.video.rooms.list()\n",  # after an import, on its line
    b"import twilio\nrooms = client.\\\n    video.rooms.list()\n",  # a backslash continuation
    b"import twilio\nrooms = (client.  # the Video API\n    video).rooms\n",  # a comment
    b"import twilio\nrooms = (client\n    . video.rooms)\n",
    b"import twilio\nrooms = client.\\\r    video.rooms\r",  # old Mac line ends
    # getattr with "video", also split by a continuation or spelled with an escape.
    b"import twilio\nv = getattr(client, 'video')\n",
    b'import twilio\nv = getattr(client, "vi\\\ndeo")\n',
    b'import twilio\nv = getattr(client, "\\x76ideo")\n',
    b'import twilio\nv = getattr(client, "\\N{LATIN SMALL LETTER V}ideo")\n',
    # The Video host.
    b'URL = "https://video.twilio.com/v1/Rooms"\n',
    # A callback field read by subscript or read method, or named as a parameter.
    b'sid = request.form["RoomSid"]\n',
    b'sid = request.form[  # Video sends it\n    r"RoomSid"]\n',
    b'import twilio\nsid = request.form["Room\\\nSid"]\n',
    b'import twilio\nsid = request.form["\\x52oomSid"]\n',
    # A comment's backslash joins no lines: the string after it is still read.
    b'sid = request.form[  # as in C:\\\n    "RoomSid"]\n',
    b'sid = request.values.get(("RoomSid"))\n',
    b'sid = request.values.get(\n    "RoomSid", "")\n',
    b"sid = request.args.getlist('TrackSid')\n",
    b"def callback(RoomSid=None):\n    return RoomSid\n",
    b"def callback(*, RoomSid: str):\n    return RoomSid\n",
    b"handle = lambda RoomSid: RoomSid\n",
    # A resource only Video has, in an operation's chain or assigned.
    b"def rules(room):\n    return room.\\\n        recording_rules.fetch()\n",
    # Imports that decide alone or bind what a call then uses.
    b"from twilio . twiml . voice_response import VoiceResponse  # video\n",
    b"from twilio.twiml import voice_response\n",
    b"from .twilio import Client  # video\nclient = Client()\n",  # relative: module "twilio"
    b"import os, twilio  # video\nclient = twilio.rest.Client()\n",
    b"import os, \\\n    twilio  # video\nclient = twilio.rest.Client()\n",
    b"from twilio.rest import Client as Rest\nclient = Rest (\n    'sid', 'token')\n",
    b"from twilio.jwt.access_token import AccessToken\ntoken = AccessToken ('a', 'b', 'c')\n",
    # Identifiers are NFKC-normalized: a fullwidth "video" is the attribute video.
    "import twilio\nrooms = client.\uff56ideo.rooms\n".encode(),
    # A coding cookie: in UTF-7, +AC4- is a dot.
    b"# -*- coding: utf-7 -*-\nimport twilio\nrooms = client+AC4-video.rooms\n",
]


@pytest.mark.parametrize("source", KEPT)
def test_every_spelling_of_a_node_the_walk_finds_is_kept(source: bytes) -> None:
    assert walked(source), "the case must be one the walk finds"
    assert not rules_out(source)
    assert may_have_findings(source)


_CLIENT = b"from twilio.rest import Client\nclient = Client()\n"
# (one literal, the same value split over literals or lines): LibCST's scanner reports the
# first and not the second, whose parts it reads one literal at a time.
SPLIT_VALUES = [
    (
        _CLIENT + b"rooms = getattr(client, 'video').rooms.list()\n",
        _CLIENT + b"rooms = getattr(client, 'vid' \"eo\").rooms.list()\n",
    ),
    (
        b'URL = "https://video.twilio.com/v1/Rooms"\n',
        b'URL = ("https://video."\n  "twilio.com/v1")\n',
    ),
    (b'URL = f"{scheme}://video.twilio.com"\n', b'URL = f"{scheme}://video." "twilio.com"\n'),
    (b'URL = "https://video.twilio.com"\n', b'URL = "https://video.\\\ntwilio.com"\n'),
    (b'sid = request.form[("RoomSid")]\n', b'sid = request.form[("Room" "Sid")]\n'),
    (b'sid = request.form["RoomSid"]\n', b'sid = request.form["" "RoomSid"]\n'),
    (b'sid = request.values.get("RoomSid")\n', b'sid = request.values.get("Room" "Sid")\n'),
]


@pytest.mark.parametrize(("whole", "split"), SPLIT_VALUES)
def test_a_value_split_over_literals_is_no_name_the_scanner_reads(
    whole: bytes, split: bytes
) -> None:
    assert _scanned(whole) and may_have_findings(whole)
    assert not _scanned(split)
    # Only the client call sends the first one on; the others go no further.
    assert may_have_findings(split) is split.startswith(_CLIENT)


def _scanned(source: bytes) -> bool:
    return any(hit.rule_id != "parse-error" for hit in scan_python(source))


RULED_OUT = [
    b'from twilio.base import values\nKIND = "video-recordings"\n',
    b'v = getattr(client, "video_codecs")\n',  # a name that only starts so
    b'data = {"RoomSid": room_sid}  # a dict key is no read\n',
    b"class RoomType(object):\n    GROUP = 'group'  # video\n",
    b'from twilio.base import values\nprint("see the video docs")\n',
    b"from twilio.rest.api import Api  # video\nApi()\n",  # twilio.rest.api is not twilio.rest
    b"from twilio.twiml import TwiML  # video\nTwiML()\n",  # no *_response module
    b"# -*- coding: latin-1 -*-\nKIND = 'video'\n",  # ASCII either way
    "KIND = 'video' or 'vid\u00e9o'\n".encode(),  # UTF-8 that NFKC leaves alone
]


@pytest.mark.parametrize("source", RULED_OUT)
def test_needles_where_no_node_can_be_are_ruled_out_from_the_bytes(source: bytes) -> None:
    assert not walked(source)
    assert rules_out(source)
    assert not may_have_findings(source)


IMPORT_PATHS_ONLY = [
    b"from twilio.rest.video.v1 import V1\nV1(domain)\n",
    b"import twilio.rest.video as video_api\n",
    b"from twilio.rest.video.v1.room.recording_rules import RecordingRulesList\n",
    b"from twilio.rest import (  # for .video\n    Client,\n)\nclient: Client\n",
    b"import os\rfrom twilio.rest.video import Video\rVideo(twilio)\r",  # \r line ends
]


@pytest.mark.parametrize("source", IMPORT_PATHS_ONLY)
def test_a_dotted_module_path_is_no_attribute(source: bytes) -> None:
    # The bytes alone cannot tell an import's path from an attribute; the import
    # statements' spans can.
    assert not walked(source)
    assert not rules_out(source)
    assert spans_ruled_out(source)
    assert not may_have_findings(source)


def test_a_match_beside_an_import_on_its_line_still_counts() -> None:
    source = b"from twilio.rest.video import Video; rooms = client.video.rooms\n"
    assert walked(source)
    assert not spans_ruled_out(source)


@pytest.mark.parametrize(
    ("source", "sent_on"),
    [
        (b'KIND = "video-recordings"\ndef broken(:\n', True),
        # symtable rejects these; the parser does not, so the gate does not either.
        (b'KIND = "video-recordings"\nnonlocal kind\n', False),
        (b'from __future__ import braces\nKIND = "video-recordings"\n', False),
    ],
)
def test_modules_ruled_out_by_their_bytes_still_go_on_when_they_do_not_parse(
    source: bytes, sent_on: bool
) -> None:
    assert rules_out(source)
    assert may_have_findings(source) is sent_on


PY_FILES = sorted(FIXTURES.rglob("*.py"))


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_checks_change_no_verdict_on_the_fixtures(path: Path) -> None:
    source = path.read_bytes()
    assert may_have_findings(source) == walked(source)


def test_a_banner_comment_after_a_dot_is_read_once() -> None:
    # Comments are matched whole: were a run of "#" split every way into comments, this
    # line alone would take most of a minute.
    source = b"from twilio.base import values  # video\nx = a.  # " + b"#" * 28 + b"\nfoo = 1\n"
    start = time.process_time()
    assert rules_out(source)
    assert time.process_time() - start < 1
