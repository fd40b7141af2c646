"""The generated zoom_video module applies the same rules as mappings/ and migrate.zoom."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codemods.generate import HELPERS, ZOOM_API_BASE_URL, existing_helpers, render_helpers
from mappings.names import session_name_for, user_key_for
from mappings.tokens import AccessTokenSpec, GrantSpec, map_access_token
from migrate.settings import Settings
from migrate.zoom.encoding import session_path_id

NOW = 1_800_000_000
SDK_KEY, SDK_SECRET = "sdk-key", "sdk-secret-0123456789abcdef0123456789"


@pytest.fixture(scope="module")
def zoom_video(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The module generated with every helper, imported from a temporary directory."""
    path = tmp_path_factory.mktemp("generated") / "zoom_video.py"
    path.write_text(render_helpers(HELPERS))
    spec = importlib.util.spec_from_file_location("generated_zoom_video", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


names = st.text(min_size=1, max_size=200)


@settings(max_examples=200, deadline=None)
@given(room=names, identity=names)
def test_names_match_the_mapping(zoom_video: ModuleType, room: str, identity: str) -> None:
    assert zoom_video.session_name(room) == session_name_for(room).value
    assert zoom_video.user_key(identity) == user_key_for(identity)


@settings(max_examples=50, deadline=None)
@given(
    room=names,
    identity=names,
    ttl=st.integers(min_value=1, max_value=400_000),
)
def test_token_claims_match_map_access_token(
    zoom_video: ModuleType, room: str, identity: str, ttl: int
) -> None:
    original_time = zoom_video.time.time
    zoom_video.time.time = lambda: float(NOW)
    try:
        token = zoom_video.zoom_token(
            room=room, identity=identity, ttl=ttl, sdk_key=SDK_KEY, sdk_secret=SDK_SECRET
        )
    finally:
        zoom_video.time.time = original_time
    claims = jwt.decode(
        token, SDK_SECRET, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False}
    )
    spec = AccessTokenSpec(
        account_sid="AC1",
        signing_key_sid="SK1",
        identity=identity,
        ttl=ttl,
        grants=(GrantSpec(kind="video", room=room),),
    )
    expected = map_access_token(spec, sdk_key=SDK_KEY, now=NOW).claims.payload()
    assert claims == expected


@settings(max_examples=200, deadline=None)
@given(session_id=st.text(alphabet="ab/+=", min_size=1, max_size=12))
def test_session_paths_match_the_client(zoom_video: ModuleType, session_id: str) -> None:
    assert zoom_video.session_path(session_id) == session_path_id(session_id)


def test_default_base_url_matches_settings() -> None:
    assert Settings.model_fields["zoom_api_base_url"].default == ZOOM_API_BASE_URL


def test_only_the_used_helpers_are_emitted(tmp_path: Path) -> None:
    source = render_helpers(["end_session"])
    assert "def end_session(" in source
    assert "def zoom_token(" not in source and "def create_session(" not in source
    path = tmp_path / "zoom_video.py"
    path.write_text(source)
    assert existing_helpers(path) == {"end_session"}


def test_unknown_helper_is_refused() -> None:
    with pytest.raises(ValueError, match="no such helper"):
        render_helpers(["fly"])


def test_every_combination_is_lint_clean(tmp_path: Path) -> None:
    combos = [HELPERS, ["zoom_token"], ["create_session"], ["list_recordings"], ["end_session"]]
    for index, used in enumerate(combos):
        (tmp_path / f"zoom_video_{index}.py").write_text(render_helpers(used))
    config = Path(__file__).parents[2] / "pyproject.toml"
    for command in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--no-cache", "--config", str(config), "."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
