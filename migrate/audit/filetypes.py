"""Which scanners read a file, decided from its name alone (before it is opened)."""

from __future__ import annotations

from typing import NamedTuple

from migrate.audit.config_scanner import is_env_file, is_settings_module
from migrate.audit.manifest_scanner import manifest_kind

_JS = {".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
       ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx"}  # fmt: skip
_MOBILE = {".swift": "swift", ".m": "objective-c", ".mm": "objective-c", ".h": "objective-c",
           ".kt": "kotlin", ".java": "java"}  # fmt: skip
# Pages and server-side templates whose <script> blocks and tags hold browser code.
_MARKUP = (".html", ".htm", ".vue", ".ejs", ".hbs", ".handlebars", ".svelte")


class FileKind(NamedTuple):
    """The language reported for a file and the scanners that read it.

    Scanner names: ``python``, ``settings``, ``env``, ``markup``, ``js:<dialect>``,
    ``mobile:<language>``, ``manifest:<format>``.
    """

    language: str
    scanners: tuple[str, ...]


def classify(rel_path: str) -> FileKind | None:
    """The kind of the file at ``rel_path`` (posix, relative), or None to ignore it."""
    name = rel_path.rsplit("/", 1)[-1]
    manifest = manifest_kind(name)
    if manifest is not None:
        return FileKind("manifest", (f"manifest:{manifest}",))
    if is_env_file(name):
        return FileKind("config", ("env",))
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix == ".py":
        extra = ("settings",) if is_settings_module(rel_path) else ()
        return FileKind("python", ("python", *extra))
    if suffix in _JS:
        dialect = _JS[suffix]
        return FileKind("typescript" if dialect == "tsx" else dialect, (f"js:{dialect}",))
    if suffix in _MARKUP:
        return FileKind("javascript", ("markup",))
    if suffix in _MOBILE:
        language = _MOBILE[suffix]
        return FileKind(language, (f"mobile:{language}",))
    return None
