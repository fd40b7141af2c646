"""One source text: pre-filter, idempotence, safety net for output that would not parse."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import libcst as cst
import pytest
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.metadata import ScopeProvider

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


class NeedsScope(VisitorBasedCodemodCommand):
    """Records the scope metadata it was given and how often it was built."""

    DESCRIPTION = "test double"
    METADATA_DEPENDENCIES = (ScopeProvider,)
    PREFILTER = re.compile(r"\bneedle\b")
    built = 0
    seen: list[Mapping[cst.CSTNode, object]] = []

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        NeedsScope.built += 1

    def visit_Module(self, node: cst.Module) -> None:
        NeedsScope.seen.append(self.metadata[ScopeProvider])


class AlsoNeedsScope(NeedsScope):
    """A second command that changes nothing."""


def test_commands_whose_prefilter_misses_are_not_built() -> None:
    NeedsScope.built = 0
    rewrite_source("import twilio\n", "shim", commands=[NeedsScope, AlsoNeedsScope])
    assert NeedsScope.built == 0


def test_unchanged_code_shares_its_metadata_between_commands() -> None:
    NeedsScope.seen = []
    rewrite_source("import twilio\nneedle = 1\n", "shim", commands=[NeedsScope, AlsoNeedsScope])
    first, second = NeedsScope.seen
    assert first is second  # resolved once for both commands


def test_listed_room_loops_are_rewritten_idempotently() -> None:
    source = (
        "from twilio.rest import Client\n\n"
        "for room in Client().video.v1.rooms.list():\n"
        "    print(room.sid, [r.unique_name for r in Client().video.rooms.stream()])\n"
    )
    result = rewrite_source(source, "native")  # raises if a second run changed anything
    assert "room.session_id" in result.code and "r.session_name" in result.code
    assert rewrite_source(result.code, "native").code == result.code


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
