"""The Client's constructor, delegation to twilio, exception identity, and life without twilio."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import twilio.base.exceptions
import twilio.request_validator
from twilio.rest.api.v2010.account.message import MessageList

from mappings.session_jwt import SessionJwtClaims
from migrate.errors import MissingCredentialError
from migrate.sandbox.zoom import ZoomEmulator
from migrate.shim.base.exceptions import TwilioRestException
from migrate.shim.rest import Client
from migrate.zoom.auth import build_session_claims
from tests.shim.conftest import ACCOUNT_SID


def test_exception_is_twilios_own_class() -> None:
    assert TwilioRestException is twilio.base.exceptions.TwilioRestException


def test_zoom_404_is_caught_by_twilios_except_clause(
    client: Client, zoom_env: ZoomEmulator
) -> None:
    try:
        client.video.v1.rooms("RM" + "1" * 32).fetch()
    except twilio.base.exceptions.TwilioRestException as exc:
        assert exc.status == 404
        assert exc.code == 20404
        assert exc.method == "GET"
    else:
        pytest.fail("no exception")


def test_zoom_errors_keep_status_and_message(client: Client, zoom_env: ZoomEmulator) -> None:
    room = client.video.v1.rooms.create(unique_name="Busy")
    zoom_env.state.join(_claims(zoom_env, "Busy"), "Host")
    zoom_env.state.cloud_recording = False  # Zoom answers 400/300: not available
    with pytest.raises(twilio.base.exceptions.TwilioRestException) as caught:
        client.video.v1.rooms(room.sid).recording_rules.update(
            rules=[{"type": "include", "all": True}]
        )
    assert (caught.value.status, caught.value.code, caught.value.method) == (400, 20001, "POST")
    assert "not available for this account" in caught.value.msg
    assert caught.value.uri.endswith(f"/Rooms/{room.sid}/RecordingRules")


def _claims(zoom: ZoomEmulator, name: str) -> SessionJwtClaims:
    return build_session_claims(zoom.sdk_key, name, 1, user_key="host")


def test_other_products_are_the_real_twilio_client(
    zoom_env: ZoomEmulator, shim_store: object
) -> None:
    shim = Client(ACCOUNT_SID, "auth-token", region="ie1", edge="dublin")
    messages = shim.messages
    assert isinstance(messages, MessageList)
    real = shim.twilio_client
    assert type(real).__module__ == "twilio.rest"
    assert (real.username, real.password, real.region, real.edge) == (
        ACCOUNT_SID,
        "auth-token",
        "ie1",
        "dublin",
    )
    assert shim.twilio_client is real  # built once, lazily
    assert shim.conversations is real.conversations
    with pytest.raises(AttributeError):
        shim.not_a_twilio_product  # noqa: B018


def test_constructor_mirrors_twilio(shim_store: object) -> None:
    env = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": "tok", "TWILIO_REGION": "au1"}
    shim = Client(environment=env)
    assert (shim.username, shim.password, shim.account_sid, shim.region) == (
        ACCOUNT_SID,
        "tok",
        ACCOUNT_SID,
        "au1",
    )
    keyed = Client("SK" + "2" * 32, "secret", ACCOUNT_SID)
    assert keyed.account_sid == ACCOUNT_SID and keyed.username.startswith("SK")


def test_zoom_credentials_from_keywords_or_environment(
    zoom_emulator: ZoomEmulator, shim_store: object
) -> None:
    missing = Client(ACCOUNT_SID, "tok")
    with pytest.raises(MissingCredentialError, match="ZOOM_API_KEY"):
        missing.video.v1.rooms.list()
    keyed = Client(
        ACCOUNT_SID,
        "tok",
        zoom_api_key=zoom_emulator.api_key,
        zoom_api_secret=zoom_emulator.api_secret,
        zoom_api_base_url=zoom_emulator.api_url,
    )
    assert keyed.video.v1.rooms.list() == []
    from_env_mapping = Client(ACCOUNT_SID, "tok", environment=dict(zoom_emulator.env()))
    assert from_env_mapping.video.v1.rooms.create(unique_name="Env").unique_name == "Env"
    keyed.close()
    from_env_mapping.close()


def test_secrets_stay_out_of_errors(zoom_emulator: ZoomEmulator, shim_store: object) -> None:
    bad = Client(
        ACCOUNT_SID,
        "tok",
        zoom_api_key=zoom_emulator.api_key,
        zoom_api_secret="wrong-secret-0123456789abcdef-0123456789",
        zoom_api_base_url=zoom_emulator.api_url,
    )
    with pytest.raises(TwilioRestException) as caught:
        bad.video.v1.rooms.create(unique_name="x")
    assert caught.value.status == 401
    text = f"{caught.value} {caught.value.msg} {caught.value.uri}"
    assert "wrong-secret" not in text and zoom_emulator.api_secret not in text
    bad.close()


BLOCK_TWILIO = textwrap.dedent(
    """
    import sys
    class Block:
        def find_spec(self, name, path=None, target=None):
            if name == "twilio" or name.startswith("twilio."):
                raise ImportError("twilio is not installed")
    sys.meta_path.insert(0, Block())
    """
)


def test_without_twilio_installed(tmp_path: object) -> None:
    script = BLOCK_TWILIO + textwrap.dedent(
        """
        import os
        os.environ["TWILIO2ZOOM_SHIM_STORE"] = os.path.join(sys.argv[1], "s.sqlite3")
        from migrate.shim.base.exceptions import TwilioRestException
        from migrate.shim.rest import Client, TwilioPackageMissingError
        from migrate.shim.request_validator import RequestValidator
        from migrate.shim.jwt.access_token.grants import VideoGrant
        assert TwilioRestException.__module__ == "migrate.shim.base._compat_exceptions"
        exc = TwilioRestException(404, "https://video.twilio.com/v1/Rooms/x", "gone", 20404)
        assert (exc.status, exc.code, str(exc)) == (404, 20404, "HTTP 404 error: gone")
        try:
            Client("AC1", "tok").messages
        except TwilioPackageMissingError as err:
            print("missing:", err)
        try:
            from migrate.shim.jwt.access_token.grants import ChatGrant
        except ImportError as err:
            print("grant:", err)
        signature = RequestValidator("12345").compute_signature("https://a.b/c", {"x": "1"})
        print("signature:", signature)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "missing: this product is not part of Twilio Video" in done.stdout
    assert "pip install twilio" in done.stdout
    assert "grant:" in done.stdout and "ChatGrant" in done.stdout
    expected = twilio.request_validator.RequestValidator("12345").compute_signature(
        "https://a.b/c", {"x": "1"}
    )
    assert f"signature: {expected}\n" in done.stdout
