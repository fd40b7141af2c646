"""What the JavaScript project around a file depends on: the nearest ``package.json``.

The JS/TS scanners use it for their structural fallback: a hook that is handed a room by
another module, or ``client.video.rooms`` on a client built elsewhere, is read as Twilio
Video only inside a package that depends on ``twilio-video`` or ``twilio``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

TWILIO_PACKAGES = frozenset({"twilio", "twilio-video"})
_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


def twilio_dependencies(path: str | Path) -> frozenset[str]:
    """The Twilio packages (``twilio``, ``twilio-video``) the package.json nearest above
    ``path`` declares; empty when there is none or it does not parse."""
    manifest = _nearest(str(Path(path).resolve().parent))
    if manifest is None:
        return frozenset()
    try:
        stat = manifest.stat()
    except OSError:
        return frozenset()
    # Keyed by size and mtime: a rewrite that edits package.json is seen at once.
    return _declared(manifest, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _nearest(directory: str) -> Path | None:
    manifest = Path(directory) / "package.json"
    if manifest.is_file():
        return manifest
    parent = str(Path(directory).parent)
    return None if parent == directory else _nearest(parent)


@lru_cache(maxsize=1024)
def _declared(manifest: Path, _mtime_ns: int, _size: int) -> frozenset[str]:
    try:
        data = json.loads(manifest.read_text("utf-8"))
    except (OSError, ValueError):
        return frozenset()
    if not isinstance(data, dict):
        return frozenset()
    names: set[str] = set()
    for section in _SECTIONS:
        deps = data.get(section)
        if isinstance(deps, dict):
            names.update(name for name in deps if name in TWILIO_PACKAGES)
    return frozenset(names)
