"""Node back ends beyond the one-call rows: files that keep twilio for other products, deep
``twilio/lib`` imports, twilio-video's companion packages, and the session JWT the server
module signs compared claim by claim with the Python token mapping."""

from __future__ import annotations

import json
from pathlib import Path

import jwt

from codemods.driver import rewrite_paths
from codemods.js.generate import render
from codemods.js.names import SERVER_MODULE
from codemods.js.rewrite import Targets, parses, rewrite_code
from mappings.tokens import AccessTokenSpec, GrantSpec, map_access_token
from migrate.cli.app import run as cli
from tests.js.conftest import run

SERVER = Targets(server="./zoomVideoServer", server_cjs=True)
TWILIO = frozenset({"twilio"})

# A file on twilio for SMS and for Video, and its rewrite (before/after in server_cases/).
CASES = Path(__file__).parent / "server_cases"


def test_file_keeping_twilio_for_sms_moves_only_its_video_parts() -> None:
    before = (CASES / "mixed_sms.js").read_text()
    result = rewrite_code(before, "javascript", SERVER, TWILIO)
    assert result.error is None and result.keeps_twilio and result.binds_server
    assert result.code == (CASES / "mixed_sms.after.js").read_text()
    assert parses(result.code, "javascript")
    assert not rewrite_code(result.code, "javascript", SERVER, TWILIO).changed


MIXED_TS = """\
import twilio from 'twilio';

const client = twilio(process.env.SID, process.env.TOKEN);

export async function close(sid: string): Promise<void> {
  await client.video.rooms(sid).update({ status: 'completed' });
  await client.conversations.v1.conversations(sid).remove();
}
"""


def test_typescript_module_gets_the_import_beside_twilio() -> None:
    targets = Targets(server="./zoomVideoServer.js", server_cjs=False)
    result = rewrite_code(MIXED_TS, "typescript", targets, TWILIO)
    assert result.error is None
    assert result.code.startswith(
        "import twilio from 'twilio';\nimport zoomVideoServer from './zoomVideoServer.js';\n"
    )
    assert "  await zoomVideoServer.video.rooms(sid).update({ status: 'completed' });" in (
        result.code
    )
    assert "  await client.conversations.v1.conversations(sid).remove();" in result.code
    # Ending a room maps exactly: no mark.
    assert "TODO" not in result.code
    assert not rewrite_code(result.code, "typescript", targets, TWILIO).changed


def test_a_token_with_another_grant_stays_marked() -> None:
    source = (
        "const twilio = require('twilio');\nconst { AccessToken } = twilio.jwt;\n"
        "const { VideoGrant, SyncGrant } = AccessToken;\n\n"
        "exports.token = (who, room) => {\n"
        "  const t = new AccessToken('AC1', 'SK1', 'secret', { identity: who });\n"
        "  t.addGrant(new VideoGrant({ room }));\n"
        "  t.addGrant(new SyncGrant({ serviceSid: 'IS1' }));\n  return t.toJwt();\n};\n"
    )
    result = rewrite_code(source, "javascript", SERVER, TWILIO)
    # A Zoom token cannot carry the Sync grant: nothing is moved, the token is marked.
    assert "sessionToken" not in result.code and "new AccessToken(" in result.code
    assert "docs/mapping.md#token-access-token)" in result.code


def test_deep_imports_point_at_the_server_module() -> None:
    source = (
        "import type { RoomInstance } from 'twilio/lib/rest/video/v1/room';\n"
        "import AccessToken from 'twilio/lib/jwt/AccessToken';\n"
        "import { jwt } from 'twilio/lib';\n"
        "import { CompositionInstance } from 'twilio/lib/rest/video/v1/composition';\n\n"
        "export const names = (rooms: RoomInstance[]) => rooms.map((r) => r.uniqueName);\n"
        "export const kinds = [AccessToken, jwt.AccessToken];\n"
        "export const last = (c: CompositionInstance) => c.sid;\n"
    )
    targets = Targets(server="./zoomVideoServer", server_cjs=False)
    result = rewrite_code(source, "typescript", targets, TWILIO)
    assert result.error is None and result.server and result.binds_server
    out = result.code
    assert "import type { RoomInstance } from './zoomVideoServer';" in out
    assert "import { AccessToken } from './zoomVideoServer';" in out
    assert "import { jwt } from './zoomVideoServer';" in out
    # No equivalent for compositions' types: the import stays, marked.
    assert (
        "// TODO(twilio2zoom): no zoomVideoServer export stands for "
        "'twilio/lib/rest/video/v1/composition': port its uses by hand "
        "(docs/mapping.md#client-node)\n"
        "import { CompositionInstance } from 'twilio/lib/rest/video/v1/composition';"
    ) in out
    assert not rewrite_code(out, "typescript", targets, TWILIO).changed


