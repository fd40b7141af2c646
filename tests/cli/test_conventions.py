"""Command-line conventions, through the real command line (``python -m migrate``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from migrate import __version__
from migrate.cli.app import COMMANDS, build_command
from migrate.sandbox.twilio import TwilioEmulator

REPO = Path(__file__).resolve().parents[2]
SAMPLE_APP = REPO / "tests" / "codemods" / "samples" / "flask_video" / "app.py"


def cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """``python -m migrate ARGS`` with a clean environment (no credentials, 80 columns)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO", "ZOOM_"))}
    base.update({"COLUMNS": "80", "NO_COLOR": "1", "PYTHONPATH": str(REPO)})
    return subprocess.run(
        [sys.executable, "-m", "migrate", *args],
        env={**base, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _command_paths() -> list[list[str]]:
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, child in getattr(command, "commands", {}).items():
            if not child.hidden:
                walk(child, [*path, name])

    walk(build_command(), [])
    return paths


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


# --- help, version, order -------------------------------------------------------------


def test_version_option() -> None:
    result = cli("--version")
    assert (result.returncode, result.stdout) == (0, f"{__version__}\n")


def test_version_loads_no_command() -> None:
    # Each command pulls in its own heavy libraries (LibCST, the emulators, ...).
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "migrate", "--version"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0
    assert "migrate.cli.app" in result.stderr
    assert "_cmd" not in result.stderr and "libcst" not in result.stderr


def test_every_command_takes_h_and_its_help_is_clean() -> None:
    paths = _command_paths()
    assert ["export", "verify"] in paths and ["bridge", "prune"] in paths
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda p: cli(*p, "-h"), paths))
    for path, result in zip(paths, results, strict=True):
        name = " ".join(["twilio2zoom", *path])
        assert result.returncode == 0, (name, result.stderr)
        out = result.stdout
        assert f"Usage: {name}" in out, name
        assert "<bool>" not in out, name  # flags show no value type
        assert not re.search(r"\{\w+\}", out), name  # arguments as DEST, not {dest}
        assert "``" not in out, name


def test_export_help_shows_every_copy_option() -> None:
    copy = build_command().commands["export"].commands["copy"]
    flags = [opt for p in copy.params if not p.hidden for opt in p.opts if opt.startswith("--")]
    assert {"--dry-run", "--concurrency", "--created-after", "--what"} <= set(flags)
    out = cli("export", "--help").stdout
    assert "Usage: twilio2zoom export [OPTIONS] DEST" in out and "verify" in out
    for flag in flags:
        assert flag in out, flag


def test_no_arguments_is_the_help_and_exit_2() -> None:
    result = cli()
    assert result.returncode == 2
    assert "Usage: twilio2zoom" in result.stdout and "Traceback" not in result.stderr


def test_commands_are_listed_in_the_order_a_migration_runs_them() -> None:
    out = cli("--help").stdout
    listed = re.findall(r"^│ (\w+) ", out.split("Commands")[1], flags=re.MULTILINE)
    expected = [name for name in COMMANDS if name in listed]
    assert listed == expected
    assert expected[:4] == ["audit", "plan", "rewrite", "export"]
    assert expected.index("export") < expected.index("bridge") < expected.index("demo")


def test_one_name_per_idea_in_plan(twilio_emulator: TwilioEmulator, tmp_path: Path) -> None:
    out = cli("plan", "--help").stdout
    for flag in ("--output-dir", "--created-after", "--created-before"):
        assert flag in out
    for old in ("--out ", "--since", "--until"):
        assert old not in out  # old spellings still work, but are not shown
    twilio_emulator.state.add_room("standup", status="completed")
    target = tmp_path / "plan"
    args = ["plan", "--output-dir", str(target), "--created-after", "2020-01-01"]
    args += ["--created-before", "2999-01-01", "--cutoff", "2999-01-01"]
    result = cli(*args, env=twilio_emulator.env())
    assert result.returncode == 0, result.stderr
    assert (target / "plan.md").is_file() and (target / "plan.json").is_file()
    old = cli(
        "plan", "--out", str(tmp_path / "old"), "--cutoff", "2999-01-01", env=twilio_emulator.env()
    )
    assert old.returncode == 0 and (tmp_path / "old" / "plan.md").is_file()


