"""The rewritten sample page, bundled with esbuild and loaded in headless Chromium.

@zoom/videosdk is replaced at the module boundary by ``fake_sdk/zoom-videosdk.js`` (an
esbuild alias, in this test only): the real SDK's init() downloads its media engine from
Zoom's CDN. The page must load without console errors, and its join path must hand the SDK
the token the rewritten server issued, whose claims follow the token mapping.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt
import pytest

from mappings.names import session_name_for
from tests.js.conftest import HERE, require_tool, run, sample_copy, tool
from tests.js.test_sample_app import SDK_SECRET, _rewrite, server_token

FAKE_SDK = HERE / "fake_sdk" / "zoom-videosdk.js"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture
def serve_dir(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "site"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_rewritten_page_joins_with_the_server_token(
    tmp_path: Path, node_modules: Path, serve_dir: tuple[Path, str]
) -> None:
    chromium = require_tool("chromium")
    site, base = serve_dir
    identity, room = "alice", "weekly sync"
    token = server_token(tmp_path / "token", node_modules, identity, room)

    web = sample_copy(tmp_path, "web", node_modules)
    _rewrite(web)
    run(
        [tool(node_modules, "esbuild"), "src/main.ts", "--bundle", "--format=esm",
         f"--alias:@zoom/videosdk={FAKE_SDK}", f"--outfile={site / 'bundle.js'}",
         "--log-level=warning"],
        web,
    )  # fmt: skip
    settings = (
        f"<script>window.SAMPLE_TOKEN = {json.dumps(token)}; "
        f"window.SAMPLE_ROOM = {json.dumps(room)};</script>"
    )
    page = (web / "index.html").read_text().replace("<body>", "<body>\n    " + settings, 1)
    (site / "index.html").write_text(page)

    # The driver sits in node_env so that its import of playwright-core resolves there.
    driver = node_modules.parent / "drive_page.mjs"
    done = run(
        ["node", str(driver), f"{base}/index.html", chromium, str(tmp_path / "profile")], HERE
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    calls = {call["name"]: call["args"] for call in outcome["calls"]}
    assert calls["init"] == ["en-US", "Global", {"patchJsMedia": True}]
    topic, joined_with, user_name, _password = calls["join"]
    assert joined_with == token
    claims = jwt.decode(joined_with, SDK_SECRET, algorithms=["HS256"])
    assert topic == claims["tpc"] == session_name_for(room).value
    assert user_name == identity == claims["user_key"]
    # Media starts after join; the peer already present (not the local user) is rendered;
    # leave() leaves.
    order = [call["name"] for call in outcome["calls"]]
    assert order.index("join") < order.index("startAudio") < order.index("startVideo")
    assert calls["attachVideo"][0] == 200
    # attachVideo's player ends up inside a <video-player-container>, as 2.x requires.
    assert calls["attachVideo.placed"] == [200, "VIDEO-PLAYER-CONTAINER"]
    # Room events became client events; track events listen per user.
    listened = {call["args"][0] for call in outcome["calls"] if call["name"] == "on"}
    assert {"user-added", "user-removed", "active-speaker", "connection-change"} <= listened
    assert {"command-channel-message", "peer-video-state-change"} <= listened
    assert calls["leave"] == [False]
    assert order.index("startVideo") < order.index("attachVideo") < order.index("leave")
    assert f"joined {topic}" in outcome["log"]
