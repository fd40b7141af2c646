"""The ast gate never drops a module the LibCST scanner would report, and does drop
modules like the twilio package's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.audit.python_gate import may_have_findings
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
