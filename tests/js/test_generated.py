"""The generated modules in each form: TypeScript as written, JavaScript with the types
removed (ES module and CommonJS), checked by Node itself."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest

from codemods.js.generate import file_name, render, strip_types
from codemods.js.names import BROWSER_MODULE, SERVER_MODULE
from codemods.js.rewrite import parses
from tests.js.conftest import run

SECRET = "generated-module-test-secret-0123456789"  # noqa: S105 - a test value


@pytest.mark.parametrize("module", [BROWSER_MODULE, SERVER_MODULE])
@pytest.mark.parametrize("flavor", ["esm", "cjs"])
def test_javascript_forms_parse_in_node(
    tmp_path: Path, node_modules: Path, module: str, flavor: str
) -> None:
    source = render(module, flavor)  # type: ignore[arg-type]
    assert parses(source, "javascript")
    assert "): string" not in source and "\ninterface " not in source
    target = tmp_path / ("m.mjs" if flavor == "esm" else "m.cjs")
    target.write_text(source)
    run(["node", "--check", str(target)], tmp_path)


def test_typescript_form_is_the_template() -> None:
    assert file_name(BROWSER_MODULE, "ts") == "zoomVideo.ts"
    assert parses(render(BROWSER_MODULE, "ts"), "typescript")


def test_commonjs_server_module_signs_a_session_token(tmp_path: Path, node_modules: Path) -> None:
    (tmp_path / "node_modules").symlink_to(node_modules, target_is_directory=True)
    (tmp_path / "zoomVideoServer.js").write_text(render(SERVER_MODULE, "cjs"))
    script = (
        "const z = require('./zoomVideoServer.js');"
        "const t = new z.jwt.AccessToken('AC', 'SK', 'x', { identity: 'pat', ttl: 60 });"
        "t.addGrant(new z.jwt.AccessToken.VideoGrant({ room: 'ward 7' }));"
        "console.log(JSON.stringify({ token: t.toJwt(), name: z.sessionName('a/b') }));"
    )
    done = run(["node", "-e", script], tmp_path, ZOOM_SDK_KEY="key", ZOOM_SDK_SECRET=SECRET)
    out = json.loads(done.stdout)
    claims = jwt.decode(out["token"], SECRET, algorithms=["HS256"])
    assert claims["tpc"] == "ward 7" and claims["user_key"] == "pat"
    # A ttl under Zoom's minimum is raised to it, as the Python token mapping does.
    assert claims["exp"] - claims["iat"] == 1800
    from mappings.names import session_name_for

    assert out["name"] == session_name_for("a/b").value


def test_strip_types_removes_only_types() -> None:
    source = (
        "import type { A } from 'a';\nimport B from 'b';\n"
        "interface Shape { x: number }\n"
        "export class Box<T> extends B {\n  private readonly items: T[] = [];\n"
        "  count?: number;\n"
        "  override on(event: 'a', f: () => void): this;\n"
        "  override on(event: string, f: () => void): this { return this; }\n}\n"
        "export function first(x: unknown): x is string { return (x as string) !== ''; }\n"
    )
    out = strip_types(source)
    assert parses(out, "javascript")
    assert "import B from 'b';" in out and "import type" not in out
    assert "interface" not in out and "readonly" not in out and "override" not in out
    assert "class Box extends B" in out and "items = [];" in out
    assert "function first(x) { return (x) !== ''; }" in out


def test_classic_build_sets_the_same_helpers_on_window(tmp_path: Path) -> None:
    from codemods.js.generate import render_global

    source = render_global()
    assert parses(source, "javascript") and "require(" not in source
    exported = render(BROWSER_MODULE, "cjs").split("module.exports = {", 1)[1]
    # Run in Node with a stand-in CDN global that lacks the named exports: the helpers load,
    # create the client once and fall back to VideoQuality's values.
    script = tmp_path / "run.cjs"
    script.write_text(
        "const created = [];\n"
        "globalThis.window = { WebVideoSDK: { default: { createClient: () => "
        "(created.push(1), { on() {} }) } } };\n"
        f"{source}\n"
        "console.log(JSON.stringify({ keys: Object.keys(window.zoomVideo), "
        "created: created.length, quality: window.zoomVideo.videoQuality }));\n"
    )
    done = run(["node", str(script)], tmp_path)
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    names = [line.strip().rstrip(",").split(":")[0] for line in exported.splitlines()]
    assert outcome["keys"] == [n for n in names if n and n != "};"]
    assert outcome["created"] == 1 and outcome["quality"] == 3
