"""Outbox pruning: delivered rows go after the retention, dedupe keys outlive Zoom's retries."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from migrate.bridge import DeliveryWorker, Outbox
from migrate.bridge import outbox as outbox_module
from migrate.bridge.outbox import DAY, MIN_RETENTION, NewCallback
from migrate.cli.app import run
from migrate.errors import ConfigError
from migrate.retry import RetryPolicy
from migrate.zoom.webhooks import WEBHOOK_RETRY_DELAYS
from tests.bridge.conftest import (
    AUTH_TOKEN,
    Receiver,
    RunningBridge,
    make_config,
    post_signed,
    wait_until,
    zoom_event,
)

T0 = 1_800_000_000.0  # a fixed "now" for the unit tests


def _callback(room: str, event: str = "participant-connected") -> NewCallback:
    return NewCallback(room, event, "http://127.0.0.1:9/status", "POST", {"RoomSid": room})


def _queue(outbox: Outbox, key: str, room: str | None, at: float) -> None:
    """Record event ``key`` at ``at``, with one callback for ``room`` (none when None)."""
    callbacks = [_callback(room)] if room else []
    assert outbox.enqueue(key, "session.user_joined", "sess", callbacks, at)


def _deliver_all(outbox: Outbox, at: float) -> None:
    while due := outbox.due(float("inf")):
        for callback in due:
            outbox.mark_delivered(callback.id, 200, at)


def _keys(outbox: Outbox) -> set[str]:
    with outbox._lock:
        return {key for (key,) in outbox._db.execute("SELECT key FROM webhooks")}


def _callback_ids(outbox: Outbox) -> list[tuple[str, int, str]]:
    with outbox._lock:
        rows = outbox._db.execute("SELECT room_sid, seq, status FROM callbacks ORDER BY id")
        return list(rows)


def test_prunes_old_delivered_rows_and_keeps_everything_else(tmp_path: Path) -> None:
    old, now = T0 - 8 * DAY, T0
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        for n in range(3):
            _queue(outbox, f"old-{n}", "RMa", old + n)
        _queue(outbox, "old-ignored", None, old)
        _deliver_all(outbox, old + 10)
        _queue(outbox, "recent", "RMa", now - DAY / 2)
        _deliver_all(outbox, now - DAY / 2)
        _queue(outbox, "old-pending", "RMb", old)  # an outage: still pending
        _queue(outbox, "old-failed", "RMc", old)
        [failed] = outbox.due(float("inf"))[1:]
        outbox.mark_failed(failed.id, "target answered HTTP 403", old + 1, 403)

        result = outbox.prune(now, 7 * DAY)

        assert (result.callbacks, result.webhooks) == (3, 4)
        assert _callback_ids(outbox) == [
            ("RMa", 3, "delivered"),
            ("RMb", 0, "pending"),
            ("RMc", 0, "failed"),
        ]
        assert _keys(outbox) == {"old-pending", "old-failed", "recent"}
        assert outbox.prune(now, 7 * DAY) == outbox_module.PruneResult(0, 0)


def test_a_rooms_newest_callback_stays_so_sequence_numbers_continue(tmp_path: Path) -> None:
    old = T0 - 30 * DAY
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        for n in range(3):
            _queue(outbox, f"k{n}", "RMa", old + n)
        _deliver_all(outbox, old + 10)
        assert outbox.prune(T0, 7 * DAY).callbacks == 2
        assert _callback_ids(outbox) == [("RMa", 2, "delivered")]
        _queue(outbox, "next", "RMa", T0)
        [queued] = outbox.due(float("inf"))
        assert queued.seq == 3  # not 0: the handler sees SequenceNumber keep counting


def test_zoom_redelivery_is_still_a_duplicate_after_pruning(tmp_path: Path) -> None:
    last_retry = sum(WEBHOOK_RETRY_DELAYS)  # Zoom's last try comes this long after the first
    assert last_retry < MIN_RETENTION
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        _queue(outbox, "event", "RMa", T0)
        _queue(outbox, "ignored-event", None, T0)
        _deliver_all(outbox, T0 + 1)
        _queue(outbox, "later", "RMa", T0 + 2)  # so the delivered row is not the room's newest
        _deliver_all(outbox, T0 + 3)
        when = T0 + last_retry
        outbox.prune(when, MIN_RETENTION)  # the shortest retention allowed
        for key in ("event", "ignored-event"):
            assert not outbox.enqueue(key, "session.user_joined", "sess", [_callback("RMa")], when)
        assert outbox.counts().duplicates == 2

        outbox.prune(T0 + MIN_RETENTION + 10, MIN_RETENTION)
        assert "event" not in _keys(outbox)


@pytest.mark.parametrize("retention", [0.0, DAY - 1, float("nan")])
def test_retention_under_a_day_is_refused(tmp_path: Path, retention: float) -> None:
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        with pytest.raises(ConfigError, match="at least 1 day"):
            outbox.prune(T0, retention)
        with pytest.raises(ConfigError):
            DeliveryWorker(
                outbox,
                auth_token=AUTH_TOKEN,
                retry=RetryPolicy(),
                give_up_after=60,
                request_timeout=5,
                retention=retention,
            )
    with pytest.raises(ConfigError):
        make_config(tmp_path / "o.sqlite3", "http://x/", retention=retention)


def test_prune_works_in_small_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox_module, "PRUNE_BATCH", 4)
    old = T0 - 10 * DAY
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        for n in range(11):
            _queue(outbox, f"k{n}", "RMa", old + n)
        _deliver_all(outbox, old + 20)
        assert outbox.prune(T0, 7 * DAY) == outbox_module.PruneResult(10, 10)


def test_worker_prunes_when_the_interval_has_passed(tmp_path: Path) -> None:
    now = [T0]
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        worker = DeliveryWorker(
            outbox,
            auth_token=AUTH_TOKEN,
            retry=RetryPolicy(),
            give_up_after=60,
            request_timeout=5,
            retention=2 * DAY,
            prune_interval=3600,
            clock=lambda: now[0],
        )
        for n in range(2):
            _queue(outbox, f"a{n}", "RMa", T0 - 3 * DAY)
        _deliver_all(outbox, T0 - 3 * DAY)
        assert worker.prune_if_due() == 2  # the first round prunes at once
        for n in range(2):
            _queue(outbox, f"b{n}", "RMa", T0 - 3 * DAY)
        _deliver_all(outbox, T0 - 3 * DAY)
        now[0] += 3599
        assert worker.prune_if_due() == 0
        now[0] += 1
        assert worker.prune_if_due() == 4


def test_running_bridge_prunes_rows_left_by_an_earlier_run(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver, tmp_path: Path
) -> None:
    db = tmp_path / "outbox.sqlite3"
    long_ago = time.time() - 10 * DAY
    with Outbox(db) as outbox:
        for n in range(3):
            _queue(outbox, f"old-{n}", "RMold", long_ago + n)
        _deliver_all(outbox, long_ago + 5)
    bridge = bridge_factory(receiver.url + "/status", db_path=db)
    wait_until(lambda: bridge.stats()["delivered"] == 1, what="the worker to prune")
    assert bridge.stats()["received"] == 1  # the key of the kept newest callback
    post_signed(bridge.webhook_url, zoom_event("session.started", "sess-p", "pruned"))
    receiver.wait_for(1)
    wait_until(lambda: bridge.stats()["delivered"] == 2)


# --- the command line ----------------------------------------------------------------
def _old_outbox(db: Path) -> None:
    long_ago = time.time() - 10 * DAY
    with Outbox(db) as outbox:
        for n in range(3):
            _queue(outbox, f"old-{n}", "RMa", long_ago + n)
        _deliver_all(outbox, long_ago + 5)


def test_prune_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "outbox.sqlite3"
    _old_outbox(db)
    assert run(["bridge", "prune", "--db", str(db), "--older-than", "30"]) == 0
    assert "pruned 0 delivered callbacks and 0 event keys older than 30 days" in (
        capsys.readouterr().out
    )
    assert run(["bridge", "prune", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"pruned 2 delivered callbacks and 2 event keys older than 7 days from {db}" in out
    with Outbox(db) as outbox:
        assert outbox.counts().delivered == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prune", "--older-than", "0"], "--older-than"),
        (["prune", "--db", "{missing}"], "no outbox at"),
        (["--forward-to", "http://x/", "--retain-days", "0"], "--retain-days"),
        (["serve", "--forward-to", "http://x/", "--retain-days", "0"], "--retain-days"),
    ],
)
def test_bad_retention_and_missing_outbox_are_one_line_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite3"
    code = run(["bridge", *[a.replace("{missing}", str(missing)) for a in args]])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert not missing.exists()


def test_bridge_help_lists_serve_and_prune(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["bridge", "--help"]) == 0
    out = capsys.readouterr().out
    assert "serve" in out and "prune" in out
    assert run(["bridge", "serve", "--help"]) == 0
    assert "--retain-days" in capsys.readouterr().out
