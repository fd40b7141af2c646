"""``twilio2zoom compose`` over a subprocess: exit codes, one-line errors, modes, reuse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.cli.app import run
from tests.compose.media import Track, lay_out, sid

GRID = json.dumps({"grid": {"video_sources": ["*"]}})


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migrate", "compose", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def _two_rooms(ffmpeg: str, root: Path) -> Path:
    for room, name in ((1, "standup"), (2, "retro")):
        lay_out(
            ffmpeg,
            root,
            [Track("cam", "video", 0.0, 2.0, colour="red"),
             Track("mic", "audio", 0.0, 2.0, frequency=440)],
            room=room,
            unique_name=name,
        )  # fmt: skip
    return root


@pytest.fixture
def archive(ffmpeg: str, tmp_path: Path) -> Path:
    """Two rooms with a camera and a microphone each."""
    return _two_rooms(ffmpeg, tmp_path)


@pytest.fixture(scope="module")
def untouched(ffmpeg: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same two rooms, shared by tests that write nothing."""
    return _two_rooms(ffmpeg, tmp_path_factory.mktemp("archive"))


def _renders(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("RM*/compositions/*") if p.suffix != ".json")


def test_renders_every_room_then_skips_what_verifies(archive: Path) -> None:
    args = [str(archive), "--video-layout", GRID, "--audio-sources", "*", "--format", "mp4",
            "--resolution", "160x120", "--preset", "ultrafast", "--jobs", "2"]  # fmt: skip
    first = cli(*args)
    assert first.returncode == 0, first.stderr
    renders = _renders(archive)
    assert [p.parent.parent.name for p in renders] == [sid("RM", 1), sid("RM", 2)]
    for path in renders:
        room = path.parent.parent.name
        assert path.name.startswith(f"{room}-") and len(path.stem) == 34 + 1 + 12
        assert json.loads(path.with_suffix(".json").read_text())["output"]["sha256"]
    again = cli(*args, "--json")
    assert again.returncode == 0
    assert {r["status"] for r in json.loads(again.stdout)["results"]} == {"skipped"}
    # A damaged render does not verify: it is made again.
    renders[0].write_bytes(b"damaged")
    third = cli(*args, "--json")
    assert [r["status"] for r in json.loads(third.stdout)["results"]] == ["rendered", "skipped"]


def test_room_by_name_output_file_and_dry_run(archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "retro.webm"
    done = cli(str(archive), "--room", "retro", "--audio-sources", "mic", "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert target.is_file() and target.with_suffix(".json").is_file()
    assert json.loads(target.with_suffix(".json").read_text())["room_sid"] == sid("RM", 2)
    plan = cli(str(archive), "--video-layout", GRID, "--dry-run")
    assert plan.returncode == 0
    assert "would render" in plan.stdout and "media minutes" in plan.stdout
    assert not _renders(archive)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["--video-layout", '{"g": {"video_sources": ["*"], "max_rows": 0}}'],
            "Twilio error 20001",
        ),
        (["--audio-sources", "*", "--resolution", "2000x10"], "16..1280"),
        (["--audio-sources", "*", "--format", "avi"], "mp4 or webm"),
        (["--resolution", "320x240"], "needs VideoLayout"),
        (["--audio-sources", "*", "--room", "nope"], "--room 'nope'"),
        (["--audio-sources", "*", "--output", "x.webm"], "--output needs exactly one room"),
        (["--hooks"], "_account/composition_hooks"),
        (["--hooks", "--format", "mp4"], "drop --format"),
        (["--as-exported", "CJ" + "0" * 32], "no CJ"),
        (["--video-layout", "@/nonexistent.json"], "--video-layout @/nonexistent.json"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    untouched: Path, args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # In process (the same entry point the console script calls), to keep the suite fast.
    assert run(["compose", str(untouched), *args]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert needle in lines[0]


def test_usage_error_over_a_subprocess(untouched: Path) -> None:
    done = cli(str(untouched), "--audio-sources", "*", "--resolution", "1x1")
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("twilio2zoom: error: ") and "Twilio error 20001" in line


def test_no_ffmpeg_is_exit_2_naming_the_install(untouched: Path) -> None:
    done = cli(str(untouched), "--audio-sources", "*", env={"IMAGEIO_FFMPEG_EXE": "/no/ffmpeg"})
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert "pip install 'twilio2zoom[compose]'" in line


def test_a_failing_room_is_named_and_exit_1(archive: Path) -> None:
    room = archive / sid("RM", 2)
    for media in room.glob("RT*.mk?"):
        media.write_bytes(b"not matroska")
    done = cli(str(archive), "--audio-sources", "*")
    assert done.returncode == 1
    assert sid("RM", 2) in done.stderr and sid("RM", 1) not in done.stderr
    assert len(_renders(archive)) == 1


def test_as_exported_and_hooks(archive: Path) -> None:
    room1 = archive / sid("RM", 1)
    composition = {
        "sid": sid("CJ", 1),
        "room_sid": sid("RM", 1),
        "status": "completed",
        "video_layout": {"grid": {"video_sources": ["cam"]}},
        "audio_sources": ["mic"],
        "resolution": "160x120",
        "format": "mp4",
        "trim": True,
    }
    (room1 / f"{sid('CJ', 1)}.json").write_text(json.dumps(composition))
    done = cli(str(archive), "--as-exported", sid("CJ", 1), "--json")
    assert done.returncode == 0, done.stderr
    (result,) = json.loads(done.stdout)["results"]
    assert result["origin"] == sid("CJ", 1) and result["path"].endswith(".mp4")
    described = json.loads((archive / result["path"]).with_suffix(".json").read_text())
    assert described["request"]["resolution"] == "160x120"

    hooks = archive / "_account" / "composition_hooks"
    hooks.mkdir(parents=True)
    same = {**composition, "sid": sid("HK", 1), "friendly_name": "same", "enabled": True}
    other = {**same, "sid": sid("HK", 2), "friendly_name": "webm", "format": "webm"}
    off = {**same, "sid": sid("HK", 3), "friendly_name": "off", "enabled": False}
    for hook in (same, other, off):
        (hooks / f"{hook['sid']}.json").write_text(json.dumps(hook))
    done = cli(str(archive), "--hooks", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    made = sorted((r["origin"], r["room_sid"]) for r in summary["results"])
    # Room 1 already has the "same" composition: only room 2 gets it; "webm" goes to both.
    assert made == [
        (sid("HK", 1), sid("RM", 2)),
        (sid("HK", 2), sid("RM", 1)),
        (sid("HK", 2), sid("RM", 2)),
    ]
    assert any(sid("HK", 3) in note and "disabled" in note for note in summary["notes"])
