"""RequestValidator: Twilio's test vector and agreement with twilio's own class."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator as TwilioValidator
from werkzeug.datastructures import MultiDict

from migrate.shim.request_validator import RequestValidator

TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
    "Caller": "+14158675309",
}
EXPECTED = "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_twilio_test_vector() -> None:
    validator = RequestValidator(TOKEN)
    assert validator.compute_signature(URL, PARAMS) == EXPECTED
    assert validator.validate(URL, PARAMS, EXPECTED)


def test_tampered_params_and_wrong_token_fail() -> None:
    assert not RequestValidator(TOKEN).validate(URL, {**PARAMS, "Digits": "1235"}, EXPECTED)
    assert not RequestValidator("54321").validate(URL, PARAMS, EXPECTED)


@pytest.mark.parametrize(
    ("signed_url", "presented_url"),
    [
        ("https://mycompany.com:443/myapp.php?foo=1&bar=2", URL),
        (URL, "https://mycompany.com:443/myapp.php?foo=1&bar=2"),
    ],
)
def test_port_is_tried_both_ways(signed_url: str, presented_url: str) -> None:
    validator = RequestValidator(TOKEN)
    signature = validator.compute_signature(signed_url, PARAMS)
    assert validator.validate(presented_url, PARAMS, signature)


def test_json_body_hash() -> None:
    body = '{"property": "value", "boolean": true}'
    validator = RequestValidator(TOKEN)
    url = f"https://mycompany.com/myapp.php?bodySHA256={validator.compute_hash(body)}"
    signature = validator.compute_signature(url, {})
    assert validator.validate(url, body, signature)
    assert not validator.validate(url, body + " ", signature)
    assert validator.compute_hash(body) == TwilioValidator(TOKEN).compute_hash(body)


def test_multidict_repeated_values_match_twilio() -> None:
    params = MultiDict([("b", "2"), ("a", "z"), ("a", "y"), ("a", "y")])
    ours = RequestValidator(TOKEN).compute_signature(URL, params)
    assert ours == TwilioValidator(TOKEN).compute_signature(URL, params)


@settings(max_examples=200, deadline=None)
@given(
    token=st.text(min_size=1, max_size=40),
    path=st.text(alphabet="abcdefghij/", max_size=20),
    params=st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=6),
)
def test_agrees_with_twilio_on_random_input(token: str, path: str, params: dict[str, str]) -> None:
    url = f"https://example.com/{path}"
    ours = RequestValidator(token).compute_signature(url, params)
    assert ours == TwilioValidator(token).compute_signature(url, params)
    assert RequestValidator(token).validate(url, params, ours)