def test_debug_is_a_root_option() -> None:
    shown = cli("--debug", "export", "verify", "/nonexistent/twilio2zoom-dest")
    assert shown.returncode == 2 and "Traceback" in shown.stderr
    quiet = cli("export", "verify", "/nonexistent/twilio2zoom-dest")
    _one_error_line(quiet)
    # After the command it is that command's option, which export verify does not have.
    misplaced = cli("export", "verify", "/nonexistent/twilio2zoom-dest", "--debug")
    assert misplaced.returncode == 2 and "--debug" in misplaced.stderr
    assert "Traceback" not in misplaced.stderr
    sources = [p.read_text() for p in (REPO / "migrate").rglob("*.py")]
    assert not any("typer._click" in text for text in sources)


# --- rewrite ----------------------------------------------------------------------------


def _project(root: Path) -> Path:
    root.mkdir()
    shutil.copy(SAMPLE_APP, root / "app.py")
    (root / "requirements.txt").write_text("flask>=3\ntwilio>=9\n")
    (root / ".env").write_text("TWILIO_API_KEY=\nTWILIO_API_SECRET=\n")
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_rewrite_diff_check_and_plain(tmp_path: Path) -> None:
    root = _project(tmp_path / "app")
    before = _tree(root)
    pending = ["app.py", "requirements.txt", ".env", "zoom_video.py"]

    diff = cli("rewrite", str(root), "--mode", "native", "--diff")
    assert diff.returncode == 0, diff.stderr
    assert "-from twilio.rest import Client" in diff.stdout
    for name in pending:  # every file the rewrite would touch, in the diff
        assert f"{name}\n" in diff.stdout or f"{name}\t" in diff.stdout, name
    assert _tree(root) == before

    check = cli("rewrite", str(root), "--mode", "native", "--check")
    assert (check.returncode, check.stdout) == (1, "")
    for name in pending:
        assert f"would rewrite {root / name}" in check.stderr, name
    assert _tree(root) == before

    both = cli("rewrite", str(root), "--mode", "native", "--diff", "--check")
    assert both.returncode == 1 and "-from twilio.rest import Client" in both.stdout
    assert _tree(root) == before

    assert cli("rewrite", str(root), "--mode", "native").returncode == 0
    assert _tree(root) != before and (root / "zoom_video.py").is_file()
    clean = cli("rewrite", str(root), "--mode", "native", "--check")
    assert clean.returncode == 0, clean.stderr


def test_rewrite_unparsable_file_blocks_only_when_it_mentions_twilio(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "ok.py").write_text("print('hello')\n")
    (root / "broken.py").write_text("def f(:\n    pass\n")  # no twilio: never parsed
    (root / "latin1.py").write_bytes(b"# caf\xe9\nprint(1)\n")  # not UTF-8: unreadable
    quiet = cli("rewrite", str(root), "--check")
    assert quiet.returncode == 0, quiet.stderr
    assert "latin1.py" in quiet.stderr and "no twilio in it" in quiet.stderr

    (root / "broken_video.py").write_text("from twilio.rest import Client\ndef f(:\n")
    loud = cli("rewrite", str(root), "--check")
    assert loud.returncode == 1
    assert "broken_video.py" in loud.stderr and "mentions twilio" in loud.stderr
    assert "Traceback" not in loud.stderr


# --- errors on paths and settings -------------------------------------------------------

_FAKE_CREDENTIALS = {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "x"}


def test_dest_that_is_a_file(tmp_path: Path) -> None:
    dest = tmp_path / "archive"
    dest.write_text("not a folder")
    result = cli("export", str(dest), env=_FAKE_CREDENTIALS)
    assert result.returncode == 2
    line = _one_error_line(result)
    assert str(dest) in line and "give a directory" in line


