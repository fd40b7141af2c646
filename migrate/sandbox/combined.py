"""Both emulators together, seeded: what ``twilio2zoom sandbox`` and the demo run."""

from __future__ import annotations

from dataclasses import dataclass

from migrate.lifecycle import Running
from migrate.sandbox.twilio import TwilioEmulator
from migrate.sandbox.zoom import ZoomEmulator


@dataclass(frozen=True)
class SandboxOptions:
    """How much synthetic Twilio history to seed."""

    rooms: int = 6
    recordings_per_room: int = 4
    recording_size: int = 256 * 1024
    seed: int = 0


class Sandbox(Running):
    """A Twilio Video emulator and a Zoom Video SDK emulator on loopback ports."""

    def __init__(self, options: SandboxOptions | None = None) -> None:
        self.options = options or SandboxOptions()
        self.twilio = TwilioEmulator(seed=self.options.seed)
        self.zoom = ZoomEmulator(seed=self.options.seed)

    def start(self) -> Sandbox:
        """Start both emulators and seed the Twilio account."""
        self.twilio.start()
        self.zoom.start()
        self.twilio.seed(
            rooms=self.options.rooms,
            recordings_per_room=self.options.recordings_per_room,
            recording_size=self.options.recording_size,
            seed=self.options.seed,
        )
        return self

    def stop(self) -> None:
        """Stop both emulators."""
        self.zoom.stop()
        self.twilio.stop()

    def env(self) -> dict[str, str]:
        """Every variable of docs/guide.md, pointing commands, the shim and tests at the sandbox."""
        return {**self.twilio.env(), **self.zoom.env()}
