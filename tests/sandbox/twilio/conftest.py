"""Clients pointed at the Twilio emulator."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from twilio.rest import Client

from migrate.sandbox.twilio import TwilioEmulator


@pytest.fixture
def twilio_client(twilio_emulator: TwilioEmulator) -> Client:
    """The official twilio package, unchanged, with only the Video base URL redirected."""
    client = Client(
        twilio_emulator.api_key, twilio_emulator.api_secret, twilio_emulator.account_sid
    )
    client.video.base_url = twilio_emulator.api_url
    return client


@pytest.fixture
def api(twilio_emulator: TwilioEmulator) -> Iterator[httpx.Client]:
    """A plain httpx client on the API origin, authenticated with the API key."""
    auth = (twilio_emulator.api_key, twilio_emulator.api_secret)
    with httpx.Client(base_url=twilio_emulator.api_url, auth=auth, timeout=10) as client:
        yield client
