"""The API-level catalog: each Twilio Video touchpoint, its Zoom equivalent and what is lost.

The audit's advice, the codemods, the shim's error messages and docs/mapping.md all read
this table. Basis tags in the notes follow the reference files: **G** stated in Zoom's
Twilio migration guide, **T** inferred from Zoom's SDK typings, **I** inferred from the
Zoom API docs (twilio-video.md §5.2, zoom-videosdk.md §8.2).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from pydantic import computed_field

from mappings import errors, recordings
from mappings.fidelity import Fidelity, FrozenModel

Autofix = Literal["shim", "native", "none"]
Effort = Literal["trivial", "small", "medium", "large"]


class ApiMapping(FrozenModel):
    """One Twilio touchpoint and its Zoom equivalent.

    ``docs_anchor`` is the id of the entry in docs/mapping.md (link as
    ``docs/mapping.md#<docs_anchor>``); ``autofix`` names the rewrite mode that handles
    it automatically (``shim`` covers both shim and native; ``native`` only native;
    ``none`` means a human must port it).
    """

    key: str
    twilio: str
    zoom: str
    fidelity: Fidelity
    notes: str
    autofix: Autofix
    effort: Effort

    @computed_field  # type: ignore[prop-decorator]
    @property
    def docs_anchor(self) -> str:
        """Anchor of this entry in docs/mapping.md, derived from the key."""
        return anchor_for(self.key)

    @property
    def section(self) -> str:
        """The catalog section the key belongs to (its first dotted part)."""
        return self.key.split(".", 1)[0]


class UnknownMappingError(KeyError):
    """No catalog entry has the requested key."""


def anchor_for(key: str) -> str:
    """The HTML id used for ``key`` in docs/mapping.md (lower-case, dashes)."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def lookup(key: str) -> ApiMapping:
    """The catalog entry for ``key``; raises :class:`UnknownMappingError` when absent."""
    try:
        return CATALOG[key]
    except KeyError:
        raise UnknownMappingError(f"no mapping for {key!r}") from None


def _status_codes_text() -> str:
    """``400 -> 20001, 401/403 -> 20003, ...`` from the error table, for the catalog."""
    by_code: dict[int, list[str]] = {}
    for status, code in errors.TWILIO_CODES_BY_STATUS.items():
        by_code.setdefault(code, []).append(str(status))
    by_code[errors.TWILIO_SERVER_ERROR_CODE] = ["5xx"]
    return ", ".join(f"{'/'.join(statuses)} -> {code}" for code, statuses in by_code.items())


def _entries() -> list[ApiMapping]:
    e: list[ApiMapping] = []

    def add(
        key: str,
        twilio: str,
        zoom: str,
        fidelity: Fidelity,
        autofix: Autofix,
        effort: Effort,
        notes: str,
    ) -> None:
        e.append(
            ApiMapping(
                key=key,
                twilio=twilio,
                zoom=zoom,
                fidelity=fidelity,
                autofix=autofix,
                effort=effort,
                notes=notes,
            )
        )

    # --- Python / REST -------------------------------------------------------------
    add(
        "client.rest",
        "twilio.rest.Client (Basic auth with AC/SK + secret)",
        "Zoom REST API with an API JWT (iss = ZOOM_API_KEY, HS256); shim: migrate.shim.rest.Client",
        "approximate",
        "shim",
        "trivial",
        "Video calls go to Zoom; other Twilio products stay on the real twilio package. "
        "Zoom REST uses the API key pair, not the SDK key pair (I).",
    )
    add(
        "client.node",
        "npm package twilio: twilio(accountSid, authToken) / new Twilio(...) (server side)",
        "Zoom REST API (api.zoom.us/v2/videosdk) with an API JWT (iss = ZOOM_API_KEY, HS256), "
        "signed with any JWT library",
        "approximate",
        "none",
        "small",
        "No JavaScript shim: port each Video call by hand (each has its own entry here); SMS, "
        "Voice and other products stay on the twilio package. Zoom REST uses the API key pair, "
        "not the SDK key pair (I).",
    )
    add(
        "client.exceptions",
        "TwilioRestException(status, uri, msg, code) with more_info "
        + errors.TWILIO_ERROR_DOCS.format(code="<code>"),
        "Zoom API errors {code, message} by HTTP status: " + _status_codes_text(),
        "approximate",
        "shim",
        "small",
        "Twilio's specific codes (e.g. 53113 room exists) become the generic code for the "
        "status; Zoom's own code stays in the message ('Unable to <action> record: ... "
        "(Zoom error <code>)').",
    )
    add(
        "client.recording_fields",
        "RecordingInstance / RoomRecordingInstance fields (type, container_format, codec, ...)",
        "One Zoom recording file per Twilio recording: "
        + "; ".join(f"{row.param} <- {row.zoom}" for row in recordings.RECORDING_FIELDS),
        "approximate",
        "shim",
        "small",
        " ".join(
            f"{row.param}: {row.notes}"
            for row in recordings.RECORDING_FIELDS
            if row.fidelity != "exact"
        ),
    )
    add(
        "video.rooms.create",
        "client.video.v1.rooms.create(...) / POST /v1/Rooms",
        "Optional POST /videosdk/sessions {session_name, settings.auto_recording}; the first "
        "join creates the session",
        "approximate",
        "shim",
        "small",
        "Room types, participant caps, codecs, timeouts and TURN have no REST equivalent; see "
        "the CreateRoom parameter table for each parameter (G/I).",
    )
    add(
        "video.rooms.fetch",
        "client.video.v1.rooms(sid_or_name).fetch()",
        "GET /videosdk/sessions/{sessionId}?type=live|past (by name: list with session_name)",
        "approximate",
        "shim",
        "trivial",
        "Zoom ids are base64-like and need URL-encoding; the shim derives a stable RM SID "
        "from the Zoom session id. Session details older than ~1 year are gone (12702).",
    )
    add(
        "video.rooms.update",
        "rooms(sid).update(status='completed')",
        'PUT /videosdk/sessions/{sessionId}/status {"action": "end"}',
        "exact",
        "shim",
        "trivial",
        "Only 'completed' has an equivalent; 'in-progress'/'failed' cannot be set (I).",
    )
    add(
        "video.rooms.list",
        "rooms.list(status, unique_name, date_created_after/before)",
        "GET /videosdk/sessions?type=live|past&from&to&session_name",
        "approximate",
        "shim",
        "small",
        "Zoom requires from/to dates (yyyy-mm-dd) and has no 'failed' status; "
        "session_name match is case-insensitive.",
    )
    add(
        "video.participants.list",
        "rooms(sid).participants.list(status, identity, ...)",
        "GET /videosdk/sessions/{sessionId}/users?type=live|past",
        "approximate",
        "shim",
        "small",
        "Twilio identity is carried in the JWT user_key; status and identity filters are "
        "applied client-side.",
    )
    add(
        "video.participants.fetch",
        "rooms(sid).participants(sid_or_identity).fetch()",
        "No single-user GET: list /videosdk/sessions/{sessionId}/users and match user_key/id",
        "approximate",
        "shim",
        "small",
        "One list call per fetch; a stable PA SID is derived from the session id and user key.",
    )
    add(
        "video.participants.update",
        "participants(sid).update(status='disconnected')",
        'PATCH /videosdk/sessions/{sessionId}/events {"method": "user.remove", '
        '"params": {"participant_uuid": ...}}',
        "approximate",
        "shim",
        "small",
        "participant_uuid as the target of user.remove is inferred (I).",
    )
    add(
        "video.participants.anonymize",
        "participants(sid).anonymize().update()",
        "No equivalent",
        "unsupported",
        "none",
        "medium",
        "Zoom keeps the user_key and display name you sent; pseudonymise them before "
        "joining (user_key_for a hash) and delete session data instead.",
    )
    add(
        "video.published_tracks",
        "participants(sid).published_tracks.list()/fetch()",
        "No track model; closest: GET /videosdk/sessions/{id}/users/sharing and QoS, "
        "SDK events user-updated / peer-video-state-change",
        "unsupported",
        "none",
        "medium",
        "Zoom exposes per-user audio/video/share state, not tracks with names or MT SIDs (I).",
    )
    add(
        "video.subscribed_tracks",
        "participants(sid).subscribed_tracks.list()/fetch()",
        "No equivalent (subscription is implicit: render the users you want)",
        "unsupported",
        "none",
        "medium",
        "Decide in the client which users to render (stream.attachVideo/renderVideo) (I).",
    )
    add(
        "video.subscribe_rules",
        "participants(sid).subscribe_rules.update(rules=[...])",
        "No server-side equivalent; render only selected users in the client",
        "unsupported",
        "none",
        "medium",
        "Zoom sends every user's media; audio cannot be unsubscribed per user from the "
        "server. Move the rule logic into the client's rendering choice (I).",
    )
    add(
        "video.recording_rules",
        "rooms(sid).recording_rules.update(rules=[...])",
        "PATCH /videosdk/sessions/{id}/events recording.start/stop/pause/resume; per-user "
        "video via JWT cloud_recording_option / cloud_recording_election",
        "approximate",
        "shim",
        "medium",
        "Only 'record everything' and 'record nothing' are exact; track/kind/publisher "
        "filters become per-user elections or are lost. See the recording-rules table.",
    )
    add(
        "video.recordings",
        "client.video.v1.recordings.list()/fetch()/delete()",
        "GET /videosdk/recordings?from&to, GET/DELETE /videosdk/sessions/{id}/recordings",
        "approximate",
        "shim",
        "medium",
        "Zoom records per session (MP4/M4A composites, per-user audio, optional per-user "
        "video), not per track (.mka/.mkv). Delete has trash/delete actions.",
    )
    add(
        "video.recordings.media",
        "GET /v1/Recordings/{RT}/Media (302 + redirect_to)",
        "recording_files[].download_url with Authorization: Bearer download_access_token",
        "approximate",
        "shim",
        "small",
        "Token from GET /videosdk/sessions/{id}/recordings?include_fields=download_access_token "
        "or the webhook download_token; lifetime not documented.",
    )
    add(
        "video.compositions",
        "client.video.v1.compositions.create(room_sid, video_layout, ...)",
        "The session's composite cloud-recording files (gallery, active speaker, shared "
        "screen, audio only), chosen up front; other layouts: compose locally from the "
        "exported tracks",
        "approximate",
        "shim",
        "large",
        "No post-hoc composition API. The shim lists composite files as compositions and "
        "create() succeeds when the layout maps to a file the session recorded; see the "
        "composition table for which layouts map (I).",
    )
    add(
        "video.composition_hooks",
        "client.video.v1.composition_hooks.create(friendly_name, ...)",
        "Account cloud-recording settings (layout files) + auto_recording 'cloud'",
        "approximate",
        "none",
        "medium",
        "A hook's layout becomes an account-wide recording layout; per-hook status "
        "callbacks become the session.recording_completed webhook.",
    )
    add(
        "video.composition_settings",
        "composition_settings().create(aws_s3_url, ...)",
        "BYOS: POST /videosdk/settings/storage/location + PATCH /videosdk/settings/storage",
        "approximate",
        "shim",
        "small",
        "External S3 maps to BYOS (S3 only, access-key auth); Twilio's public-key "
        "encryption has no equivalent.",
    )
    add(
        "video.recording_settings",
        "recording_settings().create(aws_s3_url, ...)",
        "BYOS: POST /videosdk/settings/storage/location + PATCH /videosdk/settings/storage",
        "approximate",
        "shim",
        "small",
        "Same as composition settings: one storage location serves all recordings.",
    )
    add(
        "video.transcriptions",
        "rooms(sid).transcriptions.create/update(...)",
        "JWT cloud_recording_transcript_option (VTT after the session) or live captions "
        "(caption-message in the SDK)",
        "approximate",
        "none",
        "medium",
        "No REST start/stop of transcription; transcripts arrive with "
        "session.recording_transcript_completed (I).",
    )
    add(
        "token.access_token",
        "AccessToken(account_sid, key_sid, secret, identity, ttl, ...)",
        "Video SDK session JWT (app_key, tpc, role_type, version, iat, exp, user_key) signed "
        "with ZOOM_SDK_SECRET",
        "approximate",
        "shim",
        "small",
        "TTL clamped to 1800..172800 s; identity becomes user_key (<=36 chars); other "
        "product grants cannot be carried. See the access-token table (G).",
    )
    add(
        "token.video_grant",
        "VideoGrant(room=...)",
        "tpc claim (session name); required",
        "approximate",
        "shim",
        "trivial",
        "A grant without a room (any room) cannot be expressed: Zoom needs the session name "
        "in the token (G).",
    )
    add(
        "webhook.status_callback",
        "StatusCallback / StatusCallbackMethod on rooms and compositions",
        "Zoom webhooks session.* (JSON, x-zm-signature); twilio2zoom bridge re-sends them as "
        "Twilio callbacks",
        "approximate",
        "shim",
        "medium",
        "Per-room callback URLs become one account-level event subscription; track events "
        "have no equivalent. See the status-callback table.",
    )
    add(
        "webhook.request_validator",
        "RequestValidator(auth_token).validate(url, params, sig)",
        "HMAC-SHA256 over 'v0:{x-zm-request-timestamp}:{raw body}' with the webhook secret "
        "token; header x-zm-signature",
        "approximate",
        "shim",
        "small",
        "Behind the bridge, keep validating X-Twilio-Signature; on native Zoom webhooks also "
        "answer endpoint.url_validation.",
    )
    add(
        "rest.raw_http",
        "Raw HTTP to video.twilio.com (/v1/Rooms, /v1/Recordings, /Media)",
        "Raw HTTP to api.zoom.us/v2/videosdk with a Bearer API JWT",
        "approximate",
        "none",
        "medium",
        "Paths, JSON shapes and pagination (next_page_token) differ; port by hand or use the shim.",
    )
    add(
        "config.credentials",
        "TWILIO_ACCOUNT_SID / TWILIO_API_KEY / TWILIO_API_SECRET / TWILIO_AUTH_TOKEN",
        "ZOOM_SDK_KEY + ZOOM_SDK_SECRET (session JWT), ZOOM_API_KEY + ZOOM_API_SECRET (REST), "
        "ZOOM_WEBHOOK_SECRET_TOKEN",
        "approximate",
        "none",
        "trivial",
        "Two Zoom key pairs replace one Twilio key pair; keep secrets out of source (G).",
    )
    # --- JavaScript ------------------------------------------------------------------
    add(
        "js.package",
        "npm package twilio-video",
        "npm package @zoom/videosdk (ZoomVideo)",
        "exact",
        "none",
        "small",
        "createClient() then await client.init('en-US', 'Global', {patchJsMedia: true}) (G).",
    )
    add(
        "js.cdn",
        "sdk.twilio.com/js/video/... (global Twilio.Video)",
        "Bundle @zoom/videosdk (or Zoom's CDN build); update CSP hosts",
        "approximate",
        "none",
        "small",
        "Remove vss.twilio.com / sdkgw.us1.twilio.com from CSP (T).",
    )
    add(
        "js.connect",
        "Video.connect(token, {name, ...}) -> Room",
        "await client.join(sessionName, token, userName, passcode?); client.getMediaStream()",
        "approximate",
        "none",
        "medium",
        "Session name must equal the JWT tpc; audio/video/dominantSpeaker flags are not "
        "needed at join (G).",
    )
    options: dict[str, tuple[str, Fidelity, str]] = {
        "name": ("join(sessionName, ...) first argument", "exact", "Must equal the JWT tpc (G)."),
        "audio": (
            "stream.startAudio() after join",
            "approximate",
            "Audio starts explicitly after join; constraints go to startAudio (G).",
        ),
        "video": (
            "stream.startVideo() after join",
            "approximate",
            "Video starts explicitly after join; constraints go to startVideo (G).",
        ),
        "tracks": (
            "stream.startAudio() / startVideo() after join",
            "approximate",
            "No pre-created track objects to pass in (T).",
        ),
        "dominantSpeaker": (
            "Always on: client.on('active-speaker')",
            "exact",
            "No option needed (G).",
        ),
        "networkQuality": (
            "Always on: client.on('network-quality-change')",
            "approximate",
            "Levels 0-5 uplink/downlink, only while video is on (T).",
        ),
        "bandwidthProfile": (
            "No equivalent; Zoom manages bandwidth",
            "unsupported",
            "Pick render quality per user with VideoQuality instead (T, assumption).",
        ),
        "preferredVideoCodecs": (
            "No equivalent; Zoom chooses codecs",
            "unsupported",
            "Drop the option (T, assumption).",
        ),
        "preferredAudioCodecs": (
            "No equivalent; Zoom chooses codecs",
            "unsupported",
            "Drop the option (T, assumption).",
        ),
        "automaticSubscription": (
            "No equivalent; render only the users you want",
            "unsupported",
            "Subscription is implicit in Zoom (I).",
        ),
        "region": (
            "JWT geo_regions claim",
            "approximate",
            "Twilio signalling regions map to Zoom data-center codes; see the region table (G/I).",
        ),
        "maxAudioBitrate": ("No equivalent", "unsupported", "Zoom manages bitrates (T)."),
        "maxVideoBitrate": (
            "No equivalent; cap render quality with VideoQuality",
            "unsupported",
            "Zoom manages bitrates (T).",
        ),
    }
    for name, (zoom, fidelity, notes) in options.items():
        add(
            f"js.connect.option.{name}",
            f"connect(token, {{{name}: ...}})",
            zoom,
            fidelity,
            "none",
            "trivial" if fidelity != "approximate" else "small",
            notes,
        )
    add(
        "js.create_local_tracks",
        "createLocalTracks({audio, video})",
        "stream.startAudio() + stream.startVideo()",
        "approximate",
        "none",
        "small",
        "(T)",
    )
    add(
        "js.create_local_audio_track",
        "createLocalAudioTrack() + publishTrack",
        "stream.startAudio(); mute with muteAudio()/unmuteAudio()",
        "approximate",
        "none",
        "small",
        "(G)",
    )
    add(
        "js.create_local_video_track",
        "createLocalVideoTrack(constraints) + publishTrack",
        "stream.startVideo({videoElement?}); stopVideo()",
        "approximate",
        "none",
        "small",
        "(G)",
    )
    add(
        "js.local_data_track",
        "new LocalDataTrack() + publishTrack + send(msg)",
        "client.getCommandClient().send(text, userId?); event command-channel-message",
        "approximate",
        "none",
        "medium",
        "Command channel: <=512 chars, 2 messages/s per session, best effort; DataTrack "
        "allowed 16 KiB and reliable ordering (I).",
    )
    add(
        "js.attach",
        "track.attach(el?)",
        "stream.attachVideo(userId, VideoQuality) or renderVideo(canvas, userId, ...)",
        "approximate",
        "none",
        "small",
        "attachVideo per T, renderVideo per G.",
    )
    add(
        "js.detach",
        "track.detach(el?)",
        "stream.detachVideo(userId) / stopRenderVideo",
        "approximate",
        "none",
        "small",
        "(T)",
    )
    add(
        "js.disconnect",
        "room.disconnect()",
        "client.leave(); client.leave(true) ends for all",
        "exact",
        "none",
        "trivial",
        "(G/T)",
    )
    events: dict[str, tuple[str, Fidelity, str]] = {
        "participantConnected": (
            "client.on('user-added', users[])",
            "exact",
            "Payload is an array (G).",
        ),
        "participantDisconnected": ("client.on('user-removed', users[])", "exact", "(G)"),
        "participantReconnecting": (
            "user-updated (isInFailover)",
            "approximate",
            "Users in failover drop after 2 min (T).",
        ),
        "participantReconnected": ("user-updated (isInFailover cleared)", "approximate", "(T)"),
        "dominantSpeakerChanged": (
            "client.on('active-speaker', [{userId, displayName}])",
            "exact",
            "(G)",
        ),
        "trackSubscribed": (
            "peer-video-state-change {action: 'Start'}",
            "approximate",
            "Video only; audio is implicit (G).",
        ),
        "trackUnsubscribed": ("peer-video-state-change {action: 'Stop'}", "approximate", "(G)"),
        "trackPublished": ("user-updated (bVideoOn / audio / sharerOn)", "approximate", "(T)"),
        "trackUnpublished": ("user-updated (bVideoOn / audio / sharerOn)", "approximate", "(T)"),
        "trackEnabled": ("user-updated (muted=false, bVideoOn)", "approximate", "(T)"),
        "trackDisabled": ("user-updated (muted=true, bVideoOn)", "approximate", "(T)"),
        "trackStarted": ("peer-video-state-change / video-active-change", "approximate", "(T)"),
        "trackMessage": ("command-channel-message", "approximate", "512-char, best-effort (T)."),
        "trackSubscriptionFailed": (
            "No equivalent",
            "unsupported",
            "Handle the rejected promise of attachVideo()/renderVideo() instead (T).",
        ),
        "trackSwitchedOff": (
            "No equivalent (Zoom manages bandwidth)",
            "unsupported",
            "Remove the handler; Zoom lowers quality itself (T).",
        ),
        "trackSwitchedOn": (
            "No equivalent (Zoom manages bandwidth)",
            "unsupported",
            "Remove the handler; Zoom lowers quality itself (T).",
        ),
        "trackDimensionsChanged": (
            "No equivalent",
            "unsupported",
            "Size the rendered element yourself; attachVideo picks a VideoQuality (T).",
        ),
        "trackPublishPriorityChanged": (
            "No equivalent",
            "unsupported",
            "Remove the handler; Zoom has no track priorities (T).",
        ),
        "trackPublicationFailed": (
            "Rejected promise of startVideo()/startAudio()",
            "approximate",
            "(T)",
        ),
        "trackStopped": ("Resolved promise of stopVideo()", "approximate", "(T)"),
        "trackWarning": (
            "No equivalent",
            "unsupported",
            "Use network-quality-change and the *-statistic-data-change events (T).",
        ),
        "trackWarningsCleared": (
            "No equivalent",
            "unsupported",
            "Use network-quality-change and the *-statistic-data-change events (T).",
        ),
        "disconnected": ("connection-change {state: 'Closed' | 'Fail'}", "approximate", "(T)"),
        "reconnecting": ("connection-change {state: 'Reconnecting'}", "exact", "(T)"),
        "reconnected": ("connection-change {state: 'Connected'}", "exact", "(T)"),
        "networkQualityLevelChanged": (
            "network-quality-change {userId, type, level 0-5}",
            "approximate",
            "Only while video is on (T).",
        ),
        "recordingStarted": ("recording-change {state}", "approximate", "(T)"),
        "recordingStopped": ("recording-change {state}", "approximate", "(T)"),
        "transcription": ("caption-message / caption-status", "approximate", "(T)"),
        "message": ("command-channel-message (RemoteDataTrack message)", "approximate", "(T)"),
    }
    for name, (zoom, fidelity, notes) in events.items():
        add(
            f"js.event.{name}",
            f"on('{name}', ...)",
            zoom,
            fidelity,
            "none",
            "small" if fidelity == "approximate" else "trivial",
            notes,
        )
    # --- Mobile ----------------------------------------------------------------------
    add(
        "mobile.ios",
        "CocoaPods/SPM TwilioVideo",
        "Zoom Video SDK for iOS (xcframework, SPM or CocoaPods)",
        "approximate",
        "none",
        "large",
        "Remove the TwilioVideo pod; the iOS migration guide covers the port (G).",
    )
    add(
        "mobile.android",
        "Gradle com.twilio:video-android",
        "Maven us.zoom.videosdk:ZoomVideoSDK",
        "approximate",
        "none",
        "large",
        "Remove com.twilio:video-android; the Android migration guide covers the port (G).",
    )
    return e


CATALOG: Mapping[str, ApiMapping] = MappingProxyType({m.key: m for m in _entries()})
