"""The Zoom Video SDK emulator: state, REST API, media, SDK join simulation, webhooks.

with ZoomEmulator(webhook_urls=[receiver]) as emu:
    client = ZoomClient(emu.api_key, emu.api_secret, base_url=emu.api_url)
"""

from __future__ import annotations

from typing import Any

import httpx

from migrate.lifecycle import Running
from migrate.sandbox.faults import FaultConfig
from migrate.sandbox.runner import ServerHandle, start_server
from migrate.sandbox.zoom.models import DEFAULT_ACCOUNT_ID, ZoomState
from migrate.sandbox.zoom.responses import Credentials, DownloadRedirect, ZoomResponses
from migrate.sandbox.zoom.urls import RecordedCall, build_app
from migrate.sandbox.zoom.webhooks import Delivery, WebhookDispatcher
from migrate.zoom.webhooks import WEBHOOK_RETRY_DELAYS

__all__ = ["Delivery", "RecordedCall", "ZoomEmulator", "ZoomState"]

# Deterministic sandbox credentials: obviously fake, never real secrets. Secrets are 32+
# bytes because PyJWT warns about shorter HMAC keys.
DEFAULT_CREDENTIALS = {
    "api_key": "sandbox-zoom-api-key",
    "api_secret": "sandbox-zoom-api-secret-0123456789abcdef",
    "sdk_key": "sandbox-zoom-sdk-key",
    "sdk_secret": "sandbox-zoom-sdk-secret-0123456789abcdef",
    "webhook_secret": "sandbox-zoom-webhook-secret-0123456789",
}


class ZoomEmulator(Running):
    """A Zoom Video SDK account on a loopback port; seed and inspect it through ``state``."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_CREDENTIALS["api_key"],
        api_secret: str = DEFAULT_CREDENTIALS["api_secret"],
        sdk_key: str = DEFAULT_CREDENTIALS["sdk_key"],
        sdk_secret: str = DEFAULT_CREDENTIALS["sdk_secret"],
        webhook_secret: str = DEFAULT_CREDENTIALS["webhook_secret"],
        webhook_urls: list[str] | None = None,
        account_id: str = DEFAULT_ACCOUNT_ID,
        faults: FaultConfig | None = None,
        seed: int = 0,
        file_size: int = 256 * 1024,
    ) -> None:
        self.api_key, self.api_secret = api_key, api_secret
        self.sdk_key, self.sdk_secret = sdk_key, sdk_secret
        self.webhook_secret = webhook_secret
        self.webhook_urls: list[str] = list(webhook_urls or [])
        self.faults = faults or FaultConfig()
        self.state = ZoomState(account_id=account_id, seed=seed, file_size=file_size)
        self.calls: list[RecordedCall] = []
        self.webhooks = WebhookDispatcher(webhook_secret, account_id, lambda: self.webhook_urls)
        self.state.emit = self.webhooks.emit
        self._responses = ZoomResponses(
            self.state, Credentials(api_key, api_secret, sdk_key, sdk_secret), self.faults
        )
        self._server: ServerHandle | None = None

    # --- lifecycle --------------------------------------------------------------------
    def start(self) -> ZoomEmulator:
        """Serve on a free loopback port and start webhook delivery."""
        if self._server is None:
            self.webhooks.start()
            app = build_app(self._responses, self.calls, lambda: self.faults)
            self._server = start_server(app)
            self.state.media_base = self._server.url
        return self

    def stop(self) -> None:
        """Deliver pending webhooks and stop the server."""
        self.webhooks.stop()
        if self._server is not None:
            self._server.stop()
            self._server = None

    def reset(self) -> None:
        """Fresh state, no calls, no webhooks (pending retries dropped), default faults and
        retry timing; the server keeps running."""
        self.webhooks.clear()
        self.state.reset()
        self.calls.clear()
        self.faults.reset()
        self.webhook_urls.clear()
        self.webhook_retry_delays = WEBHOOK_RETRY_DELAYS
        self.time_scale = 1.0
        self.download_redirect = None
        self._responses.storage_requests.clear()

    # --- addresses and credentials ----------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL of the server (``http://127.0.0.1:PORT``)."""
        if self._server is None:
            raise RuntimeError("ZoomEmulator is not started")
        return self._server.url

    @property
    def api_url(self) -> str:
        """``ZOOM_API_BASE_URL`` for clients: ``http://127.0.0.1:PORT/v2``."""
        return f"{self.url}/v2"

    def env(self) -> dict[str, str]:
        """Environment variables (the names docs/guide.md lists) that point a client at this
        emulator."""
        return {
            "ZOOM_API_KEY": self.api_key,
            "ZOOM_API_SECRET": self.api_secret,
            "ZOOM_SDK_KEY": self.sdk_key,
            "ZOOM_SDK_SECRET": self.sdk_secret,
            "ZOOM_WEBHOOK_SECRET_TOKEN": self.webhook_secret,
            "ZOOM_API_BASE_URL": self.api_url,
        }

    # --- knobs and inspection ---------------------------------------------------------
    @property
    def download_redirect(self) -> DownloadRedirect:
        """None (serve bytes), ``"same-host"`` or ``"cross-host"`` (signed storage URL)."""
        return self._responses.download_redirect

    @download_redirect.setter
    def download_redirect(self, value: DownloadRedirect) -> None:
        self._responses.download_redirect = value

    @property
    def webhook_retry_delays(self) -> tuple[float, ...]:
        """Seconds before each retry of a failed webhook (Zoom's 5, 20, 60 minutes)."""
        return self.webhooks.retry_delays

    @webhook_retry_delays.setter
    def webhook_retry_delays(self, value: tuple[float, ...]) -> None:
        self.webhooks.retry_delays = tuple(value)

    @property
    def time_scale(self) -> float:
        """Multiplies the retry delays: 1.0 is real time, a tiny value suits tests."""
        return self.webhooks.time_scale

    @time_scale.setter
    def time_scale(self, value: float) -> None:
        if not value >= 0:
            raise ValueError(f"time_scale must be 0 or more, got {value}")
        self.webhooks.time_scale = value

    @property
    def storage_requests(self) -> list[dict[str, Any]]:
        """Requests that reached the fake storage host, with any Authorization they carried."""
        return self._responses.storage_requests

    @property
    def deliveries(self) -> list[Delivery]:
        """Every webhook POST so far, retries included (call :meth:`flush_webhooks` first)."""
        return self.webhooks.deliveries

    @property
    def events(self) -> list[dict[str, Any]]:
        """Every webhook body emitted so far, in order."""
        return self.webhooks.events

    def validate_webhook_url(self, url: str) -> bool:
        """Send Zoom's signed ``endpoint.url_validation`` challenge to ``url``; True if answered."""
        return self.webhooks.validate_url(url)

    def flush_webhooks(self, timeout: float = 10.0) -> None:
        """Wait until every webhook try due within ``timeout`` has been posted."""
        self.webhooks.flush(timeout)

    # --- SDK simulation helpers -------------------------------------------------------
    def join(self, token: str, user_name: str) -> dict[str, Any]:
        """``POST /_sandbox/join`` over HTTP, as a Video SDK client would join."""
        response = httpx.post(
            f"{self.url}/_sandbox/join", json={"token": token, "user_name": user_name}
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def leave(self, session_id: str, user_id: str, *, end: bool = False) -> None:
        """``POST /_sandbox/leave`` over HTTP; ``end=True`` is the host ending the session."""
        body = {"session_id": session_id, "user_id": user_id, "end": end}
        httpx.post(f"{self.url}/_sandbox/leave", json=body).raise_for_status()
