"""Dependency manifests: the twilio package (Python and npm), twilio-video (npm),
TwilioVideo (CocoaPods, SwiftPM) and com.twilio:video-android (Gradle)."""

from __future__ import annotations

import json
import re

from migrate.audit.findings import Hit
from migrate.audit.textpos import hit_at

# Python requirement strings: twilio, twilio>=9, "twilio[extra]", twilio ; python_version...
_PY_REQUIREMENT_LINE = re.compile(rb"(?im)^[ \t]*(twilio)[ \t]*(?:[<>=~!;\[@ \t#]|$)")
_PY_QUOTED = re.compile(rb"""(?i)["'](twilio)[ \t]*(?:[<>=~!;\[@][^"'\n]*)?["']""")
_PY_TOML_KEY = re.compile(rb"(?im)^[ \t]*[\"']?(twilio)[\"']?[ \t]*=")
# npm package -> (rule, its key in the text: json.loads keeps no positions).
_NPM_RULES = {
    "twilio-video": ("dep-npm-twilio-video", re.compile(rb'"(twilio-video)"[ \t]*:')),
    "@types/twilio-video": ("dep-npm-twilio-video", re.compile(rb'"(@types/twilio-video)"[ \t]*:')),
    "@twilio/video-processors": (
        "dep-npm-twilio-video-addon",
        re.compile(rb'"(@twilio/video-processors)"[ \t]*:'),
    ),
    "@twilio/video-room-monitor": (
        "dep-npm-twilio-video-addon",
        re.compile(rb'"(@twilio/video-room-monitor)"[ \t]*:'),
    ),
    "twilio": ("dep-npm-twilio", re.compile(rb'"(twilio)"[ \t]*:')),
}
_NPM_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")
_POD = re.compile(rb"""(?m)^[ \t]*(pod[ \t]+["']TwilioVideo["'])""")
_SWIFTPM = re.compile(rb"(twilio-video-ios)")
_GRADLE = re.compile(rb"(com\.twilio:video-android)")
_GRADLE_TOML = re.compile(
    rb"""(group[ \t]*=[ \t]*["']com\.twilio["'][ \t]*,[ \t]*name[ \t]*=[ \t]*["']video-android)"""
)


def manifest_kind(name: str) -> str | None:
    """Which manifest format a file name is, or None."""
    lower = name.lower()
    if lower.startswith("requirements") and lower.endswith((".txt", ".in")):
        return "requirements"
    if lower in ("pyproject.toml", "pipfile", "setup.py", "setup.cfg"):
        return "python"
    if lower == "package.json":
        return "npm"
    if name == "Podfile":
        return "podfile"
    if name == "Package.swift":
        return "swiftpm"
    if lower.endswith((".gradle", ".gradle.kts")) or lower == "libs.versions.toml":
        return "gradle"
    return None


def scan_manifest(source: bytes, kind: str) -> list[Hit]:
    """Twilio Video dependencies declared in one manifest of format ``kind``."""
    if kind == "npm":
        return _npm(source)
    patterns = {
        "requirements": (_PY_REQUIREMENT_LINE,),
        "python": (_PY_QUOTED, _PY_TOML_KEY, _PY_REQUIREMENT_LINE),
        "podfile": (_POD,),
        "swiftpm": (_SWIFTPM,),
        "gradle": (_GRADLE, _GRADLE_TOML),
    }[kind]
    rule_id = {
        "requirements": "dep-python-twilio",
        "python": "dep-python-twilio",
        "podfile": "dep-ios-twilio-video",
        "swiftpm": "dep-ios-twilio-video",
        "gradle": "dep-android-twilio-video",
    }[kind]
    hits = {
        hit.line: hit
        for pattern in patterns
        for match in pattern.finditer(source)
        for hit in (hit_at(rule_id, source, match.start(1)),)
    }
    return [hits[line] for line in sorted(hits)]


def _npm(source: bytes) -> list[Hit]:
    try:
        manifest = json.loads(source)
    except ValueError as exc:
        line = getattr(exc, "lineno", 1)
        return [Hit("parse-error", line, 1, line, "invalid JSON")]
    if not isinstance(manifest, dict):
        return []
    hits: list[Hit] = []
    for package, (rule_id, key) in _NPM_RULES.items():
        declared = any(
            isinstance(manifest.get(section), dict) and package in manifest[section]
            for section in _NPM_SECTIONS
        )
        if declared:
            hits.extend(hit_at(rule_id, source, m.start(1)) for m in key.finditer(source))
    return sorted(hits)
