"""Counterpart of ``twilio.rest.video.v1.room.recording_rules``.

Rules are validated and mapped by ``mappings.recording_rules``: Zoom records a whole
session, so an update becomes ``recording.start`` / ``recording.stop`` through
``PATCH /videosdk/sessions/{id}/events`` and every difference from Twilio's per-track
selection is a :class:`~migrate.shim.ShimCompatibilityWarning`. Zoom keeps no rules, so
the shim's store remembers the last set for ``fetch``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from mappings.recording_rules import (
    RuleValidationError,
    map_recording_rules,
    transition_actions,
    validate_recording_rules,
)
from migrate.shim.base.instance_resource import InstanceResource
from migrate.shim.errors import (
    call_zoom,
    docs_link,
    twilio_exception,
    warn_compat,
    zoom_errors,
)
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1._resolve import ResolvedRoom

RoomResolver = Callable[[], ResolvedRoom]
# Twilio's rules for a room nobody changed: record nothing unless asked to.
DEFAULT_RULES: list[dict[str, Any]] = [{"type": "exclude", "all": True}]
RECORD_ALL_RULES: list[dict[str, Any]] = [{"type": "include", "all": True}]


class RecordingRulesInstance(InstanceResource):
    """A room's recording rules with Twilio's attributes."""

    room_sid: str
    rules: list[dict[str, Any]]
    date_created: dt.datetime | None
    date_updated: dt.datetime | None


class RecordingRulesList:
    """``rooms(sid).recording_rules``: ``fetch()`` and ``update(rules=[...])``."""

    def __init__(self, backend: ZoomBackend, room: RoomResolver) -> None:
        self._backend = backend
        self._room = room

    def _uri(self) -> str:
        return f"/Rooms/{self._room().sid}/RecordingRules"

    def fetch(self) -> RecordingRulesInstance:
        """The rules last set through the shim; else what the session does (auto-recording)."""
        room = self._room()
        stored = self._backend.store.rules(room.sid)
        if stored is not None:
            return RecordingRulesInstance(
                {
                    "room_sid": room.sid,
                    "rules": stored.rules,
                    "date_created": stored.date_created,
                    "date_updated": stored.date_updated,
                }
            )
        detail = call_zoom(lambda: self._backend.zoom.get_session(room.session_id), self._uri())
        auto = detail.settings is not None and detail.settings.auto_recording == "cloud"
        return RecordingRulesInstance(
            {
                "room_sid": room.sid,
                "rules": RECORD_ALL_RULES if auto else DEFAULT_RULES,
                "date_created": detail.created_at,
                "date_updated": detail.created_at,
            }
        )

    def update(self, rules: str | Sequence[object] | None = None) -> RecordingRulesInstance:
        """Apply the rules to the live session (start or stop its cloud recording)."""
        uri = self._uri()
        try:
            validated = validate_recording_rules(rules if rules is not None else [])
        except RuleValidationError as exc:
            # Twilio's own code (53120), as mappings decides: applications test e.code.
            raise twilio_exception(exc.twilio_error(), uri, "POST") from None
        plan = map_recording_rules(validated)
        for difference in plan.differences:
            warn_compat(
                f"recording_rules.update: {difference} (see {docs_link('video.recording_rules')})"
            )
        room = self._room()
        before = self.fetch()
        was_recording = (
            before.rules != DEFAULT_RULES
            and map_recording_rules(validate_recording_rules(before.rules)).record
        )
        detail = call_zoom(lambda: self._backend.zoom.get_session(room.session_id), uri)
        if detail.start_time is None or detail.end_time is not None:
            warn_compat(
                "recording_rules.update: the Zoom session is not live, so the rules are only "
                "stored; create the room with record_participants_on_connect=True to record "
                f"from the first join (see {docs_link('video.recording_rules')})"
            )
        else:
            with zoom_errors(uri, "POST", "update"):
                for action in transition_actions(was_recording, plan):
                    self._backend.zoom.session_event(room.session_id, action)
        as_json = json.loads(json.dumps([r.model_dump(exclude_none=True) for r in validated]))
        self._backend.store.remember_rules(room.sid, as_json, plan.record)
        return self.fetch()
