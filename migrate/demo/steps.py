"""The demo's steps: each does one part of the tour and returns what it found.

Steps print nothing (:mod:`migrate.demo.show` does), so tests call them one by one. A
result the tour cannot go on from (a file left unrewritten, a failed download, a file
that does not verify) raises :class:`DemoCheckError`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import difflib
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import migrate
from codemods.driver import RewriteSummary, rewrite_paths
from codemods.js.project import GENERATED
from mappings.session_jwt import SessionJwtClaims
from migrate.audit.engine import run_audit
from migrate.audit.findings import AuditReport
from migrate.compose import ComposeSummary
from migrate.compose.ffmpeg import INSTALL_HINT, FfmpegMissingError, find_ffmpeg
from migrate.demo.compose_sample import compose_sample
from migrate.export import ExportOptions, ExportSummary, VerifyReport, run_export, verify_export
from migrate.sandbox.combined import SandboxOptions
from migrate.sandbox.zoom import ZoomEmulator
from migrate.settings import Settings, load_settings
from migrate.zoom.auth import decode_session_jwt

#: Small enough that seeding and exporting take a second or two, big enough to show a bar.
DEMO_SANDBOX = SandboxOptions(rooms=4, recordings_per_room=3, recording_size=128 * 1024)
#: Who asks the sample app for a token, and for which room.
DEMO_IDENTITY = "ada"
DEMO_ROOM = "demo-room"
#: The sample app's token code: ``video_token.create_token(identity, room_name)``.
ISSUER_MODULE = "video_token"
ISSUER_FUNCTION = "create_token"
TOKEN_TIMEOUT_SECONDS = 60.0
#: Variables the child process must take from the sandbox only, never from the caller.
_CREDENTIAL_PREFIXES = ("TWILIO_", "ZOOM_")
# Run by the child: import the rewritten module from the app folder and print one token.
_TOKEN_SCRIPT = (
    "import sys\n"
    f"from {ISSUER_MODULE} import {ISSUER_FUNCTION}\n"
    f"print({ISSUER_FUNCTION}(sys.argv[1], sys.argv[2]))\n"
)


class DemoCheckError(Exception):
    """A step finished, but its result is not what the tour needs to go on."""


@dataclass
class RewriteResult:
    """The rewrite's totals and one unified diff per changed file (paths relative to the app)."""

    summary: RewriteSummary
    diffs: list[str] = field(default_factory=list)
    generated: list[str] = field(default_factory=list)  # written whole, not shown as diffs


def sandbox_settings(env: Mapping[str, str]) -> Settings:
    """Settings whose every credential and base URL comes from the sandbox's ``env``."""
    return load_settings(**{name.lower(): value for name, value in env.items()})


def audit_app(app_dir: Path, cutoff: dt.date) -> AuditReport:
    """Audit the app folder, as ``twilio2zoom audit APP`` does."""
    report = run_audit(app_dir, cutoff=cutoff, jobs=1)
    if not report.summary.video_findings:
        raise DemoCheckError(f"the audit found no Twilio Video code in {app_dir}")
    return report


def rewrite_app(app_dir: Path) -> RewriteResult:
    """Rewrite the app in shim mode, as ``twilio2zoom rewrite APP --mode shim`` does."""
    before = {path: path.read_text(encoding="utf-8") for path in _text_files(app_dir)}
    summary = rewrite_paths([app_dir], "shim", workers=1)
    if summary.failed:
        first = summary.failed[0]
        raise DemoCheckError(f"the rewrite left {first.path.name} unchanged: {first.error}")
    if not summary.files_changed:
        raise DemoCheckError(f"the rewrite changed nothing in {app_dir}")
    # The generated JS modules are hundreds of lines: named, not printed.
    generated = [p for p in summary.changed if p.name in GENERATED]
    diffs = [
        _diff(path.relative_to(app_dir).as_posix(), before.get(path), path)
        for path in summary.changed
        if path not in generated
    ]
    return RewriteResult(summary, diffs, [p.relative_to(app_dir).as_posix() for p in generated])


