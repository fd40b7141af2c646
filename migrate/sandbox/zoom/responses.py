"""HTTP handlers of the Zoom emulator: the ``/v2/videosdk`` API, media downloads and the
``/_sandbox`` SDK simulation (join/leave), all over one :class:`ZoomState`.

Path parameters arrive still percent-encoded (the gateway in ``urls.py`` routes on the raw
path, as Zoom's does) and are decoded here by :func:`decode_session_id`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import unquote

import jwt
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse

from mappings import limits
from migrate.sandbox.faults import BodyFaults, FaultConfig
from migrate.sandbox.zoom.models import RecordingFile, ZoomState, ZoomStateError, bad_request
from migrate.zoom.auth import decode_session_jwt
from migrate.zoom.errors import ZoomTokenError

Handler = Callable[[Request], Awaitable[Response]]
DownloadRedirect = Literal["same-host", "cross-host"] | None
UNAUTHORIZED_MESSAGE = "Invalid access token."
CLIENT_CLOSED_REQUEST = 499  # nginx's status for "client went away"; only seen in the call log
UNSATISFIABLE: Literal["unsatisfiable"] = "unsatisfiable"
# One range of one unit, "bytes"; anything else (e.g. several ranges) is ignored.
_BYTE_RANGE = re.compile(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", re.ASCII | re.IGNORECASE)


def decode_session_id(raw: str) -> str:
    """Decode a session id path segment as Zoom's gateway does.

    A double-encoded id is decoded twice. A single-encoded id that starts with ``/`` or contains
    ``//`` comes out the way a normalising proxy leaves it (slashes collapsed), which is why Zoom
    asks clients to double-encode such ids (docs/zoom-client.md, "Session ids in paths").
    """
    once = unquote(raw)
    if "%" in once:
        return unquote(once)
    while "//" in once:
        once = once.replace("//", "/")
    return once.lstrip("/")


def requested_range(
    range_header: str | None, if_range: str | None, etag: str, size: int
) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    """The ``[start, stop)`` bytes a GET asks for, as RFC 9110 §14 reads ``Range``.

    None means "send the whole file": no Range, an If-Range naming another version, or
    a Range this server ignores (not ``bytes=``, several ranges, malformed), as the RFC
    allows. ``"unsatisfiable"`` (answered 416) when the range starts past the end.
    """
    if not range_header or (if_range is not None and if_range != etag):
        return None
    match = _BYTE_RANGE.fullmatch(range_header)
    if match is None or not any(match.groups()):
        return None
    first, last = match.groups()
    if not first:  # "-N": the last N bytes
        length = int(last)
        return (max(0, size - length), size) if length and size else UNSATISFIABLE
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    stop = min(int(last) + 1, size) if last else size
    return start, stop


def zoom_error(status: int, code: int, message: str) -> JSONResponse:
    """Zoom's error body ``{code, message}``."""
    return JSONResponse({"code": code, "message": message}, status_code=status)


def fault_body(status: int) -> dict[str, object]:
    """Error body for injected faults (429 carries Zoom's rate-limit message)."""
    if status == 429:
        return {"code": limits.ZOOM_ERROR_RATE_LIMIT, "message": limits.ZOOM_RATE_LIMIT_MESSAGE}
    return {"code": status, "message": "Internal server error."}


def _page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"page:{offset}".encode()).decode().rstrip("=")


