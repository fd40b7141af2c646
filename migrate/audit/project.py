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
    return _for_dir(str(Path(path).resolve().parent))


@lru_cache(maxsize=4096)
def _for_dir(directory: str) -> frozenset[str]:
    manifest = Path(directory) / "package.json"
    if manifest.is_file():
        return _declared(manifest)
    parent = str(Path(directory).parent)
    return frozenset() if parent == directory else _for_dir(parent)


def _declared(manifest: Path) -> frozenset[str]:
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
