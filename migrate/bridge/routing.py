"""Where each Zoom session's callbacks go: the shim's room callback, a routes file, a default.

Order: the status callback the shim recorded when it created the room (what the
application asked Twilio for), then the first matching entry of the routes file, then
``--forward-to``. Session names match case-insensitively (Zoom lower-cases them) and
may be shell-style globs (``standup-*``).
"""

from __future__ import annotations

import fnmatch
import json
import logging
import sqlite3
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from migrate.errors import ConfigError
from migrate.redact import redact
from migrate.shim.store import status_callback_for_session

log = logging.getLogger(__name__)

Method = Literal["GET", "POST"]


def _is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def check_url(url: str, what: str) -> str:
    """``url`` when it is an absolute http(s) URL, else a :class:`ConfigError` naming ``what``."""
    if not _is_http_url(url):
        raise ConfigError(f"{what} must be an http:// or https:// URL, got {redact(url)!r}")
    return url


@dataclass(frozen=True)
class Target:
    """A callback destination and why it was chosen (``shim``, ``routes`` or ``default``)."""

    url: str
    method: str
    source: str


class Route(BaseModel):
    """One routes-file entry: a session name or glob, and where its callbacks go."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session: str = Field(min_length=1)
    url: str
    method: Method = "POST"

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not _is_http_url(value):
            raise ValueError("must be an http:// or https:// URL")
        return value

    def matches(self, session_name: str) -> bool:
        """True when the session name equals or fits the pattern, ignoring case."""
        return fnmatch.fnmatchcase(session_name.lower(), self.session.lower())


class _RoutesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    route: list[Route] = Field(default_factory=list)


def load_routes(path: Path) -> tuple[Route, ...]:
    """Read a routes file: TOML (``.toml``) or JSON (anything else), ``route`` = list of entries.

    Any problem is one :class:`ConfigError` line naming the file.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read routes file {path}: {exc.strerror}") from None
    data: Any
    try:
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise ConfigError(f"routes file {path} is not valid: {exc}") from None
    try:
        return tuple(_RoutesFile.model_validate(data).route)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"routes file {path}: {where}: {first['msg']}") from None


class Router:
    """Chooses the :class:`Target` for a session; never raises for a lookup problem."""

    def __init__(
        self, routes: Sequence[Route], default: Target, shim_store: Path | None = None
    ) -> None:
        self._routes = tuple(routes)
        self._default = default
        self._shim_store = shim_store

    def target(self, session_id: str, session_name: str) -> Target:
        """Where callbacks for this Zoom session go."""
        recorded = self._from_shim(session_id)
        if recorded is not None:
            return recorded
        for route in self._routes:
            if route.matches(session_name):
                return Target(route.url, route.method, "routes")
        return self._default

    def _from_shim(self, session_id: str) -> Target | None:
        # Only an existing store is read: opening a missing one would create it.
        if self._shim_store is None or not self._shim_store.is_file():
            return None
        try:
            callback = status_callback_for_session(session_id, self._shim_store)
        except sqlite3.Error as exc:
            log.warning("shim store %s unreadable, using routes instead: %s", self._shim_store, exc)
            return None
        if callback is None:
            return None
        return Target(callback.url, callback.method, "shim")
