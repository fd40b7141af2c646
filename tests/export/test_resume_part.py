"""A partial download that was already complete when the run died, and 416 on resume.

The killed state is made deterministically: the rename into the final name is replaced
by a hook that raises, which is where a ``kill -9`` between verifying and publishing
would leave things (the part complete, no verified row in the manifest).
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import httpx
import pytest

from migrate.export import verify_export
from migrate.export.destination import LocalDestination
from migrate.export.download import announced_path, download_media, read_announced
from migrate.export.manifest import Manifest
from migrate.retry import RetryPolicy
from migrate.sandbox.twilio import TwilioEmulator
from migrate.twilio import AsyncTwilioVideoClient

from .conftest import (
    FAST_RETRY,
    api_media_calls,
    emulator_settings,
    export,
    media_requests,
    read_index,
    seed_standup,
    true_sha256,
)

SIZE = 300 * 1024


class Killed(Exception):
    """Stands in for the process dying at the rename."""


def _die_before_publishing(monkeypatch: pytest.MonkeyPatch, sid: str) -> None:
    original = LocalDestination.publish_file

    async def publish(self: LocalDestination, local: Path, relpath: str) -> None:
        if relpath.rsplit("/", 1)[-1].startswith(f"{sid}.") and not relpath.endswith(".json"):
            raise Killed(relpath)
        await original(self, local, relpath)

    monkeypatch.setattr(LocalDestination, "publish_file", publish)


def _killed_at_rename(
    emu: TwilioEmulator, dest: Path, monkeypatch: pytest.MonkeyPatch, sid: str
) -> Path:
    """Run an export that dies when ``sid`` is about to get its final name; its part."""
    with monkeypatch.context() as patch:
        _die_before_publishing(patch, sid)
        with pytest.raises(Killed):
            export(emu, dest, concurrency=1)
    part = dest / ".twilio2zoom" / "partial" / f"{sid}.part"
    assert part.stat().st_size == SIZE
    with Manifest(dest / ".twilio2zoom" / "manifest.sqlite3") as manifest:
        assert not manifest.is_verified(sid)
    return part


def _final_sha256(dest: Path, sid: str) -> str:
    [row] = [r for r in read_index(dest) if r["sid"] == sid]
    assert row["state"] == "verified"
    return hashlib.sha256((dest / row["path"]).read_bytes()).hexdigest()


@pytest.mark.parametrize("announcement", ["kept", "lost"])
def test_complete_part_is_finished_without_any_request(
    emu: TwilioEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, announcement: str
) -> None:
    seeded = seed_standup(emu, size=SIZE)
    sid = seeded.recordings[1]
    part = _killed_at_rename(emu, tmp_path, monkeypatch, sid)
    saved = read_announced(part)
    assert saved is not None and saved.size == SIZE and saved.md5
    if announcement == "lost":  # a part left by a run that saved no announcement
        announced_path(part).unlink()

    emu.requests.clear()
    summary = export(emu, tmp_path)
    assert (summary.failed, summary.copied + summary.skipped_verified) == (0, 5)
    assert media_requests(emu, sid) == [] and api_media_calls(emu, sid) == []
    assert _final_sha256(tmp_path, sid) == true_sha256(emu, sid)
    assert list(part.parent.glob(f"{sid}*")) == []  # no part, no announcement left over
    assert verify_export(str(tmp_path)).ok == 5


def test_complete_part_failing_its_md5_is_downloaded_afresh(
    emu: TwilioEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = seed_standup(emu, size=SIZE)
    sid = seeded.recordings[0]
    part = _killed_at_rename(emu, tmp_path, monkeypatch, sid)
    data = bytearray(part.read_bytes())
    data[SIZE // 2] ^= 0x01
    part.write_bytes(bytes(data))

    emu.requests.clear()
    assert export(emu, tmp_path).failed == 0
    # One plain GET of the whole object: no Range request that could only meet a 416.
    assert [r.status for r in media_requests(emu, sid)] == [200]
    assert _final_sha256(tmp_path, sid) == true_sha256(emu, sid)


@pytest.mark.parametrize("extra", [0, 10])
def test_416_restarts_cleanly_without_counting_as_a_failure(
    emu: TwilioEmulator, tmp_path: Path, extra: int
) -> None:
    # No size known (no listing size, no announcement), so the part can only be judged by
    # asking with Range; the 416 must lead straight to a clean download.
    seeded = seed_standup(emu, size=SIZE)
    sid = seeded.recordings[0]
    part = tmp_path / f"{sid}.part"
    part.write_bytes(b"\0" * (SIZE + extra))
    settings = emulator_settings(emu)
    username, password = settings.twilio_basic_auth()

    async def go() -> tuple[int, str]:
        async with (
            AsyncTwilioVideoClient(
                username, password, base_url=settings.twilio_video_base_url, retry=FAST_RETRY
            ) as api,
            httpx.AsyncClient() as media,
        ):

            async def fresh_url() -> str:
                return await api.media_url(sid)

            # One attempt only: a 416 held against the item would end the download.
            got = await download_media(media, fresh_url, part, policy=RetryPolicy(attempts=1))
            return got.size, got.sha256

    size, sha = asyncio.run(go())
    assert (size, sha) == (SIZE, true_sha256(emu, sid))
    assert [r.status for r in media_requests(emu, sid)] == [416, 200]
