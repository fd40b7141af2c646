"""Rewrite the JavaScript/TypeScript of a project: sources, pages, generated modules and
package.json (see docs/rewrite.md).

Per package (the nearest package.json above each file, else the root): browser files on
twilio-video import a generated ``zoomVideo`` module placed in the folder that holds them
all; server files on the twilio package import ``zoomVideoServer``, placed the same way and
never mixed with the browser one (it reads secrets). The module is TypeScript when the
files it serves are, else JavaScript as ES module or CommonJS like those files.
package.json loses twilio-video and @types/twilio-video, gains @zoom/videosdk 2.x and, on
the server, jsonwebtoken; twilio stays while other Twilio products use it. Lockfiles are
not edited: the install command to run is reported instead.

Classic scripts on the ``Twilio.Video`` global (inline blocks of pages, and the .js files
with no import that use it) move as one per package: when a page of the package loads
twilio-video from Twilio's CDN and every such script's calls are rewritten, the pages load
Zoom's CDN build and the helpers' classic build (``zoomVideo.global.js``, placed beside the
scripts) and the scripts call them; otherwise they all stay on Twilio with TODOs, so that no
page loads Zoom while calling Twilio-shaped methods on it.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from codemods.js.names import BROWSER_MODULE, SERVER_MODULE
from codemods.requirements import FileEdit
from codemods.walk import JS_SKIP_DIRS, discover
from migrate.audit.prefilter import worth_reading
from migrate.audit.project import twilio_dependencies

if TYPE_CHECKING:
    from codemods.js.rewrite import CodeResult, Targets

# The parser (ast-grep) and templates load only once a file mentions Twilio.

SCRIPT_EXTENSIONS = {
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
}  # fmt: skip
PAGE_EXTENSIONS = frozenset({".html", ".htm", ".vue", ".ejs", ".hbs", ".svelte"})
SKIPPED_DIRS = JS_SKIP_DIRS
GENERATED = frozenset(
    f"{m}{ext}" for m in (BROWSER_MODULE, SERVER_MODULE) for ext in (".ts", ".js", ".global.js")
)
_SCRIPT = re.compile(r"(?is)(<script\b([^>]*)>)(.*?)(</script\s*>)")
_DROPPED = ("twilio-video", "@types/twilio-video")
_TWILIO_IMPORT = re.compile(r"""(require\(\s*|from\s+)['"]twilio['"/]""")
_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


@dataclass
class FileOutcome:
    path: Path
    language: str  # "javascript" or "typescript"
    result: CodeResult


@dataclass
class JsSummary:
    """Counts of one project's JS/TS rewrite, and what the user must run."""

    files_scanned: int = 0
    files_changed: int = 0
    calls: int = 0
    todos: int = 0
    failed: list[tuple[Path, str]] = field(default_factory=list)
    install_commands: list[str] = field(default_factory=list)
    by_language: dict[str, int] = field(default_factory=dict)
    # What replaces each twilio-video companion package taken out of a package.json.
    replaced: list[str] = field(default_factory=list)


def iter_js_sources(root: Path) -> Iterator[Path]:
    """JS/TS sources and pages under ``root`` (or ``root`` itself): the audit's walk
    (``codemods.walk``: .gitignore files, virtualenvs), also skipping hidden folders, build
    output, minified bundles, declaration files and the generated modules."""
    for path, rel in discover(root, skip_dirs=JS_SKIP_DIRS, skip_hidden=True):
        if _wanted(rel.rsplit("/", 1)[-1]):
            yield Path(path)


def _wanted(name: str) -> bool:
    suffix = PurePosixPath(name).suffix.lower()
    if name in GENERATED or name.endswith((".d.ts", ".min.js")):
        return False
    return suffix in SCRIPT_EXTENSIONS or suffix in PAGE_EXTENSIONS


def _package_dir(path: Path, root: Path) -> Path:
    current = path.parent
    while True:
        if (current / "package.json").is_file():
            return current
        if current == root or current.parent == current:
            return root
        current = current.parent


@dataclass
class _Package:
    directory: Path
    browser: list[Path] = field(default_factory=list)
    server: list[Path] = field(default_factory=list)
    keeps_twilio: bool = False
    typescript_browser: bool = False
    typescript_server: bool = False
    esm_server: bool = False
    esm_browser: bool = True
    # Classic scripts on the Twilio.Video global (files), pages with such inline scripts
    # or a twilio-video CDN tag, and whether any could not be rewritten to Zoom.
    classic: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    cdn_pages: list[Path] = field(default_factory=list)
    classic_blocked: bool = False

    @property
    def on_zoom_cdn(self) -> bool:
        """Whether the package's pages load Zoom's CDN build (see the module docs)."""
        uses = bool(self.classic) or bool(self.pages)
        return uses and bool(self.cdn_pages) and not self.classic_blocked


def rewrite_js_tree(root_path: Path, summary: JsSummary) -> Iterator[FileEdit]:
    """Every edit the JS/TS rewrite makes under ``root_path``, one file at a time; counts
    go to ``summary``. Nothing is written here."""
    root = root_path if root_path.is_dir() else root_path.parent
    packages: dict[Path, _Package] = {}
    # Pass 1: which files use what (a cheap scan; no edits kept).
    candidates: list[tuple[Path, str]] = []
    other_twilio: set[Path] = set()  # packages with files on twilio for other products
    for path in iter_js_sources(root_path):
        summary.files_scanned += 1
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            summary.failed.append((path, f"cannot read: {exc}"))
            continue
        script = path.suffix.lower() in SCRIPT_EXTENSIONS
        if not worth_reading(text.encode("utf-8"), path, script=script):
            continue
        directory = _package_dir(path, root)
        probe = _rewrite_file(path, text, None, twilio_dependencies(path))
        if not (probe.browser or probe.server):
            if _TWILIO_IMPORT.search(text):
                other_twilio.add(directory)
            continue
        package = packages.setdefault(directory, _Package(directory))
        is_ts = path.suffix.lower() in (".ts", ".tsx", ".mts", ".cts")
        if probe.binds_browser:
            package.browser.append(path)
            package.typescript_browser |= is_ts
            package.esm_browser &= not _is_commonjs(text)
        if probe.binds_server:
            package.server.append(path)
            package.typescript_server |= is_ts
            package.esm_server |= not _is_commonjs(text) or path.suffix == ".mjs"
        package.keeps_twilio |= probe.keeps_twilio
        _note_classic(package, path, text, probe, twilio_dependencies(path))
        candidates.append((path, text))
    for directory in other_twilio:
        if directory in packages:
            packages[directory].keeps_twilio = True
    # Pass 2: edits, with the generated modules' places known.
    from codemods.js.rewrite import Targets

    places = {directory: _places(package) for directory, package in packages.items()}
    browser_dirs = {directory: _helpers_dir(package) for directory, package in packages.items()}
    for path, text in candidates:
        directory = _package_dir(path, root)
        browser_dir, server_dir = places[directory]
        package = packages[directory]
        helpers_dir = browser_dirs[directory]
        targets = Targets(
            # JavaScript keeps the extension so that a page loading ES modules natively
            # resolves it; TypeScript names the module as its other imports do.
            browser=_specifier(path, browser_dir, BROWSER_MODULE, not package.typescript_browser),
            server=_specifier(path, server_dir, SERVER_MODULE, package.esm_server),
            server_cjs=not package.esm_server,
        )
        result = _rewrite_file(
            path, text, targets, twilio_dependencies(path), package.on_zoom_cdn,
            *_helpers_src(path, text, package, helpers_dir),
        )  # fmt: skip
        if result.error is not None:
            summary.failed.append((path, result.error))
            continue
        if result.changed:
            language = (
                "typescript"
                if path.suffix.lower() in (".ts", ".tsx", ".mts", ".cts")
                else "javascript"
            )
            summary.by_language[language] = summary.by_language.get(language, 0) + 1
            summary.files_changed += 1
            summary.calls += result.calls
            summary.todos += result.todos
            yield FileEdit(path, text, result.code)
    for directory, package in packages.items():
        yield from _generated(package, places[directory])
        helpers_dir = browser_dirs[directory]
        if package.on_zoom_cdn and helpers_dir is not None:
            from codemods.js import generate
            from mappings.zoom_web import HELPERS_GLOBAL_FILE

            target = helpers_dir / HELPERS_GLOBAL_FILE
            if not target.is_file():
                yield FileEdit(target, None, generate.render_global())
        edit = _package_json(package, summary.replaced)
        if edit is not None:
            yield edit
            summary.install_commands.append(_install_command(package))


def _rewrite_file(
    path: Path,
    text: str,
    targets: Targets | None,
    project: frozenset[str],
    zoom_cdn: bool = False,
    helpers_src: str = "",
    unserved: bool = False,
) -> CodeResult:
    """The rewrite of one file; with no ``targets``, only what it uses (no edits).
    ``zoom_cdn``: its package's pages load Zoom's CDN build (classic scripts move to it)."""
    from codemods.js.rewrite import probe_code

    suffix = path.suffix.lower()
    if suffix in SCRIPT_EXTENSIONS:
        dialect = SCRIPT_EXTENSIONS[suffix]
        if targets is None:
            return probe_code(text, dialect, project)
        return _rewrite_script(text, dialect, targets, project, zoom_cdn)
    return _rewrite_page(text, targets, project, zoom_cdn, helpers_src, unserved)


def _rewrite_script(
    text: str, dialect: str, targets: Targets, project: frozenset[str], zoom_cdn: bool
) -> CodeResult:
    """One source through the rewrite. A classic script on the ``Twilio.Video`` global goes
    through the browser rules with the SDK and helpers as globals and names Zoom's CDN global
    instead (``zoom_cdn``), or stays on Twilio with its TODOs (see ``pages``)."""
    from dataclasses import replace

    from codemods.js import pages
    from codemods.js.rewrite import rewrite_code, sg_language
    from mappings.zoom_web import HELPERS_GLOBAL, ZOOM_VIDEOSDK_GLOBAL

    cdn = zoom_cdn and _classic(text, dialect)
    if cdn:
        targets = replace(targets, sdk_global=ZOOM_VIDEOSDK_GLOBAL, helpers_global=HELPERS_GLOBAL)
    result = rewrite_code(text, dialect, targets, project)
    if not cdn:
        result.unrewritten = 0  # what stays Twilio-shaped matters only on the Zoom global
    elif result.error is None:
        result.unrewritten += pages.twilio_members(result.code, sg_language(dialect))
    if cdn and result.error is None and not result.binds_browser:
        bound = pages.bind_global(result.code, sg_language(dialect))
        if bound != result.code:
            result.calls += 1
            result.code = bound
            result.changed = bound != text
    return result


def _rewrite_page(
    text: str,
    targets: Targets | None,
    project: frozenset[str],
    zoom_cdn: bool = False,
    helpers_src: str = "",
    unserved: bool = False,
) -> CodeResult:
    """Script blocks of an HTML/Vue/template page, through the same path as module files;
    with ``zoom_cdn``, each twilio-video CDN tag loads Zoom's CDN build, followed by the
    helpers' classic build (``helpers_src``)."""
    from codemods.js import pages
    from codemods.js.rewrite import CodeResult, probe_code

    total = CodeResult(code=text)
    pieces: list[str] = []
    cursor = 0
    for match in _SCRIPT.finditer(text):
        attrs, body = match.group(2), match.group(3)
        if re.search(r"\bsrc\s*=", attrs) or re.search(
            r"type=[\"'](text/(x-)?template|text/html)", attrs
        ):
            continue
        dialect = "typescript" if re.search(r"lang=[\"']ts[\"']", attrs) else "javascript"
        if targets is None:
            _merge(total, probe_code(body, dialect, project))
            continue
        result = _rewrite_script(body, dialect, targets, project, zoom_cdn)
        _merge(total, result)
        if result.changed:
            pieces.append(text[cursor : match.start(3)])
            pieces.append(result.code)
            cursor = match.end(3)
    pieces.append(text[cursor:])
    code, tags = "".join(pieces), 0
    if zoom_cdn or targets is None:
        code, tags = pages.replace_cdn_tags(
            code, helpers_src if targets is not None else "", unserved=unserved
        )
    else:
        code, marked = pages.mark_kept_tags(code)
        total.todos += marked
    if tags:
        total.browser = True
        total.calls += tags
    total.changed = code != text
    total.code = code
    return total


def _merge(total: CodeResult, part: CodeResult) -> None:
    total.calls += part.calls
    total.todos += part.todos
    total.browser |= part.browser
    total.server |= part.server
    total.binds_browser |= part.binds_browser
    total.binds_server |= part.binds_server
    total.keeps_twilio |= part.keeps_twilio
    total.keys |= part.keys
    total.unrewritten += part.unrewritten
    if part.error is not None:
        total.error = part.error


def _note_classic(
    package: _Package, path: Path, text: str, probe: CodeResult, project: frozenset[str]
) -> None:
    """Record a classic script or page of the package, and whether the browser rules rewrite
    all of its calls when the SDK is Zoom's CDN global."""
    from codemods.js import pages
    from codemods.js.rewrite import Targets

    suffix = path.suffix.lower()
    if suffix in SCRIPT_EXTENSIONS:
        if (
            probe.binds_browser
            or not probe.browser
            or not _classic(text, SCRIPT_EXTENSIONS[suffix])
        ):
            return
        package.classic.append(path)
    else:
        if pages.has_cdn_tag(text):
            package.cdn_pages.append(path)
        if not pages.uses_global(text):
            return
        package.pages.append(path)
        # A page that loads twilio-video from elsewhere (a vendored copy) keeps Twilio.
        if any(
            "twilio-video" in src.lower() and not pages.CDN_SRC.search(f'<script src="{src}"')
            for src in pages.script_sources(text)
        ):
            package.classic_blocked = True
    trial = _rewrite_file(path, text, Targets(), project, zoom_cdn=True)
    if trial.error is not None or trial.unrewritten:
        package.classic_blocked = True


def _classic(text: str, dialect: str) -> bool:
    """JavaScript on the page's SDK global: it names ``Twilio.Video``, or it is a classic
    script (no import, export or require) that uses objects another script of the page made."""
    from codemods.js import pages

    if dialect != "javascript":
        return False
    if pages.uses_global(text):
        return True
    module = re.search(r"^\s*(import|export)\b|\brequire\(\s*['\"]", text, re.MULTILINE)
    return module is None


def _helpers_dir(package: _Package) -> Path | None:
    """Where the helpers' classic build goes: beside the classic scripts (the folder the
    pages' static files are served from), else beside the pages that load the CDN build."""
    chosen = package.classic or package.cdn_pages
    if not package.on_zoom_cdn or not chosen:
        return None
    return Path(os.path.commonpath([str(p.parent) for p in chosen]))


def _helpers_src(path: Path, text: str, package: _Package, folder: Path | None) -> tuple[str, bool]:
    """The URL a page loads the helpers' classic build from: relative to the src of a classic
    script of the package it loads, else to the page itself; and whether that URL is a
    guess (a server template, whose folder is not where its static files are served)."""
    from codemods.js import pages
    from mappings.zoom_web import HELPERS_GLOBAL_FILE

    if folder is None or path.suffix.lower() not in PAGE_EXTENSIONS:
        return "", False
    for src in pages.script_sources(text):
        script = _resolve_src(src, path, package.classic)
        hop = "" if script is None else os.path.relpath(folder, script.parent)
        hop = hop.replace(os.sep, "/")
        if script is not None and ("{" in src or "<%" in src):
            # a template expression (url_for('static', filename='app.js')): the same
            # expression with the helpers' file in place of the script's
            at = src.rfind(script.name)
            name = posixpath.normpath(f"{hop}/{HELPERS_GLOBAL_FILE}")
            return src[:at] + name + src[at + len(script.name) :], False
        if script is not None:
            clean = re.split(r"[?#]", src, maxsplit=1)[0]
            base = clean[: clean.rfind("/") + 1]  # "/js/" of "/js/app.js", "" of "app.js"
            return posixpath.normpath(f"{base}{hop}/{HELPERS_GLOBAL_FILE}"), False
    relative = os.path.relpath(folder / HELPERS_GLOBAL_FILE, path.parent)
    template = path.suffix.lower() in (".ejs", ".hbs") or bool(re.search(r"\{%|\{\{|<%", text))
    return relative.replace(os.sep, "/"), template


def _resolve_src(src: str, page: Path, scripts: list[Path]) -> Path | None:
    """The script among ``scripts`` that a page's ``src`` loads: relative to the page, else
    the one whose path ends with it (a site-absolute URL served from a static folder)."""
    if "{" in src or "<%" in src:
        # a template expression: the one script whose file name it holds
        named = [s for s in scripts if re.search(rf"(?<![\w.-]){re.escape(s.name)}\b", src)]
        return named[0] if len(named) == 1 else None
    clean = re.split(r"[?#]", src, maxsplit=1)[0]
    if not clean or "//" in clean:
        return None
    if not clean.startswith("/"):
        direct = os.path.normpath(page.parent / clean)
        for script in scripts:
            if os.path.normpath(script) == direct:
                return script
    tail = "/" + posixpath.normpath(clean.lstrip("/")).lstrip("./")
    matches = [s for s in scripts if s.as_posix().endswith(tail)]
    return matches[0] if len(matches) == 1 else None


def _is_commonjs(text: str) -> bool:
    """require() or module.exports / exports.x, and no import or export statement."""
    commonjs = re.search(
        r"\brequire\(\s*['\"]|\bmodule\.exports\b|^\s*exports\.", text, re.MULTILINE
    )
    return bool(commonjs) and not re.search(r"^\s*(import|export)\b", text, re.MULTILINE)


def _places(package: _Package) -> tuple[Path | None, Path | None]:
    """The folder for each generated module: the deepest one holding all files it serves."""

    def common(paths: list[Path]) -> Path | None:
        if not paths:
            return None
        return Path(os.path.commonpath([str(p.parent) for p in paths]))

    return common(package.browser), common(package.server)


def _specifier(source: Path, folder: Path | None, module: str, with_extension: bool) -> str:
    if folder is None:
        return ""
    relative = os.path.relpath(folder / module, source.parent).replace(os.sep, "/")
    if not relative.startswith("."):
        relative = "./" + relative
    return relative + (".js" if with_extension else "")


def _generated(package: _Package, places: tuple[Path | None, Path | None]) -> Iterator[FileEdit]:
    from codemods.js import generate

    browser_dir, server_dir = places
    wanted: list[tuple[Path, str]] = []
    if browser_dir is not None:
        flavor: generate.Flavor = (
            "ts" if package.typescript_browser else ("esm" if package.esm_browser else "cjs")
        )
        name = generate.file_name(BROWSER_MODULE, flavor)
        wanted.append((browser_dir / name, generate.render(BROWSER_MODULE, flavor)))
    if server_dir is not None:
        flavor = "ts" if package.typescript_server else ("esm" if package.esm_server else "cjs")
        name = generate.file_name(SERVER_MODULE, flavor)
        wanted.append((server_dir / name, generate.render(SERVER_MODULE, flavor)))
    for target, text in wanted:
        if target.is_file():
            continue  # the module is the user's once written: never overwrite their edits
        yield FileEdit(target, None, text)


def _package_json(package: _Package, replaced: list[str]) -> FileEdit | None:
    from codemods.js import generate
    from mappings.zoom_web import companion

    manifest = package.directory / "package.json"
    if not manifest.is_file():
        return None
    before = manifest.read_text("utf-8")
    try:
        data = json.loads(before)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    for section in _SECTIONS:
        deps = data.get(section)
        if isinstance(deps, dict):
            for name in _DROPPED:
                deps.pop(name, None)
            if "twilio" in deps and package.server and not package.keeps_twilio:
                deps.pop("twilio")
            # twilio-video's companions work on its tracks only: they go with it.
            for name in [n for n in deps if package.browser and companion(n) is not None]:
                deps.pop(name)
                found = companion(name)
                if found is not None:
                    replaced.append(f"{manifest}: {name} removed; Zoom: {found.zoom}")
    deps = data.setdefault("dependencies", {})
    if package.browser:
        deps.setdefault("@zoom/videosdk", generate.ZOOM_VIDEOSDK_RANGE)
    if package.server:
        name, version = generate.JWT_LIBRARY
        deps.setdefault(name, version)
        if package.typescript_server:
            dev = data.setdefault("devDependencies", {})
            dev.setdefault(*generate.JWT_TYPES)
    indent = _indent(before)
    after = json.dumps(data, indent=indent, ensure_ascii=False) + (
        "\n" if before.endswith("\n") else ""
    )
    return None if after == before else FileEdit(manifest, before, after)


def _indent(text: str) -> int:
    match = re.search(r"\n([ ]+)\"", text)
    return len(match.group(1)) if match else 2


def apply(edits: Iterator[FileEdit]) -> list[Path]:
    """Write each edit (atomically, through a sibling file); the paths written."""
    written: list[Path] = []
    for edit in edits:
        edit.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = edit.path.with_name(f".{edit.path.name}.twilio2zoom.tmp")
        temporary.write_text(edit.after, encoding="utf-8", newline="")
        temporary.replace(edit.path)
        written.append(edit.path)
    return written


def _install_command(package: _Package) -> str:
    where = package.directory.as_posix()
    return f"cd {where} && npm install"
