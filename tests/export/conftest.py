"""Helpers for export tests: a fast-retrying client on the emulator, seeding, checks."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from migrate.export import ExportOptions, ExportSummary, run_export
from migrate.retry import RetryPolicy
from migrate.sandbox.twilio import TwilioEmulator
from migrate.sandbox.twilio.media import composition_object, recording_object
from migrate.settings import Settings
from migrate.twilio import AsyncTwilioVideoClient

# Short waits so fault tests finish in seconds; the attempts match the default policy.
FAST_RETRY = RetryPolicy(attempts=6, base=0.01, cap=0.05, retry_after_cap=0.2)


def require_dask() -> None:
    """Skip without dask[distributed]; under CI (where the test extra has it) fail instead."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("dask[distributed] is part of the test extra and must be installed")
        pytest.skip("dask[distributed] is not installed")


def emulator_settings(emu: TwilioEmulator, **extra: Any) -> Settings:
    """Settings pointing at the emulator, as the environment would give them."""
    values: dict[str, Any] = {key.lower(): value for key, value in emu.env().items()}
    values.update(extra)
    return Settings(**values)


def export(
    emu: TwilioEmulator, dest: Path | str, *, settings: Settings | None = None, **options: Any
) -> ExportSummary:
    """Run the exporter against the emulator with fast retries, without a progress bar."""
    settings = settings or emulator_settings(emu)
    options.setdefault("show_progress", False)
    opts = ExportOptions(**options)

    async def go() -> ExportSummary:
        username, password = settings.twilio_basic_auth()
        async with AsyncTwilioVideoClient(
            username, password, base_url=settings.twilio_video_base_url, retry=FAST_RETRY
        ) as client:
            return await run_export(settings, str(dest), opts, source=client, policy=FAST_RETRY)

    return asyncio.run(go())


@dataclass
class Seeded:
    """SIDs of a small seeded account."""

    room_sid: str
    room_name: str
    alice: str
    bob: str
    recordings: list[str]
    compositions: list[str]


def seed_standup(emu: TwilioEmulator, *, size: int = 256 * 1024, name: str = "standup") -> Seeded:
    """One completed room, two people, an audio and a video track each, one composition."""
    state = emu.state
    room = state.add_room(name, status="completed")
    alice = state.add_participant(room.sid, "alice")
    bob = state.add_participant(room.sid, "bob")
    recordings = [
        state.add_recording(
            room.sid, p.sid, kind=kind, size=size, track_name=f"{p.identity}-{kind}"
        ).sid
        for p in (alice, bob)
        for kind in ("audio", "video")
    ]
    composition = state.add_composition(room.sid, status="completed", size=size)
    return Seeded(room.sid, name, alice.sid, bob.sid, recordings, [composition.sid])


def true_sha256(emu: TwilioEmulator, sid: str) -> str:
    """SHA-256 of what the media origin serves for ``sid`` (computed, not downloaded)."""
    state = emu.state
    item = (
        recording_object(state.recordings[sid])
        if sid.startswith("RT")
        else composition_object(state.compositions[sid])
    )
    digest = hashlib.sha256()
    for chunk in item.read():
        digest.update(chunk)
    return digest.hexdigest()


def media_requests(emu: TwilioEmulator, sid: str | None = None) -> list[Any]:
    """Requests the media origin received (for ``sid`` only, if given)."""
    return [r for r in emu.requests if r.origin == "media" and (sid is None or sid in r.path)]


def api_media_calls(emu: TwilioEmulator, sid: str) -> list[Any]:
    """``/Media`` calls the API received for ``sid``."""
    return [r for r in emu.requests if r.origin == "api" and r.path.endswith(f"{sid}/Media")]


def read_index(dest: Path) -> list[dict[str, Any]]:
    """The rows of DEST/index.jsonl."""
    lines = (dest / "index.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def final_media_files(dest: Path) -> Iterator[Path]:
    """Media files under their final names (outside the state folder)."""
    for path in dest.rglob("*"):
        if ".twilio2zoom" in path.parts or not path.is_file():
            continue
        if path.suffix in (".mka", ".mkv", ".mp4", ".webm"):
            yield path


@pytest.fixture(scope="session")
def _export_emulator() -> Iterator[TwilioEmulator]:
    with TwilioEmulator() as emulator:
        yield emulator


@pytest.fixture
def emu(_export_emulator: TwilioEmulator) -> Iterator[TwilioEmulator]:
    """A clean emulator; every test ends by checking no media request carried credentials."""
    _export_emulator.reset()
    yield _export_emulator
    leaked = [r for r in _export_emulator.requests if r.origin == "media" and r.had_authorization]
    assert not leaked, "a request to the media origin carried Authorization"
