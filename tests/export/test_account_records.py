"""The exporter writes account-level records to DEST/_account/ (compose --hooks reads them)."""

from __future__ import annotations

import json
from pathlib import Path

from migrate.sandbox.twilio import TwilioEmulator

from .conftest import export, seed_standup


def test_hooks_and_settings_land_under_account(emu: TwilioEmulator, tmp_path: Path) -> None:
    seed_standup(emu)
    hook = emu.state.add_hook(
        "everyone",
        video_layout={"grid": {"video_sources": ["*"]}},
        audio_sources=["*"],
        format="mp4",
    )
    summary = export(emu, tmp_path)
    assert summary.exit_code == 0
    account = tmp_path / "_account"
    written = json.loads((account / "composition_hooks" / f"{hook.sid}.json").read_text())
    assert written["friendly_name"] == "everyone"
    assert written["video_layout"] == {"grid": {"video_sources": ["*"]}}
    assert written["format"] == "mp4"
    for name in ("recording_settings.json", "composition_settings.json"):
        assert "account_sid" in json.loads((account / name).read_text())


def test_account_records_need_metadata(emu: TwilioEmulator, tmp_path: Path) -> None:
    seed_standup(emu)
    emu.state.add_hook("everyone", audio_sources=["*"])
    export(emu, tmp_path, what=frozenset({"recordings"}))
    assert not (tmp_path / "_account").exists()
