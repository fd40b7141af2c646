"""Shapes of browser code the row fixtures do not show: listener removal and once(),
connect() in a promise chain, CommonJS, a file that imports nothing from twilio-video, and
helper names the file already uses. Each output must parse and stay put on a second run."""

from __future__ import annotations

from codemods.js.rewrite import Targets, parses, rewrite_code

TARGETS = Targets(browser="./zoomVideo.js")
PROJECT = frozenset({"twilio-video"})


def _rewrite(source: str, dialect: str = "javascript") -> str:
    result = rewrite_code(source, dialect, TARGETS, PROJECT)
    assert result.error is None, result.error
    assert parses(result.code, dialect)
    assert rewrite_code(result.code, dialect, TARGETS, PROJECT).code == result.code
    return result.code


def test_off_removes_the_wrapper_on_added_and_once_is_marked() -> None:
    out = _rewrite(
        "import { connect } from 'twilio-video';\n\n"
        "export async function go(token, onJoin, onLeft) {\n"
        "  const room = await connect(token, { name: 'desk', audio: false });\n"
        "  room.on('participantConnected', onJoin);\n"
        "  room.removeListener('participantConnected', onJoin);\n"
        "  room.once('disconnected', onLeft);\n"
        "}\n"
    )
    assert "room.on('user-added', eachUser(onJoin));" in out
    assert "room.off('user-added', eachUser(onJoin));" in out
    assert "room.on('connection-change', connectionState(['Closed', 'Fail'], onLeft));" in out
    assert "once() became on()" in out
    # audio: false starts no audio; video was not mentioned, so it starts as Twilio did.
    assert "startAudio" not in out and "await room.getMediaStream().startVideo();" in out


def test_connect_in_a_promise_chain_goes_through_join_session() -> None:
    out = _rewrite(
        "const Video = require('twilio-video');\n\n"
        "function go(token) {\n"
        "  return Video.connect(token, { name: 'lab', dominantSpeaker: true }).then((room) => {\n"
        "    room.on('dominantSpeakerChanged', (p) => console.log(p.identity));\n"
        "    return room;\n"
        "  });\n"
        "}\n"
        "module.exports = { go };\n"
    )
    # Nothing names Video any more: only the helpers are required.
    assert out.startswith("const { joinSession, loudest } = require('./zoomVideo.js');\n")
    assert "return joinSession(token, { name: 'lab', dominantSpeaker: true }).then(" in out
    assert "room.on('active-speaker', loudest((p) => console.log(p.displayName)));" in out


def test_a_file_without_the_import_gets_one_after_its_directive() -> None:
    out = _rewrite(
        "'use client';\n"
        "// the room comes from a context provider\n"
        "export function leave(room) {\n"
        "  room.participants.forEach((participant) => console.log(participant.sid));\n"
        "  room.disconnect();\n"
        "}\n"
    )
    assert out.startswith("'use client';\nimport { participantsOf } from './zoomVideo.js';\n")
    assert (
        "participantsOf(room).forEach((participant) => console.log(String(participant.userId)));"
        in out
    )
    assert "room.leave();" in out


def test_helper_names_the_file_already_uses_are_aliased() -> None:
    out = _rewrite(
        "import Video from 'twilio-video';\n\n"
        "const client = { name: 'mine' };\n"
        "export async function send(token, text) {\n"
        "  const notes = new Video.LocalDataTrack();\n"
        "  notes.send(text);\n"
        "  return client;\n"
        "}\n"
    )
    assert "import { client as zoomClient } from './zoomVideo.js';" in out
    assert "const notes = zoomClient.getCommandClient();" in out
    assert "zoomClient.getCommandClient().send(text);" in out
    assert "at most 512 characters" in out


def test_typescript_types_follow_and_unknown_ones_become_unknown() -> None:
    out = _rewrite(
        "import type { Room, RemoteVideoTrack, TwilioError, NetworkQualityStats } from "
        "'twilio-video';\n\n"
        "export function keep(room: Room, track: RemoteVideoTrack, e: TwilioError, "
        "s: NetworkQualityStats): void {\n"
        "  room.disconnect();\n"
        "}\n",
        "typescript",
    )
    assert "import type { Track, ZoomClient } from './zoomVideo.js';" in out
    assert "room: ZoomClient, track: Track, e: Error, s: unknown" in out
    assert "room.leave();" in out


def test_a_union_of_types_that_become_one_is_written_once() -> None:
    out = _rewrite(
        "import type { LocalParticipant, RemoteParticipant, Room } from 'twilio-video';\n\n"
        "export function who(p: LocalParticipant | RemoteParticipant, room: Room | null) {\n"
        "  return [p.identity, room];\n"
        "}\n",
        "typescript",
    )
    assert "(p: Participant, room: ZoomClient | null)" in out


def test_tsx_component_keeps_its_markup() -> None:
    out = _rewrite(
        "import { useEffect, useState } from 'react';\n"
        "import Video, { Room } from 'twilio-video';\n\n"
        "export function Call({ token }: { token: string }) {\n"
        "  const [room, setRoom] = useState<Room | null>(null);\n"
        "  useEffect(() => {\n"
        "    Video.connect(token, { name: 'ward' }).then(setRoom);\n"
        "    return () => room?.disconnect();\n"
        "  }, [token]);\n"
        "  return <p>{room ? room.name : 'joining'}</p>;\n"
        "}\n",
        "tsx",
    )
    assert "import { joinSession } from './zoomVideo.js';" in out
    assert "import type { ZoomClient } from './zoomVideo.js';" in out
    assert "useState<ZoomClient | null>(null)" in out
    assert "joinSession(token, { name: 'ward' }).then(setRoom);" in out
    assert "room?.leave()" in out
    assert "<p>{room ? room.getSessionInfo().topic : 'joining'}</p>" in out
