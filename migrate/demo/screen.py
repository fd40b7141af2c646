"""Where the demo writes: Rich rules, panels and tables on a terminal, plain text otherwise.

Plain text is for logs, CI and pipes: no colour, no box drawing, no wrapping, so the
output can be searched and compared line by line.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text


class Screen:
    """The demo's output; ``fancy`` (Rich) when the console is a terminal."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(highlight=False)
        self.fancy = self.console.is_terminal

    def step(self, number: int, total: int, title: str) -> None:
        """Open step ``number`` of ``total``."""
        if self.fancy:
            self.console.print()
            self.console.rule(f"[bold cyan]Step {number}/{total}[/] [bold]{title}[/]")
        else:
            self._out(f"\n== Step {number}/{total}: {title} ==")
        # Progress bars and child processes write on their own streams; what was said
        # so far must reach the reader before them.
        self.console.file.flush()

    def line(self, text: str = "") -> None:
        """One line of text, printed as it is (no markup, no wrapping)."""
        self._out(text)

    def note(self, text: str) -> None:
        """A line of commentary, dimmed on a terminal."""
        if self.fancy:
            self.console.print(Text(text, style="dim"))
        else:
            self._out(text)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A table: Rich on a terminal, aligned columns otherwise."""
        if self.fancy:
            table = Table(*headers, header_style="bold")
            for row in rows:
                table.add_row(*row)
            self.console.print(table)
            return
        widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
        for row in (headers, *rows):
            self._out(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )

    def diff(self, text: str) -> None:
        """A unified diff, coloured on a terminal."""
        if self.fancy:
            self.console.print(Syntax(text.rstrip("\n"), "diff", theme="ansi_dark"))
        else:
            self._out(text.rstrip("\n"))

    def panel(self, title: str, lines: Sequence[str]) -> None:
        """A boxed block on a terminal; a titled, indented block otherwise."""
        if self.fancy:
            self.console.print(Panel(Text("\n".join(lines)), title=title, title_align="left"))
        else:
            self._out(f"{title}:")
            for text in lines:
                self._out(f"  {text}" if text else "")

    def _out(self, text: str) -> None:
        self.console.out(text, highlight=False)
