"""What counts as Twilio Video in code: one vocabulary for the audit and the rewrite.

Pure data, read row by row: qualified names of the twilio package, the REST resource and
operation names of its Video API, the status-callback fields only Video sends, and the
grants and products that are not Video. ``migrate.audit`` and ``codemods`` both read it,
so what the audit reports is what the rewrite handles.

Resource names are the Python package's (snake_case, also the catalog's subjects); the
Node.js package spells the same resources in camelCase (``composition_hooks`` is
``compositionHooks``).
"""

from __future__ import annotations

#: A file holding none of these has no touchpoint: the audit and the rewrite both skip
#: it before parsing. "video.v1" catches clients that reach a file through an import
#: that never says "twilio"; "wilio" matches Twilio and twilio.
FILE_MARKERS = ("wilio", "WILIO", "video.v1")
# What twilio-video objects show in a browser file that never names Twilio (a component or
# hook handed the room, a participant or a track by another module): read only inside a
# package whose package.json depends on twilio-video, where the resolver's structural
# fallback (names that say room, participant, track) decides.
JS_VIDEO_SHAPES = (
    "participantConnected", "participantDisconnected", "trackSubscribed", "trackUnsubscribed",
    "trackPublished", "trackUnpublished", "trackStarted", "dominantSpeakerChanged",
    "networkQualityLevelChanged", "localParticipant", "videoTracks", "audioTracks",
    "publishTrack", ".attach(", ".detach(",
)  # fmt: skip

# --- qualified names in the twilio package ---------------------------------------------
CLIENT = "twilio.rest.Client"
ACCESS_TOKEN_MODULE = "twilio.jwt.access_token"  # noqa: S105 - a module name
GRANTS_MODULE = "twilio.jwt.access_token.grants"
ACCESS_TOKEN = f"{ACCESS_TOKEN_MODULE}.AccessToken"
VIDEO_GRANT = f"{GRANTS_MODULE}.VideoGrant"
REQUEST_VALIDATOR = "twilio.request_validator.RequestValidator"
REST_EXCEPTION = "twilio.base.exceptions.TwilioRestException"
TWIML_MODULE = "twilio.twiml"
# TwiML's public modules end in this: voice_response, messaging_response, fax_response.
TWIML_SUFFIX = "_response"

#: twilio module -> its names that have a ``migrate.shim`` twin at the same path.
SHIMMED: dict[str, frozenset[str]] = {
    "twilio.rest": frozenset({"Client"}),
    ACCESS_TOKEN_MODULE: frozenset({"AccessToken"}),
    GRANTS_MODULE: frozenset({"VideoGrant"}),
    "twilio.request_validator": frozenset({"RequestValidator"}),
    "twilio.base.exceptions": frozenset({"TwilioRestException"}),
}

# --- REST ----------------------------------------------------------------------------------
VIDEO_HOST = "video.twilio.com"
#: Resource-method names; each also exists with the twilio 9.x ``_async`` suffix.
OPERATIONS = frozenset(
    {"create", "fetch", "update", "delete", "list", "stream", "page", "get_page"}
)
ASYNC_SUFFIX = "_async"
ITEM_OPERATIONS = frozenset({"create", "fetch", "update"})
LIST_OPERATIONS = frozenset({"list", "stream", "page", "get_page"})
#: Top-level Video resources under ``client.video`` (and ``client.video.v1``).
VIDEO_ROOTS = frozenset(
    {"rooms", "compositions", "composition_hooks", "composition_settings", "recordings",
     "recording_settings"}
)  # fmt: skip
#: Sub-resources whose catalog key is ``video.<name>``.
VIDEO_RESOURCES = frozenset(
    {"published_tracks", "subscribed_tracks", "subscribe_rules", "recording_rules",
     "recordings", "compositions", "composition_hooks", "composition_settings",
     "recording_settings", "transcriptions"}
)  # fmt: skip
#: Resources no other Twilio product (and few other libraries) has: an operation on one of
#: these is Video even when the receiver cannot be traced to a twilio Client.
DISTINCTIVE_RESOURCES = frozenset(
    {"composition_hooks", "composition_settings", "recording_settings", "recording_rules",
     "published_tracks", "subscribed_tracks", "subscribe_rules"}
)  # fmt: skip
#: Other Twilio products reached from the same client: reported as not affected.
OTHER_PRODUCTS: dict[str, str] = {
    "messages": "Messaging (SMS)",
    "messaging": "Messaging (SMS)",
    "calls": "Voice",
    "conferences": "Voice",
    "recordings": "Voice recordings",
    "conversations": "Conversations",
    "chat": "Chat",
    "ip_messaging": "Chat",
    "sync": "Sync",
    "verify": "Verify",
    "notify": "Notify",
    "lookups": "Lookup",
    "taskrouter": "TaskRouter",
    "studio": "Studio",
    "api": "REST API (non-Video)",
}