def _text_files(app_dir: Path) -> list[Path]:
    # The rewrite edits sources and the dependency and env files beside them.
    return [p for p in app_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def _diff(name: str, before: str | None, path: Path) -> str:
    after = path.read_text(encoding="utf-8")
    lines = difflib.unified_diff(
        (before or "").splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}" if before is not None else "/dev/null",
        tofile=f"b/{name}",
    )
    # A last line without a newline would run into the next diff when printed.
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def issue_token(
    app_dir: Path, env: Mapping[str, str], identity: str = DEMO_IDENTITY, room: str = DEMO_ROOM
) -> str:
    """Run the app's rewritten token function in a child process with the sandbox's ``env``.

    A child process sees the app exactly as the app's own server would: its folder on
    the path, its variables in the environment, and nothing of this process's state.
    """
    # The caller's own credentials must not reach the app; the sandbox's replace them.
    child_env = {k: v for k, v in os.environ.items() if not k.startswith(_CREDENTIAL_PREFIXES)}
    child_env.update(env)
    # The app imports migrate.shim: the child finds it where this process found it, even
    # from a source checkout that is not installed.
    package_root = str(Path(migrate.__file__).resolve().parents[1])
    paths = [str(app_dir), package_root, child_env.get("PYTHONPATH", "")]
    child_env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _TOKEN_SCRIPT, identity, room],
            cwd=app_dir,
            env=child_env,
            capture_output=True,
            text=True,
            timeout=TOKEN_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DemoCheckError(
            f"{ISSUER_MODULE}.{ISSUER_FUNCTION} did not return within {TOKEN_TIMEOUT_SECONDS:g} s"
        ) from None
    lines = done.stdout.split()
    if done.returncode != 0 or not lines:
        errors = done.stderr.strip().splitlines()
        reason = errors[-1] if errors else f"exit status {done.returncode}"
        raise DemoCheckError(f"the rewritten {ISSUER_MODULE}.{ISSUER_FUNCTION} failed: {reason}")
    return lines[-1]


def decode_token(token: str, sdk_key: str, sdk_secret: str) -> SessionJwtClaims:
    """Check the token as Zoom does (signature, lifetime, app key) and return its claims."""
    return decode_session_jwt(token, sdk_key, sdk_secret)


def join_session(zoom: ZoomEmulator, token: str, user_name: str) -> dict[str, Any]:
    """Join the Zoom emulator with ``token``, as a Video SDK client would."""
    return zoom.join(token, user_name)


def export_archive(settings: Settings, dest: Path, *, show_progress: bool = True) -> ExportSummary:
    """Copy the account's archive to ``dest``, as ``twilio2zoom export DEST`` does."""
    options = ExportOptions(show_progress=show_progress)
    summary = asyncio.run(run_export(settings, str(dest), options))
    if summary.failed or summary.interrupted:
        first = summary.failures[0] if summary.failures else None
        detail = f": {first.sid}: {first.reason}" if first else ""
        raise DemoCheckError(f"the export did not copy {summary.failed} items{detail}")
    return summary


def verify_archive(dest: Path) -> VerifyReport:
    """Re-hash every exported file, as ``twilio2zoom export verify DEST`` does."""
    report = verify_export(str(dest))
    if report.problems:
        first = report.problems[0]
        raise DemoCheckError(
            f"{len(report.problems)} exported files do not verify: {first.path}: {first.problem}"
        )
    return report


def compose_archive(dest: Path) -> tuple[ComposeSummary | None, str]:
    """Compose a small room of real tracks, as ``twilio2zoom compose ARCHIVE`` does.

    Without FFmpeg the step explains how to get it and the tour goes on.
    """
    try:
        ffmpeg = find_ffmpeg()
    except FfmpegMissingError:
        return None, f"Composing needs FFmpeg; install it with: {INSTALL_HINT}"
    summary = compose_sample(ffmpeg, dest)
    if summary.exit_code:
        first = summary.failed[0]
        raise DemoCheckError(f"compose failed for {first.room_sid}: {first.reason}")
    return summary, ""
