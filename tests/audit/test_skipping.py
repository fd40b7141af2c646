"""What the walk skips, and files that do not parse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from migrate.audit.engine import run_audit

VIDEO_PY = "from twilio.rest import Client\nClient().video.v1.rooms.create()\n"
VIDEO_JS = "import { connect } from 'twilio-video';\nconnect(t);\n"


def _paths(root: Path) -> set[str]:
    report = run_audit(root, cutoff=dt.date(2026, 12, 5), jobs=1)
    return {f.path for f in report.findings}


def _write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)


def test_skips_vendored_generated_ignored_and_binary_files(tmp_path: Path) -> None:
    _write(tmp_path, "app/main.py", VIDEO_PY)
    _write(tmp_path, "web/app.js", VIDEO_JS)
    _write(tmp_path, ".git/hooks/x.py", VIDEO_PY)
    _write(tmp_path, "node_modules/twilio-video/index.js", VIDEO_JS)
    _write(tmp_path, "env/pyvenv.cfg", "home = /usr\n")
    _write(tmp_path, "env/lib/x.py", VIDEO_PY)
    _write(tmp_path, "lib/python3.11/site-packages/pkg/x.py", VIDEO_PY)
    _write(tmp_path, "build/lib/x.py", VIDEO_PY)
    _write(tmp_path, "dist/bundle.js", VIDEO_JS)
    _write(tmp_path, "web/vendor.min.js", VIDEO_JS)
    _write(tmp_path, "web/long.js", VIDEO_JS + "var x = '" + "a" * 5000 + "';\n")
    _write(tmp_path, "web/gen.js", "// @generated\n" + VIDEO_JS)
    _write(tmp_path, "web/blob.js", b"\x00\x01twilio-video" + VIDEO_JS.encode())
    _write(tmp_path, ".gitignore", "ignored/\n*.secret.py\n")
    _write(tmp_path, "ignored/x.py", VIDEO_PY)
    _write(tmp_path, "app/local.secret.py", VIDEO_PY)
    _write(tmp_path, "app/sub/.gitignore", "only_here.py\n")
    _write(tmp_path, "app/sub/only_here.py", VIDEO_PY)
    _write(tmp_path, "app/only_here.py", VIDEO_PY)

    assert _paths(tmp_path) == {"app/main.py", "web/app.js", "app/only_here.py"}
    report = run_audit(tmp_path, cutoff=dt.date(2026, 12, 5), jobs=1)
    assert report.summary.files_skipped == {"binary": 1, "generated": 1, "minified": 2}


def test_gitignore_can_be_disabled(tmp_path: Path) -> None:
    _write(tmp_path, ".gitignore", "ignored/\n")
    _write(tmp_path, "ignored/x.py", VIDEO_PY)
    assert _paths(tmp_path) == set()
    report = run_audit(tmp_path, cutoff=dt.date(2026, 12, 5), jobs=1, use_gitignore=False)
    assert {f.path for f in report.findings} == {"ignored/x.py"}


def test_unparsable_files_are_parse_error_findings(tmp_path: Path) -> None:
    _write(tmp_path, "bad.py", "import twilio\nrooms = twilio.rest.Client().video.rooms(\n")
    _write(tmp_path, "bad.js", "import { connect } from 'twilio-video';\nconnect(t, {\n")
    _write(tmp_path, "package.json", '{"dependencies": {"twilio-video": ')
    _write(tmp_path, "good.py", VIDEO_PY)
    report = run_audit(tmp_path, cutoff=dt.date(2026, 12, 5), jobs=1)
    errors = {(f.path, f.rule_id, f.line) for f in report.findings if f.category == "parse-error"}
    assert errors == {
        ("bad.py", "parse-error", 2),
        ("bad.js", "parse-error", 2),
        ("package.json", "parse-error", 1),
    }
    assert ("good.py", "py-video-room") in {(f.path, f.rule_id) for f in report.findings}
    # Parse errors are not Video findings; the JS tree is error-tolerant, so bad.js still
    # reports its import beside good.py's import, client and room.
    assert report.summary.video_findings == 4
    assert ("bad.js", "js-import") in {(f.path, f.rule_id) for f in report.findings}


def test_parallel_run_equals_serial_run(tmp_path: Path) -> None:
    for i in range(80):
        _write(tmp_path, f"pkg{i % 7}/m{i}.py", VIDEO_PY)
        _write(tmp_path, f"web{i % 5}/c{i}.js", VIDEO_JS)
    serial = run_audit(tmp_path, cutoff=dt.date(2026, 12, 5), jobs=1)
    parallel = run_audit(tmp_path, cutoff=dt.date(2026, 12, 5), jobs=2)
    assert serial.findings == parallel.findings
    assert len(serial.findings) == 80 * 3 + 80 * 2
