"""Session-id path encoding: the client's rule and the emulator gateway's decoding agree."""

from __future__ import annotations

import string

import httpx
from hypothesis import given
from hypothesis import strategies as st

from migrate.sandbox.zoom.responses import decode_session_id
from migrate.zoom.encoding import needs_double_encoding, session_path_id

BASE64 = string.ascii_letters + string.digits + "+/="


def test_examples_from_the_reference() -> None:
    assert session_path_id("oiFKKKL/RyGdm9W1r1Ll6w==") == "oiFKKKL%2FRyGdm9W1r1Ll6w%3D%3D"
    assert session_path_id("/ab+c==") == "%252Fab%252Bc%253D%253D"
    assert session_path_id("ab//c") == "ab%252F%252Fc"
    assert session_path_id("plain") == "plain"
    assert needs_double_encoding("/x") and needs_double_encoding("a//b")
    assert not needs_double_encoding("a/b")


@given(st.text(alphabet=BASE64, min_size=1, max_size=40))
def test_round_trip_through_httpx_and_gateway(session_id: str) -> None:
    segment = session_path_id(session_id)
    assert "/" not in segment and "+" not in segment and "=" not in segment
    url = httpx.URL(f"http://127.0.0.1/v2/videosdk/sessions/{segment}")
    assert url.raw_path.decode().rsplit("/", 1)[1] == segment  # httpx keeps it as built
    assert decode_session_id(segment) == session_id


def test_gateway_mangles_single_encoded_slashes_like_a_proxy() -> None:
    assert decode_session_id("%2Fab%2F%2Fc") == "ab/c"
