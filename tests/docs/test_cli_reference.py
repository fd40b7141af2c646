"""docs/cli.md is generated from the command tree, complete and committed up to date."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer
from typer.core import TyperGroup

from migrate import docsgen
from migrate.cli.app import register_commands
from tests.docs.conftest import ROOT


def _tree(command, path):
    # Walked here independently of docsgen, so a command docsgen skipped would be noticed.
    yield path, command
    if isinstance(command, TyperGroup):
        for name, child in command.commands.items():
            if not child.hidden:
                yield from _tree(child, f"{path} {name}")


def test_committed_cli_reference_is_up_to_date() -> None:
    assert docsgen.CLI_DOC_PATH.read_text(encoding="utf-8") == docsgen.render_cli()


def test_check_mode_passes_for_the_committed_pages() -> None:
    assert docsgen.main(["--check"]) == 0


def test_check_mode_exit_status_for_the_cli_page(tmp_path: Path) -> None:
    stale = tmp_path / "cli.md"
    stale.write_text("old\n", encoding="utf-8")
    assert docsgen.main(["--check", "--cli-output", str(stale)]) == 1
    assert docsgen.main(["--cli-output", str(stale)]) == 0
    assert docsgen.main(["--check", "--cli-output", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == docsgen.render_cli()


def test_every_command_and_option_appears() -> None:
    text = docsgen.CLI_DOC_PATH.read_text(encoding="utf-8")
    tree = list(_tree(typer.main.get_command(register_commands()), "twilio2zoom"))
    assert {"twilio2zoom audit", "twilio2zoom export verify", "twilio2zoom bridge"} <= {
        path for path, _ in tree
    }
    for path, command in tree:
        assert f"\n## `{path}`\n" in text, path
        section = text.split(f"\n## `{path}`\n", 1)[1].split("\n## ", 1)[0]
        for param in command.params:
            if getattr(param, "hidden", False):  # deprecated spellings, kept but not shown
                continue
            for flag in [*param.opts, *param.secondary_opts]:
                if flag.startswith("-"):
                    assert flag in section, f"{path}: {flag}"
        if command.help:
            assert command.help.splitlines()[0].strip() in section, path


def test_help_text_is_escaped_for_markdown() -> None:
    # "<int range>" in a description would otherwise vanish as an unknown HTML tag.
    assert docsgen._prose("0<=x<=9 & <hash>") == "0&lt;=x&lt;=9 &amp; &lt;hash>"


def test_generation_does_not_depend_on_the_machine(tmp_path: Path) -> None:
    # Terminal width, colour, the current directory and the environment's settings must not
    # leak into the committed pages (defaults are shown as the code declares them).
    env = {
        **os.environ,
        "COLUMNS": "30",
        "TERM": "dumb",
        "NO_COLOR": "1",
        "HOME": str(tmp_path),
        "TWILIO2ZOOM_CUTOFF": "2031-01-01",
        "TWILIO2ZOOM_SHIM_STORE": str(tmp_path / "store.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "migrate.docsgen", "--check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