def _page_offset(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, _, offset = text.partition(":")
        if kind != "page":
            raise ValueError(token)
        return int(offset)
    except ValueError:
        raise bad_request("Invalid next_page_token.") from None


def paginate(request: Request, items: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    """One page of ``items`` for ``page_size``/``next_page_token``, plus the page fields."""
    raw_size = request.query_params.get("page_size")
    try:
        size = int(raw_size) if raw_size else limits.ZOOM_DEFAULT_PAGE_SIZE
    except ValueError:
        raise bad_request("page_size must be a number.") from None
    if size < 1:
        raise bad_request("page_size must be at least 1.")
    size = min(size, limits.ZOOM_MAX_PAGE_SIZE)
    token = request.query_params.get("next_page_token")
    offset = _page_offset(token) if token else 0
    page = items[offset : offset + size]
    following = _page_token(offset + size) if offset + size < len(items) else ""
    return page, {"page_size": size, "next_page_token": following}


def _date(request: Request, name: str) -> dt.date:
    value = request.query_params.get(name)
    if not value:
        raise bad_request(f"Missing required field: {name}.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad_request(f"Invalid {name} date, expected yyyy-mm-dd: {value}.") from None


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("Request body must be JSON.") from None
    if not isinstance(body, dict):
        raise bad_request("Request body must be a JSON object.")
    return body


@dataclass
class Credentials:
    """What the emulated account checks tokens with."""

    api_key: str
    api_secret: str
    sdk_key: str
    sdk_secret: str


@dataclass
class ZoomResponses:
    """Every handler, bound to one state, its credentials and its fault knobs."""

    state: ZoomState
    credentials: Credentials
    faults: FaultConfig
    download_redirect: DownloadRedirect = None
    storage_requests: list[dict[str, Any]] = field(default_factory=list)

    # --- plumbing ---------------------------------------------------------------------
    def api_authorized(self, authorization: str | None) -> bool:
        """True for ``Bearer <JWT>`` signed with the API secret, ``iss`` = API key, unexpired."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return False
        try:
            claims = jwt.decode(
                token,
                self.credentials.api_secret,
                algorithms=["HS256"],
                options={"require": ["iss", "exp"]},
            )
        except jwt.PyJWTError:
            return False
        return bool(claims.get("iss") == self.credentials.api_key)

    @staticmethod
    def guarded(handler: Handler) -> Handler:
        """Turn :class:`ZoomStateError` into Zoom's error response."""

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except ZoomStateError as exc:
                return zoom_error(exc.status, exc.code, exc.message)
            except ClientDisconnect:
                # The client gave up (timeout) before sending its body; logged as 499.
                return Response(status_code=CLIENT_CLOSED_REQUEST)

        return run

    def _session_id(self, request: Request) -> str:
        return decode_session_id(request.path_params["session_id"])

    # --- sessions ---------------------------------------------------------------------
    async def list_sessions(self, request: Request) -> Response:
        start, end = _date(request, "from"), _date(request, "to")
        kind = request.query_params.get("type", "live")
        if kind not in ("live", "past"):
            raise bad_request("type must be live or past.")
        found = self.state.list_sessions(
            kind,
            start,
            end,
            request.query_params.get("session_name"),
            request.query_params.get("session_key"),
        )
        page, fields = paginate(request, found)
        body = {"from": start.isoformat(), "to": end.isoformat(), **fields}
        return JSONResponse({**body, "sessions": [s.summary() for s in page]})

    async def create_session(self, request: Request) -> Response:
        body = await _json(request)
        settings = body.get("settings") or {}
        session = self.state.create_session(
            str(body.get("session_name") or ""), auto_recording=settings.get("auto_recording")
        )
        answer = {
            "session_id": session.id,
            "session_number": session.number,
            "session_name": session.name,
            "passcode": session.passcode,
            "created_at": session.detail()["created_at"],
            "settings": session.settings(),
        }
        return JSONResponse(answer, status_code=limits.ZOOM_STATUS_CREATED)

    async def get_session(self, request: Request) -> Response:
        kind = request.query_params.get("type")
        status = {"live": "live", "past": "past", "scheduled": "scheduled"}.get(kind or "")
        if kind and status is None:
            raise bad_request("type must be live, past or scheduled.")
        return JSONResponse(self.state.get(self._session_id(request), status).detail())

    async def delete_session(self, request: Request) -> Response:
        self.state.delete_session(self._session_id(request))
        return Response(status_code=limits.ZOOM_STATUS_NO_CONTENT)

    async def session_status(self, request: Request) -> Response:
        body = await _json(request)
        if body.get("action") != "end":
            raise bad_request("action must be end.")
        self.state.end_session(self._session_id(request))
        return Response(status_code=limits.ZOOM_STATUS_NO_CONTENT)

    async def session_events(self, request: Request) -> Response:
        body = await _json(request)
        params = body.get("params") or {}
        if not isinstance(params, dict):
            raise bad_request("params must be an object.")
        self.state.session_event(self._session_id(request), str(body.get("method")), params)
        return Response(status_code=limits.ZOOM_STATUS_EVENT_ACCEPTED)

    def _users(self, request: Request) -> list[dict[str, Any]]:
        kind = request.query_params.get("type", "live")
        session = self.state.get(self._session_id(request), kind)
        users = session.present_users() if kind == "live" else session.users
        return [u.to_api() for u in users]

    async def list_users(self, request: Request) -> Response:
        page, fields = paginate(request, self._users(request))
        return JSONResponse({**fields, "users": page})

    async def list_users_qos(self, request: Request) -> Response:
        page, fields = paginate(request, self._users(request))
        return JSONResponse({**fields, "users": [{**u, "user_qos": []} for u in page]})

    async def user_qos(self, request: Request) -> Response:
        user_id = unquote(request.path_params["user_id"])
        user = next((u for u in self._users(request) if u["id"] == user_id), None)
        if user is None:
            raise bad_request(f"User does not exist: {user_id}.")
        return JSONResponse({**user, "user_qos": []})

    async def users_sharing(self, request: Request) -> Response:
        page, fields = paginate(request, self._users(request))
        users = [
            {"id": u["id"], "name": u["name"], "user_key": u["user_key"], "details": []}
            for u in page
        ]
        return JSONResponse({**fields, "users": users})

    # --- recordings -------------------------------------------------------------------
    async def list_recordings(self, request: Request) -> Response:
        start, end = _date(request, "from"), _date(request, "to")
        trash = request.query_params.get("trash", "false").lower() == "true"
        found = self.state.recorded_sessions(start, end, trash)
        page, fields = paginate(request, found)
        base = self.state.media_base
        return JSONResponse(
            {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "total_records": len(found),
                **fields,
                "sessions": [session.recording_object(base, files) for session, files in page],
            }
        )

    async def get_recordings(self, request: Request) -> Response:
        session, files = self.state.live_files(self._session_id(request))
        body = session.recording_object(self.state.media_base, files)
        if "download_access_token" in request.query_params.get("include_fields", "").split(","):
            ttl = self._ttl(request.query_params.get("ttl"))
            body["download_access_token"] = self.state.issue_download_token(session.id, ttl)
        return JSONResponse(body)

    @staticmethod
    def _ttl(raw: str | None) -> int:
        if raw is None:
            return limits.ZOOM_DOWNLOAD_TOKEN_TTL
        if not raw.isdigit() or not 0 <= int(raw) <= limits.ZOOM_DOWNLOAD_TOKEN_MAX_TTL:
            raise bad_request(f"ttl must be 0..{limits.ZOOM_DOWNLOAD_TOKEN_MAX_TTL}.")
        return int(raw)

    async def delete_recordings(self, request: Request) -> Response:
        action = request.query_params.get("action", limits.ZOOM_RECORDING_DELETE_DEFAULT_ACTION)
        recording_id = request.path_params.get("recording_id")
        self.state.delete_recordings(
            self._session_id(request), action, unquote(recording_id) if recording_id else None
        )
        return Response(status_code=limits.ZOOM_STATUS_NO_CONTENT)

    async def recover_recordings(self, request: Request) -> Response:
        body = await _json(request)
        if body.get("action") != "recover":
            raise bad_request("action must be recover.")
        recording_id = request.path_params.get("recording_id")
        self.state.recover_recordings(
            self._session_id(request), unquote(recording_id) if recording_id else None
        )
        return Response(status_code=limits.ZOOM_STATUS_NO_CONTENT)

    # --- reports and storage ----------------------------------------------------------
    async def report_daily(self, request: Request) -> Response:
        today = self.state.now()
        try:
            year = int(request.query_params.get("year", today.year))
            month = int(request.query_params.get("month", today.month))
        except ValueError:
            raise bad_request("year and month must be numbers.") from None
        return JSONResponse(self.state.daily_report(year, month))

    async def report_cloud_recording(self, request: Request) -> Response:
        start, end = _date(request, "from"), _date(request, "to")
        usage = self.state.cloud_recording_report(start, end)
        return JSONResponse(
            {"from": start.isoformat(), "to": end.isoformat(), "cloud_recording_storage": usage}
        )

    async def storage_settings(self, request: Request) -> Response:
        body = await _json(request)
        with self.state.lock:
            if "storage_location_id" in body:
                self.state.storage_location(str(body["storage_location_id"]))
            self.state.storage_settings.update(body)
        return Response(status_code=limits.ZOOM_STATUS_NO_CONTENT)

    async def storage_locations(self, request: Request) -> Response:
        if request.method == "POST":
            location = self.state.add_storage_location(await _json(request))
            return JSONResponse(location, status_code=limits.ZOOM_STATUS_CREATED)
        with self.state.lock:
            locations = list(self.state.storage_locations.values())
        return JSONResponse({"storage_location": locations})

    async def storage_location(self, request: Request) -> Response:
        location_id = unquote(request.path_params["location_id"])
        location = self.state.storage_location(location_id)
        if request.method == "GET":
            return JSONResponse(location)
        with self.state.lock:
            if request.method == "PATCH":
                location.update(await _json(request), id=location_id)
            else:
                del self.state.storage_locations[location_id]
        return Response(status_code=limits.ZOOM_STATUS_NO_CONTENT)

    # --- media ------------------------------------------------------------------------
    async def download(self, request: Request) -> Response:
        """``download_url`` target: needs ``Authorization: Bearer <download token>``."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        file_id = request.path_params["file_id"]
        item = self.state.authorize_download(file_id, token if scheme.lower() == "bearer" else None)
        if item is None:
            return zoom_error(401, limits.ZOOM_ERROR_INVALID_TOKEN, UNAUTHORIZED_MESSAGE)
        if self.download_redirect == "same-host" and "hop" not in request.query_params:
            return RedirectResponse(f"{request.url.path}?hop=1", status_code=302)
        if self.download_redirect == "cross-host":
            host = "localhost" if request.url.hostname != "localhost" else "127.0.0.1"
            target = f"http://{host}:{request.url.port}/_sandbox/storage/{file_id}"
            return RedirectResponse(f"{target}?signature={self._storage_signature(file_id)}", 302)
        return self._stream(item, request)

    async def storage_object(self, request: Request) -> Response:
        """A "storage host" object behind a signed URL: no bearer token needed or wanted."""
        file_id = request.path_params["file_id"]
        self.storage_requests.append(
            {"file_id": file_id, "authorization": request.headers.get("authorization")}
        )
        signature = request.query_params.get("signature", "")
        item = self.state.find_file(file_id)
        if item is None or not hmac.compare_digest(signature, self._storage_signature(file_id)):
            return Response("AccessDenied", status_code=403)
        return self._stream(item, request)

    def _storage_signature(self, file_id: str) -> str:
        key = self.credentials.api_secret.encode()
        return hmac.new(key, file_id.encode(), hashlib.sha256).hexdigest()[:32]

    def _stream(self, item: RecordingFile, request: Request) -> Response:
        """The file, or the byte range asked for (206), with an ETag and Accept-Ranges."""
        size, etag = item.file_size, item.etag
        headers = {"accept-ranges": "bytes", "etag": etag}
        wanted = requested_range(
            request.headers.get("range"), request.headers.get("if-range"), etag, size
        )
        if wanted == UNSATISFIABLE:
            headers["content-range"] = f"bytes */{size}"
            return Response(status_code=416, headers=headers)
        start, stop = (0, size) if wanted is None else wanted
        if wanted is not None:
            headers["content-range"] = f"bytes {start}-{stop - 1}/{size}"
        headers["content-length"] = str(stop - start)
        shaped = BodyFaults.decide(self.faults, "media", request.url.path, stop - start)
        return StreamingResponse(
            shaped.apply(item.chunks(start, stop)),
            status_code=200 if wanted is None else 206,
            media_type="application/octet-stream",
            headers=headers,
        )

    # --- SDK simulation ---------------------------------------------------------------
    async def join(self, request: Request) -> Response:
        """A Video SDK client joins with its session JWT (``{"token", "user_name"}``)."""
        body = await _json(request)
        creds = self.credentials
        try:
            claims = decode_session_jwt(str(body.get("token", "")), creds.sdk_key, creds.sdk_secret)
        except ZoomTokenError as exc:
            return zoom_error(401, limits.ZOOM_ERROR_INVALID_TOKEN, str(exc))
        session, user = self.state.join(claims, str(body.get("user_name") or "null"))
        return JSONResponse(
            {
                "session_id": session.id,
                "session_name": session.name,
                "user_id": user.id,
                "participant_uuid": user.participant_uuid,
                "user_key": user.user_key,
                "role_type": user.role_type,
            }
        )

    async def leave(self, request: Request) -> Response:
        """A user leaves (``{"session_id", "user_id", "end": bool}``; ``end`` = host ends it)."""
        body = await _json(request)
        session_id, user_id = str(body.get("session_id")), str(body.get("user_id"))
        if body.get("end"):
            self.state.end_session(session_id)
        else:
            self.state.leave(session_id, user_id)
        return Response(status_code=limits.ZOOM_STATUS_NO_CONTENT)


def json_or_none(body: bytes) -> Any:
    """The request body as JSON, or None when empty or not JSON (for the call log)."""
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None
