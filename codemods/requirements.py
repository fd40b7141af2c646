"""Dependency edits that go with a rewrite: requirements*.txt and pyproject ``dependencies``."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class FileEdit:
    """New text for one file; ``before`` is None when the file is created."""

    path: Path
    before: str | None
    after: str
    encoding: str = "utf-8"


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
    lines += [f"{name}\n" for name in add if requirement_name(name) not in present]
    return "".join(lines)


def edit_pyproject_text(text: str, add: Sequence[str], remove: Sequence[str]) -> str:
    """``text`` of a pyproject.toml with [project] dependencies edited in place.

    Only the entries removed and added change: the other entries keep their quoting,
    comments, order and layout (a one-line array stays on one line; in a multi-line one
    new entries take the last entry's indentation), and the rest of the file is untouched.
    """
    current: list[str] = list(tomllib.loads(text).get("project", {}).get("dependencies", []))
    dropped = {canonical(n) for n in remove}
    names = {requirement_name(d) for d in current if requirement_name(d) not in dropped}
    added = [n for n in add if requirement_name(n) not in names]
    array = _dependencies_array(text)
    if array is None:
        return text
    entries = _entries(text, array)
    indent = _indent(text, entries[-1].start) if entries else None
    # Remove from the end so that earlier offsets stay valid.
    for entry in reversed(entries):
        if requirement_name(entry.value) in dropped:
            text = text[: entry.cut_start] + text[entry.cut_end :]
    if added:
        array = _dependencies_array(text)
        assert array is not None, "removing entries keeps the array"
        text = _append_entries(text, array, added, indent or "    ")
    return text


def _indent(text: str, position: int) -> str | None:
    """The indentation of the line holding ``position`` if only blanks precede it."""
    before = text[text.rfind("\n", 0, position) + 1 : position]
    return None if before.strip() else before


@dataclass(frozen=True)
class _Entry:
    """One string of a TOML array: its value and the text removing it must cut."""

    value: str
    start: int
    end: int
    cut_start: int
    cut_end: int


# A TOML basic or literal string on one line (dependency strings are never multi-line).
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
_SKIP = re.compile(r"(?:\s|#[^\n]*)*")


def _dependencies_array(text: str) -> tuple[int, int] | None:
    """Offsets of ``[`` and ``]`` of ``dependencies = [...]`` in the [project] table."""
    section = re.search(r"(?m)^\[project\][ \t]*(?:#.*)?$", text)
    if section is None:
        return None
    following = re.search(r"(?m)^[ \t]*\[", text[section.end() :])
    limit = section.end() + following.start() if following else len(text)
    key = re.compile(r"(?m)^[ \t]*dependencies[ \t]*=[ \t]*\[").search(text, section.end(), limit)
    if key is None:
        return None
    position = key.end()
    while True:
        position = _SKIP.match(text, position).end()  # type: ignore[union-attr]
        string = _STRING.match(text, position)
        if string is not None:
            position = string.end()
        elif text.startswith(",", position):
            position += 1
        elif text.startswith("]", position):
            return key.end() - 1, position
        else:
            return None  # not an array of plain strings: leave the file alone


def _entries(text: str, array: tuple[int, int]) -> list[_Entry]:
    """The array's strings, each with the span whose removal leaves a tidy array."""
    opening, closing = array
    found = [
        match
        for match in _STRING.finditer(text, opening + 1, closing)
        if not _in_comment(text, match.start())
    ]
    entries: list[_Entry] = []
    for index, match in enumerate(found):
        after = _SKIP.match(text, match.end()).end()  # type: ignore[union-attr]
        comma = after + 1 if text.startswith(",", after) else None
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end + 1
        rest_of_line = text[(comma or match.end()) : line_end]
        if not text[line_start : match.start()].strip() and (
            not rest_of_line.strip() or rest_of_line.strip().startswith("#")
        ):
            # Alone on its line: the line goes, with the entry's own comment.
            cut = (line_start, line_end)
        elif comma is not None:
            cut = (match.start(), _SKIP.match(text, comma).end())  # type: ignore[union-attr]
        elif index > 0:  # the last entry without a trailing comma: cut the comma before it
            cut = (found[index - 1].end(), match.end())
        else:
            cut = (match.start(), match.end())
        value = tomllib.loads(f"v = {match.group()}")["v"]
        entries.append(_Entry(value, match.start(), match.end(), *cut))
    return entries


def _in_comment(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return "#" in _STRING.sub("", text[line_start:position])


def _append_entries(text: str, array: tuple[int, int], names: Sequence[str], indent: str) -> str:
    """``names`` added at the end of the array, in the array's own layout.

    ``indent`` is for new lines when no entry is left to copy indentation from.
    """
    opening, closing = array
    entries = _entries(text, array)
    quoted = [f'"{name}"' for name in names]
    closing_line = text.rfind("\n", 0, closing) + 1
    if closing_line <= opening or text[closing_line:closing].strip():
        # "]" shares a line with the entries: continue that line.
        if not entries:
            return f"{text[: opening + 1]}{', '.join(quoted)}{text[closing:]}"
        end = entries[-1].end
        return f"{text[:end]}, {', '.join(quoted)}{text[end:]}"
    # One entry per line: new lines just above the closing bracket.
    if entries:
        indent = _indent(text, entries[-1].start) or indent
    lines = "".join(f"{indent}{q},\n" for q in quoted)
    text = f"{text[:closing_line]}{lines}{text[closing_line:]}"
    if entries:
        after = _SKIP.match(text, entries[-1].end).end()  # type: ignore[union-attr]
        if not text.startswith(",", after):  # it is no longer the last entry
            text = f"{text[: entries[-1].end]},{text[entries[-1].end :]}"
    return text


#: Packages whose pins in a project can break the code a rewrite produces (the shim and
#: the generated zoom_video module need what the toolkit declares for them).
CHECKED_PINS = ("PyJWT", "httpx", "pydantic")
TOOLKIT = "twilio2zoom"


def toolkit_specifiers(names: Sequence[str] = CHECKED_PINS) -> dict[str, SpecifierSet]:
    """What the installed toolkit requires of ``names`` (canonical name -> specifier)."""
    wanted = {canonical(n) for n in names}
    found: dict[str, SpecifierSet] = {}
    for line in importlib.metadata.requires(TOOLKIT) or ():
        requirement = Requirement(line)
        if requirement.marker is None and canonical(requirement.name) in wanted:
            found[canonical(requirement.name)] = requirement.specifier
    return found


def toolkit_requirement() -> str:
    """The running toolkit as an exact requirement (``twilio2zoom==X.Y.Z``)."""
    return f"{TOOLKIT}=={importlib.metadata.version(TOOLKIT)}"


def _versions_named(spec: SpecifierSet) -> list[Version]:
    found = []
    for item in spec:
        try:
            found.append(Version(item.version.removesuffix(".*")))
        except InvalidVersion:
            continue
    return found


def conflicts(pinned: SpecifierSet, needed: SpecifierSet) -> bool:
    """True when no version named by either specifier satisfies both."""
    candidates = _versions_named(pinned) + _versions_named(needed)
    if not candidates:
        return False
    return not any(v in pinned and v in needed for v in candidates)


def fix_pins(text: str, needed: Mapping[str, SpecifierSet]) -> tuple[str, list[str]]:
    """``text`` of a requirements file with conflicting pins replaced, and what changed.

    A line ``PyJWT==1.7.1`` becomes ``PyJWT>=2.8`` with a comment naming the old pin.
    """
    notes: list[str] = []
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        name = requirement_name(line)
        if name is None or name not in needed or "twilio2zoom: was" in line:
            continue
        body = line.split("#", 1)[0].strip()
        try:
            requirement = Requirement(body)
        except InvalidRequirement:
            continue
        if not conflicts(requirement.specifier, needed[name]):
            continue
        ending = "\n" if line.endswith("\n") else ""
        lines[index] = (
            f"{requirement.name}{needed[name]}  # twilio2zoom: was {body}; "
            f"the rewritten code needs {requirement.name}{needed[name]}{ending}"
        )
        notes.append(f"{body} conflicts with {requirement.name}{needed[name]}: pin replaced")
    return "".join(lines), notes


def dependency_edits(
    root: Path,
    add: Sequence[str],
    remove: Sequence[str],
    *,
    comments: Mapping[str, str] | None = None,
    needed: Mapping[str, SpecifierSet] | None = None,
    notes: list[str] | None = None,
) -> list[FileEdit]:
    """Edits for the dependency files directly under ``root`` that list twilio.

    When none lists it, ``requirements.txt`` (if present) receives the additions.
    ``comments`` (added requirement -> text) follow an added line in requirements files;
    pins that conflict with ``needed`` are replaced and described in ``notes``.
    """
    edits: list[FileEdit] = []
    comments = comments or {}
    candidates = sorted(root.glob("requirements*.txt"))
    listing = [p for p in candidates if "twilio" in _names(p.read_text(encoding="utf-8"))]
    if not listing and (root / "requirements.txt").is_file():
        listing = [root / "requirements.txt"]
    for path in listing:
        before = path.read_text(encoding="utf-8")
        lines = [f"{a}  # {comments[a]}" if a in comments else a for a in add]
        after = edit_requirements_text(before, lines, remove)
        if needed:
            after, found = fix_pins(after, needed)
            if notes is not None:
                notes += [f"{path.name}: {note}" for note in found]
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
