"""``twilio2zoom compose``: pick the jobs, render them, report."""

from __future__ import annotations

from mappings.compositions import ComposeError, compose_request
from migrate.compose.archive import Archive
from migrate.compose.jobs import Job, as_exported_jobs, hook_jobs, request_jobs, select_rooms
from migrate.compose.runner import ComposeSettings, ComposeSummary, Progress, run_jobs
from migrate.errors import ConfigError


def run_compose(
    archive_url: str,
    *,
    params: dict[str, object] | None = None,
    rooms: tuple[str, ...] = (),
    as_exported: str | None = None,
    hooks: bool = False,
    settings: ComposeSettings | None = None,
    storage_options: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> ComposeSummary:
    """Render ``params`` (CreateComposition names), an exported composition, or the hooks.

    Raises :class:`migrate.errors.ConfigError` for usage errors (exit 2); per-room
    failures are in the summary (exit 1).
    """
    settings = settings or ComposeSettings()
    modes = sum(bool(m) for m in (params, as_exported, hooks))
    if modes != 1:
        raise ConfigError(
            "give composition parameters (--video-layout/--audio-sources), --as-exported "
            "CJ…, or --hooks: exactly one of them"
        )
    archive = Archive(archive_url, storage_options)
    notes: list[str] = []
    jobs: list[Job]
    if as_exported:
        jobs = as_exported_jobs(archive, as_exported)
    elif hooks:
        jobs, notes = hook_jobs(archive, select_rooms(archive, rooms))
    else:
        try:
            request = compose_request(params or {})
        except ComposeError as exc:
            raise ConfigError(str(exc)) from None
        jobs = request_jobs(archive, select_rooms(archive, rooms), request)
    if not jobs and not notes:
        notes.append("nothing to render: no selected room has exported tracks")
    results = run_jobs(archive, jobs, settings, progress)
    return ComposeSummary(
        archive=archive_url, results=results, notes=notes, dry_run=settings.dry_run
    )
