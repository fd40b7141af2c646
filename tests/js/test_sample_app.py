"""The sample front end and token server, rewritten, against the real Node toolchain:
``tsc --noEmit`` with the real @zoom/videosdk typings, ``tsc --checkJs`` for the JS
variant, and the server's token decoded and verified."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest

from codemods.driver import rewrite_paths
from mappings.limits import ZOOM_SESSION_JWT_MAX_TTL, ZOOM_SESSION_JWT_MIN_TTL
from mappings.names import session_name_for, user_key_for
from tests.js.conftest import run, sample_copy, tool

SDK_KEY = "sample-sdk-key"
SDK_SECRET = "sample-sdk-secret-0123456789abcdef"  # noqa: S105 - a test value


def _rewrite(project: Path) -> None:
    summary = rewrite_paths([project], "native")
    assert not summary.failed, summary.failed
    again = rewrite_paths([project], "native", check=True)
    assert again.files_changed == 0, again.changed  # a second run changes nothing


def test_front_end_rewritten_type_checks_against_the_real_sdk(
    tmp_path: Path, node_modules: Path
) -> None:
    web = sample_copy(tmp_path, "web", node_modules)
    _rewrite(web)
    main = (web / "src" / "main.ts").read_text()
    assert "from './zoomVideo'" in main and "twilio-video" not in main.split("\n// ")[0]
    assert (web / "src" / "zoomVideo.ts").is_file()
    deps = json.loads((web / "package.json").read_text())
    assert deps["dependencies"] == {"@zoom/videosdk": "^2.5.0"}
    assert "@types/twilio-video" not in deps["devDependencies"]
    run([tool(node_modules, "tsc"), "-p", "tsconfig.json"], web)


def test_js_front_end_rewritten_passes_check_js(tmp_path: Path, node_modules: Path) -> None:
    web = sample_copy(tmp_path, "web_js", node_modules)
    _rewrite(web)
    assert "from './zoomVideo.js'" in (web / "src" / "main.js").read_text()
    assert (web / "src" / "zoomVideo.js").is_file()
    run([tool(node_modules, "tsc"), "-p", "jsconfig.json"], web)


def test_token_server_rewritten_type_checks(tmp_path: Path, node_modules: Path) -> None:
    server = sample_copy(tmp_path, "server", node_modules)
    _rewrite(server)
    source = (server / "src" / "server.ts").read_text()
    assert "from './zoomVideoServer.js'" in source
    # The token endpoint reads as Zoom code: one session-JWT call, no Twilio token classes.
    assert "import { sessionToken } from './zoomVideoServer.js';" in source
    assert (
        "  const token = sessionToken({ topic: room, userIdentity: identity, ttl: 3600 });\n"
        in (source)
    )
    assert "AccessToken" not in source and "VideoGrant" not in source and "toJwt" not in source
    assert (server / "src" / "zoomVideoServer.ts").is_file()
    manifest = json.loads((server / "package.json").read_text())
    # twilio served only Video here, so it goes; one JWT library comes in.
    assert manifest["dependencies"] == {"jsonwebtoken": "^9.0.2"}
    assert manifest["devDependencies"]["@types/jsonwebtoken"] == "^9.0.10"
    run([tool(node_modules, "tsc"), "-p", "tsconfig.json"], server)


def server_token(tmp_path: Path, node_modules: Path, identity: str, room: str) -> str:
    """A token from the rewritten sample server, run by Node."""
    server = sample_copy(tmp_path, "server", node_modules)
    _rewrite(server)
    bundle = tmp_path / "server.cjs"
    run(
        [tool(node_modules, "esbuild"), "src/server.ts", "--bundle", "--platform=node",
         "--format=cjs", f"--outfile={bundle}", "--log-level=warning"],
        server,
    )  # fmt: skip
    script = f"console.log(require({str(bundle)!r}).tokenFor({identity!r}, {room!r}))"
    done = run(["node", "-e", script], tmp_path, ZOOM_SDK_KEY=SDK_KEY, ZOOM_SDK_SECRET=SDK_SECRET)
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("identity", "room"),
    [("alice", "standup"), ("a" * 50, "room/with:odd*chars")],
    ids=["plain", "long-identity-odd-room"],
)
def test_server_token_has_the_claims_of_the_token_mapping(
    tmp_path: Path, node_modules: Path, identity: str, room: str
) -> None:
    token = server_token(tmp_path, node_modules, identity, room)
    claims = jwt.decode(token, SDK_SECRET, algorithms=["HS256"])
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    assert claims["app_key"] == SDK_KEY
    assert claims["tpc"] == session_name_for(room).value
    assert claims["user_key"] == user_key_for(identity)
    assert claims["role_type"] == 0 and claims["version"] == 1
    assert ZOOM_SESSION_JWT_MIN_TTL <= claims["exp"] - claims["iat"] <= ZOOM_SESSION_JWT_MAX_TTL
    # twilio's ttl 3600 from "now" measured from iat = now - 30 s, as the Python mapping does.
    assert claims["exp"] - claims["iat"] == 3600 + 30
