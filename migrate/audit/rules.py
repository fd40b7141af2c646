"""The rules registry: every rule the scanners can report, with the catalog key it maps to.

A rule's Zoom equivalent, autofix and effort are never written here: they come from
``mappings.catalog`` through the rule's ``key`` (one fact in one place). ``{subject}`` in
a key or message is filled from the scanner's hit (an operation, option, event or name).
The Python rules' keys are the table native mode marks with
(``mappings.twilio_vocab.PYTHON_RULE_KEYS``). The one exception is ``rewritable``: the
catalog's autofix says what ``twilio2zoom rewrite`` does for a Twilio API, and rewrite
reads only Python, so a rule that finds the same API in JavaScript/TypeScript reports
autofix ``none``.
"""

from __future__ import annotations

from dataclasses import dataclass

from mappings.twilio_vocab import PYTHON_RULE_KEYS as PY_KEYS
from migrate.audit.findings import Category, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One detectable pattern; ``key`` is a ``mappings.catalog`` key (None: no mapping)."""

    id: str
    key: str | None
    category: Category
    severity: Severity
    message: str
    description: str
    # False when twilio2zoom rewrite never reads the files this rule scans (JS/TS).
    rewritable: bool = True

    def catalog_key(self, subject: str) -> str | None:
        """The catalog key for a hit with this ``subject``."""
        return None if self.key is None else self.key.format(subject=subject)

    def render(self, subject: str) -> str:
        """The finding message for a hit with this ``subject``."""
        return self.message.format(subject=subject)


_RULES = (
    # --- Python -------------------------------------------------------------------------
    Rule("py-rest-client", PY_KEYS["py-rest-client"], "rest", "note",
         "Twilio REST client used for Video in this file",
         "Construction of twilio.rest.Client in a file that calls the Video API."),
    Rule("py-video-room", PY_KEYS["py-video-room"], "rest", "warning",
         "Twilio Video Rooms API: {subject}",
         "A Rooms create/fetch/update/list call, however the client was reached."),
    Rule("py-video-participant", PY_KEYS["py-video-participant"], "rest", "warning",
         "Twilio Video Participants API: {subject}",
         "A Participants list/fetch/update/anonymize call."),
    Rule("py-video-resource", PY_KEYS["py-video-resource"], "rest", "warning",
         "Twilio Video REST resource: {subject}",
         "Tracks, rules, recordings, compositions, hooks, settings and transcriptions."),
    Rule("py-access-token", PY_KEYS["py-access-token"], "token", "warning",
         "Twilio AccessToken carrying a VideoGrant",
         "An AccessToken built in a file that creates a VideoGrant."),
    Rule("py-video-grant", PY_KEYS["py-video-grant"], "token", "warning",
         "Twilio VideoGrant",
         "A VideoGrant, including an empty grant whose room is set later."),
    Rule("py-mixed-grant", PY_KEYS["py-mixed-grant"], "token", "warning",
         "Token carries a VideoGrant and a {subject}: the Zoom session JWT replaces only the "
         "Video part; keep a Twilio token for {subject}",
         "One AccessToken with a VideoGrant and a grant of another Twilio product."),
    Rule("py-import", PY_KEYS["py-import"], "rest", "note",
         "Import of Twilio Video name {subject}",
         "An import bringing a Video name (VideoGrant; AccessToken, Client, RequestValidator "
         "or TwilioRestException in a file that uses them for Video)."),
    Rule("py-rest-exception", PY_KEYS["py-rest-exception"], "rest", "note",
         "TwilioRestException caught around Video calls",
         "An except clause for twilio's REST error around Twilio Video calls."),
    Rule("py-raw-http", PY_KEYS["py-raw-http"], "rest", "warning",
         "Raw HTTP to the Twilio Video API (video.twilio.com)",
         "A video.twilio.com URL in code (requests, httpx, urllib or any other client)."),
    Rule("py-status-callback", PY_KEYS["py-status-callback"], "webhook", "warning",
         "Twilio Video status callback reads {subject}",
         "A handler reading Video status-callback parameters (StatusCallbackEvent, RoomSid...)."),
    Rule("py-request-validator", PY_KEYS["py-request-validator"], "webhook", "note",
         "Twilio RequestValidator used beside Video code",
         "Signature validation of Twilio webhooks in a file that handles Video."),
    # --- JavaScript / TypeScript --------------------------------------------------------
    Rule("js-import", "js.package", "client-sdk", "warning",
         "twilio-video imported",
         "An import or require of the twilio-video package."),
    Rule("js-cdn", "js.cdn", "client-sdk", "warning",
         "twilio-video loaded from the Twilio CDN",
         "A <script> tag loading sdk.twilio.com/js/video."),
    Rule("js-global", "js.cdn", "client-sdk", "warning",
         "Twilio.Video global (CDN build)",
         "Use of the Twilio.Video global that the CDN build defines."),
    Rule("js-connect", "js.connect", "client-sdk", "warning",
         "twilio-video connect()",
         "Joining a room with connect()."),
    Rule("js-connect-option", "js.connect.option.{subject}", "client-sdk", "warning",
         "connect() option {subject}",
         "An option passed to connect() (dominantSpeaker, networkQuality, bandwidthProfile...)."),
    Rule("js-create-local-tracks", "js.create_local_tracks", "client-sdk", "warning",
         "twilio-video createLocalTracks()",
         "Creating local audio and video tracks."),
    Rule("js-create-local-audio-track", "js.create_local_audio_track", "client-sdk", "warning",
         "twilio-video createLocalAudioTrack()",
         "Creating a local audio track."),
    Rule("js-create-local-video-track", "js.create_local_video_track", "client-sdk", "warning",
         "twilio-video createLocalVideoTrack()",
         "Creating a local video track."),
    Rule("js-data-track", "js.local_data_track", "client-sdk", "warning",
         "twilio-video LocalDataTrack",
         "Creating a LocalDataTrack."),
    Rule("js-event", "js.event.{subject}", "client-sdk", "warning",
         "twilio-video event '{subject}'",
         "A room, participant or track event listener."),
    Rule("js-attach", "js.attach", "client-sdk", "warning",
         "twilio-video track.attach()",
         "Attaching a track to a media element."),
    Rule("js-detach", "js.detach", "client-sdk", "warning",
         "twilio-video track.detach()",
         "Detaching a track from its media elements."),
    Rule("js-disconnect", "js.disconnect", "client-sdk", "warning",
         "twilio-video room.disconnect()",
         "Leaving a room."),
    Rule("js-publish-track", "js.publish_track", "client-sdk", "warning",
         "twilio-video localParticipant.{subject}()",
         "Publishing a local track."),
    Rule("js-unpublish-track", "js.unpublish_track", "client-sdk", "warning",
         "twilio-video localParticipant.{subject}()",
         "Unpublishing a local track."),
    Rule("js-track-enable", "js.track.{subject}", "client-sdk", "warning",
         "twilio-video track.{subject}()",
         "Muting or unmuting a local track by disabling or enabling it."),
    Rule("js-track-restart", "js.track.restart", "client-sdk", "warning",
         "twilio-video track.restart()",
         "Switching a local track's device."),
    Rule("js-track-stop", "js.track.stop", "client-sdk", "warning",
         "twilio-video track.stop()",
         "Stopping a local track."),
    Rule("js-participants", "js.participants", "client-sdk", "warning",
         "twilio-video room.participants",
         "Reading the room's participant map (users already present)."),
    Rule("js-publications", "js.publications", "client-sdk", "warning",
         "twilio-video participant.{subject}",
         "Reading a participant's track publications."),
    Rule("js-data-send", "js.data_track.send", "client-sdk", "warning",
         "twilio-video dataTrack.send()",
         "Sending a message on a LocalDataTrack."),
    Rule("js-is-supported", "js.is_supported", "client-sdk", "warning",
         "twilio-video isSupported",
         "The browser-support gate of twilio-video."),
    Rule("js-logger", "js.logger", "client-sdk", "note",
         "twilio-video Logger",
         "The twilio-video logger (log levels)."),
    # --- Node.js (the twilio npm package, server side) -----------------------------------
    Rule("node-import", "client.node", "rest", "note",
         "twilio package imported in a file that uses Twilio Video",
         "An import or require of the twilio package (or its jwt module) beside Video code.",
         rewritable=False),
    Rule("node-rest-client", "client.node", "rest", "note",
         "Twilio REST client (twilio npm package) used for Video in this file",
         "twilio(accountSid, authToken) or new Twilio(...) in a file that calls the Video API.",
         rewritable=False),
    Rule("node-video-room", "video.rooms.{subject}", "rest", "warning",
         "Twilio Video Rooms API (Node.js): {subject}",
         "client.video[.v1].rooms create/fetch/update/list/each, through aliases, this, "
         "factories and variables.", rewritable=False),
    Rule("node-video-participant", "video.participants.{subject}", "rest", "warning",
         "Twilio Video Participants API (Node.js): {subject}",
         "A Participants list/fetch/update/anonymize call.", rewritable=False),
    Rule("node-video-resource", "video.{subject}", "rest", "warning",
         "Twilio Video REST resource (Node.js): {subject}",
         "Tracks, rules, recordings, compositions, compositionHooks, settings, transcriptions.",
         rewritable=False),
    Rule("node-access-token", "token.access_token", "token", "warning",
         "Twilio AccessToken (Node.js) carrying a VideoGrant",
         "new AccessToken(...) in a file that creates a VideoGrant.", rewritable=False),
    Rule("node-video-grant", "token.video_grant", "token", "warning",
         "Twilio VideoGrant (Node.js)",
         "new VideoGrant(...), however AccessToken and VideoGrant were reached.",
         rewritable=False),
    Rule("node-mixed-grant", "token.access_token", "token", "warning",
         "Token carries a VideoGrant and a {subject}: the Zoom session JWT replaces only the "
         "Video part; keep a Twilio token for {subject}",
         "token.addGrant() of another product's grant to a token with a VideoGrant.",
         rewritable=False),
    Rule("node-raw-http", "rest.raw_http", "rest", "warning",
         "Raw HTTP to the Twilio Video API (video.twilio.com)",
         "A video.twilio.com URL in JS/TS code (fetch, axios or any other client).",
         rewritable=False),
    Rule("node-recording-media", "video.recordings.media", "rest", "warning",
         "Raw download of Twilio Video media (video.twilio.com/.../Media)",
         "A video.twilio.com recording or composition /Media URL in JS/TS code.",
         rewritable=False),
    Rule("node-status-callback", "webhook.status_callback", "webhook", "warning",
         "Twilio Video status callback reads {subject}",
         "A handler reading Video status-callback parameters (req.body.RoomSid, a "
         "destructured StatusCallbackEvent...).", rewritable=False),
    Rule("node-request-validator", "webhook.request_validator", "webhook", "note",
         "Twilio request validation (twilio.webhook/validateRequest) beside Video code",
         "Signature validation of Twilio webhooks in a file that handles Video.",
         rewritable=False),
    # --- Mobile -------------------------------------------------------------------------
    Rule("mobile-ios-import", "mobile.ios", "mobile", "warning",
         "TwilioVideo imported (iOS)",
         "Swift or Objective-C import of TwilioVideo."),
    Rule("mobile-android-import", "mobile.android", "mobile", "warning",
         "com.twilio.video imported (Android)",
         "Kotlin or Java import of com.twilio.video."),
    # --- Manifests ----------------------------------------------------------------------
    Rule("dep-python-twilio", "client.rest", "dependency", "note",
         "Python dependency on twilio",
         "The twilio package in requirements, pyproject, Pipfile, setup.py or setup.cfg."),
    Rule("dep-npm-twilio-video", "js.package", "dependency", "warning",
         "npm dependency on twilio-video",
         "twilio-video in package.json dependencies."),
    Rule("dep-npm-twilio-video-addon", "js.video_addons", "dependency", "warning",
         "npm dependency on a twilio-video add-on",
         "@twilio/video-processors or @twilio/video-room-monitor in package.json."),
    Rule("dep-npm-twilio", "client.node", "dependency", "note",
         "npm dependency on twilio (server SDK)",
         "twilio in package.json dependencies.", rewritable=False),
    Rule("dep-ios-twilio-video", "mobile.ios", "dependency", "warning",
         "iOS dependency on TwilioVideo",
         "TwilioVideo in a Podfile or Package.swift."),
    Rule("dep-android-twilio-video", "mobile.android", "dependency", "warning",
         "Android dependency on com.twilio:video-android",
         "com.twilio:video-android in a Gradle build file."),
    # --- Configuration ------------------------------------------------------------------
    Rule("config-credential", "config.credentials", "config", "note",
         "Twilio credential {subject} configured",
         "A TWILIO_* credential named in a .env file or settings module (the name, never "
         "the value)."),
    # --- Not Video, and unreadable files ------------------------------------------------
    Rule("not-affected", None, "not-affected", "info",
         "Twilio {subject} is not Video: not affected by the migration",
         "SMS, Voice, TwiML, Conversations, Chat, Sync, Verify and other non-Video usage."),
    Rule("parse-error", None, "parse-error", "warning",
         "File could not be parsed: {subject}",
         "A file that mentions Twilio but does not parse; review it by hand."),
)  # fmt: skip

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def get_rule(rule_id: str) -> Rule:
    """The rule named ``rule_id`` (KeyError for an unknown id: a scanner bug)."""
    return RULES[rule_id]
