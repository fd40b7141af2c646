"""docs/shim.md covers every Twilio Video call of the mapping catalog, with working links."""

from __future__ import annotations

import re
from pathlib import Path

from mappings.catalog import CATALOG

DOCS = Path(__file__).parents[2] / "docs"
SHIM_KEYS = ("video.", "token.", "webhook.", "client.rest", "rest.raw_http")


def test_coverage_table_names_every_python_touchpoint() -> None:
    text = (DOCS / "shim.md").read_text()
    keys = [k for k in CATALOG if k.startswith(SHIM_KEYS)]
    assert keys
    missing = [k for k in keys if f"[{k}](mapping.md#{CATALOG[k].docs_anchor})" not in text]
    assert missing == []


def test_links_point_at_existing_anchors() -> None:
    text = (DOCS / "shim.md").read_text()
    mapping = (DOCS / "mapping.md").read_text()
    anchors = set(re.findall(r"\(mapping\.md#([a-z0-9-]+)\)", text))
    assert anchors
    assert sorted(a for a in anchors if f'id="{a}"' not in mapping) == []
