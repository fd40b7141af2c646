"""Parameter lists read from Twilio's OpenAPI spec, so a new spec parameter fails the tests."""

from __future__ import annotations

from typing import Any

# The copy of Twilio's spec the package ships (tests/sandbox/twilio/test_twilio_schema.py
# checks it still matches the upstream copy beside the repository when that is present).
from migrate.sandbox.twilio.spec import document


def _spec() -> dict[str, Any]:
    return document()


def form_params(operation_id: str) -> list[str]:
    """The form parameter names of one operation, in spec order."""
    for ops in _spec()["paths"].values():
        for op in ops.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                content = op["requestBody"]["content"]["application/x-www-form-urlencoded"]
                return list(content["schema"]["properties"])
    raise KeyError(operation_id)
