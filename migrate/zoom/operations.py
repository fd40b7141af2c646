"""Every Zoom Video SDK REST operation, described once as data.

Each function returns a :class:`Call` (one request and how to read its answer) or a
:class:`PagedCall` (a cursor-paginated list). :class:`~migrate.zoom.sync_client.ZoomClient`
only executes them, so request shapes and parsing stay data a test can read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import httpx
from pydantic import BaseModel

from mappings import limits
from migrate.retry import is_idempotent
from migrate.zoom.encoding import path_segment, session_path_id
from migrate.zoom.errors import ZoomError
from migrate.zoom.models import (
    CloudRecordingReport,
    CreatedSession,
    DailyReport,
    S3Storage,
    SessionDetail,
    SessionRecordings,
    SessionSummary,
    SessionUser,
    StorageLocation,
)

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

SessionType = Literal["live", "past"]
DeleteAction = Literal["trash", "delete"]


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request relative to the API base URL; ``path`` is already percent-encoded."""

    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    params: Mapping[str, str] = field(default_factory=dict)
    json: Mapping[str, Any] | None = None

    @property
    def idempotent(self) -> bool:
        """Safe to resend after a 5xx or a dropped connection."""
        return is_idempotent(self.method)


@dataclass(frozen=True)
class Page(Generic[M]):
    """One page of a list: its items and the token of the next page ('' on the last)."""

    items: list[M]
    next_page_token: str


@dataclass(frozen=True)
class PagedCall(Generic[M]):
    """A cursor-paginated GET: same query each time plus ``next_page_token``."""

    path: str
    items_key: str
    model: type[M]
    params: Mapping[str, str] = field(default_factory=dict)

    def page(self, token: str | None) -> Call[Page[M]]:
        """The request for the page after ``token`` (None: the first page)."""
        params = dict(self.params)
        if token:
            params["next_page_token"] = token
        return Call("GET", self.path, self._parse_page, params)

    def _parse_page(self, response: httpx.Response) -> Page[M]:
        body = response.json()
        items = [self.model.model_validate(item) for item in body.get(self.items_key) or []]
        return Page(items, body.get("next_page_token") or "")


def _model(model: type[M]) -> Callable[[httpx.Response], M]:
    return lambda response: model.model_validate_json(response.content)


def _nothing(response: httpx.Response) -> None:
    return None


def _session(session_id: str, suffix: str = "") -> str:
    return f"/videosdk/sessions/{session_path_id(session_id)}{suffix}"


def _page_size(page_size: int | None) -> dict[str, str]:
    if page_size is None:
        return {}
    if not 1 <= page_size <= limits.ZOOM_MAX_PAGE_SIZE:
        raise ZoomError(f"page_size must be between 1 and {limits.ZOOM_MAX_PAGE_SIZE}")
    return {"page_size": str(page_size)}


def _date_range(from_: dt.date, to: dt.date) -> dict[str, str]:
    if from_ > to:
        raise ZoomError(f"from date {from_} is after to date {to}")
    return {"from": from_.isoformat(), "to": to.isoformat()}


def create_session(session_name: str, auto_recording: str | None) -> Call[CreatedSession]:
    """``POST /videosdk/sessions``: pre-register a session (it starts on first join)."""
    body: dict[str, Any] = {"session_name": session_name}
    if auto_recording is not None:
        body["settings"] = {"auto_recording": auto_recording}
    return Call("POST", "/videosdk/sessions", _model(CreatedSession), json=body)


def list_sessions(
    type: SessionType,
    from_: dt.date,
    to: dt.date,
    session_name: str | None,
    session_key: str | None,
    page_size: int | None,
) -> PagedCall[SessionSummary]:
    """``GET /videosdk/sessions``."""
    params = {"type": type, **_date_range(from_, to), **_page_size(page_size)}
    if session_name is not None:
        params["session_name"] = session_name
    if session_key is not None:
        params["session_key"] = session_key
    return PagedCall("/videosdk/sessions", "sessions", SessionSummary, params)


def get_session(session_id: str, type: str | None) -> Call[SessionDetail]:
    """``GET /videosdk/sessions/{sessionId}``."""
    params = {"type": type} if type else {}
    return Call("GET", _session(session_id), _model(SessionDetail), params)


def end_session(session_id: str) -> Call[None]:
    """``PUT /videosdk/sessions/{sessionId}/status`` with ``{"action": "end"}``."""
    return Call("PUT", _session(session_id, "/status"), _nothing, json={"action": "end"})


def delete_session(session_id: str) -> Call[None]:
    """``DELETE /videosdk/sessions/{sessionId}``."""
    return Call("DELETE", _session(session_id), _nothing)


def list_session_users(
    session_id: str, type: SessionType, page_size: int | None
) -> PagedCall[SessionUser]:
    """``GET /videosdk/sessions/{sessionId}/users``."""
    params = {"type": type, **_page_size(page_size)}
    return PagedCall(_session(session_id, "/users"), "users", SessionUser, params)


def session_event(session_id: str, method: str, params: Mapping[str, Any] | None) -> Call[None]:
    """``PATCH /videosdk/sessions/{sessionId}/events`` (answered 202, empty body)."""
    body: dict[str, Any] = {"method": method}
    if params is not None:
        body["params"] = dict(params)
    return Call("PATCH", _session(session_id, "/events"), _nothing, json=body)


