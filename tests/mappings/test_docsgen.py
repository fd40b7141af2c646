"""docs/mapping.md is generated from the tables and committed up to date."""

from __future__ import annotations

from pathlib import Path

from migrate import docsgen


def test_committed_doc_matches_the_tables() -> None:
    # Fails when a mapping changes without `python -m migrate.docsgen` being re-run.
    assert docsgen.DOC_PATH.read_text(encoding="utf-8") == docsgen.render()


def test_check_mode_exit_status(tmp_path: Path) -> None:
    stale = tmp_path / "mapping.md"
    stale.write_text("old\n", encoding="utf-8")
    assert docsgen.main(["--check", "--output", str(stale)]) == 1
    assert docsgen.main(["--output", str(stale)]) == 0
    assert docsgen.main(["--check", "--output", str(stale)]) == 0


def test_every_parameter_table_row_is_rendered() -> None:
    text = docsgen.render()
    for section in (
        "create-room-parameters",
        "recording-rules",
        "compositions",
        "storage-settings",
        "access-token-arguments",
        "regions",
        "status-callbacks",
    ):
        assert f'<a id="{section}"></a>' in text
