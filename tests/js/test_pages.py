"""Pages and project-level edits of the JS/TS rewrite: script blocks in HTML and Vue, the
CDN tag, Node back ends (CommonJS, Twilio Functions, other Twilio products kept),
package.json and the install command."""

from __future__ import annotations

import json
from pathlib import Path

from codemods.driver import rewrite_paths
from codemods.js.rewrite import parses


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _rewrite_twice(root: Path) -> None:
    first = rewrite_paths([root], "shim")
    assert not first.failed, first.failed
    assert rewrite_paths([root], "shim", check=True).files_changed == 0


CDN_PAGE = """<!doctype html>
<html>
  <body>
    <div id="me"></div>
    <script src="https://sdk.twilio.com/js/video/releases/2.28.1/twilio-video.min.js"></script>
    <script>
      async function start(token) {
        const room = await Twilio.Video.connect(token, { name: 'clinic' });
        room.on('participantConnected', (p) => console.log(p.identity));
      }
    </script>
  </body>
</html>
"""

VUE = """<template>
  <div ref="stage"></div>
</template>

<script>
import { connect } from 'twilio-video';

export default {
  methods: {
    async join(token) {
      this.room = await connect(token, { name: 'ward' });
      this.room.on('disconnected', () => this.$emit('left'));
    },
  },
};
</script>
"""


def test_cdn_page_and_vue_component(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "package.json": json.dumps({"dependencies": {"twilio-video": "^2.28.1", "vue": "^3"}}),
            "public/call.html": CDN_PAGE,
            "src/Call.vue": VUE,
        },
    )
    _rewrite_twice(tmp_path)
    page = (tmp_path / "public/call.html").read_text()
    # No bundler on a CDN page: Zoom's CDN build replaces the tag, the helpers' classic
    # build follows it, and the calls on the global are Zoom calls.
    assert (
        '<script src="https://source.zoom.us/videosdk/zoom-video-2.5.0.min.js"></script>\n'
        '    <script src="zoomVideo.global.js"></script>'
    ) in page
    assert (tmp_path / "public/zoomVideo.global.js").is_file()
    assert "sdk.twilio.com" not in page and "Twilio.Video" not in page
    assert "const room = window.WebVideoSDK.default.createClient();" in page
    assert "room.on('user-added', window.zoomVideo.eachUser((p) =>" in page
    assert "docs/mapping.md#js-connect)" in page
    assert "docs/mapping.md#js-participant-identity)" in page
    vue = (tmp_path / "src/Call.vue").read_text()
    assert "import ZoomVideo from '@zoom/videosdk';" in vue
    assert "import { sessionName, userName } from './zoomVideo.js';" in vue
    assert "      this.room = ZoomVideo.createClient();\n" in vue
    assert "this.room.on('connection-change', (connection) => { if (" in vue
    script = vue.split("<script>")[1].split("</script>")[0]
    assert parses(script, "javascript")
    assert "docs/mapping.md#js-event-disconnected)" in vue
    # Placed beside the one file that imports it (the CDN page cannot import it).
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("zoomVideo.js")] == [
        "src/zoomVideo.js"
    ]
    manifest = json.loads((tmp_path / "package.json").read_text())
    assert manifest["dependencies"] == {"vue": "^3", "@zoom/videosdk": "^2.5.0"}


REACT = """import { useEffect, useRef } from 'react';
import { connect } from 'twilio-video';

export function Stage({ token }) {
  const stage = useRef(null);
  useEffect(() => {
    let room;
    connect(token, { name: 'stage' }).then((joined) => {
      room = joined;
      room.on('trackSubscribed', (track) => stage.current.appendChild(track.attach()));
    });
    return () => room && room.disconnect();
  }, [token]);
  return (
    <div>
      <div ref={stage} />
      <button onClick={() => { room.disconnect(); }}>Leave</button>
    </div>
  );
}
"""


def test_jsx_component_keeps_marks_out_of_markup(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"package.json": json.dumps({"dependencies": {"twilio-video": "^2"}}), "Stage.jsx": REACT},
    )
    _rewrite_twice(tmp_path)
    out = (tmp_path / "Stage.jsx").read_text()
    assert parses(out, "javascript")
    assert "import { attachTrack, joinSession, onTrack } from './zoomVideo.js';" in out
    # connect(...).then(...): the helper joins; the calls inside the callback are rewritten.
    assert "joinSession(token, { name: 'stage' }).then((joined) => {" in out
    assert (
        "onTrack(room, 'trackSubscribed', (track) => stage.current.appendChild(attachTrack(track)))"
        in out
    )
    assert "room.disconnect" not in out and "<button onClick={() => { room.leave(); }}>" in out
    markup = out[out.index("  return (") :]
    assert "TODO" not in markup.split("\n", 1)[1]  # the mark goes above `return (`, not inside
    assert "docs/mapping.md#js-attach)" in out


