"""What every shim Video resource shares: the Zoom client, the SID store, the account."""

from __future__ import annotations

import threading
from pathlib import Path

from migrate.settings import Settings
from migrate.shim.store import SidStore
from migrate.zoom import ZoomClient


class ZoomBackend:
    """Lazily opened Zoom client and SID store, one per shim ``Client``.

    Nothing is opened at construction, so a ``Client`` used only for SMS never needs
    Zoom credentials; a missing credential is reported on the first Video call.
    """

    def __init__(self, settings: Settings, account_sid: str | None, store_path: Path) -> None:
        self.settings = settings
        self.account_sid = account_sid or ""
        self._store_path = store_path
        self._lock = threading.Lock()
        self._zoom: ZoomClient | None = None
        self._store: SidStore | None = None

    @property
    def zoom(self) -> ZoomClient:
        """The Zoom REST client (raises MissingCredentialError naming the variable)."""
        with self._lock:
            if self._zoom is None:
                self._zoom = ZoomClient.from_settings(self.settings)
            return self._zoom

    @property
    def store(self) -> SidStore:
        """The SID store at ``TWILIO2ZOOM_SHIM_STORE``."""
        with self._lock:
            if self._store is None:
                self._store = SidStore(self._store_path)
            return self._store

    def close(self) -> None:
        """Close what was opened."""
        with self._lock:
            if self._zoom is not None:
                self._zoom.close()
                self._zoom = None
            if self._store is not None:
                self._store.close()
                self._store = None
