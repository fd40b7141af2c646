"""Names from the twilio packages and Video webhooks that the Python scanner, its gate and
the Node.js scanner all need: one list, so the gate can never drop a file the scanner would
flag and both languages agree on what is Video.

Resource names are the Python package's (snake_case, also the catalog's subjects); the
Node.js package spells the same resources in camelCase (``composition_hooks`` is
``compositionHooks``).
"""

from __future__ import annotations

VIDEO_HOST = "video.twilio.com"
TWIML_MODULE = "twilio.twiml"
# Its public modules: voice_response, messaging_response, fax_response.
TWIML_SUFFIX = "_response"
# Status-callback parameters only Video sends, and ones Video shares with Voice: a
# handler counts as Video when it reads at least one of the first set.
VIDEO_CALLBACK_PARAMS = frozenset(
    {"RoomSid", "RoomName", "RoomStatus", "RoomType", "RoomDuration", "ParticipantIdentity",
     "ParticipantStatus", "ParticipantDuration", "TrackSid", "TrackKind", "TrackName",
     "CompositionSid", "CompositionUri", "CompositionHookSid", "SourceSid"}
)  # fmt: skip
SHARED_CALLBACK_PARAMS = frozenset(
    {"StatusCallbackEvent", "RecordingSid", "RecordingUri", "ParticipantSid", "MediaUri"}
)
CALLBACK_PARAMS = VIDEO_CALLBACK_PARAMS | SHARED_CALLBACK_PARAMS
# Dict-like read methods a handler uses on request.form, request.POST, request.args...
READ_METHODS = frozenset({"get", "getlist", "getone"})

# Top-level Video resources under client.video[.v1].
VIDEO_ROOTS = frozenset(
    {"rooms", "compositions", "composition_hooks", "composition_settings", "recordings",
     "recording_settings"}
)  # fmt: skip
# Sub-resources whose catalog key is video.<name>.
VIDEO_RESOURCES = frozenset(
    {"published_tracks", "subscribed_tracks", "subscribe_rules", "recording_rules",
     "recordings", "compositions", "composition_hooks", "composition_settings",
     "recording_settings", "transcriptions"}
)  # fmt: skip
# Other Twilio products reached from the same client: reported as not affected.
OTHER_PRODUCTS = {
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
GRANT_PRODUCTS = {
    "ChatGrant": "Chat",
    "ConversationsGrant": "Conversations",
    "IpMessagingGrant": "Chat",
    "SyncGrant": "Sync",
    "VoiceGrant": "Voice",
    "TaskRouterGrant": "TaskRouter",
    "PlaybackGrant": "Live playback",
}
