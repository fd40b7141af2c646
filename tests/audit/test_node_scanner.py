"""The Node.js server-SDK scanner: patterns beyond the fixtures, its byte gate, and the
advice its findings carry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mappings.catalog import lookup
from migrate.audit import node_scanner
from migrate.audit.engine import run_audit
from migrate.audit.js_scanner import scan_js

FIXTURES = Path(__file__).parent / "fixtures"
JS_FILES = sorted(
    p for p in FIXTURES.rglob("*") if p.suffix in (".js", ".cjs", ".ts", ".cts", ".tsx")
)
NODE_RULE_PREFIXES = ("node-", "not-affected")
DIALECTS = {".ts": "typescript", ".cts": "typescript", ".tsx": "tsx"}


def _node_hits(source: str, dialect: str = "javascript") -> set[tuple[str, int, str]]:
    # node-import (the package's import beside Video code) is covered by the fixture tests.
    return {
        (h.rule_id, h.line, h.subject)
        for h in scan_js(source.encode(), dialect)
        if h.rule_id.startswith(NODE_RULE_PREFIXES) and h.rule_id != "node-import"
    }


@pytest.mark.parametrize("path", JS_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_gate_keeps_every_file_with_node_findings(path: Path) -> None:
    source = path.read_bytes()
    found = _node_hits(source.decode(), DIALECTS.get(path.suffix, "javascript"))
    if found:
        assert node_scanner.may_have_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        "import { connect } from 'twilio-video';\nconnect(token, { name: 'x' });\n",
        "import { Client } from '@twilio/conversations';\nnew Client(token);\n",
        "// twilio is mentioned here only\nexport const x = 1;\n",
    ],
)
def test_gate_drops_browser_and_other_twilio_packages(source: str) -> None:
    assert not node_scanner.may_have_findings(source.encode())
    assert not _node_hits(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "import * as tw from 'twilio';\nconst c = new tw.Twilio('AC1', 't');\n"
            "c.video.v1.compositionSettings().fetch();\n",
            {("node-rest-client", 2, ""), ("node-video-resource", 3, "composition_settings")},
            id="namespace-import",
        ),
        pytest.param(
            "const twilio = require('twilio');\nconst make = () => twilio('AC1', 't');\n"
            "make().video.rooms.list();\n",
            {("node-rest-client", 2, ""), ("node-video-room", 3, "list")},
            id="arrow-factory",
        ),
        pytest.param(
            "const { jwt: { AccessToken } } = require('twilio');\n"
            "function video() { const token = new AccessToken(); "
            "token.addGrant(new AccessToken.VideoGrant()); }\n"
            "function chat() { const token = new AccessToken(); "
            "token.addGrant(new AccessToken.ChatGrant()); }\n",
            {
                ("node-access-token", 1, ""),  # the destructured load of the class
                ("node-access-token", 2, ""),
                ("node-video-grant", 2, ""),
                # A token in another function with the same name carries only a ChatGrant:
                # it is not the Video token.
                ("not-affected", 3, "Chat (ChatGrant)"),
            },
            id="tokens-per-function",
        ),
        pytest.param(
            "const twilio = require('twilio');\nconst c = twilio();\n"
            "c.video.v1.rooms('RM1').participants('PA1').subscribedTracks.each(() => {});\n"
            "c.video.v1.recordingSettings().update({});\n",
            {
                ("node-rest-client", 2, ""),
                ("node-video-resource", 3, "subscribed_tracks"),
                ("node-video-resource", 4, "recording_settings"),
            },
            id="camel-case-resources",
        ),
        pytest.param(
            "let x = x.next;\nx.video.rooms.create();\n"
            "let y = z; let z = y;\ny.video.rooms.list();\n",
            set(),
            id="cycles-and-unknown-roots",
        ),
        pytest.param(
            "const t = require('twilio');\nconst c = t();\nc.video.v1.rooms.create({});\n"
            "function broken( {\n",
            {("node-rest-client", 2, ""), ("node-video-room", 3, "create")},
            id="scanned-despite-syntax-error",
        ),
    ],
)
def test_patterns(source: str, expected: set[tuple[str, int, str]]) -> None:
    assert _node_hits(source) == expected


def test_inline_script_lines_are_offset() -> None:
    from migrate.audit.markup_scanner import scan_markup

    html = b"<html>\n<script>\nfetch('https://video.twilio.com/v1/Rooms');\n</script>\n"
    assert [(h.rule_id, h.line) for h in scan_markup(html)] == [("node-raw-http", 3)]


def test_findings_take_the_catalog_advice_but_never_claim_an_autofix() -> None:
    report = run_audit(FIXTURES / "node_app", cutoff=dt.date(2026, 12, 5), jobs=1)
    create = next(f for f in report.findings if f.path == "rooms.js" and f.line == 13)
    mapping = lookup("video.rooms.create")
    assert (create.zoom_equivalent, create.effort, create.fidelity) == (
        mapping.zoom,
        mapping.effort,
        mapping.fidelity,
    )
    # twilio2zoom rewrite reads only Python: the Python API's "shim" does not apply here.
    assert mapping.autofix == "shim"
    assert {f.autofix for f in report.findings} == {"none"}
    languages = {f.path: f.language for f in report.findings}
    assert languages["rooms.js"] == "javascript" and languages["service.ts"] == "typescript"


def test_imports_from_the_video_tree_are_video_lines_on_their_own() -> None:
    # A type-only import of a Video module is a line the migration changes even when the
    # file makes no Video call; an AccessToken import alone may serve Chat or Voice.
    source = (
        "import type { RoomInstance } from 'twilio/lib/rest/video/v1/room';\n"
        "import { RecordingInstance } from 'twilio/lib/rest/video/v1/recording';\n"
        "const AccessToken = require('twilio/lib/jwt/AccessToken');\n"
        "const rooms = require('twilio/lib/rest/video/v1/room');\n"
        "export const sidOf = (room: RoomInstance): string => room.sid;\n"
    )
    imports = {h.line for h in scan_js(source.encode(), "typescript") if h.rule_id == "node-import"}
    assert imports == {1, 2, 4}
