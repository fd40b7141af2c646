"""``twilio2zoom demo``: the whole tour, its results, its output and its failures."""

from __future__ import annotations

import fnmatch
import io
import os
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import jwt
import pytest
from rich.console import Console

from migrate.cli.app import run
from migrate.cutoff import cutoff_status
from migrate.demo import DemoResult, run_demo
from migrate.demo.runner import TOTAL_STEPS
from migrate.demo.sample import copy_sample_app, sample_app_root
from migrate.demo.screen import Screen
from migrate.demo.steps import DEMO_IDENTITY, DEMO_ROOM, compose_archive
from migrate.export import verify_export
from migrate.sandbox.twilio import DEFAULT_API_SECRET, DEFAULT_AUTH_TOKEN
from migrate.sandbox.zoom import DEFAULT_CREDENTIALS
from migrate.settings import DEFAULT_CUTOFF

REPO = Path(__file__).resolve().parents[2]
SANDBOX_SECRETS = [
    DEFAULT_AUTH_TOKEN,
    DEFAULT_API_SECRET,
    DEFAULT_CREDENTIALS["api_secret"],
    DEFAULT_CREDENTIALS["sdk_secret"],
    DEFAULT_CREDENTIALS["webhook_secret"],
]
STEP_TITLES = [
    "Start the sandbox",
    "Audit a small Twilio Video app",
    "Rewrite it in shim mode",
    "Run the rewritten token endpoint",
    "Export the account's recordings",
    "Compose a recording locally",
    "What next",
]
_ENV_PREFIXES = ("TWILIO_", "ZOOM_", "TWILIO2ZOOM_")


