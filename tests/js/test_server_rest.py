"""The generated server module's Zoom REST calls, against the Zoom emulator over loopback."""

from __future__ import annotations

import json
from pathlib import Path

from codemods.js.generate import render
from codemods.js.names import SERVER_MODULE
from migrate.sandbox.zoom import ZoomEmulator
from tests.js.conftest import run


def test_rooms_create_and_fetch_reach_zoom(
    tmp_path: Path, node_modules: Path, zoom_emulator: ZoomEmulator
) -> None:
    (tmp_path / "node_modules").symlink_to(node_modules, target_is_directory=True)
    (tmp_path / "zoomVideoServer.js").write_text(render(SERVER_MODULE, "cjs"))
    script = (
        "const twilio = require('./zoomVideoServer.js');"
        "(async () => {"
        "  const client = twilio.client('AC-ignored', 'token-ignored');"
        "  const made = await client.video.rooms.create({ uniqueName: 'ward 7' });"
        "  const again = await client.video.v1.rooms(made.sid).fetch();"
        "  console.log(JSON.stringify({ made, again }));"
        "})().catch((error) => { console.error(error); process.exit(1); });"
    )
    done = run(["node", "-e", script], tmp_path, **zoom_emulator.env())
    out = json.loads(done.stdout)
    assert out["made"]["uniqueName"] == "ward 7" and out["made"]["sid"]
    assert out["again"]["sid"] == out["made"]["sid"]
    assert out["again"]["uniqueName"] == "ward 7"
