"""The audit walks trees with the rewrite's walker (``codemods.walk``)."""

from __future__ import annotations

from codemods.walk import SKIP_DIRS, VENV_MARKER, discover

__all__ = ["SKIP_DIRS", "VENV_MARKER", "discover"]
