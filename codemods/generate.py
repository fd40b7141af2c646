"""Render ``zoom_video.py``, the helper module native mode writes into the user's project."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable
from pathlib import Path

import jinja2

from mappings import limits, names

HELPER_MODULE = "zoom_video"
HELPER_FILE = f"{HELPER_MODULE}.py"
#: Zoom's REST base URL; the same default as ZOOM_API_BASE_URL in twilio2zoom's settings.
ZOOM_API_BASE_URL = "https://api.zoom.us/v2"
TOKEN_HELPER = "zoom_token"  # noqa: S105 - a function name
#: Every function the template can emit, in the order they appear in __all__.
HELPERS = (
    TOKEN_HELPER,
    "create_session",
    "get_session",
    "end_session",
    "list_sessions",
    "list_session_users",
    "remove_session_user",
    "start_recording",
    "stop_recording",
    "list_session_recordings",
    "list_recordings",
)

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("codemods", "templates"),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # noqa: S701 - renders Python source, not HTML
)
# JSON string literals are valid Python and match ruff format's double quotes.
_ENV.filters["pyrepr"] = json.dumps

_FACTS = {
    "session_name_max": limits.ZOOM_SESSION_NAME_MAX,
    "session_name_symbols": limits.ZOOM_SESSION_NAME_SYMBOLS,
    "user_key_max": limits.ZOOM_USER_KEY_MAX,
    "jwt_min_ttl": limits.ZOOM_SESSION_JWT_MIN_TTL,
    "jwt_max_ttl": limits.ZOOM_SESSION_JWT_MAX_TTL,
    "jwt_iat_skew": limits.ZOOM_SESSION_JWT_IAT_SKEW,
    "default_ttl": limits.TWILIO_TOKEN_DEFAULT_TTL,
    "api_jwt_ttl": limits.ZOOM_API_JWT_TTL,
    "separator": names.SEPARATOR,
    "hash_len": names.HASH_LEN,
    "replacement": names.REPLACEMENT,
    "api_base_url": ZOOM_API_BASE_URL,
}


def render_helpers(used: Iterable[str]) -> str:
    """Source of ``zoom_video.py`` holding only the ``used`` helpers (and what they need)."""
    wanted = set(used)
    unknown = wanted - set(HELPERS)
    if unknown:
        raise ValueError(f"no such helper: {', '.join(sorted(unknown))}")
    ordered = [name for name in HELPERS if name in wanted]
    rest = bool(wanted - {TOKEN_HELPER})
    return _ENV.get_template("zoom_video.py.j2").render(
        used=ordered,
        token=TOKEN_HELPER in wanted,
        names=TOKEN_HELPER in wanted or "create_session" in wanted,
        rest=rest,
        facts=_FACTS,
    )


def existing_helpers(path: Path) -> set[str]:
    """Helpers listed in ``__all__`` of an already generated module (empty if none)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return set()
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List)
        ):
            listed = {e.value for e in node.value.elts if isinstance(e, ast.Constant)}
            return {name for name in HELPERS if name in listed}
    return set()