def test_deep_require_of_access_token() -> None:
    source = (
        "const AccessToken = require('twilio/lib/jwt/AccessToken');\n"
        "const VideoGrant = AccessToken.VideoGrant;\n\n"
        "module.exports = (who, room) => {\n"
        "  const t = new AccessToken('AC1', 'SK1', 'secret');\n"
        "  t.identity = who;\n  t.addGrant(new VideoGrant({ room: room }));\n"
        "  return t.toJwt();\n};\n"
    )
    result = rewrite_code(source, "javascript", SERVER, TWILIO)
    assert result.code == (
        "const { sessionToken } = require('./zoomVideoServer');\n\n"
        "module.exports = (who, room) => {\n"
        "  // TODO(twilio2zoom): Video SDK session JWT (app_key, tpc, role_type, version, iat, "
        "exp, user_key) signed with ZOOM_SDK_SECRET (docs/mapping.md#token-access-token)\n"
        "  // TODO(twilio2zoom): tpc claim (session name); required "
        "(docs/mapping.md#token-video-grant)\n"
        "  const t = sessionToken({ topic: room, userIdentity: who });\n"
        "  return t;\n};\n"
    )


def test_companion_packages_leave_with_twilio_video(tmp_path: Path) -> None:
    manifest = {
        "dependencies": {
            "twilio-video": "^2.28.1",
            "@twilio/video-processors": "^2.1.0",
            "@twilio/video-room-monitor": "^1.0.0",
            "react": "^18",
        },
        "devDependencies": {"@types/twilio-video": "^2"},
    }
    (tmp_path / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3}\n')
    (tmp_path / "blur.js").write_text(
        "import { connect } from 'twilio-video';\n"
        "import { GaussianBlurBackgroundProcessor } from '@twilio/video-processors';\n\n"
        "export const join = (token) => connect(token, { name: 'desk' });\n"
        "export const blur = new GaussianBlurBackgroundProcessor({ assetsPath: '/a' });\n"
    )
    summary = rewrite_paths([tmp_path], "native")
    assert not summary.failed
    assert rewrite_paths([tmp_path], "native", check=True).files_changed == 0
    after = json.loads((tmp_path / "package.json").read_text())
    assert after["dependencies"] == {"react": "^18", "@zoom/videosdk": "^2.5.0"}
    assert after["devDependencies"] == {}
    assert (tmp_path / "package-lock.json").read_text() == '{"lockfileVersion": 3}\n'
    assert [r.split(": ", 1)[1].split(";")[0] for r in summary.replaced] == [
        "@twilio/video-processors removed",
        "@twilio/video-room-monitor removed",
    ]
    code = (tmp_path / "blur.js").read_text()
    assert (
        "// TODO(twilio2zoom): @twilio/video-processors is removed; Zoom: "
        "stream.updateVirtualBackgroundImage(imageUrl | 'blur') after "
        "stream.isSupportVirtualBackground()"
    ) in code
    # The CLI says what replaces them, and --check after the run finds nothing to do.
    assert cli(["rewrite", str(tmp_path), "--check"]) == 0


