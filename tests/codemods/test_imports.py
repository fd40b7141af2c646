"""Import housekeeping: where ``import zoom_video`` goes, what removals leave behind."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor

from codemods.imports import add_first_party_import, keep_top, prune_scheduled_removals
from codemods.pipeline import rewrite_source


def _added(source: str, first_party: frozenset[str] = frozenset({"app"})) -> str:
    return add_first_party_import(cst.parse_module(source), "zoom_video", first_party).code


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "import os\n\nimport flask\n\nimport app\nfrom app import x\n\ny = 1\n",
            "import os\n\nimport flask\n\n"
            "import app\nimport zoom_video\nfrom app import x\n\ny = 1\n",
            id="after-the-plain-first-party-imports",
        ),
        pytest.param(
            "import os\n\n# Our code.\nfrom app import x\n",
            "import os\n\n# Our code.\nimport zoom_video\nfrom app import x\n",
            id="section-comment-stays-on-top",
        ),
        pytest.param(
            "import flask\n\nfrom . import views\n",
            "import flask\n\nimport zoom_video\n\nfrom . import views\n",
            id="own-section-before-relative-imports",
        ),
        pytest.param(
            '"""Doc."""\nimport flask\ny = 1\n',
            '"""Doc."""\nimport flask\n\nimport zoom_video\n\ny = 1\n',
            id="own-section-after-third-party",
        ),
        pytest.param(
            '"""Doc."""\n\ny = 1\n',
            '"""Doc."""\n\nimport zoom_video\n\ny = 1\n',
            id="no-imports-after-docstring",
        ),
        pytest.param(
            "import zoom_video\nimport flask\n",
            "import zoom_video\nimport flask\n",
            id="already-imported",
        ),
    ],
)
def test_helper_import_placement(before: str, after: str) -> None:
    assert _added(before) == after


def test_stdlib_names_are_never_first_party() -> None:
    assert _added("import os\n", frozenset({"os"})) == "import os\n\nimport zoom_video\n"


def test_keep_top_drops_only_blank_lines_the_removal_exposed() -> None:
    before = cst.parse_module("import os\n\nimport flask\n")
    after = before.with_changes(body=before.body[1:])  # as RemoveImportsVisitor leaves it
    assert after.code == "\nimport flask\n"
    assert keep_top(before, after).code == "import flask\n"
    # A file whose first statement already had a blank line above it keeps it.
    assert keep_top(after, after) is after


def test_removals_of_names_still_read_are_not_scheduled() -> None:
    context = CodemodContext()
    RemoveImportsVisitor.remove_unused_import(context, "os")
    RemoveImportsVisitor.remove_unused_import(context, "twilio.rest", "Client", "TC")
    RemoveImportsVisitor.remove_unused_import(context, "json")
    prune_scheduled_removals(context, "import os, json\nos.getcwd()\n__all__ = ['json']\n")
    # json is only named in __all__: RemoveImportsVisitor decides (and keeps it).
    assert context.scratch[RemoveImportsVisitor.CONTEXT_KEY] == [
        ("twilio.rest", "Client", "TC"),
        ("json", None, None),
    ]


def test_native_rewrite_leaves_no_blank_line_at_the_top() -> None:
    source = (
        "import os\n\nfrom twilio.rest import Client\n\n"
        "client = Client(os.environ['TWILIO_API_KEY'])\n\n\n"
        "def end(sid):\n    client.video.v1.rooms(sid).update(status='completed')\n"
    )
    result = rewrite_source(source, "native")
    assert result.code == "import zoom_video\n\n\ndef end(sid):\n    zoom_video.end_session(sid)\n"


def test_imports_unused_before_the_rewrite_stay() -> None:
    source = (
        "import logging  # noqa: F401 - configures logging\n"
        "import os\n\n"
        "from twilio.jwt.access_token import AccessToken\n"
        "from twilio.jwt.access_token.grants import VideoGrant\n\n\n"
        "def join(room):\n"
        "    token = AccessToken(os.environ['TWILIO_ACCOUNT_SID'], 'SK1', 's')\n"
        "    token.add_grant(VideoGrant(room=room))\n"
        "    return token.to_jwt()\n"
    )
    assert rewrite_source(source, "native").code == (
        "import logging  # noqa: F401 - configures logging\n\n"
        "import zoom_video\n\n\n"
        "def join(room):\n"
        "    return zoom_video.zoom_token(room=room)\n"
    )
