"""Exact (rule, line) sets for every fixture file: each rule, each language (the Node.js
server SDK included), the aliasing and indirection patterns, and the negatives (SMS,
Voice, Conversations, Verify, TwiML, Chat and Sync tokens)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from mappings.catalog import CATALOG
from migrate.audit.engine import run_audit
from migrate.audit.rules import RULES

FIXTURES = Path(__file__).parent / "fixtures"

EXPECTED: dict[str, set[tuple[str, int]]] = {
    # python_app
    "python_app/.env": {
        ("config-credential", 2),
        ("config-credential", 3),
    },
    "python_app/Pipfile": {
        ("dep-python-twilio", 3),
    },
    "python_app/callbacks.py": {
        ("py-import", 2),
        ("py-request-validator", 5),
        ("py-status-callback", 10),
        ("py-status-callback", 11),
        ("py-status-callback", 13),
        ("py-status-callback", 19),
    },
    # A client used only for Conversations beside a Video token: the client and its
    # import are not Video.
    "python_app/chat_and_video.py": {
        ("py-import", 1),
        ("py-import", 2),
        ("not-affected", 9),
        ("py-access-token", 13),
        ("py-access-token", 14),
        ("py-video-grant", 14),
        ("py-access-token", 15),
    },
    # A client imported from another module of the project: structural matches.
    "python_app/consult_views.py": {
        ("py-video-room", 7),
        ("py-video-room", 12),
    },
    "python_app/errors.py": {
        ("py-import", 1),
        ("py-video-room", 7),
        ("py-rest-exception", 8),
    },
    "python_app/pyproject.toml": {
        ("dep-python-twilio", 5),
        ("dep-python-twilio", 9),
    },
    "python_app/raw_http.py": {
        ("py-raw-http", 6),
        ("py-raw-http", 14),
        ("py-raw-http", 18),
    },
    "python_app/requirements.txt": {
        ("dep-python-twilio", 2),
    },
    "python_app/rest_aliases.py": {
        ("py-import", 5),
        ("py-import", 6),
        ("py-rest-client", 8),
        ("py-rest-client", 12),
        ("py-video-room", 22),
        ("py-video-room", 25),
        ("py-video-room", 28),
        ("py-video-participant", 33),
        ("py-video-participant", 34),
        ("py-video-participant", 35),
        ("py-rest-client", 36),
        ("py-video-room", 36),
        ("py-video-resource", 41),
        ("py-video-resource", 42),
        ("py-video-resource", 43),
        ("py-video-resource", 44),
        ("py-video-resource", 45),
        ("py-video-resource", 46),
        ("py-video-resource", 47),
        ("py-video-resource", 48),
        ("py-video-resource", 49),
        ("py-video-resource", 50),
        ("py-video-resource", 51),
        ("py-video-room", 55),
        ("py-video-room", 61),
    },
    "python_app/settings.py": {
        ("config-credential", 3),
        ("config-credential", 4),
        ("config-credential", 5),
    },
    "python_app/setup.cfg": {
        ("dep-python-twilio", 4),
    },
    "python_app/setup.py": {
        ("dep-python-twilio", 5),
    },
    "python_app/sms_only.py": {
        ("not-affected", 12),
        ("not-affected", 13),
        ("not-affected", 14),
        ("not-affected", 15),
        ("not-affected", 20),
        ("not-affected", 21),
        ("not-affected", 27),
    },
    "python_app/tokens.py": {
        ("py-import", 1),
        ("py-import", 2),
        ("py-import", 3),
        ("py-access-token", 7),
        ("py-video-grant", 8),
        ("py-video-grant", 9),
        ("py-access-token", 10),
        ("py-access-token", 11),
        ("py-access-token", 15),
        ("py-video-grant", 16),
        ("py-access-token", 16),
        ("py-mixed-grant", 17),
        ("py-access-token", 17),
        ("py-access-token", 18),
    },
    # js_app
    "js_app/Tile.tsx": {
        ("js-import", 2),
        ("js-attach", 7),
        ("js-detach", 8),
        ("js-create-local-video-track", 13),
    },
    "js_app/VideoRoom.vue": {
        ("js-import", 6),
        ("js-connect", 10),
        ("js-connect-option", 10),
        ("js-event", 11),
    },
    "js_app/call.ts": {
        ("js-import", 1),
        ("js-import", 2),
        ("js-connect", 5),
        ("js-connect-option", 5),
        ("js-event", 6),
    },
    "js_app/index.html": {
        ("js-cdn", 4),
        ("js-connect", 9),
        ("js-connect-option", 9),
        ("js-global", 9),
        ("js-event", 10),
    },
    "js_app/legacy.cjs": {
        ("js-import", 1),
        ("js-import", 2),
        ("js-create-local-video-track", 5),
        ("js-connect", 6),
        ("js-connect-option", 6),
        ("js-event", 7),
        ("js-participants", 7),
        ("js-create-local-audio-track", 8),
    },
    "js_app/package.json": {
        ("dep-npm-twilio-video", 5),
        ("dep-npm-twilio-video-addon", 6),
    },
    "js_app/room.js": {
        ("js-import", 1),
        ("js-connect-option", 4),
        ("js-connect-option", 5),
        ("js-connect-option", 6),
        ("js-connect-option", 7),
        ("js-connect-option", 8),
        ("js-create-local-tracks", 13),
        ("js-connect", 14),
        ("js-connect-option", 14),
        ("js-event", 15),
        ("js-event", 16),
        ("js-attach", 17),
        ("js-detach", 19),
        ("js-event", 19),
        ("js-event", 21),
        ("js-data-track", 22),
        ("js-disconnect", 23),
        ("js-connect", 28),
        ("js-event", 28),
    },
    # node_app (the twilio npm package, server side)
    "node_app/callbacks.js": {
        ("node-request-validator", 7),
        ("node-status-callback", 8),
        ("node-status-callback", 10),
        ("node-status-callback", 16),
        ("node-request-validator", 17),
    },
    "node_app/interop.cts": {
        ("node-import", 2),
        ("node-rest-client", 5),
        ("node-video-room", 6),
        ("node-import", 7),
        ("node-rest-client", 8),
        ("node-video-participant", 8),
    },
    "node_app/notify.ts": {
        ("not-affected", 7),
        ("not-affected", 12),
    },
    "node_app/package.json": {
        ("dep-npm-twilio", 5),
    },
    "node_app/raw_http.ts": {
        ("node-raw-http", 3),
        ("node-recording-media", 11),
    },
    "node_app/rooms.js": {
        ("node-import", 2),
        ("node-rest-client", 2),
        ("node-import", 3),
        ("node-rest-client", 6),
        ("node-video-room", 13),
        ("node-video-room", 18),
        ("node-video-room", 19),
        ("node-video-participant", 24),
        ("node-video-participant", 25),
        ("node-video-participant", 26),
        ("node-video-room", 27),
        ("node-video-resource", 32),
        ("node-video-resource", 33),
        ("node-video-resource", 34),
        ("node-video-resource", 35),
        ("node-video-resource", 36),
        ("node-video-resource", 37),
        ("node-video-resource", 38),
        ("node-video-room", 43),
        ("node-video-room", 48),
    },
    "node_app/service.ts": {
        ("node-import", 2),
        ("node-rest-client", 5),
        ("node-rest-client", 9),
        ("node-video-room", 13),
        ("node-video-room", 18),
        ("node-video-resource", 22),
    },
    "node_app/sms_only.js": {
        ("not-affected", 8),
        ("not-affected", 9),
        ("not-affected", 10),
        ("not-affected", 11),
        ("not-affected", 15),
        ("not-affected", 17),
        ("not-affected", 24),
    },
    "node_app/tokens.js": {
        ("node-import", 2),
        ("node-access-token", 4),
        ("node-video-grant", 5),
        ("node-access-token", 9),
        ("node-video-grant", 15),
        ("node-access-token", 22),
        ("node-video-grant", 23),
        ("node-mixed-grant", 24),
    },
    "node_app/tokens.ts": {
        ("node-import", 2),
        ("node-import", 3),
        ("node-access-token", 5),
        ("node-video-grant", 6),
        ("node-access-token", 9),
        ("node-video-grant", 10),
        ("node-mixed-grant", 12),
        ("node-access-token", 17),
        ("node-video-grant", 18),
    },
    # mobile_app
    "mobile_app/CallActivity.kt": {
        ("mobile-android-import", 3),
        ("mobile-android-import", 4),
    },
    "mobile_app/CallService.java": {
        ("mobile-android-import", 3),
    },
    "mobile_app/CallViewController.swift": {
        ("mobile-ios-import", 2),
    },
    "mobile_app/LegacyCall.m": {
        ("mobile-ios-import", 2),
        ("mobile-ios-import", 3),
    },
    "mobile_app/Package.swift": {
        ("dep-ios-twilio-video", 7),
    },
    "mobile_app/Podfile": {
        ("dep-ios-twilio-video", 3),
    },
    "mobile_app/build.gradle": {
        ("dep-android-twilio-video", 2),
    },
    "js_app/controls.js": {
        ("js-import", 2),
        ("js-data-track", 4),
        ("js-is-supported", 7),
        ("js-logger", 11),
        ("js-publications", 15),
        ("js-track-enable", 16),
        ("js-track-enable", 17),
        ("js-unpublish-track", 22),
        ("js-publish-track", 23),
        ("js-data-send", 27),
        ("js-create-local-video-track", 31),
        ("js-track-restart", 32),
        ("js-track-stop", 33),
    },
    "js_app/views/call.ejs": {
        ("js-cdn", 2),
        ("js-global", 5),
        ("js-connect", 5),
        ("js-connect-option", 5),
        ("js-event", 6),
    },
    "js_app/hooks/useRemote.js": {
        ("js-event", 3),
        ("js-event", 4),
    },
    "node_app/functions/token.js": {
        ("node-rest-client", 3),
        ("node-video-room", 4),
        ("node-access-token", 5),
        ("node-video-grant", 6),
        ("node-access-token", 7),
        ("node-video-grant", 10),
    },
}

# Files that must produce no finding at all, or only "not-affected" notes.
NO_VIDEO = {
    "js_app/chat.js",
    "python_app/sms_only.py",
    "node_app/sms_only.js",
    "node_app/notify.ts",
}
APPS = ("python_app", "js_app", "node_app", "mobile_app")


def _found(app: str) -> dict[str, set[tuple[str, int]]]:
    report = run_audit(FIXTURES / app, cutoff=dt.date(2026, 12, 5), jobs=1)
    found: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for f in report.findings:
        found[f"{app}/{f.path}"].add((f.rule_id, f.line))
    return found


@pytest.mark.parametrize("app", APPS)
def test_exact_rule_line_sets(app: str) -> None:
    found = _found(app)
    expected = {k: v for k, v in EXPECTED.items() if k.startswith(app + "/")}
    for path in sorted(set(found) | set(expected)):
        assert found.get(path, set()) == expected.get(path, set()), path


def test_negatives_are_never_video() -> None:
    for app in ("python_app", "js_app", "node_app"):
        for path, hits in _found(app).items():
            if path in NO_VIDEO:
                assert {rule for rule, _ in hits} <= {"not-affected"}, path
    assert not _found("js_app").get("js_app/chat.js")


def test_every_rule_is_exercised_by_a_fixture() -> None:
    exercised = {rule for hits in EXPECTED.values() for rule, _ in hits}
    # parse-error is covered by test_skipping.py.
    assert set(RULES) - exercised == {"parse-error"}


def test_every_rule_key_exists_in_the_catalog() -> None:
    for rule in RULES.values():
        if rule.key is None:
            continue
        if "{subject}" not in rule.key:
            assert rule.key in CATALOG, rule.id
        else:
            prefix = rule.key.split("{subject}")[0]
            assert any(k.startswith(prefix) for k in CATALOG), rule.id
    for hits in EXPECTED.values():
        assert hits  # every listed file has findings


def test_subject_keys_resolve_for_every_fixture_finding() -> None:
    # make_finding looks each key up; a missing one would raise, so a full run proves it.
    for app in APPS:
        report = run_audit(FIXTURES / app, cutoff=dt.date(2026, 12, 5), jobs=1)
        assert all(f.zoom_equivalent for f in report.findings)


def test_each_python_finding_says_how_it_was_resolved() -> None:
    report = run_audit(FIXTURES / "python_app", cutoff=dt.date(2026, 12, 5), jobs=1)
    confidence = {(f.path, f.line, f.rule_id): f.confidence for f in report.findings}
    # Traced to a twilio import through self, a factory and getattr: proven.
    assert confidence[("rest_aliases.py", 25, "py-video-room")] == "proven"
    # A client from another module, a parameter, an unknown object: structural.
    assert confidence[("consult_views.py", 7, "py-video-room")] == "structural"
    assert confidence[("errors.py", 7, "py-video-room")] == "structural"
    assert confidence[("rest_aliases.py", 61, "py-video-room")] == "structural"
    assert {f.confidence for f in report.findings} == {"proven", "structural"}
