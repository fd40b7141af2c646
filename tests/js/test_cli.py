"""``twilio2zoom rewrite`` on a JS/TS project through the CLI: per-language counts, the
install command, --check and --diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrate.cli.app import run


def _project(root: Path) -> Path:
    (root / "web").mkdir(parents=True)
    (root / "web" / "package.json").write_text(
        json.dumps({"dependencies": {"twilio-video": "^2.28.1"}}, indent=2) + "\n"
    )
    (root / "web" / "call.ts").write_text(
        "import { connect } from 'twilio-video';\n\n"
        "export async function call(token: string) {\n"
        "  const room = await connect(token, { name: 'desk' });\n"
        "  room.disconnect();\n}\n"
    )
    return root


def test_check_then_rewrite_then_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    assert run(["rewrite", str(project), "--check"]) == 1
    err = capsys.readouterr().err
    assert f"would rewrite {project / 'web' / 'call.ts'}" in err
    assert "files would change by language: typescript 1" in err
    assert not (project / "web" / "zoomVideo.ts").exists()  # --check writes nothing

    assert run(["rewrite", str(project), "--diff"]) == 0
    captured = capsys.readouterr()
    assert "-import { connect } from 'twilio-video';" in captured.out
    assert "+import ZoomVideo from '@zoom/videosdk';" in captured.out
    assert "+  const room = ZoomVideo.createClient();" in captured.out
    assert "+  room.leave();" in captured.out
    assert not (project / "web" / "zoomVideo.ts").exists()  # --diff writes nothing either

    assert run(["rewrite", str(project)]) == 0
    assert f"run `cd {(project / 'web').as_posix()} && npm install`" in capsys.readouterr().err
    assert (project / "web" / "zoomVideo.ts").is_file()
    assert run(["rewrite", str(project), "--check"]) == 0
