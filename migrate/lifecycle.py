"""``with`` support written once: objects closed on the way out, and servers run for a block."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closing:
    """``with obj:`` gives ``obj`` and calls its :meth:`close` on the way out."""

    def close(self) -> None:
        """Release what the object holds (connections, files)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Running(Closing):
    """``with server:`` starts it (giving it) and stops it on the way out."""

    def start(self) -> Self:
        """Start serving; returns once requests are answered."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop serving."""
        raise NotImplementedError

    def close(self) -> None:
        """Stop serving (what ``with`` calls on the way out)."""
        self.stop()

    def __enter__(self) -> Self:
        return self.start()
