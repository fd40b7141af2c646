"""Render the modules the JS/TS rewrite writes beside rewritten code.

``zoomVideo`` (browser) holds the few typed helpers where @zoom/videosdk 2.x differs in meaning;
``zoomVideoServer`` (Node) issues Zoom session JWTs and calls Zoom REST. Both are written
once in TypeScript (``templates/*.ts.j2``); JavaScript projects get the same code with the
types removed, as an ES module or as CommonJS like the project around it.
"""

from __future__ import annotations

import re
from typing import Literal

import jinja2
from ast_grep_py import SgNode, SgRoot

from mappings import limits, names

Flavor = Literal["ts", "esm", "cjs"]
from codemods.js.names import BROWSER_MODULE, SERVER_MODULE  # noqa: E402

__all__ = ["BROWSER_MODULE", "SERVER_MODULE", "file_name", "render", "strip_types"]
#: The @zoom/videosdk major the browser module is written against (attachVideo and
#: <video-player-container> exist from 1.10.7; 2.x is current).
ZOOM_VIDEOSDK_RANGE = "^2.5.0"
#: The JWT library the server module signs with: jsonwebtoken signs synchronously, as
#: twilio's AccessToken.toJwt() returns a string at once (jose's SignJWT returns a Promise,
#: which would change every caller).
JWT_LIBRARY = ("jsonwebtoken", "^9.0.2")
JWT_TYPES = ("@types/jsonwebtoken", "^9.0.10")
COMMAND_CHANNEL_MAX_CHARS = 512
DOCS_URL = "https://twilio2zoom.readthedocs.io/en/latest/mapping/"
ZOOM_API_BASE_URL = "https://api.zoom.us/v2"
API_JWT_TTL = 60

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("codemods.js", "templates"),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,  # noqa: S701 - renders TypeScript source, not HTML
)

# Nodes that exist only in TypeScript: removed whole.
_TYPE_ONLY = frozenset(
    {"type_annotation", "type_arguments", "type_parameters", "accessibility_modifier",
     "override_modifier", "interface_declaration", "type_alias_declaration",
     "type_predicate_annotation", "asserts_annotation", "omitting_type_annotation",
     "opting_type_annotation", "ambient_declaration", "method_signature",
     "function_signature", "abstract_method_signature"}
)  # fmt: skip
# Keywords and marks removed inside declarations and parameters.
_TYPE_TOKENS = frozenset({"readonly", "?", "!", "abstract", "declare"})
_TOKEN_PARENTS = frozenset(
    {"public_field_definition", "optional_parameter", "required_parameter", "method_definition"}
)


def render(module: str, flavor: Flavor) -> str:
    """The source of ``module`` (BROWSER_MODULE or SERVER_MODULE) for a project of ``flavor``."""
    facts = {
        "docs_url": DOCS_URL,
        "command_max": COMMAND_CHANNEL_MAX_CHARS,
        "session_name_max": limits.ZOOM_SESSION_NAME_MAX,
        "session_name_symbols": limits.ZOOM_SESSION_NAME_SYMBOLS,
        "user_key_max": limits.ZOOM_USER_KEY_MAX,
        "jwt_min_ttl": limits.ZOOM_SESSION_JWT_MIN_TTL,
        "jwt_max_ttl": limits.ZOOM_SESSION_JWT_MAX_TTL,
        "jwt_iat_skew": limits.ZOOM_SESSION_JWT_IAT_SKEW,
        "twilio_default_ttl": limits.TWILIO_TOKEN_DEFAULT_TTL,
        "separator": names.SEPARATOR,
        "hash_len": names.HASH_LEN,
        "replacement": names.REPLACEMENT,
        "api_base_url": ZOOM_API_BASE_URL,
        "api_jwt_ttl": API_JWT_TTL,
    }
    source = _ENV.get_template(f"{module}.ts.j2").render(**facts)
    if flavor == "ts":
        return source
    plain = strip_types(source)
    return to_commonjs(plain) if flavor == "cjs" else plain


def render_global(module: str = BROWSER_MODULE) -> str:
    """The classic-script build of ``module`` for pages that load Zoom's CDN build: the
    CommonJS form (so the helpers exist once) inside an IIFE that reads the SDK from the CDN
    global and assigns its exports to :data:`mappings.zoom_web.HELPERS_GLOBAL`; nothing is
    declared at the top level, which every classic script of a page shares."""
    from mappings.zoom_web import (
        HELPERS_GLOBAL,
        ZOOM_VIDEO_QUALITY_FALLBACK,
        ZOOM_VIDEOSDK_GLOBAL,
        ZOOM_VIDEOSDK_NAMESPACE,
    )

    source = render(module, "cjs")
    default = "const ZoomVideo = require('@zoom/videosdk').default;"
    named = "const { VideoQuality } = require('@zoom/videosdk');"
    exports = "\nmodule.exports = {"
    if default not in source or named not in source or exports not in source:
        raise ValueError(f"{module}: the CommonJS form lost a line the classic build replaces")
    source = source.replace(default, f"const ZoomVideo = {ZOOM_VIDEOSDK_GLOBAL};")
    source = source.replace(
        named,
        "// Not confirmed that the CDN build exposes the named exports: the enum's values "
        "stand in.\n"
        f"const VideoQuality = {ZOOM_VIDEOSDK_NAMESPACE}.VideoQuality || "
        f"{ZOOM_VIDEO_QUALITY_FALLBACK};",
    )
    source = source.replace(exports, f"\n{HELPERS_GLOBAL} = {{")
    lines = source.splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if not line.startswith("//"))
    head, body = "".join(lines[:cut]), "".join(lines[cut:])
    return f"{head}(function () {{\n'use strict';\n\n{body}}})();\n"


