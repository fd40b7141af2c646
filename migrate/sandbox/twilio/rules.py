"""Validation of Recording Rules (T§4.1, error 53120) and Subscribe Rules (T§4.2, 53215)."""

from __future__ import annotations

from typing import Any

from mappings.limits import TWILIO_RULES_MAX

from .errors import INVALID_RECORDING_RULES, INVALID_SUBSCRIBE_RULES, ApiError

_FILTERS = ("all", "kind", "publisher", "track")
_RECORDING_KINDS = ("audio", "video")
_SUBSCRIBE_KINDS = ("audio", "video", "data")


def validate_recording_rules(rules: Any) -> list[dict[str, Any]]:
    """The rules if valid Recording Rules, else ApiError 400/53120."""
    return _validate(
        rules,
        _RECORDING_KINDS,
        ("type", *_FILTERS),
        INVALID_RECORDING_RULES,
        "Invalid Recording Rule(s)",
    )


def validate_subscribe_rules(rules: Any) -> list[dict[str, Any]]:
    """The rules if valid Subscribe Rules, else ApiError 400/53215."""
    return _validate(
        rules,
        _SUBSCRIBE_KINDS,
        ("type", *_FILTERS, "priority"),
        INVALID_SUBSCRIBE_RULES,
        "Invalid Subscribe Rule(s)",
    )


def _validate(
    rules: Any, kinds: tuple[str, ...], keys: tuple[str, ...], code: int, message: str
) -> list[dict[str, Any]]:
    def fail(reason: str) -> ApiError:
        return ApiError(400, code, f"{message}: {reason}")

    if not isinstance(rules, list) or not rules:
        raise fail("rules must be a non-empty JSON array")
    if len(rules) > TWILIO_RULES_MAX:
        raise fail(f"at most {TWILIO_RULES_MAX} rules are allowed")
    for rule in rules:
        if not isinstance(rule, dict):
            raise fail("each rule must be a JSON object")
        unknown = set(rule) - set(keys)
        if unknown:
            raise fail(f"unknown rule key(s) {', '.join(sorted(unknown))}")
        if rule.get("type") not in ("include", "exclude"):
            raise fail("type must be include or exclude")
        filters = [key for key in _FILTERS if key in rule]
        if not filters:
            raise fail("a rule needs at least one filter")
        if "all" in rule and (rule["all"] is not True or len(filters) > 1):
            raise fail("all must be true and cannot be combined with other filters")
        if "kind" in rule and rule["kind"] not in kinds:
            raise fail(f"kind must be one of {', '.join(kinds)}")
        for key in ("publisher", "track"):
            if key in rule and (not isinstance(rule[key], str) or not rule[key]):
                raise fail(f"{key} must be a non-empty string")
    return rules
