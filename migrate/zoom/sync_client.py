"""Blocking Zoom Video SDK REST client: thin transport over the shared operations.

There is no async twin: the callers of the Zoom API (the shim, which keeps twilio-python's
blocking interface, and the tests) are all blocking; the async exporter reads Twilio.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO, Self, TypeVar

import httpx
from pydantic import BaseModel

from mappings import limits
from migrate.lifecycle import Closing
from migrate.retry import RetryPolicy
from migrate.settings import Settings
from migrate.zoom import operations as ops
from migrate.zoom.core import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_TIMEOUT,
    DOWNLOAD_CREDENTIALS,
    BaseZoomClient,
)
from migrate.zoom.download import MAX_REDIRECTS, DownloadProgress, Step, redirect_target
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
from migrate.zoom.operations import Call, DeleteAction, PagedCall, SessionType

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


class ZoomClient(BaseZoomClient, Closing):
    """Zoom Video SDK REST API over one reused ``httpx.Client``; use as a context manager.

    ``transport`` replaces the network (tests); lists are lazy iterators, one page at a time.
    """

    def __init__(
        self,
        api_key: str,
        api_secret: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        http2: bool = True,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        token_ttl: int = limits.ZOOM_API_JWT_TTL,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(
            api_key,
            api_secret,
            base_url=base_url,
            timeout=timeout,
            retry=retry,
            http2=http2,
            max_connections=max_connections,
            token_ttl=token_ttl,
        )
        self._http = httpx.Client(**self._httpx_options, transport=transport)

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        """Client for ``ZOOM_API_KEY``/``ZOOM_API_SECRET`` at ``ZOOM_API_BASE_URL``."""
        key, secret = settings.zoom_api_credentials()
        return cls(key, secret, base_url=settings.zoom_api_base_url)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    # --- sessions -------------------------------------------------------------------
    def create_session(
        self, session_name: str, *, auto_recording: str | None = None
    ) -> CreatedSession:
        """Pre-register a session; it starts when the first user joins."""
        return self._run(ops.create_session(session_name, auto_recording))

    def list_sessions(
        self,
        *,
        type: SessionType = "live",
        from_: dt.date,
        to: dt.date,
        session_name: str | None = None,
        session_key: str | None = None,
        page_size: int | None = None,
    ) -> Iterator[SessionSummary]:
        """Sessions in the date range, fetched page by page as the iterator advances."""
        call = ops.list_sessions(type, from_, to, session_name, session_key, page_size)
        return self._paginate(call)

    def get_session(self, session_id: str, *, type: str | None = None) -> SessionDetail:
        """Details of one session."""
        return self._run(ops.get_session(session_id, type))

    def end_session(self, session_id: str) -> None:
        """End a live session for everyone."""
        self._run(ops.end_session(session_id))

    def delete_session(self, session_id: str) -> None:
        """Delete a session object."""
        self._run(ops.delete_session(session_id))

    def list_session_users(
        self, session_id: str, *, type: SessionType = "live", page_size: int | None = None
    ) -> Iterator[SessionUser]:
        """Users of a live or past session, lazily paginated."""
        return self._paginate(ops.list_session_users(session_id, type, page_size))

    def session_event(
        self, session_id: str, method: str, params: Mapping[str, Any] | None = None
    ) -> None:
        """In-session control: ``recording.start``, ``user.remove`` (``participant_uuid``)..."""
        self._run(ops.session_event(session_id, method, params))

    # --- recordings -----------------------------------------------------------------
    def list_recordings(
        self,
        *,
        from_: dt.date,
        to: dt.date,
        trash: bool = False,
        trash_type: str | None = None,
        page_size: int | None = None,
    ) -> Iterator[SessionRecordings]:
        """Every session with cloud recordings in the date range, lazily paginated."""
        return self._paginate(ops.list_recordings(from_, to, trash, trash_type, page_size))

    def get_session_recordings(
        self, session_id: str, *, include_download_token: bool = True, ttl: int | None = None
    ) -> SessionRecordings:
        """One session's recordings, with ``download_access_token`` unless told otherwise."""
        return self._run(ops.get_session_recordings(session_id, include_download_token, ttl))

    def delete_session_recordings(self, session_id: str, action: DeleteAction = "trash") -> None:
        """Trash (recoverable) or delete (permanent) every recording file of a session."""
        self._run(ops.delete_session_recordings(session_id, action))

    def delete_recording_file(
        self, session_id: str, recording_id: str, action: DeleteAction = "trash"
    ) -> None:
        """Trash or delete one recording file."""
        self._run(ops.delete_recording_file(session_id, recording_id, action))

    def recover_session_recordings(self, session_id: str) -> None:
        """Bring a session's trashed recordings back."""
        self._run(ops.recover_session_recordings(session_id))

    def recover_recording_file(self, session_id: str, recording_id: str) -> None:
        """Bring one trashed recording file back."""
        self._run(ops.recover_recording_file(session_id, recording_id))

    # --- bring your own storage ----------------------------------------------------
    def update_storage_settings(
        self, *, bring_our_own_storage: bool, storage_location_id: str | None = None
    ) -> None:
        """Turn BYOS on (recordings go to ``storage_location_id``) or off (Zoom's cloud)."""
        self._run(ops.update_storage_settings(bring_our_own_storage, storage_location_id))

    def list_storage_locations(self) -> list[StorageLocation]:
        """Every storage location of the account."""
        return self._run(ops.list_storage_locations())

    def add_storage_location(self, name: str, s3: S3Storage) -> StorageLocation:
        """Add an Amazon S3 location; ``s3.access_key`` is sent to Zoom and nowhere else."""
        return self._run(ops.add_storage_location(name, s3))

    def get_storage_location(self, location_id: str) -> StorageLocation:
        """One storage location, with Zoom's ``verify_status``."""
        return self._run(ops.get_storage_location(location_id))

    def update_storage_location(
        self, location_id: str, *, name: str | None = None, s3: S3Storage | None = None
    ) -> None:
        """Rename a location or replace its S3 details (new bucket or access key)."""
        self._run(ops.update_storage_location(location_id, name, s3))

    def delete_storage_location(self, location_id: str) -> None:
        """Delete a storage location."""
        self._run(ops.delete_storage_location(location_id))

    # --- reports --------------------------------------------------------------------
    def daily_report(self, year: int, month: int) -> DailyReport:
        """Sessions, users and minutes per day of one month."""
        return self._run(ops.daily_report(year, month))

    def cloud_recording_report(self, *, from_: dt.date, to: dt.date) -> CloudRecordingReport:
        """Cloud recording storage usage per day."""
        return self._run(ops.cloud_recording_report(from_, to))

    # --- media ----------------------------------------------------------------------
    def download(self, download_url: str, token: str, dest: BinaryIO) -> int:
        """Stream a recording file into ``dest``; returns the file's size in bytes.

        Sends ``Authorization: Bearer <token>`` to the download URL's own origin only;
        a redirect to another host (a storage bucket) is followed without it. When the
        connection drops mid-body and ``dest`` is seekable, the download resumes with a
        ``Range`` request if the server sent an ETag or ``Accept-Ranges: bytes``, and
        restarts from the position ``dest`` had at the call otherwise, or when the file
        changed meanwhile (per the retry policy). The final size is checked against the
        size the server announced.
        """
        origin = httpx.URL(download_url)
        progress = DownloadProgress.into(dest)
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._download_once(origin, token, dest, progress)
            except httpx.TransportError as exc:
                delay = self.retry.after_error(attempt, exc, idempotent=True)
                if delay is None or not progress.after_failure(dest):
                    raise self._transport_error(origin, exc) from None
                time.sleep(delay)

    def _download_once(
        self, origin: httpx.URL, token: str, dest: BinaryIO, progress: DownloadProgress
    ) -> int:
        url, with_token = origin, True
        for _ in range(MAX_REDIRECTS + 1):
            headers = {"Authorization": f"Bearer {token}"} if with_token else {}
            headers.update(progress.request_headers())
            response = self._send("GET", url, headers=headers, idempotent=True, stream=True)
            try:
                if response.is_redirect:
                    url, with_token = redirect_target(response, origin)
                    continue
                step = progress.accept(response, dest)
                if step is Step.ERROR:
                    response.read()
                    self._check(response, refused=DOWNLOAD_CREDENTIALS)
                if step is Step.DONE:
                    return progress.received
                if step is Step.AGAIN:
                    continue
                written = 0
                for chunk in response.iter_bytes():
                    dest.write(chunk)
                    written += len(chunk)
                    progress.received += len(chunk)
                return progress.finish(response, written)
            finally:
                response.close()
        raise ZoomError(f"download redirected more than {MAX_REDIRECTS} times")

    # --- execution ------------------------------------------------------------------
    def _run(self, call: Call[T]) -> T:
        response = self._send(
            call.method, self._url(call), json=call.json, idempotent=call.idempotent
        )
        self._check(response)
        return call.parse(response)

    def _paginate(self, call: PagedCall[M]) -> Iterator[M]:
        token: str | None = None
        while True:
            page = self._run(call.page(token))
            yield from page.items
            if not page.next_page_token:
                return
            token = page.next_page_token

    def _send(
        self,
        method: str,
        url: httpx.URL,
        *,
        headers: Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
        idempotent: bool,
        stream: bool = False,
    ) -> httpx.Response:
        """Send with retries; ``headers=None`` means an API call (fresh JWT every attempt)."""
        attempt = 0
        while True:
            attempt += 1
            request = self._http.build_request(
                method,
                url,
                json=json,
                headers=self._api_headers() if headers is None else headers,
            )
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                delay = self.retry.after_error(attempt, exc, idempotent=idempotent)
                if delay is None:
                    raise self._transport_error(request.url, exc) from None
                time.sleep(delay)
                continue
            delay = self.retry.after_response(attempt, response, idempotent=idempotent)
            if delay is None:
                return response
            response.close()
            time.sleep(delay)
