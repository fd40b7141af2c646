"""What the webhook handler does with a verified Zoom event: key, translate, route, queue.

Translation is :func:`mappings.events.twilio_callbacks_for_zoom_event` and nothing else;
this module only adds the idempotency key and the destination.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mappings.events import twilio_callbacks_for_zoom_event
from migrate.bridge.outbox import NewCallback, Outbox
from migrate.bridge.routing import Router


@dataclass(frozen=True)
class Intake:
    """Outcome of one event: ``queued`` (with a count), ``ignored`` or ``duplicate``."""

    outcome: str
    callbacks: int = 0


def _object(event: Mapping[str, Any]) -> Mapping[str, Any]:
    payload = event.get("payload")
    obj = payload.get("object") if isinstance(payload, Mapping) else None
    return obj if isinstance(obj, Mapping) else {}


def dedupe_key(event: Mapping[str, Any], body: bytes) -> str:
    """A key that is the same for every redelivery of one Zoom event.

    Event name, ``event_ts``, session id, the user's id and participant UUID, and the
    recording file ids. Without ``event_ts`` the raw body's SHA-256 stands in.
    """
    event_ts = event.get("event_ts")
    if not isinstance(event_ts, int) or isinstance(event_ts, bool):
        return "body:" + hashlib.sha256(body).hexdigest()
    obj = _object(event)
    user = obj.get("user")
    parts = [str(event.get("event")), str(event_ts), str(obj.get("session_id", ""))]
    if isinstance(user, Mapping):
        parts += [str(user.get("id", "")), str(user.get("participant_uuid", ""))]
    for list_name in ("recording_files", "participant_audio_files", "participant_video_files"):
        files = obj.get(list_name)
        if isinstance(files, list):
            parts += sorted(str(f.get("id", "")) for f in files if isinstance(f, Mapping))
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "event:" + digest


def accept(
    event: Mapping[str, Any],
    body: bytes,
    *,
    account_sid: str,
    router: Router,
    outbox: Outbox,
    now: float,
) -> Intake:
    """Translate a verified event and queue its callbacks in one transaction.

    Raises :class:`mappings.errors.MappingError` when a mapped event lacks the fields
    the translation needs.
    """
    name = str(event.get("event"))
    key = dedupe_key(event, body)
    callbacks = twilio_callbacks_for_zoom_event(event, account_sid=account_sid)
    session_id = _object(event).get("session_id")
    queued: list[NewCallback] = []
    if callbacks:
        first = callbacks[0]
        target = router.target(first.session_id, first.session_name)
        queued = [
            NewCallback(
                room_sid=cb.room_sid,
                event=cb.event,
                url=target.url,
                method=target.method,
                params=cb.params,
            )
            for cb in callbacks
        ]
    session = session_id if isinstance(session_id, str) else None
    if not outbox.enqueue(key, name, session, queued, now):
        return Intake("duplicate")
    return Intake("queued" if queued else "ignored", len(queued))
