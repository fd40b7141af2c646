"""The ast gate never drops a module the LibCST scanner would report, and does drop
modules like the twilio package's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.audit.python_gate import NEEDLES, may_have_findings
from migrate.audit.python_scanner import scan_python

FIXTURES = Path(__file__).parent / "fixtures"
PY_FILES = sorted(p for p in FIXTURES.rglob("*.py"))


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_gate_keeps_every_module_with_findings(path: Path) -> None:
    source = path.read_bytes()
    if scan_python(source):
        assert may_have_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        # The twilio package's own modules: imports and type hints, no client use.
        b"from twilio.base.version import Version\nfrom twilio.rest import Client\n\n"
        b"class VideoBase:\n    def __init__(self, twilio: Client):\n        self.v = Version(1)\n",
        b'from twilio.base import values\nKIND = {"kind": "video"}\n',
        b"from twilio.jwt import Jwt\nclass ClientCapabilityToken(Jwt):\n    pass\n",
        b"import os\nprint('twilio')\n",
    ],
)
def test_gate_drops_modules_without_touchpoints(source: bytes) -> None:
    assert not scan_python(source)
    assert not may_have_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        b"from twilio.rest import Client as C\nC().messages.create(body='x')\n",
        b"import twilio.rest\nc = twilio.rest.Client()\nc.calls.create()\n",
        b"from twilio.jwt.access_token import grants\ng = grants.VideoGrant()\n",
        b"def cb(request):\n    return request.form['RoomSid']\n",
        b"import twilio\ndef broken(:\n",
        # Structural: a receiver nobody can trace, on a resource only Video has.
        b"def record(room):\n    room.recording_rules.update(rules=[])\n",
        b"from twilio.jwt.access_token.grants import VideoGrant\n",
    ],
)
def test_gate_keeps_modules_with_touchpoints(source: bytes) -> None:
    assert scan_python(source)
    assert may_have_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        # Where the structural fallback reaches a Video-only resource: an operation's
        # chain, a name bound to it, getattr and await on the way.
        b"rules = room.recording_rules\nrules.update(rules=[])\n",
        b"class A:\n    def go(self):\n        r: object = self.room.subscribe_rules\n"
        b"        r.update(rules=[])\n",
        b"getattr(room, 'recording_rules').update(rules=[])\n",
        b"async def f(room):\n    await room.published_tracks.list_async()\n",
    ],
)
def test_gate_keeps_reachable_video_only_resources(source: bytes) -> None:
    assert scan_python(source)
    assert may_have_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        # The twilio package's own properties: a resource returned, never operated on here.
        b"class RoomContext:\n    @property\n    def recording_rules(self):\n"
        b"        return self._proxy.recording_rules\n",
        b"def hooks(base):\n    return base.v1.composition_hooks\n",
        b"def log(room):\n    print(room.subscribed_tracks)\n",
    ],
)
def test_gate_drops_video_only_resources_out_of_reach(source: bytes) -> None:
    assert not scan_python(source)
    assert not may_have_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        b"x = 1\n",
        b"def f(:\n",
        b"nonlocal x\n",  # parses; only the symbol table rejects it
        b"return 1\n",  # parses; only the compiler rejects it
        b"def f():\n    x = 1\n    global x\n",
        b"# -*- coding: latin-1 -*-\ns = '\xe9'\n",
        b"s = '\xe9'\n",  # not UTF-8 and no cookie
        b"print 'twilio'\n",
        b"s = '\\d'\nassert (s, 'x')\n",  # warnings only
    ],
)
def test_gate_never_sends_on_a_module_without_a_needle(source: bytes) -> None:
    # Parsed or not, nothing in it is something the scanner reports: a syntax error there
    # hides no Video code, so no time goes to checking it.
    assert not may_have_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        b"client.video.rooms.create(\n",
        b"from twilio.jwt.access_token.grants import VideoGrant\ndef f(:\n",
        b"print 'x'; rooms = client.video.v1.rooms\n",
    ],
)
def test_gate_sends_on_a_module_with_a_needle_that_does_not_parse(source: bytes) -> None:
    assert may_have_findings(source)
    assert [h.rule_id for h in scan_python(source)] == ["parse-error"]


@pytest.mark.parametrize("needle", NEEDLES, ids=lambda n: n.decode())
def test_every_needle_alone_sends_on_a_module_that_does_not_parse(needle: bytes) -> None:
    # "from twilio.base" comes first: the needles starting "from twilio" are looked for at
    # every place it occurs, not only the first.
    source = b"from twilio.base import values\n# " + needle + b"\ndef broken(:\n"
    assert may_have_findings(source)
    assert not may_have_findings(source.replace(needle, b"x"))
