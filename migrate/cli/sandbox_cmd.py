"""``twilio2zoom sandbox``: serve both emulators on loopback and print their environment."""

from __future__ import annotations

import shlex
import threading

import typer

from migrate.sandbox.combined import Sandbox, SandboxOptions


def render_env(env: dict[str, str]) -> str:
    """Shell ``export`` lines a user can ``eval`` to point every command at the sandbox."""
    return "\n".join(f"export {name}={shlex.quote(value)}" for name, value in sorted(env.items()))


def sandbox(
    rooms: int = typer.Option(6, min=0, help="Rooms to seed in the Twilio account."),
    recordings_per_room: int = typer.Option(4, min=0, help="Recordings per seeded room."),
    recording_size: int = typer.Option(256 * 1024, min=1, help="Bytes per seeded recording."),
    seed: int = typer.Option(0, help="Seed for the synthetic account (same seed, same data)."),
) -> None:
    """Start the Twilio and Zoom emulators, seed them, print their environment; Ctrl-C stops."""
    options = SandboxOptions(rooms, recordings_per_room, recording_size, seed)
    with Sandbox(options) as box:
        summary = box.twilio.seed_summary
        typer.echo("# twilio2zoom sandbox: local emulators with fake credentials (not secrets).")
        if summary is not None:
            typer.echo(
                f"# seeded: {summary.rooms} rooms, {summary.participants} participants, "
                f"{summary.recordings} recordings ({summary.completed_recordings} completed), "
                f"{summary.compositions} compositions, "
                f"{summary.media_bytes / 2**20:.1f} MiB of media"
            )
        typer.echo("# Paste these lines into another shell, then run any twilio2zoom command:")
        typer.echo(render_env(box.env()), nl=True)
        typer.echo("# Serving until Ctrl-C.", err=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            typer.echo("# sandbox stopped", err=True)


def register(app: typer.Typer) -> None:
    """Add the ``sandbox`` command."""
    app.command("sandbox")(sandbox)
