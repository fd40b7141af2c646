"""One source text: pre-filter, idempotence, safety net for output that would not parse."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.codemod import VisitorBasedCodemodCommand

from codemods.driver import rewrite_paths
from codemods.pipeline import RewriteError, rewrite_source

SAMPLES = Path(__file__).parent / "samples"
SAMPLE_FILES = sorted(SAMPLES.rglob("*.py"))


class BreaksSyntax(VisitorBasedCodemodCommand):
    """Emits code that does not parse: ``twilio`` becomes the keyword ``return``."""

    DESCRIPTION = "test double"

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return (
            updated_node.with_changes(value="return")
            if updated_node.value == "twilio"
            else updated_node
        )


@pytest.mark.parametrize("mode", ["shim", "native"])
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_rewrite_is_idempotent(sample: Path, mode: str) -> None:
    once = rewrite_source(sample.read_text(), mode)  # type: ignore[arg-type]
    twice = rewrite_source(once.code, mode)  # type: ignore[arg-type]
    assert twice.code == once.code
    assert not twice.changed


@pytest.mark.parametrize("mode", ["shim", "native"])
def test_files_without_twilio_are_skipped_before_parsing(mode: str) -> None:
    source = "def broken(:\n    pass\n"  # would not even parse
    result = rewrite_source(source, mode)  # type: ignore[arg-type]
    assert result.code == source and not result.changed and result.calls == 0


@pytest.mark.parametrize("mode", ["shim", "native"])
def test_twilio_without_video_is_a_no_op(mode: str) -> None:
    source = (SAMPLES / "sms_only.py").read_text()
    result = rewrite_source(source, mode)  # type: ignore[arg-type]
    assert result.code == source
    assert result.imports_twilio


def test_native_counts_calls_todos_and_helpers() -> None:
    result = rewrite_source((SAMPLES / "flask_video" / "app.py").read_text(), "native")
    assert result.calls == 4  # token, create, end, recordings
    assert result.helpers == {
        "zoom_token",
        "create_session",
        "end_session",
        "list_session_recordings",
    }
    assert result.todos == 2  # dropped create option, recording shape
    assert not result.imports_twilio
    assert "import zoom_video" in result.code and "Client(" not in result.code


def test_output_that_would_not_parse_raises() -> None:
    with pytest.raises(RewriteError, match="would not parse"):
        rewrite_source("import twilio.rest\n", "shim", commands=[BreaksSyntax])


def test_output_that_would_not_parse_leaves_the_file_and_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "video.py"
    target.write_text("import twilio.rest\n")
    summary = rewrite_paths([tmp_path], "shim", commands=[BreaksSyntax])
    assert target.read_text() == "import twilio.rest\n"
    assert summary.files_changed == 0
    assert [(r.path, "would not parse" in (r.error or "")) for r in summary.failed] == [
        (target, True)
    ]


def test_input_that_does_not_parse_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "bad.py"
    target.write_text("import twilio\ndef f(:\n")
    summary = rewrite_paths([tmp_path], "native")
    assert summary.failed[0].path == target
    assert "does not parse" in (summary.failed[0].error or "")
    assert target.read_text() == "import twilio\ndef f(:\n"
