"""Names from the twilio Python package and Video webhooks that the Python scanner and its
gate both need: one list, so the gate can never drop a file the scanner would flag."""

from __future__ import annotations

VIDEO_HOST = "video.twilio.com"
# Modules whose import lets a file reach a Client, a token, a grant or TwiML.
ENTRY_MODULES = frozenset(
    {"twilio", "twilio.rest", "twilio.jwt", "twilio.jwt.access_token",
     "twilio.jwt.access_token.grants"}
)  # fmt: skip
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
