"""Twilio Recording Rules: validation, evaluation with Twilio's semantics, and the Zoom plan.

Rules and semantics: https://www.twilio.com/docs/video/api/recording-rules and error 53120;
Subscribe Rules share the grammar (https://www.twilio.com/docs/video/api/track-subscriptions, error
53215, ``kind`` may also be ``data``, items may carry ``priority``). Zoom can only record a whole
session (``recording.start``/``stop`` through ``PATCH /videosdk/sessions/{id}/events``) plus
per-user video files for users whose token carries ``cloud_recording_election=1`` when the host's
carries ``cloud_recording_option=1`` (https://developers.zoom.us/docs/video-sdk/web/recording/).
Everything finer is named as a difference.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

from mappings import limits
from mappings.errors import MappingError, TwilioError, twilio_error
from mappings.fidelity import Fidelity, FrozenModel, ParamMapping
from mappings.zoom_api import ZoomRequest

Kind = Literal["audio", "video", "data"]
RECORDING_RULES_ERROR = 53120
SUBSCRIBE_RULES_ERROR = 53215
# The message Twilio's 400 answer carries for each rule error code (the two pages above).
RULE_ERROR_MESSAGES: Mapping[int, str] = MappingProxyType(
    {
        RECORDING_RULES_ERROR: "Invalid Recording Rule(s)",
        SUBSCRIBE_RULES_ERROR: "Invalid Subscribe Rule(s)",
    }
)
_FILTERS = ("all", "kind", "publisher", "track")


class RuleValidationError(ValueError):
    """A rule list Twilio would refuse with HTTP 400; ``code`` is Twilio's error code."""

    def __init__(self, message: str, code: int = RECORDING_RULES_ERROR) -> None:
        super().__init__(message)
        self.code = code
        self.status = 400

    @property
    def twilio_message(self) -> str:
        """Twilio's message for the code, then the problem found (for an error body)."""
        return f"{RULE_ERROR_MESSAGES[self.code]}: {self}"

    def twilio_error(self) -> TwilioError:
        """Twilio's 400 answer for these rules, with its specific code (53120 or 53215)."""
        return twilio_error(self.status, self.twilio_message, code=self.code)


class Rule(FrozenModel):
    """One validated rule: its type and the filters it ANDs together."""

    type: Literal["include", "exclude"]
    all: Literal[True] | None = None
    kind: Kind | None = None
    publisher: str | None = None
    track: str | None = None
    priority: str | None = None

    def matches(self, track: Track) -> bool:
        """True when every filter of this rule matches ``track`` (case-sensitive)."""
        if self.all:
            return True
        return (
            (self.kind is None or self.kind == track.kind)
            and (self.publisher is None or self.publisher in (track.publisher, track.publisher_sid))
            and (self.track is None or self.track in (track.name, track.sid))
        )

    def describe(self) -> str:
        """The rule as compact JSON, for messages."""
        return json.dumps(self.model_dump(exclude_none=True), separators=(",", ":"))


class Track(FrozenModel):
    """A published track as rules see it: MT SID, name, kind, publisher identity and PA SID."""

    sid: str
    name: str
    kind: Kind
    publisher: str
    publisher_sid: str


def validate_recording_rules(rules: str | Sequence[object]) -> list[Rule]:
    """Validate a Recording Rules list (JSON text or parsed) exactly as Twilio does.

    Raises :class:`RuleValidationError` (code 53120) naming the first problem.
    """
    return _validate(rules, kinds=("audio", "video"), code=RECORDING_RULES_ERROR, extra=())


def validate_subscribe_rules(rules: str | Sequence[object]) -> list[Rule]:
    """Validate a Subscribe Rules list; ``kind`` may be data, items may carry ``priority``."""
    return _validate(
        rules, kinds=("audio", "video", "data"), code=SUBSCRIBE_RULES_ERROR, extra=("priority",)
    )


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise RuleValidationError(f"duplicated filter {dupes[0]!r} in a rule")
    return dict(pairs)


def _validate(
    rules: str | Sequence[object], *, kinds: tuple[str, ...], code: int, extra: tuple[str, ...]
) -> list[Rule]:
    try:
        return _validate_items(rules, kinds=kinds, extra=extra)
    except RuleValidationError as exc:
        raise RuleValidationError(str(exc), code) from None


