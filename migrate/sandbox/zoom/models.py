"""State of the emulated Zoom Video SDK account: sessions, users, recordings, storage.

Tests seed and inspect it directly (``state.add_past_session(...)``,
``state.add_recording(...)``). Every change that Zoom announces by webhook is passed to
``emit`` as ``(event, payload_object, extra)``; the emulator turns that into a signed
delivery. All mutation holds ``lock``: the server thread, the webhook thread and the
test thread share one state. Media bytes are derived from the file id on demand, so a
recording costs a few hundred bytes of memory whatever its size.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import random
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from mappings import limits
from mappings.session_jwt import SessionJwtClaims

SessionStatus = Literal["scheduled", "live", "past"]
RecordingState = Literal["stopped", "recording", "paused"]
FileGroup = Literal["recording_files", "participant_audio_files", "participant_video_files"]
Emit = Callable[[str, dict[str, Any], dict[str, Any]], None]

DEFAULT_ACCOUNT_ID = "SbxAcct0Zoom2Twilio0001"
FIRST_USER_ID = 16_778_240  # Zoom user ids are numeric strings of this size
MEDIA_CHUNK = 64 * 1024
EVENT_METHODS = frozenset(
    {
        "recording.start",
        "recording.stop",
        "recording.pause",
        "recording.resume",
        "user.invite.callout",
        "user.invite.room_system_callout",
        "audio.block",
        "audio.unblock",
        "video.block",
        "video.unblock",
        "share.block",
        "share.unblock",
        "user.remove",
    }
)


class ZoomStateError(Exception):
    """A request Zoom would refuse: HTTP status plus the ``{code, message}`` body."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _iso(value: dt.datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def session_not_found(session_id: str) -> ZoomStateError:
    """The error for an id the account does not have (or not in the requested state)."""
    return ZoomStateError(
        404, limits.ZOOM_ERROR_SESSION_NOT_FOUND, f"Session does not exist: {session_id}."
    )


def bad_request(message: str) -> ZoomStateError:
    """A request Zoom refuses with its generic code 300."""
    return ZoomStateError(400, limits.ZOOM_ERROR_NOT_AVAILABLE, message)


@dataclass(slots=True)
class User:
    """A user in a session (REST ``users[]``)."""

    id: str
    name: str
    participant_uuid: str
    join_time: dt.datetime
    user_key: str | None = None
    role_type: int = 0
    recording_election: bool = False
    leave_time: dt.datetime | None = None
    leave_reason: str | None = None

    @property
    def present(self) -> bool:
        """Still in the session."""
        return self.leave_time is None

    def to_api(self) -> dict[str, Any]:
        """The REST representation."""
        return {
            "id": self.id,
            "name": self.name,
            "user_key": self.user_key,
            "participant_uuid": self.participant_uuid,
            "join_time": _iso(self.join_time),
            "leave_time": _iso(self.leave_time),
            "device": "Mac",
            "ip_address": "127.0.0.1",
            "location": "Sandbox",
            "network_type": "Wired",
            "data_center": "SANDBOX",
            "connection_type": "UDP",
            "client": "Web",
            "audio_call": [],
        }

    def webhook_user(self) -> dict[str, Any]:
        """The ``user`` object of user_joined / user_left webhooks."""
        body: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "participant_uuid": self.participant_uuid,
        }
        if self.user_key:
            body["user_key"] = self.user_key
        if self.leave_time:
            body["leave_time"] = _iso(self.leave_time)
            body["leave_reason"] = self.leave_reason
        else:
            body["join_time"] = _iso(self.join_time)
        return body


def _derived_bytes(seed: str, start: int, stop: int) -> Iterator[bytes]:
    # Chunk n is SHAKE-256 of "seed:n"; an extendable-output hash gives a prefix of the
    # same output for a shorter length, so any byte range is computed without the bytes
    # before it.
    position = start
    while position < stop:
        counter, offset = divmod(position, MEDIA_CHUNK)
        needed = min(MEDIA_CHUNK, offset + stop - position)
        piece = hashlib.shake_256(f"{seed}:{counter}".encode()).digest(needed)[offset:]
        yield piece
        position += len(piece)