def test_session_token_claims_equal_the_token_mapping(tmp_path: Path, node_modules: Path) -> None:
    """sessionToken() as the rewritten call sites use it, run by Node, against
    map_access_token() for the same token at the same pinned time."""
    (tmp_path / "node_modules").symlink_to(node_modules, target_is_directory=True)
    (tmp_path / "zoomVideoServer.js").write_text(render(SERVER_MODULE, "cjs"))
    now = 1_800_000_000
    cases = [
        ("nurse-7", "ward 7", None),
        ("x" * 50, "ward/7:*", 60),  # long identity, odd room, TTL below Zoom's minimum
        ("doc", "icu", 500_000),  # TTL above Zoom's maximum
    ]
    calls = ", ".join(
        f"s.sessionToken({{ topic: {room!r}, userIdentity: {who!r}, "
        f"{'' if ttl is None else f'ttl: {ttl}, '}now: {now} }})"
        for who, room, ttl in cases
    )
    script = f"const s = require('./zoomVideoServer.js'); console.log(JSON.stringify([{calls}]));"
    secret = "sdk-secret-for-this-test-0123456789"  # noqa: S105 - a test value
    done = run(["node", "-e", script], tmp_path, ZOOM_SDK_KEY="sdk-key", ZOOM_SDK_SECRET=secret)
    tokens = json.loads(done.stdout)
    for token, (who, room, ttl) in zip(tokens, cases, strict=True):
        spec = AccessTokenSpec(
            account_sid="AC1",
            signing_key_sid="SK1",
            identity=who,
            grants=(GrantSpec(kind="video", room=room),),
            **({} if ttl is None else {"ttl": ttl}),
        )
        expected = map_access_token(spec, sdk_key="sdk-key", now=now).claims.payload()
        claims = jwt.decode(
            token, secret, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False}
        )
        assert claims == expected


def test_rewritten_deep_type_imports_type_check(tmp_path: Path, node_modules: Path) -> None:
    """The server module's room types stand in for twilio's under the real compiler."""
    source = (
        "import type { RoomInstance, RoomListInstanceCreateOptions } from "
        "'twilio/lib/rest/video/v1/room';\n"
        "import twilio from 'twilio';\n\n"
        "export async function open(options: RoomListInstanceCreateOptions): Promise<string> {\n"
        "  const room: RoomInstance = await twilio('AC1', 'tok').video.rooms.create(options);\n"
        "  return room.uniqueName;\n}\n"
    )
    targets = Targets(server="./zoomVideoServer.js", server_cjs=False)
    result = rewrite_code(source, "typescript", targets, TWILIO)
    assert "'twilio" not in result.code
    (tmp_path / "node_modules").symlink_to(node_modules, target_is_directory=True)
    (tmp_path / "rooms.ts").write_text(result.code)
    # A file that keeps twilio for Conversations, with a Video-only token beside it; the
    # twilio package itself is not installed here: a declaration stands in for it.
    mixed = MIXED_TS + (
        "\nexport function videoToken(who: string, room: string): string {\n"
        "  const t = new twilio.jwt.AccessToken('AC1', 'SK1', 'secret', { identity: who });\n"
        "  t.addGrant(new twilio.jwt.AccessToken.VideoGrant({ room }));\n  return t.toJwt();\n}\n"
    )
    (tmp_path / "mixed.ts").write_text(rewrite_code(mixed, "typescript", targets, TWILIO).code)
    assert (
        "zoomVideoServer.sessionToken({ topic: room, userIdentity: who })"
        in (tmp_path / "mixed.ts").read_text()
    )
    (tmp_path / "twilio.d.ts").write_text(
        "declare module 'twilio' {\n  const twilio: any;\n  export default twilio;\n}\n"
    )
    (tmp_path / "zoomVideoServer.ts").write_text(render(SERVER_MODULE, "ts"))
    (tmp_path / "package.json").write_text('{"type": "module"}\n')
    options = {
        "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext",
        "strict": True, "noEmit": True, "skipLibCheck": True, "esModuleInterop": True,
        "types": ["node"],
    }  # fmt: skip
    (tmp_path / "tsconfig.json").write_text(json.dumps({"compilerOptions": options}))
    run([str(node_modules / ".bin" / "tsc"), "-p", "tsconfig.json"], tmp_path)
