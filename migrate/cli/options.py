"""Options several commands share: Twilio credentials, the cutoff, dates and times.

Written once so every command spells, documents and validates them the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from migrate.errors import ConfigError
from migrate.settings import Settings, load_settings

AccountSid = Annotated[str | None, typer.Option(help="Overrides TWILIO_ACCOUNT_SID.")]
AuthToken = Annotated[str | None, typer.Option(help="Overrides TWILIO_AUTH_TOKEN.")]
ApiKey = Annotated[str | None, typer.Option(help="Overrides TWILIO_API_KEY.")]
ApiSecret = Annotated[str | None, typer.Option(help="Overrides TWILIO_API_SECRET.")]
BaseUrl = Annotated[str | None, typer.Option(help="Overrides TWILIO_VIDEO_BASE_URL.")]
Cutoff = Annotated[str | None, typer.Option(help="Overrides TWILIO2ZOOM_CUTOFF (YYYY-MM-DD).")]


def parse_moment(value: str, option: str) -> dt.datetime:
    """A date or ISO 8601 time given to ``option``; naive values are taken as UTC."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} expects a date (YYYY-MM-DD) or ISO 8601 time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_date(value: str, option: str) -> dt.date:
    """A calendar date given to ``option``."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} expects a date (YYYY-MM-DD), got {value!r}") from None


def twilio_settings(
    *,
    account_sid: str | None,
    auth_token: str | None,
    api_key: str | None,
    api_secret: str | None,
    base_url: str | None,
    cutoff: str | None,
) -> Settings:
    """Settings from the environment with the Twilio options applied.

    Fails early (one line, exit 2) when no usable Twilio credential is set.
    """
    settings = load_settings(
        twilio_account_sid=account_sid,
        twilio_auth_token=auth_token,
        twilio_api_key=api_key,
        twilio_api_secret=api_secret,
        twilio_video_base_url=base_url,
        twilio2zoom_cutoff=parse_date(cutoff, "--cutoff") if cutoff else None,
    )
    settings.twilio_basic_auth()
    return settings
