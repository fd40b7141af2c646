"""Parameter lists read from Twilio's OpenAPI spec, so a new spec parameter fails the tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

# The repository's unmodified copy of Twilio's spec (shipped with the emulator).
SPEC = Path(__file__).parents[2] / "migrate" / "sandbox" / "twilio" / "twilio_video_v1.json"


@cache
def _spec() -> dict:  # type: ignore[type-arg]
    return json.loads(SPEC.read_text(encoding="utf-8"))


def form_params(operation_id: str) -> list[str]:
    """The form parameter names of one operation, in spec order."""
    for ops in _spec()["paths"].values():
        for op in ops.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                content = op["requestBody"]["content"]["application/x-www-form-urlencoded"]
                return list(content["schema"]["properties"])
    raise KeyError(operation_id)
