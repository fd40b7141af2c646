"""The Twilio Video v1 OpenAPI spec, bundled, and the parameter checks derived from it.

``twilio_video_v1.json`` is an unmodified copy of twilio/twilio-oai
``spec/json/twilio_video_v1.json`` @ d50069b4 (MIT licence). Paths, parameter names,
enums, patterns, ranges, required parameters and success statuses all come from it,
so the emulator never re-types a fact the spec already states.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal
from urllib.parse import urlsplit

from mappings.limits import TWILIO_MEDIA_TTL_MAX, TWILIO_MEDIA_TTL_MIN

Location = Literal["path", "query", "form"]
Schema = dict[str, Any]

SPEC_FILE = "twilio_video_v1.json"


class ParamError(ValueError):
    """A request parameter breaks the spec; the message names the parameter."""

    def __init__(self, param: Param, message: str) -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class Param:
    """One operation parameter and its (``$ref``-resolved) JSON schema."""

    name: str
    location: Location
    schema: Schema
    required: bool

    def parse(self, raw: list[str]) -> Any:
        """Turn the raw string value(s) into the typed value, or raise ParamError."""
        if self.schema.get("type") == "array":
            item = Param(self.name, self.location, resolve(self.schema.get("items", {})), False)
            return [item.parse([value]) for value in raw]
        return self._scalar(raw[-1])

    def _scalar(self, value: str) -> Any:
        kind = self.schema.get("type")
        if kind == "integer":
            return self._integer(value)
        if kind == "boolean":
            if value.lower() not in ("true", "false"):
                raise ParamError(self, f"{self.name} must be true or false")
            return value.lower() == "true"
        if kind is None or kind == "object":
            return self._json(value)
        return self._string(value)

    def _integer(self, value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise ParamError(self, f"{self.name} must be an integer") from None
        low, high = self.schema.get("minimum"), self.schema.get("maximum")
        if (low is not None and number < low) or (high is not None and number > high):
            raise ParamError(self, f"{self.name} must be between {low} and {high}")
        return number

    def _json(self, value: str) -> Any:
        try:
            parsed = json.loads(value, object_pairs_hook=_unique_keys)
        except ValueError as exc:
            raise ParamError(self, f"{self.name} must be valid JSON ({exc})") from None
        if self.schema.get("type") == "object" and not isinstance(parsed, dict):
            raise ParamError(self, f"{self.name} must be a JSON object")
        return parsed

    def _string(self, value: str) -> Any:
        schema = self.schema
        if "enum" in schema and value not in schema["enum"]:
            raise ParamError(self, f"{self.name} must be one of {', '.join(schema['enum'])}")
        if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
            raise ParamError(self, f"{self.name} is not a valid SID or value: {value!r}")
        if schema.get("format") == "date-time":
            return parse_datetime(self, value)
        if schema.get("format") == "uri" and not _is_absolute_url(value):
            raise ParamError(self, f"{self.name} must be an absolute URL")
        return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects with a key given twice are refused rather than silently keeping one."""
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"duplicate key {', '.join(duplicates)}")
    return dict(pairs)


def parse_datetime(param: Param, value: str) -> dt.datetime:
    """ISO-8601 date-time (or bare date, as the Rooms list describes); naive = UTC."""
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ParamError(param, f"{param.name} must be an ISO 8601 date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _is_absolute_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True)
class Operation:
    """One HTTP operation: method, path template, parameters and success status."""

    operation_id: str
    method: str
    path: str
    status: int
    params: tuple[Param, ...]
    response_schema: Schema

    def params_in(self, location: Location) -> tuple[Param, ...]:
        """The parameters found in ``location`` (path, query or form)."""
        return tuple(p for p in self.params if p.location == location)

    def param(self, name: str) -> Param:
        """The parameter called ``name``."""
        return next(p for p in self.params if p.name == name)


@cache
def document() -> Schema:
    """The whole bundled spec document."""
    text = resources.files(__package__).joinpath(SPEC_FILE).read_text(encoding="utf-8")
    loaded: Schema = json.loads(text)
    return loaded


def resolve(schema: Schema) -> Schema:
    """Follow a local ``$ref`` (one level is all the Video spec uses)."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    resolved: Schema = document()["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return resolved


def component(name: str) -> Schema:
    """A schema from ``components.schemas`` by name (e.g. ``video.v1.room``)."""
    found: Schema = document()["components"]["schemas"][name]
    return found


def _operation(path: str, method: str, raw: Schema) -> Operation:
    params = [
        Param(p["name"], p["in"], resolve(p["schema"]), bool(p.get("required")))
        for p in raw.get("parameters", [])
    ]
    body = raw.get("requestBody", {}).get("content", {}).get("application/x-www-form-urlencoded")
    if body:
        required = set(body["schema"].get("required") or ())
        params += [
            Param(name, "form", resolve(schema), name in required)
            for name, schema in body["schema"]["properties"].items()
        ]
    status, response = next(iter(raw["responses"].items()))
    content = response.get("content", {}).get("application/json", {})
    return Operation(
        raw["operationId"],
        method.upper(),
        path,
        int(status),
        tuple(params),
        content.get("schema", {}),
    )


@cache
def operations() -> tuple[Operation, ...]:
    """Every operation the spec defines, in spec order."""
    return tuple(
        _operation(path, method, raw)
        for path, item in document()["paths"].items()
        for method, raw in item.items()
        if method in ("get", "post", "delete")
    )


def operation(operation_id: str) -> Operation:
    """The spec operation with this ``operationId``."""
    return next(op for op in operations() if op.operation_id == operation_id)


def _media_operation(operation_id: str, fetch_id: str) -> Operation:
    """A ``/Media`` sub-resource (not in the spec;
    https://www.twilio.com/docs/video/api/recordings-resource), built on the parent's path
    params."""
    parent = operation(fetch_id)
    ttl = Param(
        "Ttl",
        "query",
        {"type": "integer", "minimum": TWILIO_MEDIA_TTL_MIN, "maximum": TWILIO_MEDIA_TTL_MAX},
        False,
    )
    disposition = Param("ContentDisposition", "query", {"type": "string"}, False)
    return Operation(
        operation_id,
        "GET",
        parent.path + "/Media",
        302,
        (*parent.params_in("path"), ttl, disposition),
        {},
    )


@cache
def media_operations() -> tuple[Operation, ...]:
    """The three ``/Media`` redirects: recordings, room recordings, compositions."""
    return (
        _media_operation("FetchRecordingMedia", "FetchRecording"),
        _media_operation("FetchRoomRecordingMedia", "FetchRoomRecording"),
        _media_operation("FetchCompositionMedia", "FetchComposition"),
    )