def list_recordings(
    from_: dt.date,
    to: dt.date,
    trash: bool,
    trash_type: str | None,
    page_size: int | None,
) -> PagedCall[SessionRecordings]:
    """``GET /videosdk/recordings``: every session with recordings in the date range."""
    params = {**_date_range(from_, to), **_page_size(page_size)}
    if trash:
        params["trash"] = "true"
    if trash_type is not None:
        params["trash_type"] = trash_type
    return PagedCall("/videosdk/recordings", "sessions", SessionRecordings, params)


def get_session_recordings(
    session_id: str, include_download_token: bool, ttl: int | None
) -> Call[SessionRecordings]:
    """``GET /videosdk/sessions/{sessionId}/recordings``, optionally with a download token."""
    params: dict[str, str] = {}
    if include_download_token:
        params["include_fields"] = "download_access_token"
    if ttl is not None:
        params["ttl"] = str(ttl)
    return Call("GET", _session(session_id, "/recordings"), _model(SessionRecordings), params)


def delete_session_recordings(session_id: str, action: DeleteAction) -> Call[None]:
    """``DELETE /videosdk/sessions/{sessionId}/recordings?action=trash|delete``."""
    return Call("DELETE", _session(session_id, "/recordings"), _nothing, {"action": action})


def delete_recording_file(session_id: str, recording_id: str, action: DeleteAction) -> Call[None]:
    """``DELETE /videosdk/sessions/{sessionId}/recordings/{recordingId}?action=...``."""
    path = _session(session_id, f"/recordings/{path_segment(recording_id)}")
    return Call("DELETE", path, _nothing, {"action": action})


def recover_session_recordings(session_id: str) -> Call[None]:
    """``PUT /videosdk/sessions/{sessionId}/recordings/status`` ``{"action": "recover"}``."""
    path = _session(session_id, "/recordings/status")
    return Call("PUT", path, _nothing, json={"action": "recover"})


def recover_recording_file(session_id: str, recording_id: str) -> Call[None]:
    """``PUT /videosdk/sessions/{sessionId}/recordings/{recordingId}/status`` (recover)."""
    path = _session(session_id, f"/recordings/{path_segment(recording_id)}/status")
    return Call("PUT", path, _nothing, json={"action": "recover"})


def daily_report(year: int, month: int) -> Call[DailyReport]:
    """``GET /videosdk/report/daily``."""
    params = {"year": str(year), "month": str(month)}
    return Call("GET", "/videosdk/report/daily", _model(DailyReport), params)


def cloud_recording_report(from_: dt.date, to: dt.date) -> Call[CloudRecordingReport]:
    """``GET /videosdk/report/cloud_recording``."""
    path = "/videosdk/report/cloud_recording"
    return Call("GET", path, _model(CloudRecordingReport), _date_range(from_, to))


_STORAGE = "/videosdk/settings/storage"
_LOCATIONS = _STORAGE + "/location"


def _s3_body(s3: S3Storage) -> dict[str, Any]:
    # Written out by hand: a model dump would mask the secret key that Zoom has to receive.
    body: dict[str, Any] = {
        "bucket": s3.bucket,
        "authentication_mechanism": s3.authentication_mechanism,
    }
    if s3.region is not None:
        body["region"] = s3.region
    if s3.access_key is not None:
        key = s3.access_key.key
        body["access_key"] = {
            "id": s3.access_key.id,
            "key": key.get_secret_value() if key is not None else None,
        }
    return body


def _locations(response: httpx.Response) -> list[StorageLocation]:
    items = response.json().get("storage_location") or []
    return [StorageLocation.model_validate(item) for item in items]


def update_storage_settings(
    bring_our_own_storage: bool, storage_location_id: str | None
) -> Call[None]:
    """``PATCH /videosdk/settings/storage``: switch BYOS on (at a location) or off."""
    body: dict[str, Any] = {"bring_our_own_storage": bring_our_own_storage}
    if storage_location_id is not None:
        body["storage_location_id"] = storage_location_id
    return Call("PATCH", _STORAGE, _nothing, json=body)


def list_storage_locations() -> Call[list[StorageLocation]]:
    """``GET /videosdk/settings/storage/location`` (one unpaginated list)."""
    return Call("GET", _LOCATIONS, _locations)


def add_storage_location(name: str, s3: S3Storage) -> Call[StorageLocation]:
    """``POST /videosdk/settings/storage/location`` for an Amazon S3 bucket."""
    body = {"name": name, "provider": "aws_s3", "s3": _s3_body(s3)}
    return Call("POST", _LOCATIONS, _model(StorageLocation), json=body)


def get_storage_location(location_id: str) -> Call[StorageLocation]:
    """``GET /videosdk/settings/storage/location/{storageLocationId}``."""
    path = f"{_LOCATIONS}/{path_segment(location_id)}"
    return Call("GET", path, _model(StorageLocation))


def update_storage_location(location_id: str, name: str | None, s3: S3Storage | None) -> Call[None]:
    """``PATCH /videosdk/settings/storage/location/{storageLocationId}`` (given fields only)."""
    body: dict[str, Any] = {}
    if name is not None:
        body["name"] = name
    if s3 is not None:
        body["s3"] = _s3_body(s3)
    path = f"{_LOCATIONS}/{path_segment(location_id)}"
    return Call("PATCH", path, _nothing, json=body)


def delete_storage_location(location_id: str) -> Call[None]:
    """``DELETE /videosdk/settings/storage/location/{storageLocationId}``."""
    return Call("DELETE", f"{_LOCATIONS}/{path_segment(location_id)}", _nothing)