# --- access tokens -----------------------------------------------------------------------
VIDEO_GRANT_NAME = "VideoGrant"
#: Grants of other products: a token carrying one beside a VideoGrant must be split.
GRANT_PRODUCTS: dict[str, str] = {
    "ChatGrant": "Chat",
    "ConversationsGrant": "Conversations",
    "IpMessagingGrant": "Chat",
    "SyncGrant": "Sync",
    "VoiceGrant": "Voice",
    "TaskRouterGrant": "TaskRouter",
    "PlaybackGrant": "Live playback",
}
#: Methods and attributes of an AccessToken / VideoGrant a token-minting routine uses.
TOKEN_METHODS = frozenset({"add_grant", "to_jwt"})
TOKEN_ATTRIBUTES = frozenset({"identity", "ttl", "nbf", "valid_until", "region", "grants"})
GRANT_ATTRIBUTES = frozenset({"room"})

# --- status callbacks ----------------------------------------------------------------------
#: Fields only Video status callbacks send: a handler reading one is Video code.
VIDEO_CALLBACK_PARAMS = frozenset(
    {"RoomSid", "RoomName", "RoomStatus", "RoomType", "RoomDuration", "ParticipantIdentity",
     "ParticipantStatus", "ParticipantDuration", "TrackSid", "TrackKind", "TrackName",
     "CompositionSid", "CompositionUri", "CompositionHookSid", "SourceSid"}
)  # fmt: skip
#: Fields Video shares with Voice: Video only beside one of the above.
SHARED_CALLBACK_PARAMS = frozenset(
    {"StatusCallbackEvent", "RecordingSid", "RecordingUri", "ParticipantSid", "MediaUri"}
)
CALLBACK_PARAMS = VIDEO_CALLBACK_PARAMS | SHARED_CALLBACK_PARAMS
#: Dict-like read methods a handler uses on request.form, request.POST, request.args...
READ_METHODS = frozenset({"get", "getlist", "getone"})


# --- findings ------------------------------------------------------------------------------
#: Python rule id -> its ``mappings.catalog`` key (``{subject}`` filled from the finding).
#: The audit describes the rules (``migrate/audit/rules.py``); native mode marks what it
#: left with the same keys.
PYTHON_RULE_KEYS: dict[str, str] = {
    "py-import": "client.rest",
    "py-rest-client": "client.rest",
    "py-rest-exception": "client.exceptions",
    "py-video-room": "video.rooms.{subject}",
    "py-video-participant": "video.participants.{subject}",
    "py-video-resource": "video.{subject}",
    "py-access-token": "token.access_token",
    "py-video-grant": "token.video_grant",
    "py-mixed-grant": "token.access_token",
    "py-raw-http": "rest.raw_http",
    "py-status-callback": "webhook.status_callback",
    "py-request-validator": "webhook.request_validator",
}


def operation(method: str) -> str | None:
    """The resource operation a method name performs (``list_async`` -> ``list``), or None."""
    op = method.removesuffix(ASYNC_SUFFIX)
    return op if op in OPERATIONS else None
