"""Settings, redaction and the CLI shell: exit statuses and one-line errors."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from migrate.cli.app import run
from migrate.errors import MissingCredentialError
from migrate.redact import redact
from migrate.retry import RetryPolicy, parse_retry_after
from migrate.settings import load_settings


def test_missing_credential_names_the_variable() -> None:
    settings = load_settings()
    with pytest.raises(MissingCredentialError, match="TWILIO_ACCOUNT_SID"):
        settings.twilio_basic_auth()


def test_api_key_pair_is_preferred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "token-value")
    monkeypatch.setenv("TWILIO_API_KEY", "SK" + "1" * 32)
    monkeypatch.setenv("TWILIO_API_SECRET", "secret-value")
    assert load_settings().twilio_basic_auth() == ("SK" + "1" * 32, "secret-value")


def test_options_override_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO2ZOOM_CUTOFF", "2026-12-05")
    settings = load_settings(twilio2zoom_cutoff=dt.date(2027, 1, 1), zoom_api_secret="s3cr3t")
    assert settings.cutoff == dt.date(2027, 1, 1)
    assert "s3cr3t" not in repr(settings)


def test_redact_hides_known_secrets_and_credential_shapes() -> None:
    text = (
        "GET https://SKabc:hunter22@host/x?X-Amz-Signature=abcdef "
        "Authorization: Basic Zm9v hunter22"
    )
    out = redact(text, ["hunter22"])
    assert "hunter22" not in out and "abcdef" not in out and "Zm9v" not in out
    signed = "https://h/k?X-Amz-Security-Token=tok1&X-Goog-Signature=sig2&part=3"
    assert redact(signed, []) == "https://h/k?X-Amz-Security-Token=***&X-Goog-Signature=***&part=3"


def test_retry_after_forms() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert parse_retry_after({"Retry-After": "3"}) == 3.0
    assert parse_retry_after({"retry-after": "Thu, 01 Jan 2026 00:00:10 GMT"}, now) == 10.0
    assert parse_retry_after({"Retry-After": "2026-01-01T00:00:05Z"}, now) == 5.0
    assert parse_retry_after({}) is None
    policy = RetryPolicy(base=1, cap=4)
    assert policy.delay(1, retry_after=7) == 7
    assert all(0 <= policy.delay(10) <= 4 for _ in range(50))


def test_cli_usage_error_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_console_entry_point_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "migrate", "version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip()


def test_group_without_arguments_prints_its_help_not_an_empty_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["export"]) == 2
    out, err = capsys.readouterr()
    assert "Usage" in out and "verify" in out
    assert "error" not in err


def test_no_arguments_at_all_is_the_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([]) == 2  # help, but nothing ran: a usage error
    out = capsys.readouterr().out
    assert all(name in out for name in ("audit", "export", "rewrite", "bridge", "demo"))
