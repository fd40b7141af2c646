"""What the demo shows after each step: the step's result, made readable for a newcomer.

Nothing here prints a secret: the sandbox's variables appear by name only, and a token
appears as its verified claims.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from codemods.js.names import SERVER_MODULE
from mappings.session_jwt import SessionJwtClaims
from migrate.audit.findings import AuditReport, Finding
from migrate.compose import ComposeSummary
from migrate.demo.screen import Screen
from migrate.demo.steps import ISSUER_FUNCTION, ISSUER_MODULE, RewriteResult
from migrate.export import ExportSummary, VerifyReport
from migrate.export.cluster import INSTALL_HINT
from migrate.sandbox.combined import Sandbox

#: Next commands for a real account: (command, what it does).
NEXT_COMMANDS: tuple[tuple[str, str], ...] = (
    ("twilio2zoom audit .", "every Twilio Video touchpoint in your code, with effort"),
    ("twilio2zoom rewrite . --mode shim --diff", "the import swap you just saw, on your code"),
    ("twilio2zoom plan", "your rooms, rules, hooks and settings mapped to Zoom"),
    ("twilio2zoom export s3://BUCKET/PREFIX", "copy the whole archive, verified and resumable"),
    ("twilio2zoom export verify s3://BUCKET/PREFIX", "re-hash every exported file"),
    ("twilio2zoom compose s3://BUCKET/PREFIX --hooks", "make the compositions your hooks would"),
)
_CREDENTIALS = ("TWILIO_ACCOUNT_SID", "TWILIO_API_KEY", "TWILIO_API_SECRET")


def _mib(nbytes: int) -> str:
    return f"{nbytes / 2**20:,.1f} MiB"


def show_intro(screen: Screen, total_steps: int) -> None:
    """What the demo is about to do."""
    screen.panel(
        "twilio2zoom demo",
        [
            f"A tour of the toolkit in {total_steps} steps, on local emulators of Twilio Video",
            "and the Zoom Video SDK: no account, no credentials, nothing leaves this machine.",
        ],
    )


def show_sandbox(screen: Screen, box: Sandbox) -> None:
    """The emulators' addresses, what was seeded, and the variables (names only)."""
    screen.line(f"Twilio Video emulator    {box.twilio.api_url}")
    screen.line(f"Zoom Video SDK emulator  {box.zoom.url}")
    seeded = box.twilio.seed_summary
    if seeded is not None:
        screen.line(
            f"Seeded Twilio account: {seeded.rooms} rooms, {seeded.participants} participants, "
            f"{seeded.recordings} recordings ({seeded.completed_recordings} completed), "
            f"{seeded.compositions} compositions ({seeded.completed_compositions} completed), "
            f"{_mib(seeded.media_bytes)} of media"
        )
    screen.note(
        "Sandbox variables (fake, local values; not shown): " + ", ".join(sorted(box.env()))
    )


