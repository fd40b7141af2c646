"""Numeric and enumerated facts about both APIs, each with its source and confidence.

Where a fact is unconfirmed or the sources conflict, this is the one place to change it.
Each comment names its source by one of these tags (all public):

- ``zoom-api``: Video SDK REST API reference, https://developers.zoom.us/docs/api/video-sdk/
- ``zoom-auth``: session JWT payload, https://developers.zoom.us/docs/video-sdk/auth/
- ``zoom-auth-sample``: https://github.com/zoom/videosdk-auth-endpoint-sample (``src/index.js``)
- ``zoom-sessions``: join limits, https://developers.zoom.us/docs/video-sdk/web/sessions/
- ``zoom-api-request``: REST API JWT, https://developers.zoom.us/docs/video-sdk/api-request/
- ``zoom-pagination``: https://developers.zoom.us/docs/api/pagination/
- ``zoom-webhooks``: signature, validation, delivery, https://developers.zoom.us/docs/api/webhooks/
- ``spec``: Twilio's Video v1 OpenAPI spec, vendored as
  ``migrate/sandbox/twilio/twilio_video_v1.json``
- ``twilio-limits``: https://www.twilio.com/docs/video/programmable-video-limits
- ``twilio-recordings``: https://www.twilio.com/docs/video/api/recordings-resource
- ``twilio-rules``: https://www.twilio.com/docs/video/api/recording-rules
- ``twilio-callbacks``: https://www.twilio.com/docs/video/api/status-callbacks
- ``twilio-python``: https://github.com/twilio/twilio-python (9.11.0, ``twilio/jwt``)

Confidence: OFFICIAL (the vendor says so), CONFLICT (vendor pages disagree; both values
given), THIRD-PARTY (only outside the vendor's material), INFERRED (our reasoning), NOT
FOUND (undocumented; the value is our choice). docs/mapping.md explains the gaps.
"""

from __future__ import annotations

from typing import Final

# --- Zoom Video SDK -----------------------------------------------------------------
# Session name: join doc says <=150, JWT doc says tpc <=200 [CONFLICT, zoom-sessions,
# zoom-auth]; 150 satisfies both.
ZOOM_SESSION_NAME_MAX: Final = 150
# Characters allowed in a session name besides letters, digits and space [OFFICIAL zoom-auth].
ZOOM_SESSION_NAME_SYMBOLS: Final = "!#$%&()+-:;<=.>?@[]^_{}|~,`"
# user_key and session_key: <=36 characters [OFFICIAL zoom-auth, zoom-sessions].
ZOOM_USER_KEY_MAX: Final = 36
ZOOM_SESSION_KEY_MAX: Final = 36
# Passcode: <=10 printable ASCII characters (code points 32..126) [OFFICIAL zoom-sessions].
ZOOM_PASSCODE_MAX: Final = 10
# Display name: <=200 characters, longer values silently truncated [OFFICIAL zoom-sessions].
ZOOM_DISPLAY_NAME_MAX: Final = 200
# Session JWT lifetime (exp - iat) in seconds [OFFICIAL zoom-auth].
ZOOM_SESSION_JWT_MIN_TTL: Final = 1800
ZOOM_SESSION_JWT_MAX_TTL: Final = 172_800
ZOOM_SESSION_JWT_DEFAULT_TTL: Final = 7200
# iat is back-dated for clock skew, as Zoom's auth sample does [OFFICIAL zoom-auth-sample].
ZOOM_SESSION_JWT_IAT_SKEW: Final = 30
# REST API JWT lifetime chosen by us; Zoom suggests about one hour [OFFICIAL zoom-api-request].
ZOOM_API_JWT_TTL: Final = 3600
# geo_regions values [OFFICIAL zoom-auth].
ZOOM_GEO_REGIONS: Final = ("AU", "BR", "CA", "DE", "HK", "IN", "JP", "CN", "MX", "NL", "SG", "US")
# Default list page size observed [OFFICIAL example, zoom-pagination]; max per endpoint
# [NOT FOUND]: 300 is the documented ceiling for light list APIs.
ZOOM_DEFAULT_PAGE_SIZE: Final = 30
ZOOM_MAX_PAGE_SIZE: Final = 300
# Users per session: 5,000 (web page) vs 1,000 (spec info) [CONFLICT zoom-sessions vs
# zoom-api]; we use the lower.
ZOOM_MAX_USERS_PER_SESSION: Final = 1000
# Idle auto-end, minutes [OFFICIAL zoom-sessions].
ZOOM_IDLE_TIMEOUT_MINUTES: Final = 40
# Webhook acknowledgement deadline, seconds [OFFICIAL zoom-webhooks].
ZOOM_WEBHOOK_ACK_SECONDS: Final = 3
# Webhook timestamp freshness window: no value documented [NOT FOUND zoom-webhooks]; our choice.
ZOOM_WEBHOOK_TOLERANCE_SECONDS: Final = 300
# Session metadata is not retrievable after about a year (error 12702) [OFFICIAL zoom-api].
ZOOM_SESSION_RETENTION_DAYS: Final = 365

