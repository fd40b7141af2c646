"""Query and form parameters, serialised the way twilio-python does (``twilio/base/serialize.py``).

Keyword names are the spec's names in snake_case (``date_created_after`` ->
``DateCreatedAfter``). Values: booleans ``true``/``false``; lists as repeated keys;
the spec's JSON-typed parameters via ``json.dumps``; datetimes as UTC
``%Y-%m-%dT%H:%M:%SZ`` (aware datetimes are converted, which twilio-python forgets);
dates as ``YYYY-MM-DD``; ``None`` omitted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

Params = tuple[tuple[str, str], ...]

# Parameters the spec types as JSON (an object, or an array of rule objects): they travel
# as one json.dumps string, never as repeated keys.
JSON_PARAMS = frozenset(
    {"RecordingRules", "Rules", "VideoLayout", "TranscriptionsConfiguration", "Configuration"}
)

Timestamp = dt.datetime | dt.date


def spec_name(keyword: str) -> str:
    """``date_created_after`` -> ``DateCreatedAfter``; ``aws_s3_url`` -> ``AwsS3Url``."""
    return "".join(part[:1].upper() + part[1:] for part in keyword.split("_"))


def format_timestamp(value: Timestamp) -> str:
    """UTC ``%Y-%m-%dT%H:%M:%SZ`` for datetimes (naive ones are taken as UTC), ISO for dates."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return format_timestamp(value)
    if isinstance(value, str | int | float):
        return str(value)
    raise TypeError(f"cannot send a {type(value).__name__} as a Twilio parameter")


def encode(values: Mapping[str, Any]) -> Params:
    """Turn snake_case keywords into the spec's (name, value) pairs, in the given order."""
    pairs: list[tuple[str, str]] = []
    for keyword, value in values.items():
        if value is None:
            continue
        name = spec_name(keyword)
        if name in JSON_PARAMS:
            pairs.append((name, json.dumps(_jsonable(value))))
        elif isinstance(value, list | tuple):
            pairs.extend((name, _scalar(item)) for item in value)
        else:
            pairs.append((name, _scalar(value)))
    return tuple(pairs)