def _validate_items(
    rules: str | Sequence[object], *, kinds: tuple[str, ...], extra: tuple[str, ...]
) -> list[Rule]:
    if isinstance(rules, str):
        try:
            rules = json.loads(rules, object_pairs_hook=_reject_duplicate_keys)
        except json.JSONDecodeError as exc:
            raise RuleValidationError(f"rules are not valid JSON: {exc.msg}") from None
    if not isinstance(rules, Sequence) or isinstance(rules, str):
        raise RuleValidationError("rules must be a JSON array")
    if not 1 <= len(rules) <= limits.TWILIO_RULES_MAX:
        raise RuleValidationError(
            f"a rule list holds 1 to {limits.TWILIO_RULES_MAX} rules, got {len(rules)}"
        )
    return [_validate_rule(i, item, kinds, extra) for i, item in enumerate(rules)]


def _validate_rule(
    index: int, item: object, kinds: tuple[str, ...], extra: tuple[str, ...]
) -> Rule:
    where = f"rule {index}"
    if not isinstance(item, Mapping):
        raise RuleValidationError(f"{where} is not an object")
    if item.get("type") not in ("include", "exclude"):
        raise RuleValidationError(f"{where} needs type 'include' or 'exclude'")
    unknown = sorted(set(item) - {"type", *_FILTERS, *extra})
    if unknown:
        raise RuleValidationError(f"{where} has unknown filter {unknown[0]!r}")
    filters = [k for k in _FILTERS if k in item]
    # A rule with no filter selects nothing; Twilio's docs never show one, so refuse it.
    if not filters:
        raise RuleValidationError(f"{where} has no filter (all, kind, publisher or track)")
    if "all" in item:
        if item["all"] is not True:
            raise RuleValidationError(f"{where}: 'all' must be true")
        if len(filters) > 1:
            raise RuleValidationError(f"{where}: 'all' cannot be combined with other filters")
    if "kind" in item and item["kind"] not in kinds:
        raise RuleValidationError(f"{where}: kind must be one of {', '.join(kinds)}")
    for key in ("publisher", "track", "priority"):
        if key in item and (not isinstance(item[key], str) or not item[key]):
            raise RuleValidationError(f"{where}: {key} must be a non-empty string")
    return Rule.model_validate(dict(item))


def evaluate(
    rules: Iterable[Rule], tracks: Iterable[Track], *, record_on_connect: bool = False
) -> set[str]:
    """The SIDs of the tracks Twilio records: start empty (or all with
    RecordParticipantsOnConnect), then include = union, exclude = difference, in order."""
    pool = list(tracks)
    selected = {t.sid for t in pool} if record_on_connect else set()
    for rule in rules:
        matched = {t.sid for t in pool if rule.matches(t)}
        selected = selected | matched if rule.type == "include" else selected - matched
    return selected


class ZoomRecordingPlan(FrozenModel):
    """What Zoom can do for a rule set, and every way it differs from Twilio.

    ``record``: whether the session is cloud-recorded; ``actions``: the
    ``PATCH …/events`` methods to send when the rules take effect during a session;
    ``elect_identities``: users whose tokens need ``cloud_recording_election=1``
    (and the host's ``cloud_recording_option=1``) to get separate video files.
    """

    record: bool
    actions: list[str]
    audio_only_files: bool
    cloud_recording_option: Literal[0, 1] | None
    elect_identities: list[str]
    fidelity: Fidelity
    differences: list[str]
    notes: str


_OTHER = "\x00other"  # a publisher or track name no rule mentions


def _universe(rules: Sequence[Rule]) -> list[Track]:
    """Representative tracks: each mentioned publisher and track name, plus an unmentioned one."""
    publishers = [*sorted({r.publisher for r in rules if r.publisher}), _OTHER]
    names = [*sorted({r.track for r in rules if r.track}), _OTHER]
    return [
        Track(sid=f"{p}/{kind}/{n}", name=n, kind=kind, publisher=p, publisher_sid=f"PA:{p}")
        for p in publishers
        for kind in ("audio", "video")
        for n in names
    ]


def _describe(extra: Iterable[Track], *, by_track_name: bool, publishers_named: bool) -> list[str]:
    """Readable names for tracks Zoom records against the rules, grouped per publisher."""
    groups: dict[tuple[str, str], set[str]] = {}
    for t in extra:
        if t.publisher != _OTHER:
            who = f"{t.publisher}'s"
        else:
            who = "every other participant's" if publishers_named else "every participant's"
        name = t.name if by_track_name and t.name != _OTHER else ""
        groups.setdefault((who, name), set()).add(t.kind)
    described = []
    for (who, name), kinds in sorted(groups.items()):
        what = "audio and video" if len(kinds) > 1 else next(iter(kinds))
        if name:
            what = f"track {name!r}" if len(kinds) > 1 else f"{what} track {name!r}"
        described.append(f"{who} {what}")
    return described


