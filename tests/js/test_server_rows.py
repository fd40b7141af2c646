"""Before/after pairs for the Node server rows (tokens and the Rooms/Participants REST
calls), CommonJS and TypeScript: goldens in tests/js/rows/ (UPDATE_GOLDEN=1 refreshes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from codemods.js.rewrite import Targets, parses, rewrite_code
from mappings.catalog import CATALOG

ROWS_DIR = Path(__file__).parent / "rows"

CJS_HEAD = (
    "const twilio = require('twilio');\n\nconst { env } = process;\n"
    "const client = twilio(env.SID, env.TOKEN);\n\n"
)
TS_HEAD = (
    "import twilio from 'twilio';\n\nconst { env } = process;\n"
    "const client = twilio(env.SID, env.TOKEN);\n\n"
)
TOKEN = (
    "const AccessToken = twilio.jwt.AccessToken;\nconst VideoGrant = AccessToken.VideoGrant;\n\n"
    "function token(identity, room) {\n"
    "  const t = new AccessToken(env.SID, env.KEY, env.SECRET, { identity });\n"
    "  t.addGrant(new VideoGrant({ room }));\n  return t.toJwt();\n}\n"
)
# One call per row, written for this test.
CALLS: dict[str, str] = {
    "token.access_token": TOKEN,
    "token.video_grant": TOKEN,
    "video.rooms.create": "client.video.v1.rooms.create({ uniqueName: 'clinic' });\n",
    "video.rooms.fetch": "client.video.v1.rooms('clinic').fetch();\n",
    "video.rooms.update": "client.video.v1.rooms('RM1').update({ status: 'completed' });\n",
    "video.rooms.list": "client.video.v1.rooms.list({ status: 'in-progress' });\n",
    "video.participants.list": "client.video.v1.rooms('RM1').participants.list();\n",
    "video.participants.update": (
        "client.video.v1.rooms('RM1').participants('PA1').update({ status: 'disconnected' });\n"
    ),
    "video.recording_rules": (
        "client.video.v1.rooms('RM1').recordingRules.update({ rules: [{ type: 'include' }] });\n"
    ),
    "video.recordings": "client.video.v1.rooms('RM1').recordings.list();\n",
}


@pytest.mark.parametrize("dialect", ["javascript", "typescript"])
@pytest.mark.parametrize("key", sorted(CALLS))
def test_server_row_before_after(key: str, dialect: str) -> None:
    head = TS_HEAD if dialect == "typescript" else CJS_HEAD
    before = head + CALLS[key]
    if dialect == "typescript":
        before = before.replace("(identity, room)", "(identity: string, room: string)")
    targets = Targets(server="./zoomVideoServer", server_cjs=dialect == "javascript")
    result = rewrite_code(before, dialect, targets)
    after = result.code
    assert result.error is None and parses(after, dialect)
    golden = (
        ROWS_DIR / f"{CATALOG[key].docs_anchor}.after.{'ts' if dialect == 'typescript' else 'js'}"
    )
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(after)
    assert after == golden.read_text()
    assert "'./zoomVideoServer'" in after and "'twilio'" not in after
    mapping = CATALOG[key]
    assert (f"docs/mapping.md#{mapping.docs_anchor})" in after) == (mapping.fidelity != "exact")
    assert rewrite_code(after, dialect, targets).code == after
