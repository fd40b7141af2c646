"""The one file walk of the audit and the rewrite, and how both read a Python source.

Walk a tree lazily, skipping what is not the user's own source (version control,
dependencies, caches, build output, virtualenvs) and honouring every ``.gitignore`` on
the way down; read sources in the encoding their PEP 263 cookie declares.
"""

from __future__ import annotations

import io
import os
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pathspec

# Version control, dependencies, caches and build output.
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "bower_components", "site-packages", "__pycache__",
     ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist", ".next",
     ".nuxt", ".venv", "venv", "env", ".eggs", "Pods", "Carthage", ".gradle", ".idea"}
)  # fmt: skip
# JavaScript/TypeScript build output and vendored code, skipped by the JS/TS rewrite too.
JS_SKIP_DIRS = SKIP_DIRS | {"coverage", "out", "vendor"}
VENV_MARKER = "pyvenv.cfg"
_Spec = tuple[str, pathspec.GitIgnoreSpec]


def discover(
    root: Path,
    use_gitignore: bool = True,
    *,
    skip_dirs: frozenset[str] = SKIP_DIRS,
    skip_hidden: bool = False,
) -> Iterator[tuple[str, str]]:
    """Yield ``(path, relative posix path)`` for every file under ``root`` worth a look.

    Directories are skipped by name (``skip_dirs``; with ``skip_hidden`` every name starting
    with a dot), as virtualenvs (a ``pyvenv.cfg`` inside) or when a ``.gitignore`` on the way
    down excludes them; symlinked directories are not followed.
    Paths are plain strings: a large tree has too many files for a Path object each.
    """
    if root.is_file():
        yield str(root), root.name
        return
    stack: list[tuple[str, str, tuple[_Spec, ...]]] = [(str(root), "", ())]
    while stack:
        directory, rel, specs = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        names = {e.name for e in entries}
        if rel and VENV_MARKER in names:
            continue  # a virtualenv: its files are installed packages, not the user's code
        # Opened only where listed: trying every directory costs a failed open() each.
        if use_gitignore and ".gitignore" in names:
            specs = _with_gitignore(directory, rel, specs)
        folders = []
        for entry in entries:
            child_rel = f"{rel}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if (
                    entry.name in skip_dirs
                    or (skip_hidden and entry.name.startswith("."))
                    or _ignored(specs, child_rel + "/")
                ):
                    continue
                folders.append((entry.path, child_rel + "/", specs))
            elif entry.is_file(follow_symlinks=False) and not _ignored(specs, child_rel):
                yield entry.path, child_rel
        # Files in name order, then each folder in name order, depth first (as os.walk).
        stack.extend(reversed(folders))


def _with_gitignore(directory: str, rel: str, specs: tuple[_Spec, ...]) -> tuple[_Spec, ...]:
    try:
        with Path(directory, ".gitignore").open(encoding="utf-8", errors="replace") as f:
            spec = pathspec.GitIgnoreSpec.from_lines(f)
    except OSError:
        return specs
    return (*specs, (rel, spec))


def _ignored(specs: tuple[_Spec, ...], rel: str) -> bool:
    # Each .gitignore matches paths relative to its own directory.
    return any(spec.match_file(rel[len(base) :]) for base, spec in specs)


def python_sources(root: Path, use_gitignore: bool = True) -> Iterator[Path]:
    """The ``.py`` files :func:`discover` yields under ``root`` (or ``root`` itself)."""
    for path, rel in discover(root, use_gitignore):
        if rel.endswith(".py"):
            yield Path(path)


def decode_source(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of a Python source: its PEP 263 cookie or BOM, else UTF-8.

    Newlines are kept as they are (CRLF stays CRLF). Raises ``UnicodeDecodeError`` or
    ``SyntaxError`` (an unknown encoding) for bytes that are not text in that encoding.
    """
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    if encoding == "utf-8-sig":
        text = text.removeprefix("\ufeff")
    return text, encoding


def encode_source(text: str, encoding: str) -> bytes:
    """``text`` back in the ``encoding`` :func:`decode_source` reported."""
    return text.encode(encoding)
