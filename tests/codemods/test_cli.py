"""``twilio2zoom rewrite`` through ``migrate.cli.app.run``: exit codes, --check, --diff, files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from codemods.driver import _PARALLEL_THRESHOLD, first_party_modules
from codemods.generate import existing_helpers
from migrate.cli.app import run
from migrate.cli.rewrite_cmd import rewrite_paths


def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_writes_nothing_and_exits_1_when_changes_are_pending(
    sample_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(sample_project)
    assert run(["rewrite", str(sample_project), "--mode", "native", "--check"]) == 1
    assert _snapshot(sample_project) == before
    err = capsys.readouterr().err
    assert f"would rewrite {sample_project / 'app.py'}" in err
    assert "would change" in err and "TODOs left" in err


def test_diff_prints_unified_diffs_writes_nothing_and_a_rewrite_then_checks_clean(
    sample_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(sample_project)
    assert run(["rewrite", str(sample_project), "--mode", "shim", "--diff"]) == 0
    out = capsys.readouterr().out
    assert "-from twilio.rest import Client\n+from migrate.shim.rest import Client\n" in out
    assert "+twilio2zoom==" in out  # requirements.txt
    assert _snapshot(sample_project) == before
    assert run(["rewrite", str(sample_project), "--mode", "shim", "--check"]) == 1
    assert run(["rewrite", str(sample_project), "--mode", "shim"]) == 0
    assert run(["rewrite", str(sample_project), "--mode", "shim", "--check"]) == 0


def test_summary_counts(sample_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rewrite", str(sample_project), "--mode", "native"]) == 0
    err = capsys.readouterr().err
    # Changed: app, room_service, download_recordings, webhook_handler, zoom_video.py and
    # requirements.txt. Calls: app 4, room_service 2, download 1. TODOs: 2 + 7 + 1 + 2
    # (room_service keeps its twilio client, imports and compositions call; webhook_handler
    # reads a Video status-callback field).
    assert "6 files scanned, 6 changed, 7 calls rewritten, 12 TODOs left, 0 failed" in err


def test_nonexistent_path_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["rewrite", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or directory" in err


def test_bad_mode_is_a_usage_error(tmp_path: Path) -> None:
    assert run(["rewrite", str(tmp_path), "--mode", "sideways"]) == 2


def test_unparsable_file_is_reported_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.py").write_text("from twilio.rest import Client\ndef f(:\n")
    assert run(["rewrite", str(tmp_path), "--mode", "shim"]) == 1
    assert "left unchanged" in capsys.readouterr().err


def test_shim_keeps_twilio_while_other_products_use_it(sample_project: Path) -> None:
    rewrite_paths([sample_project], "shim")
    requirements = (sample_project / "requirements.txt").read_text()
    lines = requirements.splitlines()
    assert lines[:2] == ["flask>=3", "twilio>=9  # video"]
    assert lines[2].startswith("twilio2zoom==") and len(lines) == 3


def test_dependencies_drop_twilio_when_nothing_imports_it(tmp_path: Path) -> None:
    shutil.copy(Path(__file__).parent / "samples" / "flask_video" / "app.py", tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\ndependencies = ["flask>=3", "twilio>=9"]\n\n[tool.x]\ny = 1\n'
    )
    rewrite_paths([tmp_path], "native")
    assert (tmp_path / "pyproject.toml").read_text() == (
        '[project]\nname = "app"\ndependencies = ["flask>=3", "PyJWT", "httpx"]\n\n'
        "[tool.x]\ny = 1\n"
    )


def test_pyproject_dependencies_keep_comments_and_layout(tmp_path: Path) -> None:
    shutil.copy(Path(__file__).parent / "samples" / "flask_video" / "app.py", tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[project]\n"
        'name = "app"\n'
        "dependencies = [\n"
        '  "flask>=3",  # web\n'
        "  # pinned for the video rooms\n"
        '  "twilio>=9,<10",  # video\n'
        "  'requests'\n"
        "]\n"
    )
    rewrite_paths([tmp_path], "native")
    assert (tmp_path / "pyproject.toml").read_text() == (
        "[project]\n"
        'name = "app"\n'
        "dependencies = [\n"
        '  "flask>=3",  # web\n'
        "  # pinned for the video rooms\n"
        "  'requests',\n"
        '  "PyJWT",\n'
        '  "httpx",\n'
        "]\n"
    )


def test_first_party_modules_are_the_projects_own(tmp_path: Path) -> None:
    for relative in ("app.py", "pkg/__init__.py", "src/lib/core.py", ".venv/x.py", "docs/a.md"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    assert first_party_modules(tmp_path) == {"app", "pkg", "lib"}


def test_helper_module_keeps_what_earlier_runs_generated(tmp_path: Path) -> None:
    (tmp_path / "rooms.py").write_text(
        "from twilio.rest import Client\n\n"
        "def end(sid):\n    Client().video.v1.rooms(sid).update(status='completed')\n"
    )
    rewrite_paths([tmp_path], "native")
    assert existing_helpers(tmp_path / "zoom_video.py") == {"end_session"}
    (tmp_path / "more.py").write_text(
        "from twilio.rest import Client\n\n"
        "def recs():\n    return Client().video.v1.recordings.list()\n"
    )
    rewrite_paths([tmp_path], "native")
    assert existing_helpers(tmp_path / "zoom_video.py") == {"end_session", "list_recordings"}
    again = rewrite_paths([tmp_path], "native", check=True)
    assert not again.pending


@pytest.mark.slow
def test_parallel_processes_give_the_same_result(tmp_path: Path) -> None:
    sample = (Path(__file__).parent / "samples" / "room_service.py").read_text()
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    for root in (serial, parallel):
        root.mkdir()
        for index in range(_PARALLEL_THRESHOLD + 1):  # enough files to use processes
            (root / f"service_{index}.py").write_text(sample)
    one = rewrite_paths([serial], "native", workers=1)
    two = rewrite_paths([parallel], "native", workers=2)
    assert _snapshot(serial) == _snapshot(parallel)
    assert (one.files_changed, one.calls_rewritten, one.todos_left) == (
        two.files_changed,
        two.calls_rewritten,
        two.todos_left,
    )


def test_gitignored_and_virtualenv_files_are_skipped(tmp_path: Path) -> None:
    video = "from twilio.rest import Client\nClient().video.v1.rooms('RM1').fetch()\n"
    for relative in ("build/gen.py", ".venv/lib/x.py", "venv/y.py", "keep.py"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(video)
    (tmp_path / ".gitignore").write_text("build/\n")
    summary = rewrite_paths([tmp_path], "native", check=True)
    assert summary.files_scanned == 1


def test_env_files_gain_zoom_names_without_values(sample_project: Path) -> None:
    secret = "do-not-copy-this-value"
    (sample_project / ".env.example").write_text(
        f"TWILIO_ACCOUNT_SID=AC123\nTWILIO_API_KEY=SK123\nTWILIO_API_SECRET={secret}\n"
    )
    rewrite_paths([sample_project], "native")
    text = (sample_project / ".env.example").read_text()
    assert text.endswith("ZOOM_SDK_KEY=\nZOOM_API_KEY=\nZOOM_SDK_SECRET=\nZOOM_API_SECRET=\n")
    assert text.count(secret) == 1
    rewrite_paths([sample_project], "native")
    assert (sample_project / ".env.example").read_text() == text


@pytest.mark.parametrize("mode", ["shim", "native"])
def test_crlf_file_keeps_its_line_endings(tmp_path: Path, mode: str) -> None:
    untouched = b"TIMEOUT = 5  # untouched\r\n"
    source = tmp_path / "app.py"
    before = (
        b"import os\r\n\r\n" + untouched + b"from twilio.rest import Client\r\n\r\n"
        b'client = Client("AC", "tok")\r\n'
        b'room = client.video.v1.rooms.create(unique_name="x")\r\n'
    )
    source.write_bytes(before)
    assert run(["rewrite", str(tmp_path), "--mode", mode]) == 0
    after = source.read_bytes()
    assert after != before
    assert b"import os\r\n" in after and untouched in after
    assert b"\n" not in after.replace(b"\r\n", b"")  # no line lost its CR
    assert run(["rewrite", str(tmp_path), "--mode", mode, "--check"]) == 0
