"""Every operation of the spec, success and error, answers with JSON its schema accepts."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from migrate.sandbox.twilio import TwilioEmulator
from migrate.sandbox.twilio.spec import SPEC_FILE, component, document, media_operations, operations

# Upstream's copy, in the folder laid beside a checkout of this repository (when it is).
SHARED_SPEC = Path(__file__).resolve().parents[4] / "shared" / "specs" / "twilio-oai" / SPEC_FILE
# SHA-256 of twilio/twilio-oai spec/json/twilio_video_v1.json at commit d50069b4 (2026-04-14):
# https://github.com/twilio/twilio-oai/blob/d50069b44ea8cd23141385bdb6db48f16ff75bb5/spec/json/twilio_video_v1.json
UPSTREAM_SHA256 = "162f62d432a227cb5aab8da45af7bbfceca5569feff4e26529504583946d1383"
ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "more_info", "status"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "integer"},
        "message": {"type": "string"},
        "more_info": {"type": "string"},
        "status": {"type": "integer"},
    },
}
MEDIA_SCHEMA = {
    "type": "object",
    "required": ["redirect_to"],
    "additionalProperties": False,
    "properties": {"redirect_to": {"type": "string"}},
}


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 -> JSON Schema: ``nullable: true`` becomes a union with null."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _json_schema(value) for key, value in node.items()}
    if out.pop("nullable", False):
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


COMPONENTS = _json_schema(copy.deepcopy(document()["components"]))


_VALIDATORS: dict[str, jsonschema.Draft7Validator] = {}


def _validator(op_id: str, schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    if op_id not in _VALIDATORS:
        root = {"allOf": [_json_schema(schema)], "components": COMPONENTS}
        _VALIDATORS[op_id] = jsonschema.Draft7Validator(root)
    return _VALIDATORS[op_id]


def _resources(body: dict[str, Any], schema: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(resource JSON, component name) pairs found in a fetch or list body."""
    ref = schema.get("$ref")
    if ref:
        return [(body, ref.rsplit("/", 1)[-1])]
    for key, prop in schema.get("properties", {}).items():
        if prop.get("type") == "array" and "$ref" in prop.get("items", {}):
            name = prop["items"]["$ref"].rsplit("/", 1)[-1]
            return [(item, name) for item in body[key]]
    return []


class Sweep:
    def __init__(self, emu: TwilioEmulator) -> None:
        self.emu = emu
        self.http = httpx.Client(base_url=emu.api_url, auth=(emu.api_key, emu.api_secret))
        self.ops = {op.operation_id: op for op in (*operations(), *media_operations())}
        self.succeeded: set[str] = set()
        self.failed: set[str] = set()

    def __call__(self, op_id: str, path: str, expect: int, **kwargs: Any) -> dict[str, Any]:
        op = self.ops[op_id]
        response = self.http.request(op.method, path, **kwargs)
        assert response.status_code == expect, (op_id, response.text)
        if expect == 204:
            assert response.content == b""
            self.succeeded.add(op_id)
            return {}
        body = response.json()
        if expect == op.status:
            schema = op.response_schema or MEDIA_SCHEMA
            _validator(op_id, schema).validate(body)
            for resource, name in _resources(body, schema):
                properties = component(name)["properties"]
                assert set(resource) == set(properties), (name, set(resource) ^ set(properties))
                for key, value in resource.items():
                    if key.startswith("date_") or key.endswith("_time"):
                        assert value is None or ISO_Z.fullmatch(value), (key, value)
                    if key == "url":
                        assert value.startswith(self.emu.api_url)
            meta = body.get("meta")
            if meta:
                for key in ("first_page_url", "url", "next_page_url", "previous_page_url"):
                    assert meta[key] is None or meta[key].startswith(self.emu.api_url)
            self.succeeded.add(op_id)
        else:
            jsonschema.Draft7Validator(ERROR_SCHEMA).validate(body)
            assert body["status"] == expect
            self.failed.add(op_id)
        return body


@pytest.fixture
def sweep(twilio_emulator: TwilioEmulator) -> Sweep:
    return Sweep(twilio_emulator)


def test_bundled_spec_is_the_shared_copy():
    if not SHARED_SPEC.exists():
        pytest.skip(f"no upstream spec beside the repository ({SHARED_SPEC.parent})")
    assert json.loads(SHARED_SPEC.read_text()) == document()


def test_bundled_spec_is_twilios_file_unmodified():
    bundled = resources.files("migrate.sandbox.twilio").joinpath(SPEC_FILE).read_bytes()
    assert hashlib.sha256(bundled).hexdigest() == UPSTREAM_SHA256
    assert json.loads(bundled) == document()


