"""Asynchronous Zoom Video SDK REST client: the same operations as :class:`ZoomClient`."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Mapping
from types import TracebackType
from typing import Any, BinaryIO, TypeVar

import httpx
from pydantic import BaseModel

from mappings import limits
from migrate.retry import RetryPolicy
from migrate.settings import Settings
from migrate.zoom import operations as ops
from migrate.zoom.client import DEFAULT_BASE_URL
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
from migrate.zoom.transport import (
    MAX_REDIRECTS,
    ClientCore,
    DownloadProgress,
    Step,
    redirect_target,
)

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


class AsyncZoomClient:
    """Async twin of :class:`~migrate.zoom.client.ZoomClient` over one ``httpx.AsyncClient``."""

    def __init__(
        self,
        api_key: str,
        api_secret: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        token_ttl: int = limits.ZOOM_API_JWT_TTL,
    ) -> None:
        self._core = ClientCore(api_key, api_secret, base_url, retry or RetryPolicy(), token_ttl)
        self._http = httpx.AsyncClient(timeout=timeout, http2=True, follow_redirects=False)

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> AsyncZoomClient:
        """Client for ``ZOOM_API_KEY``/``ZOOM_API_SECRET`` at ``ZOOM_API_BASE_URL``."""
        key, secret = settings.zoom_api_credentials()
        return cls(key, secret, base_url=settings.zoom_api_base_url, **options)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncZoomClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # --- sessions -------------------------------------------------------------------
    async def create_session(
        self, session_name: str, *, auto_recording: str | None = None
    ) -> CreatedSession:
        """Pre-register a session; it starts when the first user joins."""
        return await self._run(ops.create_session(session_name, auto_recording))

    def list_sessions(
        self,
        *,
        type: SessionType = "live",
        from_: dt.date,
        to: dt.date,
        session_name: str | None = None,
        session_key: str | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[SessionSummary]:
        """Sessions in the date range, fetched page by page as iteration advances."""
        call = ops.list_sessions(type, from_, to, session_name, session_key, page_size)
        return self._paginate(call)

    async def get_session(self, session_id: str, *, type: str | None = None) -> SessionDetail:
        """Details of one session."""
        return await self._run(ops.get_session(session_id, type))

    async def end_session(self, session_id: str) -> None:
        """End a live session for everyone."""
        await self._run(ops.end_session(session_id))

    async def delete_session(self, session_id: str) -> None:
        """Delete a session object."""
        await self._run(ops.delete_session(session_id))

    def list_session_users(
        self, session_id: str, *, type: SessionType = "live", page_size: int | None = None
    ) -> AsyncIterator[SessionUser]:
        """Users of a live or past session, lazily paginated."""
        return self._paginate(ops.list_session_users(session_id, type, page_size))

    async def session_event(
        self, session_id: str, method: str, params: Mapping[str, Any] | None = None
    ) -> None:
        """In-session control: ``recording.start``, ``user.remove`` (``participant_uuid``)..."""
        await self._run(ops.session_event(session_id, method, params))

    # --- recordings -----------------------------------------------------------------
    def list_recordings(
        self,
        *,
        from_: dt.date,
        to: dt.date,
        trash: bool = False,
        trash_type: str | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[SessionRecordings]:
        """Every session with cloud recordings in the date range, lazily paginated."""
        return self._paginate(ops.list_recordings(from_, to, trash, trash_type, page_size))

    async def get_session_recordings(
        self, session_id: str, *, include_download_token: bool = True, ttl: int | None = None
    ) -> SessionRecordings:
        """One session's recordings, with ``download_access_token`` unless told otherwise."""
        call = ops.get_session_recordings(session_id, include_download_token, ttl)
        return await self._run(call)

    async def delete_session_recordings(
        self, session_id: str, action: DeleteAction = "trash"
    ) -> None:
        """Trash (recoverable) or delete (permanent) every recording file of a session."""
        await self._run(ops.delete_session_recordings(session_id, action))

    async def delete_recording_file(
        self, session_id: str, recording_id: str, action: DeleteAction = "trash"
    ) -> None:
        """Trash or delete one recording file."""
        await self._run(ops.delete_recording_file(session_id, recording_id, action))

    async def recover_session_recordings(self, session_id: str) -> None:
        """Bring a session's trashed recordings back."""
        await self._run(ops.recover_session_recordings(session_id))

    async def recover_recording_file(self, session_id: str, recording_id: str) -> None:
        """Bring one trashed recording file back."""
        await self._run(ops.recover_recording_file(session_id, recording_id))

    # --- bring your own storage ----------------------------------------------------
    async def update_storage_settings(
        self, *, bring_our_own_storage: bool, storage_location_id: str | None = None
    ) -> None:
        """Turn BYOS on (recordings go to ``storage_location_id``) or off (Zoom's cloud)."""
        await self._run(ops.update_storage_settings(bring_our_own_storage, storage_location_id))

    async def list_storage_locations(self) -> list[StorageLocation]:
        """Every storage location of the account."""
        return await self._run(ops.list_storage_locations())

    async def add_storage_location(self, name: str, s3: S3Storage) -> StorageLocation:
        """Add an Amazon S3 location; ``s3.access_key`` is sent to Zoom and nowhere else."""
        return await self._run(ops.add_storage_location(name, s3))

    async def get_storage_location(self, location_id: str) -> StorageLocation:
        """One storage location, with Zoom's ``verify_status``."""
        return await self._run(ops.get_storage_location(location_id))

    async def update_storage_location(
        self, location_id: str, *, name: str | None = None, s3: S3Storage | None = None
    ) -> None:
        """Rename a location or replace its S3 details (new bucket or access key)."""
        await self._run(ops.update_storage_location(location_id, name, s3))

    async def delete_storage_location(self, location_id: str) -> None:
        """Delete a storage location."""
        await self._run(ops.delete_storage_location(location_id))

    # --- reports --------------------------------------------------------------------
    async def daily_report(self, year: int, month: int) -> DailyReport:
        """Sessions, users and minutes per day of one month."""
        return await self._run(ops.daily_report(year, month))

    async def cloud_recording_report(self, *, from_: dt.date, to: dt.date) -> CloudRecordingReport:
        """Cloud recording storage usage per day."""
        return await self._run(ops.cloud_recording_report(from_, to))

    # --- media ----------------------------------------------------------------------
    async def download(self, download_url: str, token: str, dest: BinaryIO) -> int:
        """Stream a recording file into ``dest``; token, resume and restart rules as in the
        sync client."""
        origin = httpx.URL(download_url)
        progress = DownloadProgress.into(dest)
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._download_once(origin, token, dest, progress)
            except httpx.TransportError as exc:
                delay = self._core.retry_delay(attempt, True, error=exc)
                if delay is None or not progress.after_failure(dest):
                    raise self._core.transport_error(origin, exc) from None
                await asyncio.sleep(delay)

    async def _download_once(
        self, origin: httpx.URL, token: str, dest: BinaryIO, progress: DownloadProgress
    ) -> int:
        url, with_token = origin, True
        for _ in range(MAX_REDIRECTS + 1):
            headers = {"Authorization": f"Bearer {token}"} if with_token else {}
            headers.update(progress.request_headers())
            response = await self._send("GET", url, headers=headers, idempotent=True, stream=True)
            try:
                if response.is_redirect:
                    url, with_token = redirect_target(response, origin)
                    continue
                step = progress.accept(response, dest)
                if step is Step.ERROR:
                    await response.aread()
                    self._core.check(response)
                if step is Step.DONE:
                    return progress.received
                if step is Step.AGAIN:
                    continue
                written = 0
                async for chunk in response.aiter_bytes():
                    dest.write(chunk)
                    written += len(chunk)
                    progress.received += len(chunk)
                return progress.finish(response, written)
            finally:
                await response.aclose()
        raise ZoomError(f"download redirected more than {MAX_REDIRECTS} times")

    # --- execution ------------------------------------------------------------------
    async def _run(self, call: Call[T]) -> T:
        response = await self._send(
            call.method, self._core.url(call), json=call.json, idempotent=call.idempotent
        )
        self._core.check(response)
        return call.parse(response)

    async def _paginate(self, call: PagedCall[M]) -> AsyncIterator[M]:
        token: str | None = None
        while True:
            page = await self._run(call.page(token))
            for item in page.items:
                yield item
            if not page.next_page_token:
                return
            token = page.next_page_token

    async def _send(
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
                headers=self._core.api_headers() if headers is None else headers,
            )
            try:
                response = await self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                delay = self._core.retry_delay(attempt, idempotent, error=exc)
                if delay is None:
                    raise self._core.transport_error(request.url, exc) from None
                await asyncio.sleep(delay)
                continue
            delay = self._core.retry_delay(attempt, idempotent, response=response)
            if delay is None:
                return response
            await response.aclose()
            await asyncio.sleep(delay)
