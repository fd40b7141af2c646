"""Scan one file's bytes with the scanners its kind names; runs in worker processes."""

from __future__ import annotations

from migrate.audit.excerpt import excerpt
from migrate.audit.filetypes import FileKind
from migrate.audit.findings import FileResult, Hit
from migrate.audit.python_gate import may_have_findings
from migrate.settings import load_settings

# (relative path, kind, file contents)
Candidate = tuple[str, FileKind, bytes]


def scan_candidate(rel: str, kind: FileKind, data: bytes, secrets: list[str]) -> FileResult:
    """Every hit in one file, each with its redacted excerpt; never raises for bad input."""
    hits: list[Hit] = []
    parsed = False
    for scanner in kind.scanners:
        found = _run(scanner, data)
        if found is not None:
            parsed = True
            hits.extend(found)
    if hits:
        lines = data.decode("utf-8", "replace").splitlines()
        env_file = kind.scanners == ("env",)
        hits = [
            h._replace(snippet=excerpt(lines, h.line, h.end_line, secrets, env_file)) for h in hits
        ]
    return FileResult(rel, kind.language, hits, parsed)


def scan_batch(batch: list[Candidate]) -> list[FileResult]:
    """:func:`scan_candidate` over a chunk of files (one task of the process pool)."""
    secrets = load_settings().secret_values()
    return [scan_candidate(rel, kind, data, secrets) for rel, kind, data in batch]


def _run(scanner: str, data: bytes) -> list[Hit] | None:
    """Hits of one scanner; None when the file has nothing that scanner could find."""
    family, _, detail = scanner.partition(":")
    # Scanner modules are imported on first use: a tree without Python never loads LibCST.
    if family == "python":
        if not may_have_findings(data):
            return None
        from migrate.audit.python_scanner import scan_python

        return scan_python(data)
    if family == "js":
        from migrate.audit.js_scanner import scan_js

        return scan_js(data, detail)
    if family == "markup":
        from migrate.audit.markup_scanner import scan_markup

        return scan_markup(data)
    if family == "mobile":
        from migrate.audit.mobile_scanner import scan_mobile

        return scan_mobile(data, detail)
    if family == "manifest":
        from migrate.audit.manifest_scanner import scan_manifest

        return scan_manifest(data, detail)
    from migrate.audit.config_scanner import scan_config

    return scan_config(data, env_file=family == "env")
