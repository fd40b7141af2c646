"""The audit proves calls through a twilio client another module of the project builds."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from codemods.project_index import IndexProbe, ModuleContext, build_index
from migrate.audit import engine
from migrate.audit.engine import run_audit
from migrate.audit.python_scanner import scan_python_module
from tests.codemods.xmod_project import QUIET, VIDEO_LINES, write_project

CUTOFF = dt.date(2026, 12, 5)
TODAY = dt.date(2026, 6, 1)
CLIENT_MODULE = "app/extensions/twilio.py"


def _video(findings: list[dict[str, object]]) -> dict[str, dict[int, str]]:
    found: dict[str, dict[int, str]] = {}
    for f in findings:
        if f["category"] not in ("not-affected", "parse-error", "dependency"):
            found.setdefault(str(f["path"]), {})[int(str(f["line"]))] = str(f["confidence"])
    return found


def _check(findings: list[dict[str, object]]) -> None:
    found = _video(findings)
    for path, lines in VIDEO_LINES.items():
        assert found.get(path) == lines, path
    for path in QUIET:
        assert path not in found, path
    # The client module: its import and both clients (the global and the factory's)
    # serve Video in the views, so they are reported, proven.
    assert found[CLIENT_MODULE] == {3: "proven", 5: "proven", 9: "proven"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_audit_proves_imported_clients(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if jobs > 1:  # one file per batch: the two passes really go through a process pool
        monkeypatch.setattr(engine, "BATCH_SIZE", 1)
        monkeypatch.setattr(engine, "PARALLEL_BATCHES", 2)
    root = write_project(tmp_path)
    report = run_audit(root, cutoff=CUTOFF, today=TODAY, jobs=jobs)
    _check([f.model_dump(by_alias=True) for f in report.findings])


def test_cli_json_reports_confidence(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project")
    out = tmp_path / "audit.json"
    proc = subprocess.run(
        [sys.executable, "-m", "migrate", "audit", str(root), "-f", "json", "-o", str(out),
         "--cutoff", CUTOFF.isoformat()],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    _check(json.loads(out.read_text(encoding="utf-8"))["findings"])


def test_without_the_client_module_calls_are_only_structural(tmp_path: Path) -> None:
    # The same views with no module building the client: the chain alone says Video.
    root = write_project(tmp_path)
    (root / CLIENT_MODULE).unlink()
    (root / "app/extensions/__init__.py").unlink()
    report = run_audit(root, cutoff=CUTOFF, today=TODAY, jobs=1)
    found = _video([f.model_dump(by_alias=True) for f in report.findings])
    assert found["app/views/absolute.py"] == {5: "structural"}
    assert "app/views/quiet.py" not in found


def test_a_scan_made_before_the_index_is_redone_only_where_the_index_answers(
    tmp_path: Path,
) -> None:
    # The engine scans a module while the tree is still being read, with a probe for the
    # index; it keeps that scan unless the finished index knows a name the scan asked.
    root = write_project(tmp_path)
    index = build_index(
        (str(path), path.relative_to(root).as_posix()) for path in root.rglob("*.py")
    )
    for rel, redo in (("app/views/absolute.py", True), ("app/views/chat.py", False)):
        data = (root / rel).read_bytes()
        probe = IndexProbe()
        early, _ = scan_python_module(data, ModuleContext(probe, rel))
        assert probe.asked, rel
        assert index.answers_any(rel, probe.asked) is redo, rel
        final, _ = scan_python_module(data, ModuleContext(index, rel))
        assert (early != final) is redo, rel
