"""Classic scripts on the ``Twilio.Video`` CDN global: through ``twilio2zoom rewrite`` (the
CLI, as a user runs it) they call @zoom/videosdk, the page loads Zoom's CDN build and the
helpers' classic build; where a call cannot be moved, the whole page stays on Twilio. The
rewritten page then runs in headless Chromium with the stand-in SDK served in place of
Zoom's CDN script (substituted at the script boundary, in this test only)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jwt

from mappings.zoom_web import HELPERS_GLOBAL_FILE, ZOOM_VIDEOSDK_CDN_URL
from tests.js.conftest import HERE, require_tool, run, tool
from tests.js.test_browser import FAKE_SDK, serve_dir  # noqa: F401 - fixture

TWILIO_TAG = (
    '<script src="https://sdk.twilio.com/js/video/releases/2.28.1/twilio-video.min.js"></script>'
)

PAGE = f"""<!doctype html>
<html>
  <head><link rel="icon" href="data:,"></head>
  <body>
    <div id="stage"></div>
    <button id="leave">Leave</button>
    <pre id="log"></pre>
    {TWILIO_TAG}
    <script src="js/desk.js"></script>
    <script>
      if (!Twilio.Video.isSupported) {{
        log('this browser cannot join');
      }}
      document.getElementById('leave').addEventListener('click', () => hangUp());
      openDesk(window.DESK_TOKEN, 'front desk');
    </script>
  </body>
</html>
"""

DESK = """var deskRoom = null;

function log(line) {
  document.getElementById('log').textContent += line + '\\n';
}

function showVisitor(visitor) {
  log('present: ' + visitor.identity);
  visitor.tracks.forEach((publication) => {
    if (publication.track) {
      document.getElementById('stage').appendChild(publication.track.attach());
    }
  });
}

async function openDesk(token, roomName) {
  const room = await Twilio.Video.connect(token, { name: roomName });
  deskRoom = room;
  room.participants.forEach(showVisitor);
  room.on('participantConnected', showVisitor);
  room.on('participantDisconnected', (visitor) => log('gone: ' + visitor.identity));
  room.on('disconnected', () => log('closed'));
}