def test_all_39_operations_answer_per_schema(sweep: Sweep, twilio_emulator: TwilioEmulator):
    s = sweep
    state = twilio_emulator.state
    bad = "RM" + "0" * 32
    room = s(
        "CreateRoom", "/v1/Rooms", 201, data={"UniqueName": "sweep", "StatusCallbackMethod": "GET"}
    )
    rsid = room["sid"]
    s("CreateRoom", "/v1/Rooms", 400, data={"Type": "huge"})
    s("FetchRoom", f"/v1/Rooms/{rsid}", 200)
    s("FetchRoom", f"/v1/Rooms/{bad}", 404)
    s("ListRoom", "/v1/Rooms", 200, params={"PageSize": 1})
    s("ListRoom", "/v1/Rooms", 400, params={"Status": "paused"})

    alice = state.add_participant(rsid, "alice")
    bob = state.add_participant(rsid, "bob")
    mic = state.add_track(alice.sid, "mic", "audio")
    rec = state.add_recording(rsid, alice.sid, track_sid=mic.sid, size=5000)
    p = f"/v1/Rooms/{rsid}/Participants"
    s("ListRoomParticipant", p, 200)
    s("ListRoomParticipant", f"/v1/Rooms/{bad}/Participants", 404)
    s("FetchRoomParticipant", f"{p}/alice", 200)
    s("FetchRoomParticipant", f"{p}/nobody", 404)
    s("ListRoomParticipantPublishedTrack", f"{p}/{alice.sid}/PublishedTracks", 200)
    s(
        "ListRoomParticipantPublishedTrack",
        f"{p}/{alice.sid}/PublishedTracks",
        400,
        params={"PageSize": 0},
    )
    s("FetchRoomParticipantPublishedTrack", f"{p}/{alice.sid}/PublishedTracks/{mic.sid}", 200)
    s("FetchRoomParticipantPublishedTrack", f"{p}/{alice.sid}/PublishedTracks/nope", 404)
    s("ListRoomParticipantSubscribedTrack", f"{p}/{bob.sid}/SubscribedTracks", 200)
    s("ListRoomParticipantSubscribedTrack", f"{p}/nobody/SubscribedTracks", 404)
    s("FetchRoomParticipantSubscribedTrack", f"{p}/{bob.sid}/SubscribedTracks/{mic.sid}", 200)
    s("FetchRoomParticipantSubscribedTrack", f"{p}/{bob.sid}/SubscribedTracks/xx", 404)
    s("FetchRoomParticipantSubscribeRule", f"{p}/{bob.sid}/SubscribeRules", 200)
    s("FetchRoomParticipantSubscribeRule", f"{p}/nobody/SubscribeRules", 404)
    rules = json.dumps([{"type": "include", "kind": "audio", "priority": "high"}])
    s(
        "UpdateRoomParticipantSubscribeRule",
        f"{p}/{bob.sid}/SubscribeRules",
        200,
        data={"Rules": rules},
    )
    s(
        "UpdateRoomParticipantSubscribeRule",
        f"{p}/{bob.sid}/SubscribeRules",
        400,
        data={"Rules": "[]"},
    )
    s("FetchRoomRecordingRule", f"/v1/Rooms/{rsid}/RecordingRules", 200)
    s("FetchRoomRecordingRule", f"/v1/Rooms/{bad}/RecordingRules", 404)
    rules = json.dumps([{"type": "include", "publisher": "alice"}])
    s("UpdateRoomRecordingRule", f"/v1/Rooms/{rsid}/RecordingRules", 200, data={"Rules": rules})
    s("UpdateRoomRecordingRule", f"/v1/Rooms/{rsid}/RecordingRules", 400, data={"Rules": "{"})

    s("ListRoomRecording", f"/v1/Rooms/{rsid}/Recordings", 200)
    s("ListRoomRecording", f"/v1/Rooms/{rsid}/Recordings", 400, params={"PageSize": 1001})
    s("FetchRoomRecording", f"/v1/Rooms/{rsid}/Recordings/{rec.sid}", 200)
    s("FetchRoomRecording", f"/v1/Rooms/{rsid}/Recordings/RT123", 404)
    s("FetchRoomRecordingMedia", f"/v1/Rooms/{rsid}/Recordings/{rec.sid}/Media", 302)
    s(
        "FetchRoomRecordingMedia",
        f"/v1/Rooms/{rsid}/Recordings/{rec.sid}/Media",
        400,
        params={"Ttl": 0},
    )
    s("ListRecording", "/v1/Recordings", 200, params={"GroupingSid": [rsid, alice.sid]})
    s("ListRecording", "/v1/Recordings", 400, params={"PageSize": 101})
    s("FetchRecording", f"/v1/Recordings/{rec.sid}", 200)
    s("FetchRecording", "/v1/Recordings/RTnothex" + "z" * 26, 404)
    s("FetchRecordingMedia", f"/v1/Recordings/{rec.sid}/Media", 302, params={"Ttl": 3600})
    s("FetchRecordingMedia", f"/v1/Recordings/{rec.sid}/Media", 400, params={"Ttl": 3601})

    tr = s(
        "CreateRoomTranscriptions",
        f"/v1/Rooms/{rsid}/Transcriptions",
        202,
        data={"Configuration": "{}"},
    )
    s(
        "CreateRoomTranscriptions",
        f"/v1/Rooms/{rsid}/Transcriptions",
        400,
        data={"Configuration": "[1]"},
    )
    s("ListRoomTranscriptions", f"/v1/Rooms/{rsid}/Transcriptions", 200)
    s("ListRoomTranscriptions", f"/v1/Rooms/{bad}/Transcriptions", 404)
    t = f"/v1/Rooms/{rsid}/Transcriptions/{tr['ttid']}"
    s("FetchRoomTranscriptions", t, 200)
    s("FetchRoomTranscriptions", f"/v1/Rooms/{rsid}/Transcriptions/GT0", 404)
    s("UpdateRoomTranscriptions", t, 202, data={"Status": "stopped"})
    s("UpdateRoomTranscriptions", t, 400, data={"Status": "paused"})

    s("UpdateRoomParticipantAnonymize", f"{p}/{bob.sid}/Anonymize", 200)
    s("UpdateRoomParticipantAnonymize", f"{p}/nobody/Anonymize", 404)
    s("UpdateRoomParticipant", f"{p}/{bob.sid}", 202, data={"Status": "disconnected"})
    s("UpdateRoomParticipant", f"{p}/{alice.sid}", 400, data={"Status": "gone"})

    state.options.composition_step_seconds = 60  # hold it enqueued for the 404 below
    comp = s(
        "CreateComposition",
        "/v1/Compositions",
        201,
        data={"RoomSid": rsid, "AudioSources": ["*", "mic"]},
    )
    s("CreateComposition", "/v1/Compositions", 400, data={"AudioSources": "*"})  # RoomSid missing
    s("UpdateRoom", f"/v1/Rooms/{rsid}", 202, data={"Status": "completed"})
    s("UpdateRoom", f"/v1/Rooms/{rsid}", 400, data={})
    c = f"/v1/Compositions/{comp['sid']}"
    s("FetchCompositionMedia", f"{c}/Media", 404)  # still enqueued
    s("FetchComposition", c, 200)
    s("FetchComposition", "/v1/Compositions/CJ1", 404)
    s("ListComposition", "/v1/Compositions", 200, params={"RoomSid": rsid})
    s("ListComposition", "/v1/Compositions", 400, params={"RoomSid": "nope"})
    done = state.add_composition(rsid, status="completed")
    s("FetchCompositionMedia", f"/v1/Compositions/{done.sid}/Media", 302)
    s("DeleteComposition", c, 204)
    s("DeleteComposition", c, 404)
    s("DeleteRoomRecording", f"/v1/Rooms/{rsid}/Recordings/{rec.sid}", 204)
    s("DeleteRoomRecording", f"/v1/Rooms/{rsid}/Recordings/{rec.sid}", 404)
    other = state.add_recording(rsid, alice.sid)
    s("DeleteRecording", f"/v1/Recordings/{other.sid}", 204)
    s("DeleteRecording", f"/v1/Recordings/{other.sid}", 404)

    hook = s(
        "CreateCompositionHook",
        "/v1/CompositionHooks",
        201,
        data={"FriendlyName": "h", "AudioSources": "*"},
    )
    s(
        "CreateCompositionHook",
        "/v1/CompositionHooks",
        400,
        data={"FriendlyName": "x" * 101, "AudioSources": "*"},
    )
    h = f"/v1/CompositionHooks/{hook['sid']}"
    s("FetchCompositionHook", h, 200)
    s("FetchCompositionHook", "/v1/CompositionHooks/HK" + "0" * 32, 404)
    s("ListCompositionHook", "/v1/CompositionHooks", 200, params={"Enabled": "true"})
    s("ListCompositionHook", "/v1/CompositionHooks", 400, params={"Enabled": "maybe"})
    s("UpdateCompositionHook", h, 200, data={"FriendlyName": "h2", "Trim": "false"})
    s("UpdateCompositionHook", h, 400, data={"Trim": "false"})  # FriendlyName required
    s("DeleteCompositionHook", h, 204)
    s("DeleteCompositionHook", h, 404)

    for name in ("Recording", "Composition"):
        url = f"/v1/{name}Settings/Default"
        s(f"Fetch{name}Settings", url, 200)
        s(
            f"Create{name}Settings",
            url,
            200,
            data={"FriendlyName": "x", "AwsStorageEnabled": "true"},
        )
        s(f"Create{name}Settings", url, 400, data={"FriendlyName": "x", "AwsCredentialsSid": "AC1"})

    spec_ids = {op.operation_id for op in operations()}
    assert len(spec_ids) == 39
    assert spec_ids <= s.succeeded
    assert {op.operation_id for op in media_operations()} <= s.succeeded
    assert spec_ids - {"FetchRecordingSettings", "FetchCompositionSettings"} <= s.failed
