"""Dependency edits a team can install: the shim requirement and conflicting pins."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from codemods.driver import rewrite_paths
from codemods.requirements import conflicts, fix_pins
from migrate.cli.app import run

VIDEO = (
    "from twilio.rest import Client\n\n"
    "client = Client('AC1', 'token')\n\n\n"
    "def end(sid):\n    client.video.v1.rooms(sid).update(status='completed')\n"
)


@pytest.mark.parametrize(
    ("pinned", "needed", "expected"),
    [
        ("==1.7.1", ">=2.8", True),
        ("<2", ">=2.8", True),
        ("~=1.7", ">=2.8", True),
        (">=2.9", ">=2.8", False),
        ("==2.10.1", ">=2.8", False),
        ("", ">=2.8", False),
        ("<0.24", ">=0.27", True),
    ],
)
def test_conflicts(pinned: str, needed: str, expected: bool) -> None:
    assert conflicts(SpecifierSet(pinned), SpecifierSet(needed)) is expected


def test_fix_pins_rewrites_the_line_and_says_what_it_was() -> None:
    text = "flask==2.3.3\nPyJWT==1.7.1  # auth\nhttpx>=0.27\n"
    fixed, notes = fix_pins(text, {"pyjwt": SpecifierSet(">=2.8"), "httpx": SpecifierSet(">=0.27")})
    assert fixed.splitlines()[1].startswith("PyJWT>=2.8  # twilio2zoom: was PyJWT==1.7.1")
    assert fixed.splitlines()[0] == "flask==2.3.3" and fixed.splitlines()[2] == "httpx>=0.27"
    assert notes == ["PyJWT==1.7.1 conflicts with PyJWT>=2.8: pin replaced"]
    assert fix_pins(fixed, {"pyjwt": SpecifierSet(">=2.8")}) == (fixed, [])


def test_shim_adds_an_installable_requirement_and_replaces_a_conflicting_pin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "rooms.py").write_text(VIDEO)
    (tmp_path / "requirements.txt").write_text("twilio==6.63.0\nPyJWT==1.7.1\n")
    assert run(["rewrite", str(tmp_path), "--mode", "shim"]) == 0
    assert "dependency pin: requirements.txt: PyJWT==1.7.1 conflicts" in capsys.readouterr().err
    lines = (tmp_path / "requirements.txt").read_text().splitlines()
    version = importlib.metadata.version("twilio2zoom")
    assert lines[-1].startswith(f"twilio2zoom=={version}  # not on PyPI")
    assert "docs/rewrite.md#installing-the-shim-in-your-app" in lines[-1]
    # twilio goes (no file imports it any more); the pin is replaced in place.
    assert lines[0].startswith("PyJWT>=2.8  # twilio2zoom: was PyJWT==1.7.1")
    assert len(lines) == 2
    assert run(["rewrite", str(tmp_path), "--mode", "shim", "--check"]) == 0


def test_shim_requirement_option_names_what_the_team_hosts(tmp_path: Path) -> None:
    (tmp_path / "rooms.py").write_text(VIDEO)
    (tmp_path / "requirements.txt").write_text("twilio>=9\n")
    spec = "twilio2zoom @ git+https://git.example.com/platform/twilio2zoom@v0.1.0"
    summary = rewrite_paths([tmp_path], "shim", shim_requirement=spec)
    assert not summary.failed
    assert (tmp_path / "requirements.txt").read_text().splitlines()[-1] == spec