def file_name(module: str, flavor: Flavor) -> str:
    return f"{module}.ts" if flavor == "ts" else f"{module}.js"


def strip_types(source: str) -> str:
    """The JavaScript of a TypeScript module written without parameter properties, enums
    or namespaces (the templates here): annotations, type declarations, ``as`` casts,
    modifiers and type-only imports go; everything else is kept byte for byte."""
    root = SgRoot(source, "typescript").root()
    text = _emit(root, source)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text


def _emit(node: SgNode, source: str) -> str:
    kind = node.kind()
    if kind in _TYPE_ONLY or _is_type_import(node) or _is_type_export(node):
        return ""
    if kind in ("as_expression", "satisfies_expression", "non_null_expression"):
        return _emit(node.named_children()[0], source) if node.named_children() else ""
    start, end = node.range().start.index, node.range().end.index
    children = node.children()
    if not children:
        return source[start:end]
    out: list[str] = []
    cursor = start
    for child in children:
        c_start, c_end = child.range().start.index, child.range().end.index
        out.append(source[cursor:c_start])
        if not child.is_named() and child.kind() in _TYPE_TOKENS and kind in _TOKEN_PARENTS:
            pass
        else:
            out.append(_emit(child, source))
        cursor = c_end
    out.append(source[cursor:end])
    return "".join(out)


def _is_type_import(node: SgNode) -> bool:
    if node.kind() != "import_statement":
        return False
    return any(not c.is_named() and c.kind() == "type" for c in node.children())


def _is_type_export(node: SgNode) -> bool:
    if node.kind() != "export_statement":
        return False
    decl = node.field("declaration")
    if decl is not None and decl.kind() in ("interface_declaration", "type_alias_declaration"):
        return True
    return any(not c.is_named() and c.kind() == "type" for c in node.children())


_IMPORT_DEFAULT_NAMED = re.compile(r"^import (\w+), \{([^}]*)\} from '([^']+)';$", re.MULTILINE)
_IMPORT_DEFAULT = re.compile(r"^import (\w+) from '([^']+)';$", re.MULTILINE)
_IMPORT_NAMED = re.compile(r"^import \{([^}]*)\} from '([^']+)';$", re.MULTILINE)
_EXPORT_DECL = re.compile(r"^export (async function|function|class|const|let) (\w+)", re.MULTILINE)
_EXPORT_LIST = re.compile(r"^export \{([^}]*)\};\n", re.MULTILINE)
_EXPORT_DEFAULT = re.compile(r"^export default (\w+);\n", re.MULTILINE)


# Packages whose CommonJS build exports the ES default as ``.default`` (an __esModule
# object), unlike jsonwebtoken, whose module object is the default.
_ESM_DEFAULT = frozenset({"@zoom/videosdk"})


def _default(module: str) -> str:
    return f"require('{module}')" + (".default" if module in _ESM_DEFAULT else "")


def to_commonjs(source: str) -> str:
    """CommonJS form of one of the templates' ES modules (their import/export shapes only)."""
    exported: list[tuple[str, str]] = []
    source = _IMPORT_DEFAULT_NAMED.sub(
        lambda m: f"const {m[1]} = {_default(m[3])};\nconst {{{m[2]}}} = require('{m[3]}');",
        source,
    )
    source = _IMPORT_DEFAULT.sub(lambda m: f"const {m[1]} = {_default(m[2])};", source)
    source = _IMPORT_NAMED.sub(lambda m: f"const {{{m[1]}}} = require('{m[2]}');", source)

    def decl(m: re.Match[str]) -> str:
        exported.append((m[2], m[2]))
        return f"{m[1]} {m[2]}"

    source = _EXPORT_DECL.sub(decl, source)

    def listed(m: re.Match[str]) -> str:
        for part in m[1].split(","):
            local, _, alias = part.strip().partition(" as ")
            if local:
                exported.append((alias or local, local))
        return ""

    source = _EXPORT_LIST.sub(listed, source)
    default = _EXPORT_DEFAULT.search(source)
    source = _EXPORT_DEFAULT.sub("", source)
    lines = [f"  {name}: {local}," if name != local else f"  {name}," for name, local in exported]
    if default is not None:
        lines.append(f"  default: {default[1]},")
    return source.rstrip("\n") + "\n\nmodule.exports = {\n" + "\n".join(lines) + "\n};\n"
