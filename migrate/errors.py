"""Errors that the command line turns into one line on stderr and an exit status."""

from __future__ import annotations


class Twilio2ZoomError(Exception):
    """Base class: a failure the user can act on. ``exit_code``: 0 done, 1 act, 2 usage
    (docs/cli.md)."""

    exit_code = 1


class ConfigError(Twilio2ZoomError):
    """Usage or configuration error (missing credential, bad option): exit status 2."""

    exit_code = 2


class MissingCredentialError(ConfigError):
    """A credential needed by the command is not set; names the variable, never a value."""

    def __init__(self, variable: str, option: str | None = None) -> None:
        hint = f" (or pass {option})" if option else ""
        super().__init__(f"missing credential: set {variable}{hint}")
        self.variable = variable
