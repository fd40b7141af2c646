"""The dependency direction docs/architecture.md promises: nothing imports upwards."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Package (a folder under the repository root) -> packages it must never import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "mappings": ("migrate", "codemods"),
    "migrate/retry.py": ("migrate.twilio", "migrate.zoom", "migrate.shim", "migrate.export"),
    "migrate/twilio": ("migrate.zoom", "migrate.shim", "migrate.export", "migrate.plan",
                       "migrate.bridge", "migrate.audit", "migrate.cli", "codemods"),
    "migrate/zoom": ("migrate.twilio", "migrate.shim", "migrate.export", "migrate.plan",
                     "migrate.bridge", "migrate.audit", "migrate.cli", "codemods"),
    "migrate/shim": ("migrate.export", "migrate.plan", "migrate.bridge", "migrate.audit",
                     "migrate.cli", "migrate.sandbox", "codemods"),
    "migrate/export": ("migrate.shim", "migrate.bridge", "migrate.audit", "migrate.cli",
                       "codemods"),
    "migrate/bridge": ("migrate.export", "migrate.plan", "migrate.audit", "migrate.cli",
                       "codemods"),
    "migrate/audit": ("migrate.shim", "migrate.export", "migrate.bridge", "migrate.cli"),
    "codemods": ("migrate.cli", "migrate.export", "migrate.bridge", "migrate.plan"),
}  # fmt: skip


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def _files(where: str) -> list[Path]:
    target = ROOT / where
    return [target] if target.is_file() else sorted(target.rglob("*.py"))


@pytest.mark.parametrize("where", sorted(FORBIDDEN))
def test_no_import_points_upwards(where: str) -> None:
    files = _files(where)
    assert files, f"{where} holds no Python file: the layer table is out of date"
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in files
        for line, module in _imports(path)
        for banned in FORBIDDEN[where]
        if module == banned or module.startswith(banned + ".")
    ]
    assert wrong == []


def test_the_table_catches_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: an import of a banned package is reported."""
    sample = tmp_path / "sample.py"
    sample.write_text("from migrate.zoom import ZoomClient\nimport migrate.shim.rest\n")
    assert [module for _, module in _imports(sample)] == ["migrate.zoom", "migrate.shim.rest"]
