"""Twilio compositions made locally from an export's tracks. See docs/compose.md."""

from migrate.compose.run import run_compose
from migrate.compose.runner import ComposeSettings, ComposeSummary, RenderResult

__all__ = ["ComposeSettings", "ComposeSummary", "RenderResult", "run_compose"]
