"""pyproject ``dependencies`` are edited in place: other entries keep comments and layout."""

from __future__ import annotations

import tomllib

import pytest

from codemods.requirements import edit_pyproject_text

ADD, REMOVE = ("PyJWT", "httpx"), ("twilio",)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            'dependencies = ["flask>=3", "twilio>=9"]\n',
            'dependencies = ["flask>=3", "PyJWT", "httpx"]\n',
            id="one-line",
        ),
        pytest.param(
            'dependencies = ["twilio", "flask",]\n',
            'dependencies = ["flask", "PyJWT", "httpx",]\n',
            id="one-line-trailing-comma",
        ),
        pytest.param(
            'dependencies = [\n    "twilio",\n    "flask"\n]\n',
            'dependencies = [\n    "flask",\n    "PyJWT",\n    "httpx",\n]\n',
            id="last-entry-gains-a-comma",
        ),
        pytest.param(
            'dependencies = [\n    "flask", "twilio"]\n',
            'dependencies = [\n    "flask", "PyJWT", "httpx"]\n',
            id="bracket-on-the-entries-line",
        ),
        pytest.param(
            'dependencies = [\n  "twilio[asyncio]>=9",  # video\n]\n',
            'dependencies = [\n  "PyJWT",\n  "httpx",\n]\n',
            id="removed-with-its-comment",
        ),
        pytest.param(
            'dependencies = [\n  "flask",\n  # "twilio", (disabled)\n]\n',
            'dependencies = [\n  "flask",\n  # "twilio", (disabled)\n  "PyJWT",\n  "httpx",\n]\n',
            id="commented-out-entries-are-comments",
        ),
    ],
)
def test_dependencies_edited_in_place(before: str, after: str) -> None:
    header, footer = '[project]\nname = "app"  # kept\n', "\n[tool.x]\ndependencies = []\n"
    edited = edit_pyproject_text(header + before + footer, ADD, REMOVE)
    assert edited == header + after + footer
    assert tomllib.loads(edited)["tool"]["x"]["dependencies"] == []


def test_nothing_to_do_keeps_the_text() -> None:
    text = '[project]\ndependencies = [ "flask" ,"PyJWT","httpx" ]\n'
    assert edit_pyproject_text(text, ADD, REMOVE) == text
