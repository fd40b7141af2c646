"""Where the published docs live (mkdocs: docs/mapping.md is served at mapping/).

Apart from ``advice`` so that the command line can show the default without loading the
catalog, which the audit needs only once the scan is under way.
"""

from __future__ import annotations

DOCS_BASE_URL = "https://twilio2zoom.readthedocs.io/en/latest/"
AUDIT_DOCS_PAGE = "audit/"
MAPPING_DOCS_PAGE = "mapping/"