# --- Twilio Programmable Video --------------------------------------------------------
# Room name, identity and track name: <=128 characters each [twilio-limits].
TWILIO_NAME_MAX: Final = 128
# Group room participant cap [spec, twilio-limits].
TWILIO_GROUP_MAX_PARTICIPANTS: Final = 50
# MaxParticipantDuration seconds: default 14400, max 86400 [spec].
TWILIO_MAX_PARTICIPANT_DURATION_DEFAULT: Final = 14_400
TWILIO_MAX_PARTICIPANT_DURATION_MAX: Final = 86_400
# Empty/unused room timeouts in minutes: 1..60, default 5 [spec, twilio-callbacks].
TWILIO_ROOM_TIMEOUT_MIN: Final = 1
TWILIO_ROOM_TIMEOUT_MAX: Final = 60
TWILIO_ROOM_TIMEOUT_DEFAULT: Final = 5
# Access token: default TTL 3600 s, at most 24 h [twilio-python].
TWILIO_TOKEN_DEFAULT_TTL: Final = 3600
TWILIO_TOKEN_MAX_TTL: Final = 86_400
# /Media redirect URL lifetime: default 600 s, 1..3600 [twilio-recordings].
TWILIO_MEDIA_TTL_DEFAULT: Final = 600
TWILIO_MEDIA_TTL_MIN: Final = 1
TWILIO_MEDIA_TTL_MAX: Final = 3600
# Recording/subscribe rules per list: 1..20 [twilio-rules].
TWILIO_RULES_MAX: Final = 20
# PageSize per list [spec]: 1..100 (default 50) for account Recordings and
# Compositions, 1..1000 elsewhere.
TWILIO_PAGE_SIZE_MAX_MEDIA_LISTS: Final = 100
TWILIO_PAGE_SIZE_MAX: Final = 1000
TWILIO_PAGE_SIZE_DEFAULT: Final = 50
# REST quotas per account [twilio-limits].
TWILIO_READS_PER_SECOND: Final = 80
TWILIO_WRITES_PER_SECOND: Final = 20
# Composition resolution bounds [spec, https://www.twilio.com/docs/video/api/compositions-resource].
TWILIO_COMPOSITION_DIM_MIN: Final = 16
TWILIO_COMPOSITION_DIM_MAX: Final = 1280
TWILIO_COMPOSITION_PIXELS_MAX: Final = 921_600
TWILIO_COMPOSITION_DEFAULT_RESOLUTION: Final = "640x480"
# Deleted items keep metadata for 30 days [twilio-recordings].
TWILIO_DELETED_METADATA_DAYS: Final = 30

# --- Zoom Video SDK REST behaviour (migrate.zoom client and its emulator) ------------
# Success statuses. 202 for PATCH .../events is documented [OFFICIAL zoom-api]; the rest are
# [NOT FOUND] and follow Zoom's usual convention (201 create, 204 update/delete).
ZOOM_STATUS_CREATED: Final = 201
ZOOM_STATUS_NO_CONTENT: Final = 204
ZOOM_STATUS_EVENT_ACCEPTED: Final = 202
# Error codes in {code, message} bodies [zoom-api]: 124 invalid token (general Zoom API),
# 300 not available / over storage limit [OFFICIAL], 12702 session older than a year
# [OFFICIAL]. 3001 unknown session and 3301 unknown recording are [INFERRED] from the
# Meetings API ("Meeting does not exist" / "recording does not exist").
ZOOM_ERROR_INVALID_TOKEN: Final = 124
ZOOM_ERROR_NOT_AVAILABLE: Final = 300
ZOOM_ERROR_SESSION_NOT_FOUND: Final = 3001
ZOOM_ERROR_RECORDING_NOT_FOUND: Final = 3301
ZOOM_ERROR_SESSION_TOO_OLD: Final = 12702
ZOOM_ERROR_RATE_LIMIT: Final = 429
ZOOM_RATE_LIMIT_MESSAGE: Final = (
    "You have reached the maximum per-second rate limit for this API. Try again later."
)
# Recording delete default when `action` is omitted: [NOT FOUND zoom-api]; Meetings uses trash.
ZOOM_RECORDING_DELETE_DEFAULT_ACTION: Final = "trash"
# Units of x-zm-request-timestamp: [NOT FOUND zoom-webhooks]; we read and write seconds
# (ticks per second: 1 = seconds, 1000 = milliseconds).
ZOOM_WEBHOOK_TIMESTAMP_TICKS_PER_SECOND: Final = 1
# Next-page token lifetime: 15 minutes [THIRD-PARTY; zoom-pagination names none].
ZOOM_PAGE_TOKEN_TTL_SECONDS: Final = 900
# Recording download token lifetime and the `ttl` ceiling of include_fields=download_access_token:
# [NOT FOUND zoom-api]; Meetings values (24 h; 0..604800 s) [THIRD-PARTY].
ZOOM_DOWNLOAD_TOKEN_TTL: Final = 86_400
ZOOM_DOWNLOAD_TOKEN_MAX_TTL: Final = 604_800