function hangUp() {
  deskRoom.disconnect();
}
"""


def _cli() -> str:
    found = Path(sys.executable).with_name("twilio2zoom")
    return str(found) if found.is_file() else (shutil.which("twilio2zoom") or "twilio2zoom")


def _rewrite(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_cli(), "rewrite", str(root), *extra], capture_output=True, text=True, timeout=120
    )


def _desk(root: Path, desk: str = DESK) -> Path:
    public = root / "public"
    (public / "js").mkdir(parents=True)
    (public / "index.html").write_text(PAGE)
    (public / "js" / "desk.js").write_text(desk)
    return public


def test_classic_scripts_move_to_the_zoom_cdn_build(tmp_path: Path) -> None:
    public = _desk(tmp_path)
    done = _rewrite(tmp_path)
    assert done.returncode == 0, done.stderr
    page = (public / "index.html").read_text()
    # The helpers' classic build follows Zoom's CDN build, served from the scripts' folder.
    assert (
        f'<script src="{ZOOM_VIDEOSDK_CDN_URL}"></script>\n'
        f'    <script src="js/{HELPERS_GLOBAL_FILE}"></script>\n'
        '    <script src="js/desk.js"></script>'
    ) in page
    assert "Twilio" not in page.replace("TODO(twilio2zoom)", "")
    assert "if (!window.WebVideoSDK.default.checkSystemRequirements().video) {" in page
    helpers = (public / "js" / HELPERS_GLOBAL_FILE).read_text()
    assert "window.zoomVideo = {" in helpers and "require(" not in helpers
    desk = (public / "js" / "desk.js").read_text()
    assert "Twilio" not in desk.replace("TODO(twilio2zoom)", "")
    assert "const room = window.WebVideoSDK.default.createClient();" in desk
    assert "await room.init('en-US', 'Global', { patchJsMedia: true });" in desk
    assert (
        "await room.join(window.zoomVideo.sessionName(token, roomName), token, "
        "window.zoomVideo.userName(token));"
    ) in desk
    assert "window.zoomVideo.participantsOf(room).forEach(showVisitor);" in desk
    assert "room.on('user-added', window.zoomVideo.eachUser(showVisitor));" in desk
    assert "window.zoomVideo.tracksOf(visitor).forEach((publication) => {" in desk
    assert "appendChild(window.zoomVideo.attachTrack(publication.track));" in desk
    assert "log('present: ' + visitor.displayName);" in desk
    assert "deskRoom.leave();" in desk
    # No top-level declaration in a classic script: helpers live on window.zoomVideo.
    assert "\nconst {" not in desk and "\nimport " not in desk
    # A second run changes nothing.
    assert _rewrite(tmp_path, "--check").returncode == 0
    again = _rewrite(tmp_path)
    assert again.returncode == 0 and " 0 changed" in again.stderr + again.stdout
    assert (public / "index.html").read_text() == page


def test_a_call_that_cannot_move_keeps_the_page_on_twilio(tmp_path: Path) -> None:
    # An audio track made from a captured MediaStreamTrack has no Zoom equivalent.
    desk = (
        DESK
        + "\nfunction sendTone(track) {\n  return new Twilio.Video.LocalAudioTrack(track);\n}\n"
    )
    public = _desk(tmp_path, desk)
    done = _rewrite(tmp_path)
    assert done.returncode == 0, done.stderr
    page = (public / "index.html").read_text()
    assert TWILIO_TAG in page and "source.zoom.us" not in page
    assert "<!-- TODO(twilio2zoom): twilio-video kept" in page
    assert "Twilio.Video.isSupported" in page
    script = (public / "js" / "desk.js").read_text()
    assert "await Twilio.Video.connect(token, { name: roomName });" in script
    assert "window.zoomVideo" not in script and "WebVideoSDK" not in script
    assert "TODO(twilio2zoom)" in script
    assert not (public / "js" / HELPERS_GLOBAL_FILE).exists()
    assert _rewrite(tmp_path, "--check").returncode == 0


def test_rewritten_classic_page_joins_in_chromium(
    tmp_path: Path,
    node_modules: Path,
    serve_dir: tuple[Path, str],  # noqa: F811 - fixture
) -> None:
    chromium = require_tool("chromium")
    site, base = serve_dir
    public = _desk(tmp_path)
    assert _rewrite(tmp_path).returncode == 0
    shutil.copytree(public, site, dirs_exist_ok=True)
    # Zoom's CDN build exposes the SDK as window.WebVideoSDK (its exports, .default the
    # ZoomVideo object): the stand-in is built into that shape and served in its place.
    run(
        [tool(node_modules, "esbuild"), str(FAKE_SDK), "--bundle", "--format=iife",
         "--global-name=WebVideoSDK", f"--outfile={site / 'fake-videosdk.js'}",
         "--log-level=warning"],
        HERE,
    )  # fmt: skip
    token = jwt.encode(
        {"app_key": "key", "tpc": "front-desk", "role_type": 0, "user_identity": "clerk",
         "version": 1, "iat": 1_800_000_000, "exp": 1_800_003_600},
        "a-test-sdk-secret-of-32-bytes-or-more",
        algorithm="HS256",
    )  # fmt: skip
    page = (site / "index.html").read_text()
    assert ZOOM_VIDEOSDK_CDN_URL in page
    page = page.replace(ZOOM_VIDEOSDK_CDN_URL, "fake-videosdk.js").replace(
        "<body>", f"<body>\n    <script>window.DESK_TOKEN = {json.dumps(token)};</script>", 1
    )
    (site / "index.html").write_text(page)

    driver = node_modules.parent / "drive_page.mjs"
    done = run(
        ["node", str(driver), f"{base}/index.html", chromium, str(tmp_path / "profile")], HERE
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    calls = {call["name"]: call["args"] for call in outcome["calls"]}
    assert calls["init"] == ["en-US", "Global", {"patchJsMedia": True}]
    assert calls["join"][:3] == ["front-desk", token, "clerk"]
    assert calls["attachVideo"] == [200, 3]  # the peer present before join, at 720p
    assert "leave" in calls
    assert "present: peer" in outcome["log"]


def test_helpers_url_follows_how_the_page_loads_its_scripts(tmp_path: Path) -> None:
    from codemods.driver import rewrite_paths

    flask = tmp_path / "flask"
    (flask / "templates").mkdir(parents=True)
    (flask / "static").mkdir()
    (flask / "templates" / "index.html").write_text(
        PAGE.replace('src="js/desk.js"', "src=\"{{ url_for('static', filename='desk.js') }}\"")
    )
    (flask / "static" / "desk.js").write_text(DESK)
    ejs = tmp_path / "express" / "views"
    ejs.mkdir(parents=True)
    # Its own package: pages of one package move together, and share one helpers' file.
    (ejs.parent / "package.json").write_text('{"dependencies": {"ejs": "^3.1.10"}}\n')
    (ejs / "call.ejs").write_text(
        f"<body>\n  {TWILIO_TAG}\n  <script>\n"
        "    Twilio.Video.connect('<%= token %>', { name: 'desk' })"
        ".then((room) => room.disconnect());\n  </script>\n</body>\n"
    )
    summary = rewrite_paths([tmp_path], "shim")
    assert not summary.failed
    index = (flask / "templates" / "index.html").read_text()
    # The same template expression, naming the helpers' file in the scripts' folder.
    assert (
        f'<script src="{ZOOM_VIDEOSDK_CDN_URL}"></script>\n'
        f"    <script src=\"{{{{ url_for('static', filename='{HELPERS_GLOBAL_FILE}') }}}}\">"
        "</script>"
    ) in index
    assert (flask / "static" / HELPERS_GLOBAL_FILE).is_file()
    # A template with only inline scripts: the file goes beside it, and the tag says the
    # URL is a guess.
    call = (ejs / "call.ejs").read_text()
    assert "window.zoomVideo.joinSession('<%= token %>', { name: 'desk' })" in call
    assert "room.leave()" in call
    assert ("<!-- TODO(twilio2zoom): zoomVideo.global.js was written beside this template") in call
    assert f'<script src="{HELPERS_GLOBAL_FILE}"></script>' in call
    assert (ejs / HELPERS_GLOBAL_FILE).is_file()
    assert rewrite_paths([tmp_path], "shim", check=True).files_changed == 0


def test_bench_counts_a_bare_global_swap_apart() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        import corpus_bench_js as bench
    finally:
        sys.path.pop(0)
    line = "const room = await Twilio.Video.connect(token, { name });"
    swapped = (
        "// TODO(twilio2zoom): x\n"
        "const room = await window.WebVideoSDK.default.connect(token, { name });"
    )
    assert bench._handled(line, swapped, rebound=False) == "global-only"
    moved = "const room = window.WebVideoSDK.default.createClient();"
    assert bench._handled(line, moved, rebound=False) == "changed"
    alias = "const Video = window.WebVideoSDK.default;"
    assert bench._handled("const Video = Twilio.Video;", alias, rebound=False) == "changed"
