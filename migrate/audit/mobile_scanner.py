"""Swift, Objective-C, Kotlin and Java: TwilioVideo imports, matched line by line.

Import statements have one fixed shape per language, so a regular expression per
language is exact enough and keeps this scanner free of four more grammars.
"""

from __future__ import annotations

import re

from migrate.audit.findings import Hit
from migrate.audit.textpos import hit_at

_IOS_IMPORT = re.compile(
    rb"^[ \t]*((?:@_?implementationOnly[ \t]+)?import[ \t]+TwilioVideo\b|@import[ \t]+TwilioVideo\b"
    rb"|#(?:import|include)[ \t]*[<\"]TwilioVideo/)",
    re.MULTILINE,
)
_ANDROID_IMPORT = re.compile(
    rb"^[ \t]*(import[ \t]+(?:static[ \t]+)?com\.twilio\.video\b)", re.MULTILINE
)

_BY_LANGUAGE = {
    "swift": (_IOS_IMPORT, "mobile-ios-import"),
    "objective-c": (_IOS_IMPORT, "mobile-ios-import"),
    "kotlin": (_ANDROID_IMPORT, "mobile-android-import"),
    "java": (_ANDROID_IMPORT, "mobile-android-import"),
}


def scan_mobile(source: bytes, language: str) -> list[Hit]:
    """TwilioVideo imports in one Swift, Objective-C, Kotlin or Java file."""
    pattern, rule_id = _BY_LANGUAGE[language]
    return [hit_at(rule_id, source, match.start(1)) for match in pattern.finditer(source)]
