"""Zoom resources as Twilio instances' attributes, and Twilio's list filters applied to them.

Room and participant views come from ``mappings.rooms``, recording views from
``mappings.recordings``, composition views from ``mappings.compositions``; the shim adds
only what it alone knows (the unique name and status callback given at creation, from the
SID store) and turns Twilio's JSON strings into the Python types twilio-python hands out
(datetimes).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mappings import compositions, recordings, rooms
from mappings.errors import MappingError
from mappings.names import user_key_for
from mappings.sids import participant_sid
from migrate.shim.errors import docs_link, rest_error, warn_compat
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.rest.video.v1._recordings import FoundFile
from migrate.shim.rest.video.v1._resolve import ResolvedRoom
from migrate.shim.store import RoomRecord
from migrate.zoom.models import CreatedSession, SessionDetail, SessionSummary, SessionUser
from migrate.zoom.operations import SessionType

_DATETIME_FIELDS = frozenset(
    {"date_created", "date_updated", "end_time", "start_time", "date_completed", "date_deleted"}
)


def _typed(view: Mapping[str, Any]) -> dict[str, Any]:
    """Twilio JSON (``YYYY-MM-DDTHH:MM:SSZ`` strings) to twilio-python's attribute types."""
    typed = dict(view)
    for name in _DATETIME_FIELDS & typed.keys():
        value = typed[name]
        if isinstance(value, str):
            typed[name] = dt.datetime.fromisoformat(value).astimezone(dt.UTC)
    return typed


# --- rooms ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreatePlan:
    """What ``rooms.create`` sends to Zoom and the unique name the room will carry."""

    session_name: str
    auto_recording: str | None
    unique_name: str


def plan_create(given: Mapping[str, object], uri: str) -> CreatePlan:
    """Map CreateRoom keywords; warn for every parameter Zoom cannot honour exactly."""
    try:
        mapping = rooms.map_create_room(given)
    except MappingError as exc:
        raise rest_error(400, uri, f"Unable to create record: {exc}", "POST") from None
    link = docs_link("video.rooms.create")
    for param in mapping.params:
        if param.fidelity == "exact":
            continue
        verb = "is not honoured on Zoom" if param.fidelity == "unsupported" else "is approximated"
        warn_compat(
            f"rooms.create({param.param}={param.value!r}) {verb}: {param.zoom}. "
            f"{param.notes} (see {link})",
            stacklevel=4,
        )
    if mapping.jwt_claims:
        warn_compat(
            f"rooms.create: tokens for this room should carry the Zoom claims "
            f"{mapping.jwt_claims} (see {link})",
            stacklevel=4,
        )
    session_name = mapping.session_name
    if session_name is None:
        # Twilio names the room after its SID, which Zoom only assigns after creation.
        session_name = "room-" + secrets.token_hex(12)
        warn_compat(
            "rooms.create() without unique_name: the Zoom session is named "
            f"{session_name!r}; grant tokens with room=<room>.unique_name, not the SID "
            f"(see {link})",
            stacklevel=4,
        )
    unique_name = given.get("unique_name")
    return CreatePlan(
        session_name,
        mapping.auto_recording,
        unique_name if isinstance(unique_name, str) else session_name,
    )


def room_view(
    backend: ZoomBackend,
    session: SessionSummary | SessionDetail | CreatedSession,
    record: RoomRecord | None,
    *,
    ended: bool = False,
) -> dict[str, Any]:
    """The Twilio room for a Zoom session, with the name and callback the store kept."""
    view = rooms.room_view(session.model_dump(mode="json"), account_sid=backend.account_sid)
    if record is not None:
        view["unique_name"] = record.unique_name
        view["status_callback"] = record.status_callback
        view["status_callback_method"] = record.status_callback_method or "POST"
    if ended and view["status"] != "completed":
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        view.update(status="completed", end_time=now, date_updated=now)
    return _typed(view)


def room_matches(
    view: Mapping[str, Any],
    unique_name: str | None,
    after: dt.datetime | None,
    before: dt.datetime | None,
) -> bool:
    """Twilio's exact filters, where Zoom's are coarser (dates, case-insensitive names)."""
    if unique_name is not None and view["unique_name"] != unique_name:
        return False
    return _in_range(view.get("date_created"), after, before)


def _in_range(value: object, after: dt.datetime | None, before: dt.datetime | None) -> bool:
    if not isinstance(value, dt.datetime):
        return after is None and before is None
    if after is not None and value < _aware(after):
        return False
    return before is None or value <= _aware(before)