def test_dest_in_a_directory_we_cannot_write(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes through permissions; /sys refuses even root
        locked = Path("/sys/kernel")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
    result = cli("export", str(locked), env=_FAKE_CREDENTIALS)
    assert result.returncode == 2
    line = _one_error_line(result)
    assert str(locked) in line and "permissions" in line


def test_output_that_is_a_directory(tmp_path: Path) -> None:
    result = cli("audit", str(tmp_path), "--output", str(tmp_path))
    assert result.returncode == 2
    line = _one_error_line(result)
    assert str(tmp_path) in line and "give a file name" in line


def test_output_dir_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "plan"
    target.write_text("")
    result = cli("plan", "--output-dir", str(target), env=_FAKE_CREDENTIALS)
    assert result.returncode == 2
    assert str(target) in _one_error_line(result)


def test_malformed_cutoff_shows_the_format(tmp_path: Path) -> None:
    result = cli("audit", str(tmp_path), env={"TWILIO2ZOOM_CUTOFF": "12/05/2026"})
    assert result.returncode == 2
    line = _one_error_line(result)
    assert "TWILIO2ZOOM_CUTOFF" in line and "YYYY-MM-DD" in line and "Value error" not in line


# --- audit ------------------------------------------------------------------------------


def test_audit_text_fits_80_columns_when_piped(tmp_path: Path) -> None:
    root = tmp_path / "app"
    root.mkdir()
    shutil.copy(SAMPLE_APP, root / "app.py")
    result = cli("audit", str(root), env={"TWILIO2ZOOM_CUTOFF": "2999-01-01"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), [ln for ln in lines if len(ln) > 80]
    assert not any(ch in result.stdout for ch in "│┃┏━")  # no table
    headers = [ln for ln in lines if re.match(r"^app\.py:\d+  [a-z-]+  \(\w+\)$", ln)]
    assert len(headers) >= 3
    assert sum(ln.startswith("  Finding: ") for ln in lines) == len(headers)
    # Words are whole: no line of the prose ends in the middle of one.
    assert "Video findings in 1 files" in result.stdout


def test_python_file_that_does_not_parse_is_a_parse_error(tmp_path: Path) -> None:
    root = tmp_path / "app"
    root.mkdir()
    # Uses Video, but the scanner cannot read the rest of it.
    (root / "broken.py").write_text("from twilio.rest import Client\nClient().video.rooms(\n")
    # Mentions twilio but has nothing the scanner reports even if it parsed: not checked.
    (root / "sms.py").write_text(
        "from twilio.base.exceptions import TwilioRestException\ndef f(:\n"
    )
    text = cli("audit", str(root), env={"TWILIO2ZOOM_CUTOFF": "2999-01-01"})
    assert text.returncode == 0, text.stderr
    assert "broken.py:2  parse-error" in text.stdout
    assert "Parse errors: 1 files could not be parsed" in text.stdout
    assert "none needed" not in text.stdout
    as_json = cli("audit", str(root), "--format", "json")
    report = json.loads(as_json.stdout)
    assert report["summary"]["by_category"] == {"parse-error": 1}
    assert report["summary"]["files_parsed"] == 0
    [finding] = report["findings"]
    assert finding["zoom_equivalent"] != "none needed"


# --- the guide's install line -----------------------------------------------------------


def test_guide_install_says_where_from_and_which_python() -> None:
    guide = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    section = guide.split("## Before you start", 1)[1].split("### ", 1)[0]
    requires = re.search(r'requires-python = ">=(\d+\.\d+)"', (REPO / "pyproject.toml").read_text())
    assert requires is not None
    assert f"Python {requires.group(1)} or newer" in section
    assert "git clone" in section and "python -m pip install ." in section
    # Nothing tells a user to fetch it from a public index it is not on.
    assert not re.search(r"pip install '?twilio2zoom(\[s3\])?'?\s(?!@)", section)


@pytest.mark.slow
def test_guide_wheel_install_runs(tmp_path: Path) -> None:
    source = tmp_path / "src"
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", "--no-deps", ".", "-w", str(tmp_path / "dist"), "-q"],
                   cwd=source, check=True, capture_output=True, timeout=300)  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("twilio2zoom-*.whl")
    # Installed apart from this checkout; the dependencies come from the running venv.
    target = tmp_path / "installed"
    subprocess.run([*pip, "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import migrate; print(migrate.__file__)"],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert where.stdout.startswith(str(target))
    result = subprocess.run(
        [str(target / "bin" / "twilio2zoom"), "--version"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, f"{__version__}\n"), result.stderr
