"""Everything one bridge needs: credentials, where to forward, the queue, retry timing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from mappings import limits
from migrate.bridge.outbox import DEFAULT_RETENTION, check_retention
from migrate.bridge.routing import Route, Router, Target
from migrate.errors import MissingCredentialError
from migrate.retry import RetryPolicy
from migrate.settings import Settings

# Backoff between delivery attempts: grows to five minutes and stays there. There is no
# attempt limit; only ``give_up_after`` ends the retries, so an outage loses nothing.
DEFAULT_RETRY = RetryPolicy(base=1.0, cap=300.0)
# Zoom itself stops redelivering after about 1.5 hours; the bridge keeps trying far longer.
DEFAULT_GIVE_UP_AFTER = 72 * 3600.0
# Twilio waits up to 15 seconds for a status callback answer.
DEFAULT_REQUEST_TIMEOUT = 15.0
# Pruning is cheap and retention is counted in days, so hourly keeps the file near its
# steady size without the worker spending time on it between webhooks.
DEFAULT_PRUNE_INTERVAL = 3600.0


@dataclass(frozen=True)
class BridgeConfig:
    """Settings of one bridge; secrets are ``SecretStr`` so a repr never shows them.

    ``retention`` (seconds, at least a day) is how long delivered callbacks and event keys
    are kept; the worker prunes older ones every ``prune_interval`` seconds.
    """

    webhook_secret: SecretStr
    auth_token: SecretStr
    account_sid: str
    forward_to: str
    db_path: Path
    forward_method: str = "POST"
    routes: tuple[Route, ...] = ()
    shim_store: Path | None = None
    tolerance: float = limits.ZOOM_WEBHOOK_TOLERANCE_SECONDS
    retry: RetryPolicy = field(default=DEFAULT_RETRY)
    give_up_after: float = DEFAULT_GIVE_UP_AFTER
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    poll_interval: float = 0.25
    retention: float = DEFAULT_RETENTION
    prune_interval: float = DEFAULT_PRUNE_INTERVAL

    def __post_init__(self) -> None:
        check_retention(self.retention)

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> BridgeConfig:
        """Credentials from ``settings`` (env and options); the rest from ``options``.

        Raises :class:`MissingCredentialError` naming the first variable that is missing.
        """
        secret = settings.zoom_webhook_secret()
        token = settings.twilio_auth_token_value()
        account_sid = settings.twilio_account_sid
        if not account_sid:
            raise MissingCredentialError("TWILIO_ACCOUNT_SID", "--account-sid")
        return cls(
            webhook_secret=SecretStr(secret),
            auth_token=SecretStr(token),
            account_sid=account_sid,
            **options,
        )

    def router(self) -> Router:
        """The routing table: shim store, routes file, then ``forward_to``."""
        default = Target(self.forward_to, self.forward_method, "default")
        return Router(self.routes, default, self.shim_store)