def _clean_env() -> dict[str, str]:
    """The caller's environment without credentials; the suite's pinned clock stays."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(_ENV_PREFIXES) or k == "TWILIO2ZOOM_NOW"
    }


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoResult, str]]:
    """One demo run, called as a library, shared by the checks of its results."""
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(_ENV_PREFIXES) and name != "TWILIO2ZOOM_NOW":
                mp.delenv(name)
        result = run_demo(
            workdir=tmp_path_factory.mktemp("demo"),
            screen=Screen(Console(file=out, width=100)),
            show_progress=False,
        )
    yield result, out.getvalue()


def test_token_from_the_rewritten_app_carries_the_right_claims(
    tour: tuple[DemoResult, str],
) -> None:
    result, _ = tour
    payload = jwt.decode(result.token, DEFAULT_CREDENTIALS["sdk_secret"], algorithms=["HS256"])
    assert payload["app_key"] == DEFAULT_CREDENTIALS["sdk_key"]
    assert payload["tpc"] == DEMO_ROOM
    assert payload["user_key"] == DEMO_IDENTITY
    assert payload["role_type"] == 0
    assert payload["version"] == 1
    assert 1800 <= payload["exp"] - payload["iat"] <= 3600 + 60
    assert result.claims.tpc == DEMO_ROOM
    assert result.joined["session_name"] == DEMO_ROOM
    assert result.joined["user_key"] == DEMO_IDENTITY


def test_exported_files_verify_and_follow_the_layout(tour: tuple[DemoResult, str]) -> None:
    result, _ = tour
    dest = result.workdir / "export"
    report = verify_export(str(dest))
    assert report.problems == []
    assert report.ok == report.checked == result.export.copied > 0
    assert result.export.failed == 0
    rooms = [p for p in dest.iterdir() if p.is_dir() and p.name.startswith("RM")]
    assert len(rooms) == result.export.rooms > 0
    assert all((room / "room.json").is_file() for room in rooms)
    media = [p for room in rooms for p in room.iterdir() if p.suffix in {".mka", ".mkv", ".mp4"}]
    assert len(media) == result.export.copied
    assert all(p.with_suffix(".json").is_file() for p in media)


def test_the_tour_states_the_cutoff_on_either_side_of_it(tour: tuple[DemoResult, str]) -> None:
    _, text = tour
    flat = " ".join(text.split())
    assert cutoff_status(DEFAULT_CUTOFF).headline() in flat
    assert "None" not in flat and "-1 days" not in flat and "AT RISK" not in flat


def test_app_is_audited_and_rewritten_to_the_shim(tour: tuple[DemoResult, str]) -> None:
    result, text = tour
    categories = result.audit.summary.by_category
    assert {"rest", "token", "webhook", "client-sdk", "config", "dependency"} <= set(categories)
    app = result.workdir / "app"
    token_code = (app / "video_token.py").read_text()
    assert "from migrate.shim.jwt.access_token import AccessToken" in token_code
    assert not any("from twilio" in p.read_text() for p in app.glob("*.py"))
    assert "twilio2zoom" in (app / "requirements.txt").read_text()
    assert any(d.startswith("--- a/video_token.py\n") for d in result.rewrite.diffs)
    # The browser code moves to @zoom/videosdk at its call sites, in any mode; the generated
    # module holds the helpers for the meaning changes.
    video = (app / "static" / "video.js").read_text()
    assert "import ZoomVideo from '@zoom/videosdk';" in video
    assert "from './zoomVideo.js';" in video
    assert "const room = ZoomVideo.createClient();" in video and "room.leave()" in video
    assert sorted(result.rewrite.generated) == [
        "node/zoomVideoServer.js",
        "static/zoomVideo.global.js",
        "static/zoomVideo.js",
    ]
    assert "Generated static/zoomVideo.js" in text
    # The page with no bundler loads Zoom's CDN build and the helpers' classic build; its
    # classic script calls them through the globals.
    lobby = (app / "static" / "lobby.html").read_text()
    assert "https://source.zoom.us/videosdk/zoom-video-" in lobby
    assert '<script src="zoomVideo.global.js"></script>' in lobby
    lobby_js = (app / "static" / "lobby.js").read_text()
    assert "const room = window.WebVideoSDK.default.createClient();" in lobby_js
    assert "window.zoomVideo.eachUser((guest) =>" in lobby_js and "lobby.leave();" in lobby_js
    assert "Generated static/zoomVideo.global.js: the same helpers" in " ".join(text.split())
    # The Node token endpoint is one session-JWT call through the server module.
    node_token = (app / "node" / "token.js").read_text()
    assert "const { sessionToken } = require('./zoomVideoServer');" in node_token
    assert "sessionToken({ topic: room, userIdentity: identity, ttl: 3600 })" in node_token
    assert "Generated node/zoomVideoServer.js: session JWTs and Zoom REST" in " ".join(text.split())


def test_output_shows_every_step_and_no_secret(tour: tuple[DemoResult, str]) -> None:
    result, text = tour
    for number, title in enumerate(STEP_TITLES, start=1):
        assert f"== Step {number}/{TOTAL_STEPS}: {title}" in text
    assert "ZOOM_SDK_SECRET" in text  # variables are named...
    assert not [s for s in SANDBOX_SECRETS if s in text]  # ...never their values
    assert result.token not in text
    assert "twilio2zoom export s3://" in text and "twilio2zoom plan" in text
    assert "\x1b[" not in text  # plain text when not on a terminal
    assert result.kept and result.workdir.is_dir()  # a caller's folder is never deleted


def test_cli_runs_the_demo_and_deletes_its_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["demo"]) == 0
    out = capsys.readouterr().out
    assert f"Step {TOTAL_STEPS}/{TOTAL_STEPS}" in out and "Verified:" in out
    assert "Rendered RM" in out and "audio mixed:" in out
    match = re.search(r"This run's files: (\S+)", out)
    assert match is not None
    assert not Path(match.group(1)).exists()


def test_python_m_migrate_demo_finishes_quickly() -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "migrate", "demo"],
        cwd=REPO,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    for number, title in enumerate(STEP_TITLES, start=1):
        assert f"Step {number}/{TOTAL_STEPS}: {title}" in done.stdout
    assert not [s for s in SANDBOX_SECRETS if s in done.stdout + done.stderr]
    assert elapsed < 90


def _fail_audit(*_: object, **__: object) -> None:
    raise RuntimeError(f"scanner broke near {DEFAULT_CREDENTIALS['sdk_secret']}")


def test_failing_step_is_one_line_exit_1_and_keeps_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("migrate.demo.runner.audit_app", _fail_audit)
    assert run(["demo"]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"twilio2zoom: error: demo step 2/{TOTAL_STEPS} (Audit a small Twilio Video app)"
    )
    assert "RuntimeError: scanner broke near ***" in lines[0]
    assert DEFAULT_CREDENTIALS["sdk_secret"] not in captured.out + captured.err
    copied = re.search(r"Copied the bundled sample app to (\S+)/app", captured.out)
    assert copied is not None and not Path(copied.group(1)).exists()


def test_debug_shows_the_traceback_and_keep_keeps_the_folder(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("migrate.demo.runner.audit_app", _fail_audit)
    assert run(["--debug", "demo", "--keep"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" in captured.err
    copied = re.search(r"Copied the bundled sample app to (\S+)/app", captured.out)
    assert copied is not None and Path(copied.group(1)).is_dir()


def test_sample_app_copy_is_complete_and_shipped_in_the_wheel(tmp_path: Path) -> None:
    app = copy_sample_app(tmp_path / "app")
    files = sorted(p.relative_to(app).as_posix() for p in app.rglob("*") if p.is_file())
    for expected in (
        "app.py",
        "video_token.py",
        "rooms.py",
        "webhooks.py",
        "requirements.txt",
        ".env.example",
        "static/video.js",
        "static/lobby.html",
        "static/lobby.js",
        "node/token.js",
        "node/package.json",
    ):
        assert expected in files
    assert "TWILIO_ACCOUNT_SID=" in (app / ".env.example").read_text()
    # Every file must match a package-data pattern, or the installed demo would lack it.
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["migrate.demo"]
    root = PurePosixPath(sample_app_root().name)
    for name in files:
        parts = (root / name).parts
        assert any(
            len(parts) == len(PurePosixPath(p).parts)
            and all(fnmatch.fnmatchcase(a, b) for a, b in zip(parts, PurePosixPath(p).parts))
            for p in patterns
        ), name


def test_screen_uses_rich_on_a_terminal_and_plain_text_elsewhere() -> None:
    fancy_out, plain_out = io.StringIO(), io.StringIO()
    fancy = Screen(Console(file=fancy_out, force_terminal=True, width=60))
    plain = Screen(Console(file=plain_out, width=60))
    for screen in (fancy, plain):
        screen.step(1, 6, "Start")
        screen.table(["File", "Findings"], [["rooms.py", "4"], ["a-much-longer-name.js", "13"]])
        screen.panel("Next steps", ["twilio2zoom audit ."])
    assert fancy.fancy and "─" in fancy_out.getvalue() and "\x1b[" in fancy_out.getvalue()
    assert not plain.fancy
    assert plain_out.getvalue().splitlines()[1:] == [
        "== Step 1/6: Start ==",
        "File                   Findings",
        "rooms.py               4",
        "a-much-longer-name.js  13",
        "Next steps:",
        "  twilio2zoom audit .",
    ]


def test_compose_step_without_ffmpeg_names_the_install_and_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(tmp_path / "no-ffmpeg"))
    summary, message = compose_archive(tmp_path / "compose")
    assert summary is None
    assert "pip install 'twilio2zoom[compose]'" in message
    assert not (tmp_path / "compose").exists()
