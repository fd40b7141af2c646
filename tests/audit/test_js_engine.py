"""The JS/TS resolver on ast-grep: one tree for the audit and the rewrite, byte columns,
syntax errors the parser recovers from without an ERROR node."""

from __future__ import annotations

from typing import Any

import pytest
from ast_grep_py import SgRoot

import codemods.js.rewrite as rewrite
from migrate.audit.js_scanner import scan_js, scan_tree

# A browser page and a token server, with non-ASCII text before findings on their lines.
BROWSER = """import Video from 'twilio-video';
const légende = 'salle'; const room = await Video.connect(token, { name: légende });
room.on('participantConnected', (p) => { /* ünïcode */ p.tracks.forEach((t) => t.attach()); });
room.disconnect();
"""
SERVER = """const twilio = require('twilio');
const client = twilio(sid, secret);
const nom = 'é'; client.video.v1.rooms('RM1').update({ status: 'completed' });
"""


@pytest.mark.parametrize(
    ("source", "dialect", "rule_id"),
    [
        (BROWSER, "javascript", "js-connect"),
        (BROWSER, "typescript", "js-attach"),
        (SERVER, "tsx", "node-video-room"),
    ],
)
def test_a_parsed_tree_gives_the_findings_of_the_bytes(
    source: str, dialect: str, rule_id: str
) -> None:
    from_bytes = scan_js(source.encode("utf-8"), dialect)
    from_tree = scan_tree(SgRoot(source, dialect), source, dialect)
    assert from_tree == from_bytes
    assert rule_id in {h.rule_id for h in from_tree}


def test_columns_count_utf8_bytes() -> None:
    hits = scan_js(BROWSER.encode("utf-8"))
    line = BROWSER.splitlines()[1].encode("utf-8")
    connect = next(h for h in hits if h.rule_id == "js-connect")
    assert (connect.line, connect.column) == (2, line.index(b"Video.connect") + 1)
    server = scan_js(SERVER.encode("utf-8"))
    room = next(h for h in server if h.rule_id == "node-video-room")
    line = SERVER.splitlines()[2].encode("utf-8")
    assert (room.line, room.column) == (3, line.index(b"client.video") + 1)


def test_a_missing_token_is_a_parse_error() -> None:
    # The parser supplies the missing ")" without an ERROR node: still a syntax error.
    source = "import Video from 'twilio-video';\nif (room { room.disconnect(); }\n"
    assert SgRoot(source, "javascript").root().find(kind="ERROR") is None
    errors = [h for h in scan_js(source.encode()) if h.rule_id == "parse-error"]
    assert [(h.line, h.column) for h in errors] == [(2, len("if (room") + 1)]
    assert not rewrite.parses(source, "javascript")
    assert rewrite.parses(source.replace("(room {", "(room) {"), "javascript")


def test_the_rewrite_parses_each_source_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []

    def counting(source: str, language: str) -> Any:
        parsed.append(source)
        return SgRoot(source, language)

    monkeypatch.setattr(rewrite, "SgRoot", counting)
    targets = rewrite.Targets(browser="./zoomVideo", server="./zoomVideoServer")
    result = rewrite.rewrite_code(BROWSER, "javascript", targets)
    assert result.changed and result.error is None
    # The source once; the output is parsed to check it (and re-read by the second-run check).
    assert parsed.count(BROWSER) == 1
    parsed.clear()
    rewrite.probe_code(SERVER, "javascript")
    assert parsed == [SERVER]