def test_commonjs_server_keeps_twilio_for_sms(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "package.json": json.dumps(
                {"dependencies": {"twilio": "^5.3.0", "express": "^4"}}, indent=4
            )
            + "\n",
            "routes/token.js": (
                "const AccessToken = require('twilio').jwt.AccessToken;\n"
                "const { env } = process;\n"
                "const { VideoGrant } = AccessToken;\n\n"
                "module.exports = function token(identity, room) {\n"
                "  const t = new AccessToken(env.SID, env.KEY, env.SECRET, {\n"
                "    identity,\n  });\n"
                "  t.addGrant(new VideoGrant({ room }));\n  return t.toJwt();\n};\n"
            ),
            "routes/notify.js": (
                "const twilio = require('twilio');\n\nconst { env } = process;\n"
                "module.exports = (to) =>\n"
                "  twilio(env.SID, env.TOKEN).messages.create({ to, body: 'hi' });\n"
            ),
        },
    )
    _rewrite_twice(tmp_path)
    token = (tmp_path / "routes/token.js").read_text()
    assert "const { sessionToken } = require('./zoomVideoServer');" in token
    assert (
        "  const t = sessionToken({ topic: room, userIdentity: identity });\n  return t;" in token
    )
    assert "AccessToken" not in token and "VideoGrant" not in token
    assert (
        (tmp_path / "routes/notify.js").read_text().startswith("const twilio = require('twilio');")
    )
    server = (tmp_path / "routes/zoomVideoServer.js").read_text()
    assert "module.exports = {" in server and "require('jsonwebtoken')" in server
    manifest_text = (tmp_path / "package.json").read_text()
    manifest = json.loads(manifest_text)
    # SMS still uses twilio; the JWT library comes in; the file keeps its 4-space indent.
    assert manifest["dependencies"] == {
        "twilio": "^5.3.0",
        "express": "^4",
        "jsonwebtoken": "^9.0.2",
    }
    assert '\n    "dependencies"' in manifest_text


def test_twilio_function_uses_the_server_module(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "package.json": json.dumps({"dependencies": {"twilio": "^5"}}),
            "functions/room.js": (
                "exports.handler = async function (context, event, callback) {\n"
                "  const room = await context.getTwilioClient().video.rooms(event.room).fetch();\n"
                "  const { ACCOUNT_SID, KEY, SECRET } = context;\n"
                "  const token = new Twilio.jwt.AccessToken(ACCOUNT_SID, KEY, SECRET);\n"
                "  token.addGrant(new Twilio.jwt.AccessToken.VideoGrant({ room: room.sid }));\n"
                "  callback(null, { token: token.toJwt() });\n};\n"
            ),
        },
    )
    _rewrite_twice(tmp_path)
    handler = (tmp_path / "functions/room.js").read_text()
    assert "require('./zoomVideoServer').client().video.rooms(event.room).fetch()" in handler
    # The token endpoint is one session-JWT call, signed in the server module.
    assert handler.startswith("const { sessionToken } = require('./zoomVideoServer');\n")
    assert "  const token = sessionToken({ topic: room.sid });\n" in handler
    assert "callback(null, { token: token });" in handler
    assert "getTwilioClient" not in handler and "Twilio.jwt" not in handler
    assert parses(handler, "javascript")


def test_cdn_tag_and_global_across_page_and_classic_script(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "views/room.ejs": (
                "<head>\n  <script defer src='//media.twiliocdn.com/sdk/js/video/releases/2.7.3/"
                "twilio-video.min.js' crossorigin></script>\n"
                "  <script defer src='/room.js'></script>\n</head>\n"
                "<p>Twilio.Video stays in prose</p>\n"
            ),
            "public/room.js": (
                "// Twilio.Video in a comment stays\nconst Video = Twilio.Video;\n"
                "function gate() {\n  return Twilio.Video.isSupported;\n}\n"
                "const label = 'Twilio.Video';\n"
            ),
        },
    )
    _rewrite_twice(tmp_path)
    page = (tmp_path / "views/room.ejs").read_text()
    # Only the src changes; defer, quotes and other attributes stay.
    assert (
        "<script defer src='https://source.zoom.us/videosdk/zoom-video-2.5.0.min.js' crossorigin>"
        "</script>\n  <script src='/zoomVideo.global.js' defer></script>\n"
        "  <script defer src='/room.js'></script>"
    ) in page
    assert "<p>Twilio.Video stays in prose</p>" in page
    script = (tmp_path / "public/room.js").read_text()
    assert parses(script, "javascript")
    assert "const Video = window.WebVideoSDK.default;\n" in script
    assert "return window.WebVideoSDK.default.checkSystemRequirements().video;" in script
    assert "// Twilio.Video in a comment stays" in script and "'Twilio.Video'" in script
    # The browser-support gate is marked with the Zoom call that replaces it.
    assert "docs/mapping.md#js-is-supported)" in script
    # A CDN page needs no module: only the helpers' classic build, beside the script it
    # serves; no package.json is written.
    generated = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("zoomVideo*"))
    assert generated == ["public/zoomVideo.global.js"]
    assert not (tmp_path / "package.json").exists()
