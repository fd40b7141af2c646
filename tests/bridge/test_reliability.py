"""Nothing is lost: target outages, bridge restarts, Zoom redeliveries, a hanging target."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mappings import limits
from migrate.bridge import Outbox
from migrate.sandbox.zoom import ZoomEmulator
from tests.bridge.conftest import (
    Receiver,
    RunningBridge,
    free_port,
    post_signed,
    wait_until,
    zoom_event,
)


def _session_events(session_id: str, users: int) -> list[dict[str, object]]:
    events = [zoom_event("session.started", session_id, f"room {session_id}")]
    for n in range(users):
        user = {
            "id": f"{session_id}-u{n}",
            "name": f"user {n}",
            "join_time": "2026-01-05T10:00:00Z",
        }
        events.append(
            zoom_event("session.user_joined", session_id, f"room {session_id}", user=user)
        )
    return events


def _interleaved(*sessions: list[dict[str, object]]) -> list[dict[str, object]]:
    longest = max(len(s) for s in sessions)
    return [s[i] for i in range(longest) for s in sessions if i < len(s)]


def _assert_in_order_per_room(
    received: list[dict[str, str]], sent: list[dict[str, object]]
) -> None:
    by_room: dict[str, list[dict[str, str]]] = {}
    for params in received:
        by_room.setdefault(params["RoomSid"], []).append(params)
    for params_list in by_room.values():
        assert [p["SequenceNumber"] for p in params_list] == [
            str(n) for n in range(len(params_list))
        ]
        assert params_list[0]["StatusCallbackEvent"] == "room-created"
        identities = [p["ParticipantIdentity"] for p in params_list[1:]]
        assert identities == sorted(identities)  # user 0, user 1, ... as sent
    assert sum(len(v) for v in by_room.values()) == len(sent)


def _most_attempts(outbox: Outbox) -> int:
    return max((c.attempts for c in outbox.due(float("inf"))), default=0)


def test_target_down_then_up_loses_nothing(
    bridge_factory: Callable[..., RunningBridge],
) -> None:
    port = free_port()
    bridge = bridge_factory(f"http://127.0.0.1:{port}/status")
    sent = _interleaved(_session_events("sess-a", 4), _session_events("sess-b", 3))
    for event in sent:
        assert post_signed(bridge.webhook_url, event).status_code == 200
    assert bridge.stats()["pending"] == len(sent)
    with Outbox(bridge.config.db_path) as outbox:
        wait_until(lambda: _most_attempts(outbox) >= 2, what="failed attempts")
    assert bridge.stats()["pending"] == len(sent), "retries keep every callback pending"

    receiver = Receiver().start(port)
    try:
        got = receiver.wait_for(len(sent))
        assert all(r.valid for r in got)
        _assert_in_order_per_room([r.params for r in got], sent)
        wait_until(lambda: bridge.stats()["delivered"] == len(sent))
        assert bridge.stats()["pending"] == bridge.stats()["failed"] == 0
    finally:
        receiver.stop()


def test_restart_delivers_what_the_previous_bridge_left_pending(
    bridge_factory: Callable[..., RunningBridge], tmp_path: Path
) -> None:
    port = free_port()
    db = tmp_path / "restart.sqlite3"
    first = bridge_factory(f"http://127.0.0.1:{port}/status", db_path=db)
    sent = _session_events("sess-r", 3)
    for event in sent:
        assert post_signed(first.webhook_url, event).status_code == 200
    time.sleep(0.3)  # some attempts fail while the target is down
    first.stop()
    with Outbox(db) as outbox:
        assert outbox.counts().pending == len(sent)

    receiver = Receiver().start(port)
    try:
        second = bridge_factory(f"http://127.0.0.1:{port}/status", db_path=db)
        got = receiver.wait_for(len(sent))
        _assert_in_order_per_room([r.params for r in got], sent)
        assert all(r.valid for r in got)
        wait_until(lambda: second.stats()["delivered"] == len(sent))
    finally:
        receiver.stop()


def test_zoom_redelivery_is_forwarded_once(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    event = _session_events("sess-d", 1)[1]
    assert post_signed(bridge.webhook_url, event).json()["status"] == "queued"
    # Zoom's retry carries the same body under a new timestamp and signature.
    again = post_signed(bridge.webhook_url, event, timestamp=time.time() + 1)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    receiver.wait_for(1)
    wait_until(lambda: bridge.stats()["delivered"] == 1)
    time.sleep(0.3)
    assert len(receiver.received) == 1
    assert bridge.stats()["duplicates"] == 1


def test_emulator_sending_every_event_twice(
    bridge_factory: Callable[..., RunningBridge],
    receiver: Receiver,
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
) -> None:
    bridge = bridge_factory(receiver.url + "/status")
    zoom_emulator.webhook_urls.extend([bridge.webhook_url, bridge.webhook_url])
    zoom_emulator.join(zoom_session_token("Twice"), "Dora")
    zoom_emulator.flush_webhooks()
    assert len([d for d in zoom_emulator.deliveries if d.status == 200]) == 4
    got = receiver.wait_for(2)
    time.sleep(0.3)
    assert len(receiver.received) == 2
    assert [r.params["StatusCallbackEvent"] for r in got] == [
        "room-created",
        "participant-connected",
    ]
    assert bridge.stats()["duplicates"] == 2


def test_zoom_retry_reaches_a_bridge_that_was_down_and_is_forwarded_once(
    bridge_factory: Callable[..., RunningBridge],
    receiver: Receiver,
    zoom_emulator: ZoomEmulator,
    zoom_session_token: Callable[..., str],
) -> None:
    port = free_port()
    zoom_emulator.webhook_urls.append(f"http://127.0.0.1:{port}/zoom/webhook")
    # Zoom's retries (5, 20, 60 minutes) become 0.6, 2.4 and 7.2 seconds.
    zoom_emulator.time_scale = 0.002
    zoom_emulator.join(zoom_session_token("Retry"), "Dora")
    wait_until(lambda: len(zoom_emulator.deliveries) == 2, what="the first tries")
    assert [d.error for d in zoom_emulator.deliveries] == ["ConnectError", "ConnectError"]

    bridge = bridge_factory(receiver.url + "/status", port=port)
    got = receiver.wait_for(2)
    zoom_emulator.flush_webhooks(timeout=15)
    time.sleep(0.3)
    assert len(receiver.received) == 2
    assert [r.params["StatusCallbackEvent"] for r in got] == [
        "room-created",
        "participant-connected",
    ]
    assert all(r.valid for r in got)
    acknowledged = [d for d in zoom_emulator.deliveries if d.acknowledged]
    assert len(acknowledged) == 2 and all(d.attempt > 1 for d in acknowledged)
    stats = bridge.stats()
    assert (stats["received"], stats["duplicates"], stats["delivered"]) == (2, 0, 2)


def test_acknowledgement_is_fast_while_the_target_hangs(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    receiver.delay = 4.0
    bridge = bridge_factory(receiver.url + "/status")
    events = _interleaved(*(_session_events(f"sess-h{n}", 2) for n in range(3)))
    assert post_signed(bridge.webhook_url, events[0]).status_code == 200
    wait_until(lambda: receiver.arrived >= 1, what="the worker to reach the hanging target")
    for event in events[1:]:
        began = time.monotonic()
        response = post_signed(bridge.webhook_url, event)
        elapsed = time.monotonic() - began
        assert response.status_code == 200
        assert elapsed < limits.ZOOM_WEBHOOK_ACK_SECONDS
    assert receiver.received == []  # nothing answered yet, everything acknowledged
    assert bridge.stats()["pending"] == len(events)


@pytest.mark.parametrize("status", [503, 429])
def test_transient_errors_give_up_only_after_the_configured_time(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver, status: int
) -> None:
    receiver.status = status
    bridge = bridge_factory(receiver.url + "/status", give_up_after=0.5)
    post_signed(bridge.webhook_url, _session_events("sess-g", 0)[0])
    wait_until(lambda: bridge.stats()["failed"] == 1)
    [row] = bridge.outbox.finished()
    assert row.status == "failed"
    assert row.attempts > 1
    assert row.last_error is not None
    assert "gave up" in row.last_error and str(status) in row.last_error


def test_a_refusing_target_fails_at_once_and_can_be_requeued(
    bridge_factory: Callable[..., RunningBridge], receiver: Receiver
) -> None:
    receiver.status = 403
    bridge = bridge_factory(receiver.url + "/status")
    post_signed(bridge.webhook_url, _session_events("sess-f", 0)[0])
    wait_until(lambda: bridge.stats()["failed"] == 1)
    [row] = bridge.outbox.finished()
    assert (row.attempts, row.http_status, row.last_error) == (1, 403, "target answered HTTP 403")

    receiver.status = 200
    assert bridge.outbox.requeue_failed(time.time()) == 1
    wait_until(lambda: bridge.stats()["delivered"] == 1)
    assert len(receiver.received) == 2
