"""``with`` support written once: objects closed on the way out, and servers run for a block."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self


class Closing(ABC):
    """``with obj:`` gives ``obj`` and calls its :meth:`close` on the way out."""

    @abstractmethod
    def close(self) -> None:
        """Release what the object holds (connections, files)."""

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

    @abstractmethod
    def start(self) -> Self:
        """Start serving; returns once requests are answered."""

    @abstractmethod
    def stop(self) -> None:
        """Stop serving."""

    def close(self) -> None:
        """Stop serving (what ``with`` calls on the way out)."""
        self.stop()

    def __enter__(self) -> Self:
        return self.start()
