"""Environment files (``.env``, ``.env.example``) gain the Zoom variables the new code reads.

Only names are added, with empty values: no value is ever read from or copied into them.
"""

from __future__ import annotations

import re
from pathlib import Path

from codemods.requirements import FileEdit

#: Twilio credential variable -> the Zoom variables replacing it (docs/guide.md, environment).
ZOOM_COUNTERPARTS: dict[str, tuple[str, ...]] = {
    "TWILIO_API_KEY": ("ZOOM_SDK_KEY", "ZOOM_API_KEY"),
    "TWILIO_API_SECRET": ("ZOOM_SDK_SECRET", "ZOOM_API_SECRET"),
    "TWILIO_AUTH_TOKEN": ("ZOOM_WEBHOOK_SECRET_TOKEN",),
}
ENV_FILES = (".env", ".env.example", ".env.sample", ".env.template")
HEADER = "# Zoom Video SDK (added by twilio2zoom rewrite; fill in the values)"
_ASSIGNED = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", re.MULTILINE)


def env_text_with_zoom_names(text: str) -> str:
    """``text`` plus an empty ``ZOOM_*=`` line for each counterpart of a Twilio name in it."""
    present = set(_ASSIGNED.findall(text))
    missing = [
        zoom
        for twilio, zooms in ZOOM_COUNTERPARTS.items()
        if twilio in present
        for zoom in zooms
        if zoom not in present
    ]
    if not missing:
        return text
    lines = [HEADER, *(f"{name}=" for name in dict.fromkeys(missing))]
    separator = "" if not text or text.endswith("\n") else "\n"
    return text + separator + "\n".join(lines) + "\n"


def env_edits(root: Path) -> list[FileEdit]:
    """Edits for the environment files directly under ``root``."""
    edits: list[FileEdit] = []
    for name in ENV_FILES:
        path = root / name
        if path.is_file():
            before = path.read_text(encoding="utf-8")
            after = env_text_with_zoom_names(before)
            if after != before:
                edits.append(FileEdit(path, before, after))
    return edits
