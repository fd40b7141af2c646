"""Twilio Programmable Video emulator: the REST API and a separate media (storage) origin.

    with TwilioEmulator() as emu:
        client = twilio.rest.Client(emu.api_key, emu.api_secret, emu.account_sid)
        client.video.base_url = emu.api_url

Layout follows moto: ``models`` (state), ``responses`` (handlers), ``urls`` (routes),
plus ``media`` (storage host), ``callbacks`` (signed status callbacks) and ``seed``.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time

from migrate.lifecycle import Running
from migrate.sandbox.faults import FaultConfig, FaultMiddleware
from migrate.sandbox.runner import ServerHandle, start_server

from .callbacks import CallbackSender, Delivery
from .errors import fault_body
from .media import MediaOrigin, MediaSigner
from .models import DEFAULT_ACCOUNT_SID, Options, TwilioState
from .requestlog import RequestLog, RequestLogMiddleware, RequestRecord
from .responses import ApiEnv
from .seed import SeedSummary, seed_account
from .urls import api_app

__all__ = ["Delivery", "RequestRecord", "SeedSummary", "TwilioEmulator", "TwilioState"]


def _hex(label: str) -> str:
    return hashlib.blake2b(label.encode(), digest_size=16).hexdigest()


DEFAULT_AUTH_TOKEN = _hex("twilio2zoom sandbox auth token")
DEFAULT_API_KEY = "SK" + _hex("twilio2zoom sandbox api key")
DEFAULT_API_SECRET = _hex("twilio2zoom sandbox api secret")
# How often pending compositions are advanced (seconds).
_TICK_SECONDS = 0.02


def _media_fault_body(status: int) -> dict[str, object]:
    code = "SlowDown" if status in (429, 503) else "InternalError"
    return {"Code": code, "Message": "Please reduce your request rate." if status != 500 else code}


class TwilioEmulator(Running):
    """Both origins of the emulated Twilio Video service, on loopback ports.

    ``state`` is seedable and inspectable, ``faults`` mutable while running, ``requests``
    logs every request of either origin, ``callbacks.deliveries`` every status callback.
    """

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        api_key: str = DEFAULT_API_KEY,
        api_secret: str = DEFAULT_API_SECRET,
        faults: FaultConfig | None = None,
        *,
        seed: int = 0,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.api_key = api_key
        self.api_secret = api_secret
        self.faults = faults or FaultConfig()
        self.state = TwilioState(account_sid, seed=seed)
        self.requests = RequestLog()
        self.callbacks = CallbackSender(account_sid, auth_token)
        self.state.listeners.append(self.callbacks.on_event)
        signer = MediaSigner(secrets.token_bytes(32))
        self._media = MediaOrigin(lambda: self.state, signer, lambda: self.faults)
        env = ApiEnv(self.state, signer, lambda: self.media_url, lambda: self.faults)
        api = api_app(env, self._credentials)
        self._apps = {
            "api": RequestLogMiddleware(
                FaultMiddleware(api, lambda: self.faults, "api", fault_body), self.requests, "api"
            ),
            "media": RequestLogMiddleware(
                FaultMiddleware(self._media.app, lambda: self.faults, "media", _media_fault_body),
                self.requests,
                "media",
            ),
        }
        self._servers: dict[str, ServerHandle] = {}
        self.seed_summary: SeedSummary | None = None
        self._ticker_stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def _credentials(self) -> list[tuple[str, str]]:
        return [(self.account_sid, self.auth_token), (self.api_key, self.api_secret)]

    def __repr__(self) -> str:
        return f"TwilioEmulator(api_url={self._url('api')!r}, media_url={self._url('media')!r})"

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> TwilioEmulator:
        """Serve the API and the media origin on two free loopback ports."""
        if self._servers:
            return self
        self._servers = {name: start_server(app) for name, app in self._apps.items()}
        self.callbacks.start()
        self._ticker_stop.clear()
        self._ticker = threading.Thread(target=self._tick, name="twilio-lifecycle", daemon=True)
        self._ticker.start()
        return self

    def stop(self) -> None:
        """Stop both servers and the background threads."""
        self._ticker_stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5)
            self._ticker = None
        self.callbacks.stop()
        for server in self._servers.values():
            server.stop()
        self._servers = {}

    def reset(self) -> None:
        """Clear state, faults, options, the request log and callback deliveries."""
        self.callbacks.wait_idle()
        self.state.clear()
        self.state.options = Options()
        self.faults.reset()
        self.requests.clear()
        self.callbacks.deliveries.clear()
        self._media.forget()
        self.seed_summary = None

    def seed(
        self,
        *,
        rooms: int = 10,
        recordings_per_room: int = 4,
        recording_size: int = 64 * 1024,
        seed: int = 0,
    ) -> SeedSummary:
        """Fill the state with ``seed_account``; the summary is kept as ``seed_summary``."""
        self.seed_summary = seed_account(
            self.state,
            rooms=rooms,
            recordings_per_room=recordings_per_room,
            recording_size=recording_size,
            seed=seed,
        )
        return self.seed_summary

    def _tick(self) -> None:
        while not self._ticker_stop.wait(_TICK_SECONDS):
            self.state.tick(time.monotonic())

    # --- addresses -------------------------------------------------------------------------

    def _url(self, name: str) -> str | None:
        server = self._servers.get(name)
        return server.url if server else None

    @property
    def api_url(self) -> str:
        """Base URL of the REST API (``TWILIO_VIDEO_BASE_URL``)."""
        return self._require("api")

    @property
    def media_url(self) -> str:
        """Base URL of the media origin that ``/Media`` redirects point at."""
        return self._require("media")

    def _require(self, name: str) -> str:
        url = self._url(name)
        if url is None:
            raise RuntimeError("the Twilio emulator is not running; call start() first")
        return url

    def env(self) -> dict[str, str]:
        """Environment variables pointing a client at this emulator (the names docs/guide.md
        lists)."""
        return {
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_API_KEY": self.api_key,
            "TWILIO_API_SECRET": self.api_secret,
            "TWILIO_VIDEO_BASE_URL": self.api_url,
        }