def _aware(moment: dt.datetime) -> dt.datetime:
    # twilio-python sends naive datetimes as UTC; compare them the same way.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# --- participants -----------------------------------------------------------------------


def participant_sid_for(room: ResolvedRoom, user: SessionUser) -> str:
    """The PA SID of a Zoom user (as ``mappings.rooms.participant_view`` derives it)."""
    return participant_sid(room.session_id, user.user_key or user.id)


def participant_view(backend: ZoomBackend, room: ResolvedRoom, user: SessionUser) -> dict[str, Any]:
    """The Twilio participant for a Zoom session user."""
    view = rooms.participant_view(
        room.session_id, user.model_dump(mode="json"), account_sid=backend.account_sid
    )
    return _typed(view)


def user_list_types(
    backend: ZoomBackend, room: ResolvedRoom, status: str | None = None
) -> list[SessionType]:
    """Which Zoom user lists hold the participants asked for.

    A live session lists only present users (``connected``); a past one lists everyone
    (``disconnected``); a session nobody joined yet has no users.
    """
    detail = backend.zoom.get_session(room.session_id)
    if detail.start_time is None:
        return []
    if detail.end_time is None:
        return [] if status == "disconnected" else ["live"]
    return [] if status == "connected" else ["past"]


def participant_matches(
    view: Mapping[str, Any],
    status: str | None,
    identity: str | None,
    after: dt.datetime | None,
    before: dt.datetime | None,
) -> bool:
    """Twilio's participant filters, applied to a view."""
    if status is not None and view["status"] != status:
        return False
    if identity is not None and view["identity"] not in (identity, user_key_for(identity)):
        return False
    return _in_range(view.get("date_created"), after, before)


# --- recordings -------------------------------------------------------------------------


def recording_view(
    backend: ZoomBackend, found: FoundFile, *, room_level: bool = False
) -> dict[str, Any]:
    """A Zoom recording file as a Twilio recording (room-level adds ``room_sid``).

    The fields come from ``mappings.recordings``; the shim remembers the RT SID for later
    fetches and adds the status callback its room was created with.
    """
    session, item = found.session, found.file
    view = recordings.recording_view(
        session.model_dump(mode="json", include={"session_id", "external_storage_url"}),
        item.model_dump(mode="json"),
        account_sid=backend.account_sid,
        room_level=room_level,
    )
    backend.store.remember_recording(view["sid"], session.session_id, item.id)
    if not room_level:
        record = backend.store.room(view["grouping_sids"]["room_sid"])
        if record is not None:
            view["status_callback"] = record.status_callback
            view["status_callback_method"] = record.status_callback_method or "POST"
    return _typed(view)


def recording_matches(
    view: Mapping[str, Any],
    status: str | None,
    source_sid: str | None,
    grouping_sid: Sequence[str] | None,
    after: dt.datetime | None,
    before: dt.datetime | None,
    media_type: str | None,
) -> bool:
    """Twilio's recording filters; deleted ones only when asked for, as on Twilio."""
    if status is not None and view["status"] != status:
        return False
    if status is None and view["status"] == "deleted":
        return False
    if source_sid is not None and view["source_sid"] != source_sid:
        return False
    if grouping_sid and not set(grouping_sid) & set(view["grouping_sids"].values()):
        return False
    if media_type is not None and view["type"] != media_type:
        return False
    return _in_range(view.get("date_created"), after, before)


# --- compositions -----------------------------------------------------------------------


def is_composition(found: FoundFile) -> bool:
    """Whether a Zoom file stands for a Twilio composition (``mappings.compositions``)."""
    return compositions.file_composition(found.file.model_dump(mode="json")) is not None


def composition_view(backend: ZoomBackend, found: FoundFile) -> dict[str, Any]:
    """A Zoom composite file as a Twilio composition; the CJ SID is remembered for fetches."""
    session, item = found.session, found.file
    view = compositions.composition_view(
        session.model_dump(mode="json", include={"session_id", "external_storage_url"}),
        item.model_dump(mode="json"),
        account_sid=backend.account_sid,
    )
    backend.store.remember_recording(view["sid"], session.session_id, item.id)
    return _typed(view)


def composition_matches(
    view: Mapping[str, Any],
    status: str | None,
    after: dt.datetime | None,
    before: dt.datetime | None,
) -> bool:
    """Twilio's composition filters (the room filter picks the Zoom session instead).

    Deleted ones only when asked for, as on Twilio.
    """
    if status is not None and view["status"] != status:
        return False
    if status is None and view["status"] == "deleted":
        return False
    return _in_range(view.get("date_created"), after, before)
