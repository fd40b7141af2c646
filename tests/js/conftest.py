"""Node tooling for the JS/TS rewrite tests: pinned packages installed once per checkout.

``tests/js/node_env`` pins the real @zoom/videosdk typings, TypeScript, esbuild,
jsonwebtoken and playwright-core; ``npm ci`` runs when its lockfile changed since the
last install (a stamp in node_modules), so repeated runs reuse the install. Under
CI=true a missing node, npm or chromium fails the test instead of skipping it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NODE_ENV = HERE / "node_env"
SAMPLES = HERE / "sample_app"
STAMP = ".twilio2zoom-lock-sha256"


def require_tool(name: str) -> str:
    """The path of ``name``; a failure under CI=true, a skip elsewhere, when it is missing."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """``tests/js/node_env/node_modules``, installed with ``npm ci`` when out of date."""
    require_tool("node")
    npm = require_tool("npm")
    lock = (NODE_ENV / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock).hexdigest()
    stamp = NODE_ENV / "node_modules" / STAMP
    if not stamp.is_file() or stamp.read_text() != digest:
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=NODE_ENV,
            check=True,
            timeout=600,
        )
        stamp.write_text(digest)
    return NODE_ENV / "node_modules"


def tool(node_modules: Path, name: str) -> str:
    return str(node_modules / ".bin" / name)


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a Node tool; its output is shown when it fails."""
    done = subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout}\n{done.stderr}"
    return done


def sample_copy(tmp_path: Path, name: str, node_modules: Path) -> Path:
    """A copy of ``sample_app/<name>`` that resolves packages from the pinned install."""
    target = tmp_path / name
    shutil.copytree(SAMPLES / name, target)
    (target / "node_modules").symlink_to(node_modules, target_is_directory=True)
    return target
