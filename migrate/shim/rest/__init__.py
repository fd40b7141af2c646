"""Counterpart of ``twilio.rest``: the ``Client`` whose Video calls run on Zoom.

``client.video`` (and the deprecated ``client.video.rooms`` style) talks to the Zoom
Video SDK REST API; every other product (``messages``, ``calls``, ``conversations``,
``verify``, ...) is handed to a real ``twilio.rest.Client`` built lazily with the same
arguments, so an application that also sends SMS keeps working.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from typing import Any

from migrate.settings import Settings, load_settings
from migrate.shim.rest.video import Video
from migrate.shim.rest.video.backend import ZoomBackend
from migrate.shim.store import store_path


class TwilioPackageMissingError(ImportError):
    """A non-Video product was used but the ``twilio`` package is not installed."""


class Client:
    """Drop-in for ``twilio.rest.Client``: same constructor, Video backed by Zoom.

    Zoom credentials come from ``ZOOM_API_KEY`` / ``ZOOM_API_SECRET`` /
    ``ZOOM_API_BASE_URL`` (read from ``environment`` when given, else the process
    environment) or from the keyword arguments.
    """

    def __init__(
        self,
        username: str | None = None,
        password: str | None = None,
        account_sid: str | None = None,
        region: str | None = None,
        http_client: Any = None,
        environment: MutableMapping[str, str] | None = None,
        edge: str | None = None,
        user_agent_extensions: list[str] | None = None,
        credential_provider: Any = None,
        *,
        zoom_api_key: str | None = None,
        zoom_api_secret: str | None = None,
        zoom_api_base_url: str | None = None,
    ) -> None:
        env: Mapping[str, str] = os.environ if environment is None else environment
        # The same attributes twilio's ClientBase exposes.
        self.username = username or env.get("TWILIO_ACCOUNT_SID")
        self.password = password or env.get("TWILIO_AUTH_TOKEN")
        self.account_sid = account_sid or self.username
        self.region = region or env.get("TWILIO_REGION")
        self.edge = edge or env.get("TWILIO_EDGE")
        self.user_agent_extensions = user_agent_extensions or []
        self.credential_provider = credential_provider
        self.http_client = http_client
        self._twilio_args: dict[str, Any] = {
            "username": username,
            "password": password,
            "account_sid": account_sid,
            "region": region,
            "http_client": http_client,
            "environment": environment,
            "edge": edge,
            "user_agent_extensions": user_agent_extensions,
            "credential_provider": credential_provider,
        }
        self._settings = _zoom_settings(
            environment,
            zoom_api_key=zoom_api_key,
            zoom_api_secret=zoom_api_secret,
            zoom_api_base_url=zoom_api_base_url,
        )
        self._backend = ZoomBackend(self._settings, self.account_sid, store_path(env))
        self._video: Video | None = None
        self._twilio: Any = None

    @property
    def video(self) -> Video:
        """The Video domain, backed by the Zoom Video SDK."""
        if self._video is None:
            self._video = Video(self._backend)
        return self._video

    @property
    def twilio_client(self) -> Any:
        """The real ``twilio.rest.Client`` that serves every non-Video product."""
        if self._twilio is None:
            try:
                from twilio.rest import Client as TwilioClient
            except ImportError:
                raise TwilioPackageMissingError(
                    "this product is not part of Twilio Video, so the shim hands it to the "
                    "'twilio' package, which is not installed: pip install twilio"
                ) from None
            self._twilio = TwilioClient(**self._twilio_args)
        return self._twilio

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes the shim does not define: other Twilio products.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.twilio_client, name)

    def close(self) -> None:
        """Release the Zoom HTTP connections and the SID store."""
        self._backend.close()

    def __repr__(self) -> str:
        return f"<migrate.shim Client {self.account_sid or ''}>"


def _zoom_settings(environment: Mapping[str, str] | None, **keywords: str | None) -> Settings:
    overrides: dict[str, Any] = {}
    if environment is not None:
        overrides = {
            name.lower(): value
            for name, value in environment.items()
            if name.startswith("ZOOM_") and name.lower() in Settings.model_fields
        }
    overrides.update({k: v for k, v in keywords.items() if v is not None})
    return load_settings(**overrides)


__all__ = ["Client", "TwilioPackageMissingError"]
