"""One walk and one reader for audit and rewrite: skips, nested .gitignore, encodings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from codemods.driver import iter_sources, rewrite_paths
from codemods.walk import decode_source
from migrate.audit.engine import run_audit
from migrate.cli.app import run

VIDEO = (
    "from twilio.rest import Client\n\n"
    "client = Client('AC1', 'token')\n\n\n"
    "def end(sid):\n    client.video.v1.rooms(sid).update(status='completed')\n"
)


def _tree(root: Path) -> None:
    (root / "app").mkdir(parents=True)
    (root / "app" / "rooms.py").write_text(VIDEO)
    (root / "app" / "generated").mkdir()
    (root / "app" / "generated" / "old.py").write_text(VIDEO)
    (root / "app" / ".gitignore").write_text("generated/\n")
    (root / "env" / "lib").mkdir(parents=True)
    (root / "env" / "lib" / "twilio_copy.py").write_text(VIDEO)


def test_audit_and_rewrite_read_the_same_files(tmp_path: Path) -> None:
    _tree(tmp_path)
    rewritten = {p.relative_to(tmp_path).as_posix() for p in iter_sources(tmp_path)}
    report = run_audit(tmp_path, cutoff=dt.date(2026, 12, 5), today=dt.date(2026, 1, 1))
    audited = {f.path for f in report.findings}
    assert rewritten == audited == {"app/rooms.py"}


def test_check_passes_beside_a_latin1_module_with_a_coding_cookie(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = "# -*- coding: iso-8859-15 -*-\n# Café, Twilio: déjà vu\nNAME = 'Zoë'\n"
    (tmp_path / "legacy.py").write_bytes(latin.encode("iso-8859-15"))
    (tmp_path / "rooms.py").write_text(VIDEO)
    assert run(["rewrite", str(tmp_path), "--mode", "native"]) == 0
    capsys.readouterr()
    assert run(["rewrite", str(tmp_path), "--mode", "native", "--check"]) == 0
    assert "0 failed" in capsys.readouterr().err


def test_a_latin1_video_module_is_rewritten_in_its_own_encoding(tmp_path: Path) -> None:
    source = "# -*- coding: iso-8859-15 -*-\n# Salle d'attente (été)\n" + VIDEO
    path = tmp_path / "salle.py"
    path.write_bytes(source.encode("iso-8859-15"))
    summary = rewrite_paths([tmp_path], "native")
    assert not summary.failed and summary.calls_rewritten == 1
    text, encoding = decode_source(path.read_bytes())
    assert encoding == "iso-8859-15"
    assert "(été)" in text and "zoom_video.end_session(sid)" in text


JS = "import Video from 'twilio-video';\nVideo.connect('token', { name: 'r' });\n"


def test_the_js_rewrite_walks_the_audits_files(tmp_path: Path) -> None:
    from codemods.js.project import iter_js_sources

    kept = ["web/a.ts", "web/b.js", "web/pages/c.js"]
    skipped_by_both = ["web/generated/old.js", "tools/lib/copy.js", "web/node_modules/x/i.js"]
    skipped_by_js = ["web/out/bundle.js", "web/.storybook/preview.js"]
    for rel in (*kept, *skipped_by_both, *skipped_by_js):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(JS)
    (tmp_path / "web" / ".gitignore").write_text("generated/\n")
    (tmp_path / "tools" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    walked = [p.relative_to(tmp_path).as_posix() for p in iter_js_sources(tmp_path)]
    assert walked == kept  # files in name order, then folders, as os.walk gives them
    report = run_audit(tmp_path, cutoff=dt.date(2026, 12, 5), today=dt.date(2026, 1, 1))
    assert {f.path for f in report.findings} == {*kept, *skipped_by_js}
