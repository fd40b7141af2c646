"""Run the tour: the steps of :mod:`migrate.demo.steps` in order, each shown as it ends.

A step that fails stops the tour with :class:`DemoStepError`: one line naming the step
and the reason, with every sandbox secret scrubbed from it.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mappings.session_jwt import SessionJwtClaims
from migrate.audit.findings import AuditReport
from migrate.compose import ComposeSummary
from migrate.demo import show
from migrate.demo.sample import copy_sample_app
from migrate.demo.screen import Screen
from migrate.demo.steps import (
    DEMO_IDENTITY,
    DEMO_ROOM,
    DEMO_SANDBOX,
    DemoCheckError,
    RewriteResult,
    audit_app,
    compose_archive,
    decode_token,
    export_archive,
    issue_token,
    join_session,
    rewrite_app,
    sandbox_settings,
    verify_archive,
)
from migrate.errors import Twilio2ZoomError
from migrate.export import ExportSummary, VerifyReport
from migrate.redact import redact
from migrate.sandbox.combined import Sandbox, SandboxOptions

TOTAL_STEPS = 7
WORKDIR_PREFIX = "twilio2zoom-demo-"
#: The display name the simulated Video SDK client joins with.
DEMO_USER_NAME = "Ada (demo)"


class DemoStepError(Twilio2ZoomError):
    """A step of the demo failed; exit status 1."""

    exit_code = 1

    def __init__(self, number: int, title: str, reason: str) -> None:
        super().__init__(f"demo step {number}/{TOTAL_STEPS} ({title}) failed: {reason}")
        self.number = number


@dataclass
class DemoResult:
    """Everything the tour produced, for tests and other callers."""

    workdir: Path
    kept: bool
    audit: AuditReport
    rewrite: RewriteResult
    token: str
    claims: SessionJwtClaims
    joined: dict[str, Any]
    export: ExportSummary
    verify: VerifyReport
    compose: ComposeSummary | None
    seconds: float


class _Steps:
    """Opens each step on screen and turns its failure into one :class:`DemoStepError`."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        # Filled once the sandbox is up, so no error line can carry its secrets.
        self.secrets: list[str] = []

    @contextmanager
    def step(self, number: int, title: str) -> Iterator[None]:
        self.screen.step(number, TOTAL_STEPS, title)
        try:
            yield
        except DemoCheckError as exc:
            raise DemoStepError(number, title, redact(str(exc), self.secrets)) from exc
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"
            raise DemoStepError(number, title, redact(reason, self.secrets)) from exc


def run_demo(
    *,
    keep: bool = False,
    workdir: Path | None = None,
    screen: Screen | None = None,
    sandbox: SandboxOptions = DEMO_SANDBOX,
    show_progress: bool = True,
) -> DemoResult:
    """Run the whole tour and return what it produced.

    Files go to a new temporary folder, deleted at the end unless ``keep``; a ``workdir``
    given by the caller is used instead and always kept. Raises :class:`DemoStepError`.
    """
    screen = screen or Screen()
    started = time.monotonic()
    owned = workdir is None
    root = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX)) if workdir is None else workdir
    kept = keep or not owned
    try:
        return _tour(root, kept, screen, sandbox, show_progress, started)
    finally:
        if not kept:
            shutil.rmtree(root, ignore_errors=True)


def _tour(
    root: Path,
    kept: bool,
    screen: Screen,
    options: SandboxOptions,
    show_progress: bool,
    started: float,
) -> DemoResult:
    steps = _Steps(screen)
    show.show_intro(screen, TOTAL_STEPS)
    with ExitStack() as stack:
        with steps.step(1, "Start the sandbox and seed a Twilio account"):
            box = stack.enter_context(Sandbox(options))
            env = box.env()
            settings = sandbox_settings(env)
            steps.secrets = settings.secret_values()
            show.show_sandbox(screen, box)

        with steps.step(2, "Audit a small Twilio Video app"):
            app_dir = copy_sample_app(root / "app")
            screen.note(f"Copied the bundled sample app to {app_dir}")
            report = audit_app(app_dir, settings.cutoff)
            show.show_audit(screen, report)

        with steps.step(3, "Rewrite it in shim mode"):
            rewrite = rewrite_app(app_dir)
            show.show_rewrite(screen, rewrite)

        with steps.step(4, "Run the rewritten token endpoint against Zoom"):
            token = issue_token(app_dir, env, DEMO_IDENTITY, DEMO_ROOM)
            sdk_key, sdk_secret = settings.zoom_sdk_credentials()
            claims = decode_token(token, sdk_key, sdk_secret)
            joined = join_session(box.zoom, token, DEMO_USER_NAME)
            show.show_token(screen, claims, joined, DEMO_IDENTITY, DEMO_ROOM)

        with steps.step(5, "Export the account's recordings and verify them"):
            dest = root / "export"
            summary = export_archive(settings, dest, show_progress=show_progress)
            verified = verify_archive(dest)
            show.show_export(screen, summary, verified, dest)

    with steps.step(6, "Compose a recording locally"):
        composed, missing = compose_archive(root / "compose")
        show.show_compose(screen, composed, missing, root / "compose")

    seconds = time.monotonic() - started
    with steps.step(7, "What next"):
        show.show_next(screen, root, kept, seconds)
    return DemoResult(
        workdir=root,
        kept=kept,
        audit=report,
        rewrite=rewrite,
        token=token,
        claims=claims,
        joined=joined,
        export=summary,
        verify=verified,
        compose=composed,
        seconds=seconds,
    )
