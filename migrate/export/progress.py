"""Progress while exporting: a Rich bar on a terminal, a plain line now and then otherwise.

Both show items, bytes, rate, time left and whether the export beats the cutoff.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from migrate.cutoff import cutoff_verdict

PLAIN_INTERVAL_SECONDS = 10.0


class ProgressView(Protocol):
    """What the pipeline reports as it goes."""

    def found(self, nbytes: int) -> None:
        """One more item listed, with ``nbytes`` of media to copy."""

    def advance(self, nbytes: int) -> None:
        """Bytes received."""

    def item_done(self) -> None:
        """One item finished (copied, skipped, recorded or failed)."""

    def close(self) -> None:
        """Stop drawing."""


class _Counts:
    def __init__(self, cutoff: dt.date) -> None:
        self.cutoff = cutoff
        self.items_total = 0
        self.items_done = 0
        self.bytes_total = 0
        self.bytes_done = 0
        self.started = time.monotonic()

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.bytes_done / elapsed if elapsed > 0 else 0.0

    def seconds_left(self) -> float | None:
        rate = self.rate()
        return (self.bytes_total - self.bytes_done) / rate if rate > 0 else None

    def cutoff_text(self) -> str:
        left = self.seconds_left()
        if left is None:
            return f"cutoff {self.cutoff.isoformat()}: estimating"
        verdict = cutoff_verdict(left, self.cutoff)
        if verdict.cutoff_passed:
            # Said once in the summary; the bar has nothing left to race.
            return f"cutoff {self.cutoff.isoformat()}: passed"
        return f"cutoff {self.cutoff.isoformat()}: {'AT RISK' if verdict.misses else 'on track'}"


class PlainProgress:
    """A line on ``stream`` every ``interval`` seconds, for logs and CI."""

    def __init__(self, cutoff: dt.date, stream: TextIO, interval: float) -> None:
        self._counts = _Counts(cutoff)
        self._stream = stream
        self._interval = interval
        self._last = time.monotonic()

    def found(self, nbytes: int) -> None:
        """Count a listed item."""
        self._counts.items_total += 1
        self._counts.bytes_total += nbytes

    def advance(self, nbytes: int) -> None:
        """Count received bytes; print when the interval has passed."""
        self._counts.bytes_done += nbytes
        self._maybe_print()

    def item_done(self) -> None:
        """Count a finished item."""
        self._counts.items_done += 1
        self._maybe_print()

    def _maybe_print(self) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._last = now
            self._print()

    def _print(self) -> None:
        c = self._counts
        left = c.seconds_left()
        eta = f"{left:,.0f}s left" if left is not None else "estimating"
        self._stream.write(
            f"export: {c.items_done}/{c.items_total} items, "
            f"{c.bytes_done / 2**20:,.1f}/{c.bytes_total / 2**20:,.1f} MiB, "
            f"{c.rate() / 2**20:,.1f} MiB/s, {eta}, {c.cutoff_text()}\n"
        )
        self._stream.flush()

    def close(self) -> None:
        """Print the last line."""
        self._print()


class _AmountColumn(ProgressColumn):
    """Bytes as amount and rate (``3.1/8.0 MB 2.0 MB/s``); items as a count (``3/8``)."""

    def __init__(self) -> None:
        super().__init__()
        self._download = DownloadColumn()
        self._speed = TransferSpeedColumn()
        self._count = MofNCompleteColumn()

    def render(self, task: Task) -> Text:
        """Render the amount for the task's unit."""
        if task.fields.get("unit") == "bytes":
            return Text.assemble(self._download.render(task), " ", self._speed.render(task))
        return self._count.render(task)


class RichProgress:
    """Two Rich bars (items, bytes) with rate, ETA and the cutoff verdict."""

    def __init__(self, cutoff: dt.date, console: Console) -> None:
        self._counts = _Counts(cutoff)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            _AmountColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[note]}"),
            console=console,
            transient=False,
        )
        self._bytes: TaskID = self._progress.add_task("bytes", total=0, note="", unit="bytes")
        self._items: TaskID = self._progress.add_task("items", total=0, note="", unit="items")
        self._progress.start()

    def found(self, nbytes: int) -> None:
        """Grow both totals."""
        self._counts.items_total += 1
        self._counts.bytes_total += nbytes
        self._progress.update(self._items, total=self._counts.items_total)
        self._progress.update(self._bytes, total=self._counts.bytes_total)

    def advance(self, nbytes: int) -> None:
        """Advance the byte bar."""
        self._counts.bytes_done += nbytes
        self._progress.update(self._bytes, advance=nbytes, note=self._counts.cutoff_text())

    def item_done(self) -> None:
        """Advance the item bar."""
        self._counts.items_done += 1
        self._progress.update(self._items, advance=1)

    def close(self) -> None:
        """Leave the final bars on screen."""
        self._progress.stop()


class NoProgress:
    """Reports nothing (``--json`` output, library callers)."""

    def found(self, nbytes: int) -> None:
        """Ignore."""

    def advance(self, nbytes: int) -> None:
        """Ignore."""

    def item_done(self) -> None:
        """Ignore."""

    def close(self) -> None:
        """Nothing to stop."""


def progress_for(enabled: bool, cutoff: dt.date, stream: TextIO | None = None) -> ProgressView:
    """A Rich bar on a terminal, plain lines otherwise, nothing when disabled."""
    if not enabled:
        return NoProgress()
    out = stream or sys.stderr
    if out.isatty():
        return RichProgress(cutoff, Console(file=out))
    return PlainProgress(cutoff, out, PLAIN_INTERVAL_SECONDS)