def show_audit(screen: Screen, report: AuditReport) -> None:
    """Findings per file, then the totals and the effort."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.is_video:
            by_file[finding.path].append(finding)
    rows = [
        [
            path,
            str(len(found)),
            ", ".join(sorted({f.category for f in found})),
            _autofix(found),
        ]
        for path, found in sorted(by_file.items())
    ]
    screen.table(["File", "Findings", "Kind", "Rewrite"], rows)
    s = report.summary
    automatic = sum(1 for f in report.findings if f.is_video and f.autofix != "none")
    screen.line(
        f"{s.video_findings} Twilio Video findings in {s.files_with_findings} of "
        f"{s.files_scanned} files; {automatic} can be rewritten automatically, "
        f"{s.video_findings - automatic} need hand work."
    )
    structural = sum(1 for f in report.findings if f.is_video and f.confidence == "structural")
    screen.line(
        f"{s.video_findings - structural} traced to a twilio import (proven), {structural} "
        "matched by their Video resource chain alone (structural); rewrite uses the same "
        "resolver."
    )
    screen.line(
        f"Estimated effort: {s.effort.hours:g} h ({s.effort.days:g} days); "
        f"{s.cutoff_standing().headline()}."
    )


def _autofix(found: list[Finding]) -> str:
    kinds = Counter(f.autofix for f in found)
    if kinds["none"] == len(found):
        return "by hand"
    if kinds["none"]:
        return f"automatic ({len(found) - kinds['none']}), by hand ({kinds['none']})"
    return "automatic"


def show_rewrite(screen: Screen, result: RewriteResult) -> None:
    """The diffs and the totals of the shim-mode rewrite."""
    for text in result.diffs:
        screen.diff(text)
    s = result.summary
    languages = ", ".join(f"{lang} {n}" for lang, n in sorted(s.by_language.items()))
    screen.line(
        f"{s.files_scanned} files scanned, {s.files_changed} files changed ({languages}), "
        f"{s.calls_rewritten} imports and calls rewritten, {s.todos_left} TODOs left."
    )
    for name in result.generated:
        what = (
            "session JWTs and Zoom REST for the Node back end (the one module reading secrets)"
            if SERVER_MODULE in name
            else "the same helpers as window.zoomVideo, for pages with no bundler "
            "(static/lobby.html now loads Zoom's CDN build and this file)"
            if name.endswith(".global.js")
            else "typed helpers where @zoom/videosdk 2.x differs in meaning"
        )
        screen.line(f"Generated {name}: {what}.")
    for note in s.notes:
        screen.line(f"Dependency pin replaced: {note}")
    screen.note(
        "Shim mode changes only import lines (every form: from-imports, aliases, dotted "
        "twilio.x.Y names) and dependency files: the app keeps its Twilio-shaped code and "
        "runs on Zoom through migrate.shim. The browser code (static/video.js) moves to "
        "@zoom/videosdk whatever the mode: connect() becomes createClient/init/join, "
        "disconnect() leave(), room events client events; where the meaning changes it calls "
        "a helper of the generated zoomVideo.js, and each approximation carries a "
        "TODO(twilio2zoom) with its docs anchor. "
        "The Node token endpoint (node/token.js) becomes one sessionToken({ topic, userIdentity, "
        "ttl }) call: a Zoom session JWT with the same claims as the Python token mapping."
    )


def show_token(
    screen: Screen, claims: SessionJwtClaims, joined: dict[str, Any], identity: str, room: str
) -> None:
    """The verified claims of the rewritten app's token, and the emulator's join answer."""
    screen.line(
        f"Called the rewritten {ISSUER_MODULE}.{ISSUER_FUNCTION}({identity!r}, {room!r}) "
        "(what GET /token runs) in a child process with the sandbox environment."
    )
    screen.line("Token verified with ZOOM_SDK_SECRET (HS256). Claims:")
    role = "host" if claims.role_type == 1 else "participant"
    rows = [
        ["app_key", "= ZOOM_SDK_KEY", "the Zoom SDK key replaces the Twilio API key"],
        ["tpc", claims.tpc, "session name, from the VideoGrant's room"],
        ["user_key", claims.user_key or "(none)", "from the AccessToken's identity"],
        ["role_type", f"{claims.role_type} ({role})", "Zoom's join role"],
        ["version", str(claims.version), "session JWT version"],
        ["exp - iat", f"{claims.exp - claims.iat} s", "lifetime, from the AccessToken's ttl"],
    ]
    screen.table(["Claim", "Value", "Where it comes from"], rows)
    screen.line(
        f"Joined the Zoom emulator with it: session {joined.get('session_name')!r} "
        f"(id {joined.get('session_id')}), user {joined.get('user_id')} "
        f"as {joined.get('user_key')!r}."
    )


def show_export(screen: Screen, summary: ExportSummary, report: VerifyReport, dest: Path) -> None:
    """The export's totals, one room folder as an example of the layout, and the check."""
    screen.line(
        f"Copied {summary.copied} files ({_mib(summary.bytes_copied)}) and "
        f"{summary.rooms} room records to {dest} in {summary.seconds:.1f} s; "
        f"{summary.not_completed} items had no media (not completed; noted in the manifest)."
    )
    rooms = sorted(p for p in dest.iterdir() if p.is_dir() and not p.name.startswith("."))
    if rooms:
        names = sorted(p.name for p in rooms[0].iterdir())
        screen.line(f"Layout, one folder per room: {rooms[0].name}/ " + " ".join(names))
    screen.line(
        f"Verified: {report.ok} of {report.copied} copied files match their size and SHA-256 "
        f"({_mib(report.bytes_checked)} re-hashed)."
    )
    screen.line(
        "Bigger archives: the same copy on Dask workers, "
        f"`{INSTALL_HINT}` then `twilio2zoom export DEST --workers 2` "
        "(or --scheduler tcp://HOST:8786 for a cluster you run)."
    )


def show_compose(screen: Screen, summary: ComposeSummary | None, missing: str, dest: Path) -> None:
    """The render, and who sat in which cell: the description written beside it."""
    if summary is None:
        screen.line(f"Skipped. {missing}")
        return
    for result in summary.results:
        output = dest / result.path
        described = json.loads(output.with_suffix(".json").read_text())
        request = described["request"]
        screen.line(
            f"Rendered {result.path} ({result.duration:.1f} s, {request['format']}, "
            f"{request['resolution']}) from the room's tracks in {result.seconds:.1f} s."
        )
        for region in described["regions"]:
            for placement in region["placements"]:
                windows = ", ".join(
                    f"{w['start']:.1f}-{w['end']:.1f} s" for w in placement["shown"]
                )
                screen.line(f"  cell {placement['cell']}: {placement['track_name']} ({windows})")
        mixed = ", ".join(a["track_name"] for a in described["audio"])
        screen.line(
            f"  audio mixed: {mixed}; description beside it: {output.with_suffix('.json').name}"
        )


def show_next(screen: Screen, workdir: Path, keep: bool, seconds: float) -> None:
    """What to run against a real account, and where this run's files are."""
    width = max(len(command) for command, _ in NEXT_COMMANDS)
    lines = [
        f"Done in {seconds:.0f} s. Against your real account, set "
        + ", ".join(_CREDENTIALS)
        + " (and ZOOM_* for the shim), then:",
        "",
        *(f"  {command.ljust(width)}  # {what}" for command, what in NEXT_COMMANDS),
        "",
        f"This run's files: {workdir}",
        "(kept)" if keep else "(deleted now; run `twilio2zoom demo --keep` to keep them)",
    ]
    screen.panel("Next steps", lines)
