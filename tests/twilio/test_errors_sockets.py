"""Error answers become TwilioApiError; secrets reach no message and no log."""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest

from migrate.errors import MissingCredentialError, Twilio2ZoomError
from migrate.sandbox.twilio import TwilioEmulator
from migrate.settings import load_settings
from migrate.twilio import AsyncTwilioVideoClient, TwilioApiError, TwilioVideoClient
from tests.twilio.conftest import make_client


def test_not_found(client: Any) -> None:
    with pytest.raises(TwilioApiError) as caught:
        client.fetch_room("RM" + "0" * 32)
    error = caught.value
    assert (error.status, error.code, error.method) == (404, 20404, "GET")
    assert error.more_info == "https://www.twilio.com/docs/errors/20404"
    assert "was not found" in error.message and error.url.endswith("/v1/Rooms/RM" + "0" * 32)
    assert isinstance(error, Twilio2ZoomError) and "\n" not in str(error)


def test_invalid_recording_rules(client: Any, twilio_emulator: TwilioEmulator) -> None:
    room = twilio_emulator.state.add_room("rules")
    with pytest.raises(TwilioApiError) as caught:
        client.update_recording_rules(room.sid, [{"type": "include", "all": True, "kind": "audio"}])
    assert (caught.value.status, caught.value.code, caught.value.method) == (400, 53120, "POST")
    assert caught.value.more_info == "https://www.twilio.com/docs/errors/53120"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_wrong_secret_is_a_401_that_never_shows_the_secret(
    kind: str, twilio_emulator: TwilioEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "wrong-secret-4c1d9e7a"
    caplog.set_level(logging.DEBUG)
    wrong = make_client(kind, twilio_emulator, password=secret)
    try:
        with pytest.raises(TwilioApiError) as caught:
            list(wrong.list_rooms())
    finally:
        wrong.close()
    error = caught.value
    assert (error.status, error.code) == (401, 20003)
    basic = base64.b64encode(f"{twilio_emulator.api_key}:{secret}".encode()).decode()
    for text in (str(error), repr(error), error.message, error.url, caplog.text):
        assert secret not in text and basic not in text
    assert caplog.records  # the request was logged, redacted


def test_secret_never_logged_during_retries(
    twilio_emulator: TwilioEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    twilio_emulator.faults.inject(status=503, times=2)
    with make_client("sync", twilio_emulator) as client:
        client.fetch_recording_settings()
        client.media_url(_recording(twilio_emulator))
    basic = base64.b64encode(
        f"{twilio_emulator.api_key}:{twilio_emulator.api_secret}".encode()
    ).decode()
    assert "retry 1/3" in caplog.text
    assert twilio_emulator.api_secret not in caplog.text and basic not in caplog.text
    assert "Signature=" not in caplog.text.replace("Signature=***", "")


def _recording(emu: TwilioEmulator) -> str:
    room = emu.state.add_room("r", status="completed")
    person = emu.state.add_participant(room.sid, "p")
    return emu.state.add_recording(room.sid, person.sid).sid


def test_from_settings_uses_the_api_key_pair(
    twilio_emulator: TwilioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in twilio_emulator.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("TWILIO_AUTH_TOKEN")  # the key pair alone must do
    with TwilioVideoClient.from_settings(load_settings()) as client:
        assert client.fetch_recording_settings().account_sid == twilio_emulator.account_sid


def test_from_settings_names_the_missing_variable() -> None:
    with pytest.raises(MissingCredentialError, match="TWILIO_ACCOUNT_SID") as caught:
        AsyncTwilioVideoClient.from_settings(load_settings())
    assert caught.value.exit_code == 2