@dataclass(slots=True)
class RecordingFile:
    """One file of a session's cloud recording; its bytes are derived from ``id``."""

    id: str
    group: FileGroup
    file_type: str
    file_extension: str
    file_size: int
    recording_start: dt.datetime
    recording_end: dt.datetime
    recording_type: str | None = None
    user_id: str | None = None
    user_key: str | None = None
    file_name: str | None = None
    deleted_time: dt.datetime | None = None
    revision: int = 0

    def to_api(self, media_base: str, *, webhook: bool = False) -> dict[str, Any]:
        """The REST (or webhook) representation; ``download_url`` points at the emulator."""
        body: dict[str, Any] = {
            "id": self.id,
            "recording_start": _iso(self.recording_start),
            "recording_end": _iso(self.recording_end),
            "file_type": self.file_type,
            "file_extension": self.file_extension,
            "file_size": self.file_size,
            "download_url": f"{media_base}/rec/download/{self.id}",
            "status": "completed",
        }
        if self.recording_type:
            body["recording_type"] = self.recording_type
        if self.group != "recording_files":
            body.update(user_id=self.user_id, user_key=self.user_key, file_name=self.file_name)
        if self.deleted_time:
            body["deleted_time"] = _iso(self.deleted_time)
        if webhook and self.group == "participant_video_files":
            body["play_url"] = f"{media_base}/rec/play/{self.id}"
        return body

    @property
    def etag(self) -> str:
        """A strong ETag naming this version of the file (bump ``revision`` to change it)."""
        digest = hashlib.sha256(f"{self.id}:{self.revision}:{self.file_size}".encode())
        return f'"{digest.hexdigest()[:32]}"'

    def chunks(self, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """Bytes ``start`` up to ``stop`` (default: the end) of the file, in chunks.

        The bytes are derived from ``id`` and ``revision`` as they are needed, so nothing
        is held in memory; the revision is read now, so a body already streaming keeps
        the version it started with when a test changes the file.
        """
        end = self.file_size if stop is None else min(stop, self.file_size)
        return _derived_bytes(f"{self.id}:{self.revision}", start, end)

    def content(self) -> bytes:
        """All bytes at once (tests compare downloads with it)."""
        return b"".join(self.chunks())


@dataclass(slots=True)
class Session:
    """A Video SDK session: pre-registered (scheduled), live or past."""

    id: str
    name: str
    number: int
    passcode: str
    created_at: dt.datetime
    status: SessionStatus = "scheduled"
    auto_recording: str = "none"
    session_key: str | None = None
    start_time: dt.datetime | None = None
    end_time: dt.datetime | None = None
    users: list[User] = field(default_factory=list)
    iso_video: bool = False
    recording_state: RecordingState = "stopped"
    recording_started: dt.datetime | None = None
    recording_periods: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)
    files: list[RecordingFile] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def present_users(self) -> list[User]:
        """Users still in the session."""
        return [u for u in self.users if u.present]

    def duration_minutes(self) -> int:
        """Whole minutes between start and end; 0 until the session has ended."""
        if not self.start_time or not self.end_time:
            return 0
        return int((self.end_time - self.start_time).total_seconds() // 60)

    def settings(self) -> dict[str, Any]:
        """The ``settings`` object of create/get answers."""
        return {
            "auto_recording": self.auto_recording,
            "global_dial_in_countries": ["US"],
            "global_dial_in_numbers": [
                {
                    "country": "US",
                    "country_name": "US",
                    "number": "+1 555 010 0100",
                    "type": "toll",
                }
            ],
        }

    def summary(self) -> dict[str, Any]:
        """The ``sessions[]`` item of the list endpoint."""
        return {
            "id": self.id,
            "session_name": self.name,
            "start_time": _iso(self.start_time),
            "end_time": _iso(self.end_time),
            "duration": str(self.duration_minutes()),
            "user_count": len(self.users),
            "has_voip": bool(self.users),
            "has_video": bool(self.users),
            "has_screen_share": False,
            "has_recording": bool(self.files or self.recording_periods),
            "has_pstn": False,
            "session_key": self.session_key,
            "has_session_summary": False,
        }

    def detail(self) -> dict[str, Any]:
        """The answer of ``GET /videosdk/sessions/{id}``."""
        return {
            **self.summary(),
            "session_number": self.number,
            "passcode": self.passcode,
            "created_at": _iso(self.created_at),
            "settings": self.settings(),
        }

    def webhook_object(self) -> dict[str, Any]:
        """Common ``payload.object`` fields of session.* webhooks."""
        body: dict[str, Any] = {
            "id": self.id,
            "session_id": self.id,
            "session_name": self.name,
            "start_time": _iso(self.start_time),
        }
        if self.session_key:
            body["session_key"] = self.session_key
        return body

    def recording_object(
        self, media_base: str, files: list[RecordingFile], *, webhook: bool = False
    ) -> dict[str, Any]:
        """The session-recording object listing ``files``."""
        body: dict[str, Any] = {
            "session_id": self.id,
            "session_name": self.name,
            "session_key": self.session_key or "",
            "start_time": _iso(self.start_time),
            "timezone": "UTC",
            "duration": self.duration_minutes(),
            "total_size": sum(f.file_size for f in files),
            "recording_count": len(files),
            "recording_files": [],
            "participant_audio_files": [],
            "participant_video_files": [],
        }
        for item in files:
            body[item.group].append(item.to_api(media_base, webhook=webhook))
        return body


@dataclass(slots=True)
class DownloadToken:
    """A recording download grant: the session it opens and when it stops working."""

    session_id: str
    expires: dt.datetime


class ZoomState:
    """Everything the emulated account holds. Deterministic for a given ``seed``."""

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT_ID,
        seed: int = 0,
        media_base: str = "http://127.0.0.1",
        file_size: int = 256 * 1024,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.account_id = account_id
        self.media_base = media_base
        self._default_file_size = file_size
        self.emit: Emit = lambda event, obj, extra: None
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))
        self._seed = seed
        self.reset()

    def reset(self) -> None:
        """Forget every session, token and storage setting; restart id generation."""
        with self.lock:
            self._rng = random.Random(self._seed)
            self._ids = itertools.count()
            self._user_ids = itertools.count(FIRST_USER_ID)
            self.sessions: dict[str, Session] = {}
            self.download_tokens: dict[str, DownloadToken] = {}
            self.storage_settings: dict[str, Any] = {"bring_our_own_storage": False}
            self.storage_locations: dict[str, dict[str, Any]] = {}
            self.cloud_recording = True
            self.file_size = self._default_file_size

    def now(self) -> dt.datetime:
        """The emulator's clock (UTC, whole seconds)."""
        return self._clock()

    # --- identifiers ------------------------------------------------------------------
    def new_session_id(self) -> str:
        """A 24-char base64 id; every third starts with ``/``, every third contains ``//``.

        Real ids only sometimes look like that; here it is frequent on purpose, so every
        client exercises the double-encoding rule (docs/zoom-client.md).
        """
        index = next(self._ids)
        text = base64.b64encode(self._rng.randbytes(16)).decode()
        if index % 3 == 1:
            text = "/" + text[1:]
        elif index % 3 == 2:
            text = text[:6] + "//" + text[8:]
        return text

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def _token(self) -> str:
        return base64.urlsafe_b64encode(self._rng.randbytes(24)).decode().rstrip("=")

    # --- sessions ---------------------------------------------------------------------
    def create_session(
        self, name: str, *, auto_recording: str | None = None, session_key: str | None = None
    ) -> Session:
        """Pre-register a session (``POST /videosdk/sessions``)."""
        if not name or len(name) > limits.ZOOM_SESSION_NAME_MAX:
            raise bad_request(f"session_name must be 1..{limits.ZOOM_SESSION_NAME_MAX} characters.")
        if auto_recording not in (None, "cloud", "none"):
            raise bad_request("settings.auto_recording must be cloud or none.")
        with self.lock:
            session = Session(
                id=self.new_session_id(),
                name=name,
                number=self._rng.randrange(10**9, 10**10),
                passcode=f"{self._rng.randrange(10**6):06d}",
                created_at=self.now(),
                auto_recording=auto_recording or "none",
                session_key=session_key,
            )
            self.sessions[session.id] = session
            return session

    def add_past_session(
        self,
        name: str,
        *,
        start_time: dt.datetime,
        end_time: dt.datetime | None = None,
        users: list[tuple[str, str | None]] | None = None,
        session_key: str | None = None,
        recorded: bool = False,
    ) -> Session:
        """Seed a finished session with ``(name, user_key)`` users, optionally recorded."""
        end = end_time or start_time + dt.timedelta(minutes=30)
        with self.lock:
            session = self.create_session(name, session_key=session_key)
            session.status = "past"
            session.start_time, session.end_time = start_time, end
            for user_name, user_key in users or []:
                user = self._new_user(user_name, user_key, 0, False, start_time)
                user.leave_time, user.leave_reason = end, "left the session"
                session.users.append(user)
            if recorded:
                self.add_recording(session.id)
            return session

    def add_recording(
        self,
        session_id: str,
        *,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
    ) -> list[RecordingFile]:
        """Seed recording files for a session (composite, audio, per-user audio)."""
        with self.lock:
            session = self.get(session_id)
            begin = start or session.start_time or self.now()
            finish = end or session.end_time or begin + dt.timedelta(minutes=10)
            return self._make_files(session, begin, finish)

    def get(self, session_id: str, status: str | None = None) -> Session:
        """The session with this id (and status, when given), or a 404 error."""
        with self.lock:
            session = self.sessions.get(session_id)
            if session is None or (status is not None and session.status != status):
                raise session_not_found(session_id)
            return session

    def list_sessions(
        self,
        status: str,
        start: dt.date,
        end: dt.date,
        name: str | None = None,
        key: str | None = None,
    ) -> list[Session]:
        """Sessions in ``status`` whose start date lies in ``start..end``."""
        with self.lock:
            return [
                s
                for s in self.sessions.values()
                if s.status == status
                and s.start_time is not None
                and start <= s.start_time.date() <= end
                and (name is None or s.name.lower() == name.lower())
                and (key is None or s.session_key == key)
            ]

    def end_session(self, session_id: str, reason: str = "host ended the session") -> Session:
        """End a live session: everyone leaves, recording stops, files are made."""
        with self.lock:
            session = self.get(session_id)
            if session.status != "live":
                raise bad_request("Session is not in progress.")
            for user in session.present_users():
                self._leave(session, user, reason)
            self._finish(session)
            return session

    def delete_session(self, session_id: str) -> None:
        """Delete a session object (not a live one)."""
        with self.lock:
            session = self.get(session_id)
            if session.status == "live":
                raise bad_request("Cannot delete a session in progress; end it first.")
            del self.sessions[session_id]
            self.emit("session.deleted", session.webhook_object(), {})

    # --- SDK join simulation ----------------------------------------------------------
    def join(self, claims: SessionJwtClaims, user_name: str) -> tuple[Session, User]:
        """A client joins with a verified session JWT; the first join starts the session."""
        name = claims.tpc.lower()
        with self.lock:
            session = self._live_by_name(name) or self._scheduled_by_name(name)
            if session is None:
                session = self.create_session(claims.tpc, session_key=claims.session_key)
            if session.status == "scheduled":
                self._start(session, claims)
            elif session.session_key and claims.session_key != session.session_key:
                raise ZoomStateError(403, limits.ZOOM_ERROR_NOT_AVAILABLE, "session_key mismatch.")
            user = self._new_user(
                user_name[: limits.ZOOM_DISPLAY_NAME_MAX],
                claims.user_key,
                claims.role_type,
                claims.cloud_recording_election == 1,
                self.now(),
            )
            session.users.append(user)
            self.emit(
                "session.user_joined", {**session.webhook_object(), "user": user.webhook_user()}, {}
            )
            return session, user

    def leave(self, session_id: str, user_id: str, reason: str = "left the session") -> None:
        """A user leaves; the last one out ends the session."""
        with self.lock:
            session = self.get(session_id, "live")
            user = next((u for u in session.present_users() if u.id == user_id), None)
            if user is None:
                raise bad_request(f"User is not in the session: {user_id}.")
            self._leave(session, user, reason)
            if not session.present_users():
                self._finish(session)

    def _live_by_name(self, name: str) -> Session | None:
        return next(
            (s for s in self.sessions.values() if s.status == "live" and s.name.lower() == name),
            None,
        )

    def _scheduled_by_name(self, name: str) -> Session | None:
        return next(
            (
                s
                for s in self.sessions.values()
                if s.status == "scheduled" and s.name.lower() == name
            ),
            None,
        )

    def _start(self, session: Session, claims: SessionJwtClaims) -> None:
        session.status = "live"
        session.start_time = self.now()
        session.session_key = session.session_key or claims.session_key
        session.iso_video = claims.role_type == 1 and claims.cloud_recording_option == 1
        self.emit("session.started", session.webhook_object(), {})
        if session.auto_recording == "cloud" and self.cloud_recording:
            self._recording(session, "recording.start")

    def _new_user(
        self, name: str, user_key: str | None, role: int, election: bool, when: dt.datetime
    ) -> User:
        return User(
            id=str(next(self._user_ids)),
            name=name,
            participant_uuid=self._uuid(),
            join_time=when,
            user_key=user_key,
            role_type=role,
            recording_election=election,
        )

    def _leave(self, session: Session, user: User, reason: str) -> None:
        user.leave_time, user.leave_reason = self.now(), reason
        self.emit(
            "session.user_left", {**session.webhook_object(), "user": user.webhook_user()}, {}
        )

    def _finish(self, session: Session) -> None:
        if session.recording_state != "stopped":
            self._recording(session, "recording.stop")
        session.status = "past"
        session.end_time = self.now()
        self.emit(
            "session.ended", {**session.webhook_object(), "end_time": _iso(session.end_time)}, {}
        )
        if session.recording_periods:
            begin = session.recording_periods[0][0]
            finish = session.recording_periods[-1][1]
            files = self._make_files(session, begin, finish)
            token = self.issue_download_token(session.id)
            self.emit(
                "session.recording_completed",
                session.recording_object(self.media_base, files, webhook=True),
                {"download_token": token},
            )

    # --- in-session events ------------------------------------------------------------
    def session_event(self, session_id: str, method: str, params: dict[str, Any]) -> None:
        """``PATCH /videosdk/sessions/{id}/events`` on a live session."""
        if method not in EVENT_METHODS:
            raise bad_request(f"Invalid method: {method}.")
        with self.lock:
            session = self.get(session_id)
            if session.status != "live":
                raise bad_request("Session is not in progress.")
            session.events.append({"method": method, "params": params})
            if method.startswith("recording."):
                self._recording(session, method)
            elif method == "user.remove":
                target = params.get("participant_uuid")
                user = next(
                    (u for u in session.present_users() if u.participant_uuid == target), None
                )
                if user is None:
                    raise bad_request(f"User does not exist: {target}.")
                self._leave(session, user, "removed by host")
                if not session.present_users():
                    self._finish(session)

    def _recording(self, session: Session, method: str) -> None:
        if method == "recording.start" and not self.cloud_recording:
            raise bad_request(
                "This API is not available for this account, please contact Zoom support."
            )
        now = self.now()
        state, event = session.recording_state, ""
        if method in ("recording.start", "recording.resume") and state != "recording":
            if state == "stopped" or method == "recording.resume":
                session.recording_started = now
                session.recording_state = "recording"
                event = "started" if method == "recording.start" else "resumed"
        elif method in ("recording.stop", "recording.pause") and state != "stopped":
            if state == "recording" and session.recording_started is not None:
                session.recording_periods.append((session.recording_started, now))
            session.recording_state = "stopped" if method == "recording.stop" else "paused"
            event = "stopped" if method == "recording.stop" else "paused"
        if event:
            stamp = {
                "recording_start" if event in ("started", "resumed") else "recording_end": _iso(now)
            }
            self.emit(
                f"session.recording_{event}",
                {**session.webhook_object(), "timezone": "UTC", "recording_file": stamp},
                {},
            )

    def _make_files(
        self, session: Session, begin: dt.datetime, finish: dt.datetime
    ) -> list[RecordingFile]:
        """Composite video and audio, audio per user, and ISO video per electing user."""

        def new(
            group: FileGroup, kind: str, rtype: str | None, user: User | None = None
        ) -> RecordingFile:
            return RecordingFile(
                id=self._uuid(),
                group=group,
                file_type=kind,
                file_extension=kind,
                file_size=self.file_size,
                recording_start=begin,
                recording_end=finish,
                recording_type=rtype,
                user_id=user.id if user else None,
                user_key=user.user_key if user else None,
                file_name=f"{user.name}.{kind.lower()}" if user else None,
            )

        files = [
            new("recording_files", "MP4", "shared_screen_with_speaker_view"),
            new("recording_files", "M4A", "audio_only"),
            *(new("participant_audio_files", "M4A", None, u) for u in session.users),
        ]
        if session.iso_video:
            electing = [u for u in session.users if u.recording_election]
            files += [new("participant_video_files", "MP4", "individual_user", u) for u in electing]
        session.files.extend(files)
        return files

    # --- recordings -------------------------------------------------------------------
    def recorded_sessions(
        self, start: dt.date, end: dt.date, trash: bool
    ) -> list[tuple[Session, list[RecordingFile]]]:
        """Sessions with (trashed, when ``trash``) files, by session start date."""
        with self.lock:
            found = []
            for session in self.sessions.values():
                files = [f for f in session.files if (f.deleted_time is not None) == trash]
                when = session.start_time
                if files and when is not None and start <= when.date() <= end:
                    found.append((session, files))
            return found

    def live_files(self, session_id: str) -> tuple[Session, list[RecordingFile]]:
        """A session's files that are not in the trash, or a 404 error."""
        with self.lock:
            session = self.get(session_id)
            files = [f for f in session.files if f.deleted_time is None]
            if not files:
                raise ZoomStateError(
                    404,
                    limits.ZOOM_ERROR_RECORDING_NOT_FOUND,
                    "There is no recording for this session.",
                )
            return session, files

    def _file(self, session: Session, recording_id: str) -> RecordingFile:
        for item in session.files:
            if item.id == recording_id:
                return item
        raise ZoomStateError(
            404, limits.ZOOM_ERROR_RECORDING_NOT_FOUND, f"Recording does not exist: {recording_id}."
        )

    def delete_recordings(
        self, session_id: str, action: str, recording_id: str | None = None
    ) -> None:
        """Trash (recoverable) or delete (permanent) all files of a session, or one."""
        if action not in ("trash", "delete"):
            raise bad_request("action must be trash or delete.")
        with self.lock:
            session = self.get(session_id)
            targets = [self._file(session, recording_id)] if recording_id else list(session.files)
            if not targets:
                raise ZoomStateError(
                    404,
                    limits.ZOOM_ERROR_RECORDING_NOT_FOUND,
                    "There is no recording for this session.",
                )
            if action == "trash":
                for item in targets:
                    item.deleted_time = item.deleted_time or self.now()
            else:
                session.files = [f for f in session.files if f not in targets]
            event = (
                "session.recording_trashed" if action == "trash" else "session.recording_deleted"
            )
            self._recording_admin_event(session, event)

    def recover_recordings(self, session_id: str, recording_id: str | None = None) -> None:
        """Take all trashed files of a session, or one, out of the trash."""
        with self.lock:
            session = self.get(session_id)
            targets = [self._file(session, recording_id)] if recording_id else session.files
            for item in targets:
                item.deleted_time = None
            self._recording_admin_event(session, "session.recording_recovered")

    def _recording_admin_event(self, session: Session, event: str) -> None:
        self.emit(
            event,
            {**session.webhook_object(), "timezone": "UTC"},
            {"operator": "api@sandbox.invalid", "operator_id": "sandbox-api"},
        )

    def issue_download_token(
        self, session_id: str, ttl: int = limits.ZOOM_DOWNLOAD_TOKEN_TTL
    ) -> str:
        """A bearer token for this session's ``download_url``s, valid for ``ttl`` seconds."""
        with self.lock:
            token = self._token()
            self.download_tokens[token] = DownloadToken(
                session_id, self.now() + dt.timedelta(seconds=ttl)
            )
            return token

    def authorize_download(self, file_id: str, token: str | None) -> RecordingFile | None:
        """The file when ``token`` is a live download token of its session, else None."""
        with self.lock:
            grant = self.download_tokens.get(token or "")
            if grant is None or grant.expires <= self.now():
                return None
            session = self.sessions.get(grant.session_id)
            if session is None:
                return None
            return next((f for f in session.files if f.id == file_id and not f.deleted_time), None)

    def find_file(self, file_id: str) -> RecordingFile | None:
        """Any non-trashed file by id (for the storage-host redirect target)."""
        with self.lock:
            for session in self.sessions.values():
                for item in session.files:
                    if item.id == file_id and item.deleted_time is None:
                        return item
            return None

    # --- reports ----------------------------------------------------------------------
    def daily_report(self, year: int, month: int) -> dict[str, Any]:
        """Sessions, users and minutes per day of a month."""
        days: dict[str, dict[str, Any]] = {}
        with self.lock:
            for s in self.sessions.values():
                if s.start_time and (s.start_time.year, s.start_time.month) == (year, month):
                    day = days.setdefault(
                        s.start_time.date().isoformat(),
                        {
                            "date": s.start_time.date().isoformat(),
                            "sessions": 0,
                            "users": 0,
                            "session_minutes": 0,
                        },
                    )
                    day["sessions"] += 1
                    day["users"] += len(s.users)
                    day["session_minutes"] += s.duration_minutes()
        return {"year": year, "month": month, "dates": [days[k] for k in sorted(days)]}

    def cloud_recording_report(self, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
        """Recording storage used per day in ``start..end``."""
        usage: dict[str, int] = {}
        for session, files in self.recorded_sessions(start, end, trash=False):
            assert session.start_time is not None
            key = session.start_time.date().isoformat()
            usage[key] = usage.get(key, 0) + sum(f.file_size for f in files)
        return [
            {"date": day, "usage": f"{size} B", "plan_usage": f"{size} B", "free_usage": "0 B"}
            for day, size in sorted(usage.items())
        ]

    # --- bring your own storage -------------------------------------------------------
    def add_storage_location(self, body: dict[str, Any]) -> dict[str, Any]:
        """Add an S3 storage location (BYOS)."""
        if body.get("provider", "aws_s3") != "aws_s3" or not isinstance(body.get("s3"), dict):
            raise bad_request("Only aws_s3 storage locations with an s3 object are supported.")
        with self.lock:
            location = {
                **body,
                "id": self._token()[:22],
                "provider": "aws_s3",
                "verify_status": "success",
            }
            self.storage_locations[location["id"]] = location
            return location

    def storage_location(self, location_id: str) -> dict[str, Any]:
        """One storage location, or a 404 error."""
        with self.lock:
            location = self.storage_locations.get(location_id)
            if location is None:
                raise ZoomStateError(
                    404, limits.ZOOM_ERROR_NOT_AVAILABLE, "Storage location not found."
                )
            return location
