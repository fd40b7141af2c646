"""Pure pieces of the exporter: SID-only paths, the manifest, ETags, cutoff, CLI parsing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from migrate.cli.app import run
from migrate.cutoff import cutoff_verdict
from migrate.errors import ConfigError
from migrate.export.destination import parse_storage_options, state_dir_for
from migrate.export.download import md5_from_etag
from migrate.export.layout import UnsafeNameError, media_path, resource_json_path, room_json_path
from migrate.export.manifest import ItemRecord, Manifest
from migrate.export.models import ItemState

ROOM = "RM" + "a" * 32
REC = "RT" + "b" * 32
PART = "PA" + "c" * 32


def test_paths_come_from_sids_only() -> None:
    assert media_path(ROOM, REC, "MKA") == f"{ROOM}/{REC}.mka"
    assert resource_json_path(ROOM, REC) == f"{ROOM}/{REC}.json"
    assert room_json_path(ROOM) == f"{ROOM}/room.json"


@pytest.mark.parametrize(
    "sid",
    ["../../etc", "RT" + "B" * 32, "RT" + "b" * 31, "RT" + "b" * 32 + "/x", "", "rt" + "b" * 32],
)
def test_unexpected_sids_are_refused(sid: str) -> None:
    with pytest.raises(UnsafeNameError):
        media_path(ROOM, sid, "mka")
    with pytest.raises(UnsafeNameError):
        room_json_path(sid)


@pytest.mark.parametrize("ext", ["exe", "../mka", "", "mka/.."])
def test_unexpected_extensions_are_refused(ext: str) -> None:
    with pytest.raises(UnsafeNameError):
        media_path(ROOM, REC, ext)


def test_md5_only_from_md5_shaped_etags() -> None:
    md5 = "0123456789abcdef0123456789ABCDEF"
    assert md5_from_etag(f'"{md5}"') == md5.lower()
    assert md5_from_etag(f'W/"{md5}"') == md5.lower()
    assert md5_from_etag(f'"{md5}-12"') is None  # multipart upload: not an MD5
    assert md5_from_etag(md5) is None  # unquoted
    assert md5_from_etag(None) is None


def test_manifest_round_trip_and_index_join(tmp_path: Path) -> None:
    path = tmp_path / "state" / "manifest.sqlite3"
    record = ItemRecord(
        sid=REC,
        kind="recording",
        room_sid=ROOM,
        state=ItemState.VERIFIED,
        status="completed",
        bytes=10,
        sha256="f" * 64,
        path=f"{ROOM}/{REC}.mka",
        participant_sid=PART,
        track_name="../../x",
        media_kind="audio",
    )
    with Manifest(path) as manifest:
        manifest.put(record)
        manifest.put_room(ROOM, "standup", "completed", [(PART, "alice")])
    with Manifest(path) as manifest:  # reopened: committed, not lost
        assert manifest.is_verified(REC)
        assert manifest.get(REC) == record
        assert manifest.count(ItemState.VERIFIED) == 1
        assert manifest.room_status(ROOM) == "completed"
        [row] = list(manifest.index_rows())
        assert (row.room_name, row.participant_identity) == ("standup", "alice")
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_state_dir_local_inside_dest_remote_keyed_by_url(tmp_path: Path) -> None:
    assert state_dir_for(str(tmp_path)) == tmp_path / ".twilio2zoom"
    a = state_dir_for("s3://bucket/a")
    assert a != state_dir_for("s3://bucket/b")
    assert a == state_dir_for("s3://bucket/a/")
    assert ".twilio2zoom" in a.parts and "state" in a.parts
    assert state_dir_for("s3://bucket/a", str(tmp_path)) == tmp_path


def test_storage_options_parse() -> None:
    assert parse_storage_options(["endpoint_url=http://h:1/x=y"]) == {
        "endpoint_url": "http://h:1/x=y"
    }
    with pytest.raises(ConfigError):
        parse_storage_options(["novalue"])


def test_cutoff_verdict() -> None:
    now = dt.datetime(2026, 12, 4, 12, tzinfo=dt.UTC)
    assert cutoff_verdict(3600, dt.date(2026, 12, 5), now).before_cutoff
    late = cutoff_verdict(13 * 3600, dt.date(2026, 12, 5), now)
    assert late.before_cutoff is False and late.misses
    passed = cutoff_verdict(0, dt.date(2026, 12, 5), now + dt.timedelta(hours=12))
    assert passed.cutoff_passed and passed.before_cutoff is None and not passed.misses


def test_missing_credentials_exit_2_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["export", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "TWILIO_ACCOUNT_SID" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--what", "recordings,videos"],
        ["--created-after", "3 March"],
        ["--storage-option", "nokey"],
        ["--cutoff", "soon"],
    ],
)
def test_bad_options_exit_2_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    creds = ["--account-sid", "AC" + "0" * 32, "--auth-token", "tok"]
    assert run(["export", str(tmp_path), *creds, *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_plain_progress_lines_name_items_bytes_and_cutoff() -> None:
    import io

    from migrate.export.progress import PlainProgress

    out = io.StringIO()
    view = PlainProgress(dt.date(2999, 1, 1), out, interval=0.0)
    view.found(2 * 2**20)
    view.advance(2**20)
    view.item_done()
    view.close()
    last = out.getvalue().splitlines()[-1]
    assert "1/1 items" in last and "1.0/2.0 MiB" in last and "cutoff 2999-01-01" in last


def test_rich_progress_draws_on_a_terminal() -> None:
    import io

    from rich.console import Console

    from migrate.export.progress import RichProgress

    out = io.StringIO()
    view = RichProgress(dt.date(2999, 1, 1), Console(file=out, force_terminal=True, width=120))
    view.found(2**20)
    view.advance(2**20)
    view.item_done()
    view.close()
    assert "items" in out.getvalue() and "cutoff 2999-01-01" in out.getvalue()
