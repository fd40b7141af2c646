"""The docs site builds with --strict, and --strict really catches broken links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mappings.catalog import CATALOG
from migrate.audit.advice import mapping_url, rule_url
from migrate.audit.rules import RULES
from tests.docs.conftest import ROOT, build_site


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


def _ids(page: Path) -> set[str]:
    parser = _Ids()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.ids


def test_strict_build_succeeds(built_site: Path) -> None:
    for page in ("index", "guide/index", "cli/index", "mapping/index", "troubleshooting/index"):
        assert (built_site / f"{page}.html").exists(), page


def test_every_markdown_page_is_in_the_nav() -> None:
    # Also enforced by `validation.omitted_files: warn`; this names the page directly.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in (ROOT / "docs").glob("*.md"):
        assert f": {page.name}" in config, f"{page.name} is missing from the nav in mkdocs.yml"


def test_report_links_resolve_in_the_site(built_site: Path) -> None:
    # Audit reports, SARIF and shim errors link to <site>/mapping/#... and <site>/audit/#...
    urls = [mapping_url(m, "") for m in CATALOG.values()]
    urls += [rule_url(r, "") for r in RULES.values()]
    missing = []
    for url in urls:
        page, _, anchor = url.partition("#")
        html = built_site / page / "index.html"
        if not html.exists() or anchor not in _ids(html):
            missing.append(url)
    assert not missing


def test_audit_screenshot_is_in_the_guide() -> None:
    assert (ROOT / "docs" / "images" / "audit-report.png").is_file()
    assert "](images/audit-report.png)" in (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "addition", "complaint"),
    [
        ("guide.md", "\nSee [nowhere](no-such-page.md).\n", "no-such-page.md"),
        ("guide.md", "\nSee [the CLI](cli.md#no-such-anchor).\n", "no-such-anchor"),
        ("index.md", "\nSee [this page](#no-such-heading).\n", "no-such-heading"),
        ("index.md", "\n![missing](images/no-such-image.png)\n", "no-such-image.png"),
    ],
)
def test_broken_link_fails_the_build(
    docs_copy: Path, tmp_path: Path, page: str, addition: str, complaint: str
) -> None:
    with (docs_copy.parent / "docs" / page).open("a", encoding="utf-8") as f:
        f.write(addition)
    result = build_site(docs_copy, tmp_path / "site")
    assert result.returncode != 0
    assert complaint in result.stderr


def test_missing_nav_file_fails_the_build(docs_copy: Path, tmp_path: Path) -> None:
    (docs_copy.parent / "docs" / "troubleshooting.md").unlink()
    result = build_site(docs_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "troubleshooting.md" in result.stderr


def test_page_left_out_of_the_nav_fails_the_build(docs_copy: Path, tmp_path: Path) -> None:
    (docs_copy.parent / "docs" / "orphan.md").write_text("# Orphan\n", encoding="utf-8")
    result = build_site(docs_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "orphan.md" in result.stderr


def test_validation_settings_make_every_link_problem_a_warning() -> None:
    # mkdocs' defaults only log most of these at INFO, which --strict ignores.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    settings = ("omitted_files", "not_found", "absolute_links", "unrecognized_links", "anchors")
    for setting in settings:
        assert re.search(rf"^\s+{setting}: warn$", config, re.MULTILINE), setting
