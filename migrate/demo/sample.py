"""The bundled sample app: a small Flask app that uses Twilio Video, shipped as package data.

It is read through :mod:`importlib.resources`, so the demo works from a wheel, a zip or
a source checkout alike.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

SAMPLE_APP = "sample_app"
# Bytecode a source checkout may have next to the sample; never part of the copy.
_SKIPPED = frozenset({"__pycache__"})


def sample_app_root() -> Traversable:
    """The packaged sample app folder."""
    return files("migrate.demo") / SAMPLE_APP


def copy_sample_app(dest: Path) -> Path:
    """Copy the sample app into ``dest`` (created, must not exist yet) and return it."""
    dest.mkdir(parents=True)
    _copy_tree(sample_app_root(), dest)
    return dest


def _copy_tree(source: Traversable, dest: Path) -> None:
    for entry in source.iterdir():
        if entry.name in _SKIPPED or entry.name.endswith(".pyc"):
            continue
        target = dest / entry.name
        if entry.is_dir():
            target.mkdir()
            _copy_tree(entry, target)
        else:
            target.write_bytes(entry.read_bytes())
