"""A component handed a participant by another module never names Twilio: inside a package
that depends on twilio-video the audit still reads it (structural findings) and the rewrite
still moves it, through the same gate; elsewhere it is left alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from migrate.audit.engine import run_audit
from migrate.cli.app import run

# Our own small app: the call module imports twilio-video, the tile is handed participants.
CALL = """import { connect } from 'twilio-video';

export async function join(token, render) {
  const room = await connect(token, { name: 'studio' });
  room.on('participantConnected', render);
  return room;
}
"""
TILE = """export function watchTile(participant, box) {
  participant.on('trackSubscribed', (track) => {
    box.appendChild(track.attach());
  });
  participant.on('trackUnsubscribed', (track) => track.detach());
}
"""


def _app(root: Path, depends: bool) -> Path:
    deps = {"twilio-video": "^2.28.0"} if depends else {"left-pad": "^1.3.0"}
    (root / "package.json").write_text(json.dumps({"name": "studio", "dependencies": deps}))
    (root / "src").mkdir()
    (root / "src" / "call.js").write_text(CALL)
    (root / "src" / "tile.js").write_text(TILE)
    return root


def test_the_audit_reads_a_component_that_never_names_twilio(tmp_path: Path) -> None:
    report = run_audit(_app(tmp_path, depends=True), cutoff=dt.date(2026, 12, 5), jobs=1)
    tile = {(f.line, f.rule_id, f.confidence) for f in report.findings if f.path == "src/tile.js"}
    assert tile == {
        (2, "js-event", "structural"),
        (3, "js-attach", "structural"),
        (5, "js-event", "structural"),
        (5, "js-detach", "structural"),
    }


def test_outside_a_twilio_video_package_the_same_file_is_not_read(tmp_path: Path) -> None:
    report = run_audit(_app(tmp_path, depends=False), cutoff=dt.date(2026, 12, 5), jobs=1)
    assert not [f for f in report.findings if f.path == "src/tile.js"]


def test_the_rewrite_moves_it_and_a_second_run_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _app(tmp_path, depends=True)
    assert run(["rewrite", str(root)]) == 0
    tile = (root / "src" / "tile.js").read_text()
    assert "from './zoomVideo.js';" in tile
    assert "onTrack(participant, 'trackSubscribed'" in tile
    assert "attachTrack(track)" in tile and ".attach()" not in tile
    assert (root / "src" / "zoomVideo.js").is_file()
    capsys.readouterr()
    assert run(["rewrite", "--check", str(root)]) == 0
