"""Dependency edits that go with a rewrite: requirements*.txt and pyproject ``dependencies``."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class FileEdit:
    """New text for one file; ``before`` is None when the file is created."""

    path: Path
    before: str | None
    after: str


def canonical(name: str) -> str:
    """PEP 503 normalised project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(line: str) -> str | None:
    """The project a requirements line or PEP 508 string names (None for comments, options)."""
    stripped = line.split("#", 1)[0].strip()
    if not stripped or stripped.startswith("-"):
        return None
    match = _NAME.match(stripped)
    return canonical(match.group(1)) if match else None


def edit_requirements_text(text: str, add: Sequence[str], remove: Sequence[str]) -> str:
    """``text`` of a requirements file with ``add`` present and ``remove`` gone."""
    dropped = {canonical(n) for n in remove}
    lines = [
        line for line in text.splitlines(keepends=True) if requirement_name(line) not in dropped
    ]
    present = {requirement_name(line) for line in lines}
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines += [f"{name}\n" for name in add if canonical(name) not in present]
    return "".join(lines)


def edit_pyproject_text(text: str, add: Sequence[str], remove: Sequence[str]) -> str:
    """``text`` of a pyproject.toml with [project] dependencies edited (other text kept)."""
    data = tomllib.loads(text)
    current: list[str] = list(data.get("project", {}).get("dependencies", []))
    dropped = {canonical(n) for n in remove}
    kept = [d for d in current if requirement_name(d) not in dropped]
    names = {requirement_name(d) for d in kept}
    wanted = kept + [n for n in add if canonical(n) not in names]
    if wanted == current:
        return text
    match = _project_dependencies(text)
    if match is None:
        return text
    start, end = match
    entries = "".join(f'    "{d}",\n' for d in wanted)
    return f"{text[:start]}dependencies = [\n{entries}]{text[end:]}"


def _project_dependencies(text: str) -> tuple[int, int] | None:
    """Span of the ``dependencies = [...]`` array inside the [project] table."""
    section = re.search(r"(?m)^\[project\]\s*$", text)
    if section is None:
        return None
    following = re.search(r"(?m)^\[", text[section.end() :])
    limit = section.end() + following.start() if following else len(text)
    found = re.search(r"(?ms)^dependencies\s*=\s*\[.*?\]", text[section.end() : limit])
    if found is None:
        return None
    return section.end() + found.start(), section.end() + found.end()


def dependency_edits(root: Path, add: Sequence[str], remove: Sequence[str]) -> list[FileEdit]:
    """Edits for the dependency files directly under ``root`` that list twilio.

    When none lists it, ``requirements.txt`` (if present) receives the additions.
    """
    edits: list[FileEdit] = []
    candidates = sorted(root.glob("requirements*.txt"))
    listing = [p for p in candidates if "twilio" in _names(p.read_text(encoding="utf-8"))]
    if not listing and (root / "requirements.txt").is_file():
        listing = [root / "requirements.txt"]
    for path in listing:
        before = path.read_text(encoding="utf-8")
        after = edit_requirements_text(before, add, remove)
        if after != before:
            edits.append(FileEdit(path, before, after))
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        before = pyproject.read_text(encoding="utf-8")
        try:
            deps = tomllib.loads(before).get("project", {}).get("dependencies", [])
        except tomllib.TOMLDecodeError:
            deps = []
        if "twilio" in {requirement_name(d) for d in deps}:
            after = edit_pyproject_text(before, add, remove)
            if after != before:
                edits.append(FileEdit(pyproject, before, after))
    return edits


def _names(text: str) -> set[str | None]:
    return {requirement_name(line) for line in text.splitlines()}
