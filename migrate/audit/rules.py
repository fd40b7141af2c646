"""The rules registry: every rule the scanners can report, with the catalog key it maps to.

A rule's Zoom equivalent, autofix and effort are never written here: they come from
``mappings.catalog`` through the rule's ``key`` (one fact in one place). ``{subject}`` in
a key or message is filled from the scanner's hit (an operation, option, event or name).
The Python rules' keys are the table native mode marks with
(``mappings.twilio_vocab.PYTHON_RULE_KEYS``). The one exception is ``rewritable``: the
catalog's autofix says what ``twilio2zoom rewrite`` does for a Twilio API (the ``js.*``
rows: what the JS/TS rewrite carries out, in any mode). The Node rules borrow the Python
rows, whose autofix names Python modes, so they report autofix ``none`` although the Node
rewrite moves their calls to the generated server module (docs/rewrite.md).
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
    # False when the rule's catalog row speaks of another language's rewrite (Node rules).
    rewritable: bool = True

    def catalog_key(self, subject: str) -> str | None:
        """The catalog key for a hit with this ``subject``."""
        return None if self.key is None else self.key.format(subject=subject)

    def render(self, subject: str) -> str:
        """The finding message for a hit with this ``subject``."""
        return self.message.format(subject=subject)


_RULES = (
    # --- Python -------------------------------------------------------------------------
    Rule(
        id="py-rest-client",
        key=PY_KEYS["py-rest-client"],
        category="rest",
        severity="note",
        message="Twilio REST client used for Video in this file",
        description="Construction of twilio.rest.Client in a file that calls the Video API.",
    ),
    Rule(
        id="py-video-room",
        key=PY_KEYS["py-video-room"],
        category="rest",
        severity="warning",
        message="Twilio Video Rooms API: {subject}",
        description="A Rooms create/fetch/update/list call, however the client was reached.",
    ),
    Rule(
        id="py-video-participant",
        key=PY_KEYS["py-video-participant"],
        category="rest",
        severity="warning",
        message="Twilio Video Participants API: {subject}",
        description="A Participants list/fetch/update/anonymize call.",
    ),
    Rule(
        id="py-video-resource",
        key=PY_KEYS["py-video-resource"],
        category="rest",
        severity="warning",
        message="Twilio Video REST resource: {subject}",
        description="Tracks, rules, recordings, compositions, hooks, settings and transcriptions.",
    ),
    Rule(
        id="py-access-token",
        key=PY_KEYS["py-access-token"],
        category="token",
        severity="warning",
        message="Twilio AccessToken carrying a VideoGrant",
        description="An AccessToken built in a file that creates a VideoGrant.",
    ),
    Rule(
        id="py-video-grant",
        key=PY_KEYS["py-video-grant"],
        category="token",
        severity="warning",
        message="Twilio VideoGrant",
        description="A VideoGrant, including an empty grant whose room is set later.",
    ),
    Rule(
        id="py-mixed-grant",
        key=PY_KEYS["py-mixed-grant"],
        category="token",
        severity="warning",
        message="Token carries a VideoGrant and a {subject}: the Zoom session JWT replaces only "
        "the Video part; keep a Twilio token for {subject}",
        description="One AccessToken with a VideoGrant and a grant of another Twilio product.",
    ),
    Rule(
        id="py-import",
        key=PY_KEYS["py-import"],
        category="rest",
        severity="note",
        message="Import of Twilio Video name {subject}",
        description="An import bringing a Video name (VideoGrant; AccessToken, Client, "
        "RequestValidator "
        "or TwilioRestException in a file that uses them for Video).",
    ),
    Rule(
        id="py-rest-exception",
        key=PY_KEYS["py-rest-exception"],
        category="rest",
        severity="note",
        message="TwilioRestException caught around Video calls",
        description="An except clause for twilio's REST error around Twilio Video calls.",
    ),
    Rule(
        id="py-raw-http",
        key=PY_KEYS["py-raw-http"],
        category="rest",
        severity="warning",
        message="Raw HTTP to the Twilio Video API (video.twilio.com)",
        description="A video.twilio.com URL in code (requests, httpx, urllib or any other client).",
    ),
    Rule(
        id="py-status-callback",
        key=PY_KEYS["py-status-callback"],
        category="webhook",
        severity="warning",
        message="Twilio Video status callback reads {subject}",
        description="A handler reading Video status-callback parameters (StatusCallbackEvent, "
        "RoomSid...).",
    ),
    Rule(
        id="py-request-validator",
        key=PY_KEYS["py-request-validator"],
        category="webhook",
        severity="note",
        message="Twilio RequestValidator used beside Video code",
        description="Signature validation of Twilio webhooks in a file that handles Video.",
    ),
    # --- JavaScript / TypeScript --------------------------------------------------------
    Rule(
        id="js-import",
        key="js.package",
        category="client-sdk",
        severity="warning",
        message="twilio-video imported",
        description="An import or require of the twilio-video package.",
    ),
    Rule(
        id="js-cdn",
        key="js.cdn",
        category="client-sdk",
        severity="warning",
        message="twilio-video loaded from the Twilio CDN",
        description="A <script> tag loading sdk.twilio.com/js/video.",
    ),
    Rule(
        id="js-global",
        key="js.cdn",
        category="client-sdk",
        severity="warning",
        message="Twilio.Video global (CDN build)",
        description="Use of the Twilio.Video global that the CDN build defines.",
    ),
    Rule(
        id="js-connect",
        key="js.connect",
        category="client-sdk",
        severity="warning",
        message="twilio-video connect()",
        description="Joining a room with connect().",
    ),
    Rule(
        id="js-connect-option",
        key="js.connect.option.{subject}",
        category="client-sdk",
        severity="warning",
        message="connect() option {subject}",
        description="An option passed to connect() (dominantSpeaker, networkQuality, "
        "bandwidthProfile...).",
    ),
    Rule(
        id="js-create-local-tracks",
        key="js.create_local_tracks",
        category="client-sdk",
        severity="warning",
        message="twilio-video createLocalTracks()",
        description="Creating local audio and video tracks.",
    ),
    Rule(
        id="js-create-local-audio-track",
        key="js.create_local_audio_track",
        category="client-sdk",
        severity="warning",
        message="twilio-video createLocalAudioTrack()",
        description="Creating a local audio track.",
    ),
    Rule(
        id="js-create-local-video-track",
        key="js.create_local_video_track",
        category="client-sdk",
        severity="warning",
        message="twilio-video createLocalVideoTrack()",
        description="Creating a local video track.",
    ),
    Rule(
        id="js-data-track",
        key="js.local_data_track",
        category="client-sdk",
        severity="warning",
        message="twilio-video LocalDataTrack",
        description="Creating a LocalDataTrack.",
    ),
    Rule(
        id="js-event",
        key="js.event.{subject}",
        category="client-sdk",
        severity="warning",
        message="twilio-video event '{subject}'",
        description="A room, participant or track event listener.",
    ),
    Rule(
        id="js-attach",
        key="js.attach",
        category="client-sdk",
        severity="warning",
        message="twilio-video track.attach()",
        description="Attaching a track to a media element.",
    ),
    Rule(
        id="js-detach",
        key="js.detach",
        category="client-sdk",
        severity="warning",
        message="twilio-video track.detach()",
        description="Detaching a track from its media elements.",
    ),
    Rule(
        id="js-disconnect",
        key="js.disconnect",
        category="client-sdk",
        severity="warning",
        message="twilio-video room.disconnect()",
        description="Leaving a room.",
    ),
    Rule(
        id="js-publish-track",
        key="js.publish_track",
        category="client-sdk",
        severity="warning",
        message="twilio-video localParticipant.{subject}()",
        description="Publishing a local track.",
    ),
    Rule(
        id="js-unpublish-track",
        key="js.unpublish_track",
        category="client-sdk",
        severity="warning",
        message="twilio-video localParticipant.{subject}()",
        description="Unpublishing a local track.",
    ),
    Rule(
        id="js-track-enable",
        key="js.track.{subject}",
        category="client-sdk",
        severity="warning",
        message="twilio-video track.{subject}()",
        description="Muting or unmuting a local track by disabling or enabling it.",
    ),
    Rule(
        id="js-track-restart",
        key="js.track.restart",
        category="client-sdk",
        severity="warning",
        message="twilio-video track.restart()",
        description="Switching a local track's device.",
    ),
    Rule(
        id="js-track-stop",
        key="js.track.stop",
        category="client-sdk",
        severity="warning",
        message="twilio-video track.stop()",
        description="Stopping a local track.",
    ),
    Rule(
        id="js-participants",
        key="js.participants",
        category="client-sdk",
        severity="warning",
        message="twilio-video room.participants",
        description="Reading the room's participant map (users already present).",
    ),
    Rule(
        id="js-publications",
        key="js.publications",
        category="client-sdk",
        severity="warning",
        message="twilio-video participant.{subject}",
        description="Reading a participant's track publications.",
    ),
    Rule(
        id="js-data-send",
        key="js.data_track.send",
        category="client-sdk",
        severity="warning",
        message="twilio-video dataTrack.send()",
        description="Sending a message on a LocalDataTrack.",
    ),
    Rule(
        id="js-is-supported",
        key="js.is_supported",
        category="client-sdk",
        severity="warning",
        message="twilio-video isSupported",
        description="The browser-support gate of twilio-video.",
    ),
    Rule(
        id="js-logger",
        key="js.logger",
        category="client-sdk",
        severity="note",
        message="twilio-video Logger",
        description="The twilio-video logger (log levels).",
    ),
    # --- Node.js (the twilio npm package, server side) -----------------------------------
    Rule(
        id="node-import",
        key="client.node",
        category="rest",
        severity="note",
        message="twilio package imported in a file that uses Twilio Video",
        description="An import or require of the twilio package (or its jwt module) beside Video "
        "code.",
        rewritable=False,
    ),
    Rule(
        id="node-rest-client",
        key="client.node",
        category="rest",
        severity="note",
        message="Twilio REST client (twilio npm package) used for Video in this file",
        description="twilio(accountSid, authToken) or new Twilio(...) in a file that calls the "
        "Video API.",
        rewritable=False,
    ),
    Rule(
        id="node-video-room",
        key="video.rooms.{subject}",
        category="rest",
        severity="warning",
        message="Twilio Video Rooms API (Node.js): {subject}",
        description="client.video[.v1].rooms create/fetch/update/list/each, through aliases, this, "
        "factories and variables.",
        rewritable=False,
    ),
    Rule(
        id="node-video-participant",
        key="video.participants.{subject}",
        category="rest",
        severity="warning",
        message="Twilio Video Participants API (Node.js): {subject}",
        description="A Participants list/fetch/update/anonymize call.",
        rewritable=False,
    ),
    Rule(
        id="node-video-resource",
        key="video.{subject}",
        category="rest",
        severity="warning",
        message="Twilio Video REST resource (Node.js): {subject}",
        description="Tracks, rules, recordings, compositions, compositionHooks, settings, "
        "transcriptions.",
        rewritable=False,
    ),
    Rule(
        id="node-access-token",
        key="token.access_token",
        category="token",
        severity="warning",
        message="Twilio AccessToken (Node.js) carrying a VideoGrant",
        description="new AccessToken(...) in a file that creates a VideoGrant.",
        rewritable=False,
    ),
    Rule(
        id="node-video-grant",
        key="token.video_grant",
        category="token",
        severity="warning",
        message="Twilio VideoGrant (Node.js)",
        description="new VideoGrant(...), however AccessToken and VideoGrant were reached.",
        rewritable=False,
    ),
    Rule(
        id="node-mixed-grant",
        key="token.access_token",
        category="token",
        severity="warning",
        message="Token carries a VideoGrant and a {subject}: the Zoom session JWT replaces only "
        "the Video part; keep a Twilio token for {subject}",
        description="token.addGrant() of another product's grant to a token with a VideoGrant.",
        rewritable=False,
    ),
    Rule(
        id="node-raw-http",
        key="rest.raw_http",
        category="rest",
        severity="warning",
        message="Raw HTTP to the Twilio Video API (video.twilio.com)",
        description="A video.twilio.com URL in JS/TS code (fetch, axios or any other client).",
        rewritable=False,
    ),
    Rule(
        id="node-recording-media",
        key="video.recordings.media",
        category="rest",
        severity="warning",
        message="Raw download of Twilio Video media (video.twilio.com/.../Media)",
        description="A video.twilio.com recording or composition /Media URL in JS/TS code.",
        rewritable=False,
    ),
    Rule(
        id="node-status-callback",
        key="webhook.status_callback",
        category="webhook",
        severity="warning",
        message="Twilio Video status callback reads {subject}",
        description="A handler reading Video status-callback parameters (req.body.RoomSid, a "
        "destructured StatusCallbackEvent...).",
        rewritable=False,
    ),
    Rule(
        id="node-request-validator",
        key="webhook.request_validator",
        category="webhook",
        severity="note",
        message="Twilio request validation (twilio.webhook/validateRequest) beside Video code",
        description="Signature validation of Twilio webhooks in a file that handles Video.",
        rewritable=False,
    ),
    # --- Mobile -------------------------------------------------------------------------
    Rule(
        id="mobile-ios-import",
        key="mobile.ios",
        category="mobile",
        severity="warning",
        message="TwilioVideo imported (iOS)",
        description="Swift or Objective-C import of TwilioVideo.",
    ),
    Rule(
        id="mobile-android-import",
        key="mobile.android",
        category="mobile",
        severity="warning",
        message="com.twilio.video imported (Android)",
        description="Kotlin or Java import of com.twilio.video.",
    ),
    # --- Manifests ----------------------------------------------------------------------
    Rule(
        id="dep-python-twilio",
        key="client.rest",
        category="dependency",
        severity="note",
        message="Python dependency on twilio",
        description="The twilio package in requirements, pyproject, Pipfile, setup.py or "
        "setup.cfg.",
    ),
    Rule(
        id="dep-npm-twilio-video",
        key="js.package",
        category="dependency",
        severity="warning",
        message="npm dependency on twilio-video",
        description="twilio-video in package.json dependencies.",
    ),
    Rule(
        id="dep-npm-twilio-video-addon",
        key="js.video_addons",
        category="dependency",
        severity="warning",
        message="npm dependency on a twilio-video add-on",
        description="@twilio/video-processors or @twilio/video-room-monitor in package.json.",
    ),
    Rule(
        id="dep-npm-twilio",
        key="client.node",
        category="dependency",
        severity="note",
        message="npm dependency on twilio (server SDK)",
        description="twilio in package.json dependencies.",
        rewritable=False,
    ),
    Rule(
        id="dep-ios-twilio-video",
        key="mobile.ios",
        category="dependency",
        severity="warning",
        message="iOS dependency on TwilioVideo",
        description="TwilioVideo in a Podfile or Package.swift.",
    ),
    Rule(
        id="dep-android-twilio-video",
        key="mobile.android",
        category="dependency",
        severity="warning",
        message="Android dependency on com.twilio:video-android",
        description="com.twilio:video-android in a Gradle build file.",
    ),
    # --- Configuration ------------------------------------------------------------------
    Rule(
        id="config-credential",
        key="config.credentials",
        category="config",
        severity="note",
        message="Twilio credential {subject} configured",
        description="A TWILIO_* credential named in a .env file or settings module (the name, "
        "never "
        "the value).",
    ),
    # --- Not Video, and unreadable files ------------------------------------------------
    Rule(
        id="not-affected",
        key=None,
        category="not-affected",
        severity="info",
        message="Twilio {subject} is not Video: not affected by the migration",
        description="SMS, Voice, TwiML, Conversations, Chat, Sync, Verify and other non-Video "
        "usage.",
    ),
    Rule(
        id="parse-error",
        key=None,
        category="parse-error",
        severity="warning",
        message="File could not be parsed: {subject}",
        description="A file that mentions Twilio but does not parse; review it by hand.",
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def get_rule(rule_id: str) -> Rule:
    """The rule named ``rule_id`` (KeyError for an unknown id: a scanner bug)."""
    return RULES[rule_id]
