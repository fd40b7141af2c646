"""One small before/after pair per catalog row of the JS/TS rewrite, in JavaScript and in
TypeScript. The "after" files are goldens in tests/js/rows/ (refresh them with
UPDATE_GOLDEN=1 and read the diff); each must parse, carry the row's docs anchor when the
mapping is not exact, and stay as it is on a second run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from codemods.js.rewrite import Targets, parses, rewrite_code
from mappings.catalog import CATALOG

ROWS_DIR = Path(__file__).parent / "rows"
TARGETS = Targets(browser="./zoomVideo", server="./zoomVideoServer", server_cjs=True)

HEAD = "import Video from 'twilio-video';\n\nexport async function run(token) {\n"
TS_HEAD = (
    "import Video from 'twilio-video';\nimport type { Room } from 'twilio-video';\n\n"
    "export async function run(token: string): Promise<Room | void> {\n"
)
JOIN = "  const room = await Video.connect(token, { name: 'demo' });\n"
TAIL = "}\n"

# Body of run() for each row, written for this test.
BODIES: dict[str, str] = {
    "js.package": "  return Video;\n",
    "js.connect": JOIN + "  return room;\n",
    "js.create_local_tracks": "  const tracks = await Video.createLocalTracks();\n"
    "  return Video.connect(token, { tracks });\n",
    "js.create_local_audio_track": "  const mic = await Video.createLocalAudioTrack();\n"
    "  return Video.connect(token, { tracks: [mic] });\n",
    "js.create_local_video_track": "  const cam = await Video.createLocalVideoTrack();\n"
    "  document.body.appendChild(cam.attach());\n",
    "js.local_data_track": "  const notes = new Video.LocalDataTrack();\n"
    "  return Video.connect(token, { tracks: [notes] });\n",
    "js.data_track.send": "  const notes = new Video.LocalDataTrack();\n"
    "  await Video.connect(token, { tracks: [notes] });\n  notes.send('hello everyone');\n",
    "js.attach": JOIN + "  room.localParticipant.videoTracks.forEach((pub) => {\n"
    "    document.body.appendChild(pub.track.attach());\n  });\n",
    "js.detach": JOIN + "  room.on('trackUnsubscribed', (track) => {\n"
    "    track.detach().forEach((el) => el.remove());\n  });\n",
    "js.disconnect": JOIN + "  room.disconnect();\n",
    "js.publish_track": JOIN + "  const cam = await Video.createLocalVideoTrack();\n"
    "  await room.localParticipant.publishTrack(cam);\n",
    "js.unpublish_track": JOIN + "  const cam = await Video.createLocalVideoTrack();\n"
    "  room.localParticipant.unpublishTrack(cam);\n",
    "js.track.enable": JOIN + "  room.localParticipant.audioTracks.forEach((pub) => {\n"
    "    pub.track.enable();\n  });\n",
    "js.track.disable": JOIN + "  room.localParticipant.audioTracks.forEach((pub) => {\n"
    "    pub.track.disable();\n  });\n",
    "js.track.restart": "  const cam = await Video.createLocalVideoTrack();\n"
    "  await cam.restart({ deviceId: 'back-camera' });\n",
    "js.track.stop": "  const cam = await Video.createLocalVideoTrack();\n  cam.stop();\n",
    "js.participants": JOIN + "  room.participants.forEach((p) => console.log(p.identity));\n",
    "js.publications": JOIN + "  room.on('participantConnected', (p) => {\n"
    "    p.tracks.forEach((pub) => console.log(pub.trackName));\n  });\n",
    "js.is_supported": "  if (!Video.isSupported) {\n    throw new Error('no video here');\n  }\n",
    "js.logger": "  Video.Logger.getLogger('twilio-video').setLevel('debug');\n",
}
OPTIONS = {
    "name": "'demo'", "audio": "true", "video": "{ width: 640 }", "tracks": "[]",
    "dominantSpeaker": "true", "networkQuality": "{ local: 1, remote: 1 }",
    "bandwidthProfile": "{ video: { mode: 'grid' } }", "preferredVideoCodecs": "['VP8']",
    "preferredAudioCodecs": "['opus']", "automaticSubscription": "false", "region": "'de1'",
    "maxAudioBitrate": "16000", "maxVideoBitrate": "300000",
}  # fmt: skip
for option, value in OPTIONS.items():
    BODIES[f"js.connect.option.{option}"] = (
        f"  return Video.connect(token, {{ {option}: {value} }});\n"
    )
for key in CATALOG:
    if key.startswith("js.event.") and key not in ("js.event.started", "js.event.stopped"):
        event = key.removeprefix("js.event.")
        BODIES[key] = JOIN + f"  room.on('{event}', (...args) => console.log(args));\n"
for key in ("js.event.started", "js.event.stopped"):
    event = key.removeprefix("js.event.")
    BODIES[key] = (
        "  const cam = await Video.createLocalVideoTrack();\n"
        f"  cam.on('{event}', () => console.log('{event}'));\n"
    )

# Rows rewritten at the call site, and the Twilio call that must be gone afterwards.
REWRITTEN = {
    "js.connect": ".connect(", "js.disconnect": ".disconnect(", "js.attach": ".attach(",
    "js.detach": ".detach(", "js.participants": ".participants", "js.publications": ".tracks",
    "js.track.enable": ".enable(", "js.track.disable": ".disable(", "js.track.stop": ".stop(",
    "js.track.restart": ".restart(", "js.publish_track": ".publishTrack(",
    "js.unpublish_track": ".unpublishTrack(", "js.data_track.send": "notes.send(",
    "js.local_data_track": "LocalDataTrack", "js.create_local_tracks": "createLocalTracks",
    "js.create_local_audio_track": "createLocalAudioTrack", "js.is_supported": "isSupported",
    "js.create_local_video_track": "Video.createLocalVideoTrack",
    **{
        f"js.event.{event}": f".on('{event}'"
        for event in (
            "participantConnected", "participantDisconnected", "dominantSpeakerChanged",
            "reconnecting", "reconnected", "disconnected", "trackMessage", "message",
            "trackSubscribed", "trackUnsubscribed", "trackStarted", "trackPublished",
            "trackUnpublished", "trackEnabled", "trackDisabled", "networkQualityLevelChanged",
            "participantReconnecting", "participantReconnected", "recordingStarted",
            "recordingStopped", "started", "stopped",
        )
    },
}  # fmt: skip

# Rows with no call of their own to rewrite, and where each is handled instead.
NOT_CALLS = {
    "js.cdn": "a <script> tag: tests/js/test_pages.py",
    "js.video_addons": "a package.json entry: reported by the audit",
    "js.remote_audio_attach": "part of attach(): the generated module renders no audio element",
    "js.local_participant": "a property read: the sample app test (getCurrentUserInfo())",
    "js.room.properties": "property reads: the sample app test (getSessionInfo().topic)",
    "js.participant.identity": "a property read: js.participants below (displayName)",
    "js.participant.sid": "a property read: the sample app test (String(userId))",
    "js.screen_share": "new LocalVideoTrack(screenTrack) + publishTrack: the sample app test",
    "js.screen_share.stop": "unpublishTrack(screenTrack): the sample app test",
    "js.remote_screen": "trackSubscribed with a screen track: no rule; reported by the audit",
}


# Rows without a call fixture that the rewrite still carries out (the sample app test shows
# each; the CDN tag, tests/js/test_cdn_classic.py).
HANDLED_ELSEWHERE = frozenset(
    {"js.local_participant", "js.room.properties", "js.participant.identity",
     "js.participant.sid", "js.screen_share", "js.screen_share.stop", "js.cdn"}
)  # fmt: skip
# Connect options the connect rewrite maps (the rest are dropped under a TODO).
MAPPED_OPTIONS = frozenset(
    f"js.connect.option.{o}"
    for o in ("name", "audio", "video", "tracks", "dominantSpeaker", "networkQuality")
)


def test_the_audit_promises_the_autofix_the_rewrite_makes() -> None:
    """A js.* row's autofix (what the audit reports) is "shim" (any mode) exactly for the
    rows this rewrite carries out."""
    automatic = {k for k, m in CATALOG.items() if k.startswith("js.") and m.autofix != "none"}
    assert automatic == set(REWRITTEN) | HANDLED_ELSEWHERE | MAPPED_OPTIONS | {"js.package"}


def _source(key: str, dialect: str) -> str:
    body = BODIES[key]
    if dialect == "typescript":
        return TS_HEAD + body.replace("(...args)", "(...args: unknown[])") + TAIL
    return HEAD + body + TAIL


def test_every_js_row_has_a_fixture_or_a_reason() -> None:
    js_rows = {key for key in CATALOG if key.startswith("js.")}
    assert js_rows == set(BODIES) | set(NOT_CALLS)
    assert not set(BODIES) & set(NOT_CALLS)


@pytest.mark.parametrize("dialect", ["javascript", "typescript"])
@pytest.mark.parametrize("key", sorted(BODIES))
def test_row_before_after(key: str, dialect: str) -> None:
    before = _source(key, dialect)
    result = rewrite_code(before, dialect, TARGETS)
    after = result.code
    assert result.error is None
    assert parses(after, dialect)
    golden = (
        ROWS_DIR / f"{CATALOG[key].docs_anchor}.after.{'ts' if dialect == 'typescript' else 'js'}"
    )
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(after)
    assert after == golden.read_text()
    assert "from 'twilio-video'" not in after
    assert "from '@zoom/videosdk'" in after or "from './zoomVideo'" in after
    mapping = CATALOG[key]
    marked = f"docs/mapping.md#{mapping.docs_anchor})" in after
    assert marked == (mapping.fidelity != "exact"), mapping.fidelity
    if key in REWRITTEN:
        # the call itself changed: the Twilio method is gone from the code
        code = "\n".join(line for line in after.splitlines() if "TODO(" not in line)
        assert REWRITTEN[key] not in code, REWRITTEN[key]
    second = rewrite_code(after, dialect, TARGETS)
    assert second.code == after  # a second run changes nothing


def test_rewritten_rows_type_check_against_the_real_sdk(tmp_path: Path, node_modules: Path) -> None:
    """Each TypeScript "after" of a row the rewrite carries out compiles with the real
    @zoom/videosdk typings and the generated helpers (rows left TODO-only keep their
    Twilio code, so they are not expected to)."""
    from codemods.js.generate import render
    from tests.js.conftest import run, tool

    helpers = render("zoomVideo", "ts")
    for key in REWRITTEN:
        folder = tmp_path / CATALOG[key].docs_anchor
        folder.mkdir()
        (folder / "main.ts").write_text((ROWS_DIR / f"{folder.name}.after.ts").read_text())
        (folder / "zoomVideo.ts").write_text(helpers)
    (tmp_path / "node_modules").symlink_to(node_modules, target_is_directory=True)
    config = {
        "compilerOptions": {
            "target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler",
            "lib": ["ES2022", "DOM", "DOM.Iterable"], "strict": True, "noEmit": True,
            "skipLibCheck": True, "esModuleInterop": True, "types": [],
        },
        "include": ["*/*.ts"],
    }  # fmt: skip
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    run([tool(node_modules, "tsc"), "-p", "tsconfig.json"], tmp_path)
