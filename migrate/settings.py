"""One settings model for every command, the shim, the sandbox and the tests.

Values come from the environment variables docs/guide.md lists; command options override
them through :meth:`Settings.with_overrides`. Secrets are ``SecretStr``: their repr
and str are masked, so they never reach output, logs or exceptions by accident.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from migrate.errors import MissingCredentialError

DEFAULT_CUTOFF = dt.date(2026, 12, 5)


class Settings(BaseSettings):
    """The environment docs/guide.md lists; field names are the variables in lower case."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_api_key: str | None = None
    twilio_api_secret: SecretStr | None = None
    twilio_video_base_url: str = "https://video.twilio.com"
    zoom_sdk_key: str | None = None
    zoom_sdk_secret: SecretStr | None = None
    zoom_api_key: str | None = None
    zoom_api_secret: SecretStr | None = None
    zoom_api_base_url: str = "https://api.zoom.us/v2"
    zoom_webhook_secret_token: SecretStr | None = None
    twilio2zoom_cutoff: dt.date = DEFAULT_CUTOFF

    @field_validator("twilio2zoom_cutoff", mode="before")
    @classmethod
    def _cutoff_format(cls, value: object) -> object:
        # Pydantic's own message ("invalid character in year") does not say the format.
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError("expected a date as YYYY-MM-DD, e.g. 2026-12-05") from None
        return value

    def with_overrides(self, **values: Any) -> Settings:
        """Return a copy where every non-None keyword (a command option) replaces the env value."""
        given = {k: v for k, v in values.items() if v is not None}
        for key, value in list(given.items()):
            if key in _SECRET_FIELDS and isinstance(value, str):
                given[key] = SecretStr(value)
        return self.model_copy(update=given)

    @property
    def cutoff(self) -> dt.date:
        """The date the export must finish by (``TWILIO2ZOOM_CUTOFF``)."""
        return self.twilio2zoom_cutoff

    def twilio_basic_auth(self) -> tuple[str, str]:
        """Username and password for Twilio REST calls; the API key pair is preferred.

        Raises :class:`MissingCredentialError` naming the first variable that is missing.
        """
        if self.twilio_api_key or self.twilio_api_secret:
            key = self.twilio_api_key or _missing("TWILIO_API_KEY", "--api-key")
            secret = self.twilio_api_secret or _missing("TWILIO_API_SECRET", "--api-secret")
            return key, secret.get_secret_value()
        sid = self.twilio_account_sid or _missing("TWILIO_ACCOUNT_SID", "--account-sid")
        token = self.twilio_auth_token or _missing("TWILIO_AUTH_TOKEN", "--auth-token")
        return sid, token.get_secret_value()

    def zoom_api_credentials(self) -> tuple[str, str]:
        """API key and secret that sign the Zoom REST API JWT."""
        key = self.zoom_api_key or _missing("ZOOM_API_KEY", "--zoom-api-key")
        secret = self.zoom_api_secret or _missing("ZOOM_API_SECRET", "--zoom-api-secret")
        return key, secret.get_secret_value()

    def zoom_sdk_credentials(self) -> tuple[str, str]:
        """SDK key and secret that sign session JWTs for clients."""
        key = self.zoom_sdk_key or _missing("ZOOM_SDK_KEY", "--zoom-sdk-key")
        secret = self.zoom_sdk_secret or _missing("ZOOM_SDK_SECRET", "--zoom-sdk-secret")
        return key, secret.get_secret_value()

    def zoom_webhook_secret(self) -> str:
        """Secret token that verifies Zoom webhooks."""
        token = self.zoom_webhook_secret_token or _missing("ZOOM_WEBHOOK_SECRET_TOKEN")
        return token.get_secret_value()

    def twilio_auth_token_value(self) -> str:
        """Account auth token (signs and validates status callbacks)."""
        token = self.twilio_auth_token or _missing("TWILIO_AUTH_TOKEN", "--auth-token")
        return token.get_secret_value()

    def secret_values(self) -> list[str]:
        """Every secret that is set, for redaction filters."""
        return [
            s.get_secret_value()
            for s in (
                self.twilio_auth_token,
                self.twilio_api_secret,
                self.zoom_sdk_secret,
                self.zoom_api_secret,
                self.zoom_webhook_secret_token,
            )
            if s is not None and s.get_secret_value()
        ]


_SECRET_FIELDS = {
    "twilio_auth_token",
    "twilio_api_secret",
    "zoom_sdk_secret",
    "zoom_api_secret",
    "zoom_webhook_secret_token",
}


def _missing(variable: str, option: str | None = None) -> Any:
    raise MissingCredentialError(variable, option)


def load_settings(**overrides: Any) -> Settings:
    """Read the environment, then apply command-line overrides."""
    return Settings().with_overrides(**overrides)