def map_recording_rules(
    rules: Sequence[Rule],
    *,
    record_on_connect: bool = False,
    tracks: Sequence[Track] | None = None,
) -> ZoomRecordingPlan:
    """Map validated rules to Zoom, comparing what each side would record.

    With ``tracks`` the comparison uses the room's real tracks; without, a representative
    set built from the publishers and track names the rules mention.
    """
    pool = list(tracks) if tracks is not None else _universe(rules)
    wanted = evaluate(rules, pool, record_on_connect=record_on_connect)
    record = bool(wanted)
    wanted_kinds = {t.kind for t in pool if t.sid in wanted}
    audio_only = record and wanted_kinds == {"audio"}
    # Zoom records the whole session; with audio-only files, only everyone's audio.
    zoom_set = {t.sid for t in pool if record and (not audio_only or t.kind == "audio")}

    extra = _describe(
        (t for t in pool if t.sid in zoom_set - wanted),
        by_track_name=tracks is None and any(r.track for r in rules),
        publishers_named=tracks is not None or any(r.publisher for r in rules),
    )
    differences = [f"the exclusion of {x} cannot be expressed; Zoom will record it" for x in extra]
    if audio_only:
        differences.append(
            "audio-only recording is an account setting on Zoom (record audio files only); "
            "it applies to every session"
        )
    video_publishers = sorted(
        {t.publisher for t in pool if t.sid in wanted and t.kind == "video"} - {_OTHER}
    )
    everyone_video = all(t.sid in wanted for t in pool if t.kind == "video")
    elect = [] if everyone_video else video_publishers
    if elect:
        differences.append(
            "separate video files for "
            + ", ".join(elect)
            + " need cloud_recording_election=1 in their tokens and cloud_recording_option=1 "
            "in the host's; the composite still shows everyone"
        )
    return ZoomRecordingPlan(
        record=record,
        actions=["recording.start"] if record else ["recording.stop"],
        audio_only_files=audio_only,
        cloud_recording_option=1 if elect else None,
        elect_identities=elect,
        fidelity="exact" if not differences else "approximate",
        differences=differences,
        notes=(
            "Zoom records per session (composite MP4/M4A and per-user audio), not per track; "
            "stop/start makes new files like Twilio's new RT SIDs, pause/resume keeps one file."
        ),
    )


def transition_actions(recording_before: bool, plan: ZoomRecordingPlan) -> list[str]:
    """The events-API methods to send when rules change during a live session."""
    if recording_before == plan.record:
        return []
    return plan.actions


class RulesUpdateMapping(FrozenModel):
    """UpdateRoomRecordingRule on Zoom: the plan, the events-API calls and each parameter."""

    plan: ZoomRecordingPlan
    requests: list[ZoomRequest]
    params: list[ParamMapping]


UPDATE_RECORDING_RULES_PARAMS = ("Rules",)


def map_update_recording_rules(
    params: Mapping[str, object],
    *,
    recording_before: bool,
    record_on_connect: bool = False,
    tracks: Sequence[Track] | None = None,
) -> RulesUpdateMapping:
    """Map ``POST /v1/Rooms/{Room}/RecordingRules`` for a live session.

    Raises :class:`RuleValidationError` (53120) for invalid rules and
    :class:`MappingError` for parameters the operation does not take.
    """
    unknown = sorted(set(params) - set(UPDATE_RECORDING_RULES_PARAMS))
    if unknown:
        raise MappingError(f"not an UpdateRoomRecordingRule parameter: {unknown[0]}")
    value = params.get("Rules")
    rules = validate_recording_rules(value if isinstance(value, str | list | tuple) else [])
    plan = map_recording_rules(rules, record_on_connect=record_on_connect, tracks=tracks)
    requests = [
        ZoomRequest(
            method="PATCH", path="/videosdk/sessions/{session_id}/events", body={"method": action}
        )
        for action in transition_actions(recording_before, plan)
    ]
    row = ParamMapping(
        param="Rules",
        value=[r.model_dump(exclude_none=True) for r in rules],
        zoom="PATCH /videosdk/sessions/{id}/events " + (" + ".join(plan.actions)),
        fidelity=plan.fidelity,
        notes="; ".join(plan.differences) or "Zoom records exactly what the rules select.",
    )
    return RulesUpdateMapping(plan=plan, requests=requests, params=[row])
