"""A command group whose default subcommand runs when no subcommand is named."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from typer.core import TyperGroup


class DefaultGroup(TyperGroup):
    """``GROUP ARGS...`` means ``GROUP <default_command> ARGS...``.

    Unless the first argument names a subcommand or asks for help, so ``GROUP --help``
    and ``GROUP other ...`` stay themselves. Typer instantiates the group class itself
    (``typer.Typer(cls=...)``), hence a subclass per group setting ``default_command``
    rather than a constructor argument.

    ``GROUP --help`` shows the default command's arguments and options as the group's
    own (they are what ``GROUP ARGS...`` takes), then the subcommands.
    """

    default_command: ClassVar[str]

    # ``ctx`` is Typer's Click context, whose class Typer does not export for typing.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        default = self.commands.get(self.default_command)
        if default is None:
            super().format_help(ctx, formatter)
            return
        view = copy.copy(self)
        view.params = [*self.params, *default.params]
        view.subcommand_metavar = "(or: COMMAND [ARGS]...)"
        TyperGroup.format_help(view, ctx, formatter)
