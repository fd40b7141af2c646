"""Turn a scanner hit into a finding: the rule, plus the Zoom advice from ``mappings``."""

from __future__ import annotations

from mappings.catalog import ApiMapping, lookup
from migrate.audit.docs_links import AUDIT_DOCS_PAGE, DOCS_BASE_URL, MAPPING_DOCS_PAGE
from migrate.audit.findings import Finding, Hit, RuleInfo, Severity
from migrate.audit.rules import Rule, get_rule
from migrate.audit.summary import EFFORT_HOURS

__all__ = ["AUDIT_DOCS_PAGE", "DOCS_BASE_URL", "MAPPING_DOCS_PAGE", "make_finding", "rule_info"]


def mapping_url(mapping: ApiMapping, base: str = DOCS_BASE_URL) -> str:
    """Link to the catalog entry in the mapping reference."""
    return f"{base}{MAPPING_DOCS_PAGE}#{mapping.docs_anchor}"


def rule_url(rule: Rule, base: str = DOCS_BASE_URL) -> str:
    """Link to a rule's description in the audit guide."""
    return f"{base}{AUDIT_DOCS_PAGE}#{rule.id}"


# What the Zoom column says when no mapping applies: nothing to do for non-Video usage,
# but a file that does not parse may hide anything.
_NO_MAPPING = {"parse-error": "unknown until the file parses: fix it, then audit again"}


def make_finding(hit: Hit, path: str, language: str, base: str = DOCS_BASE_URL) -> Finding:
    """The report's view of ``hit`` in the file ``path``."""
    rule = get_rule(hit.rule_id)
    key = rule.catalog_key(hit.subject)
    mapping = lookup(key) if key is not None else None
    severity: Severity = rule.severity
    if mapping is not None and mapping.fidelity == "unsupported":
        severity = "error"  # nothing on Zoom does this: a design decision, not a rewrite
    return Finding(
        path=path,
        line=hit.line,
        column=hit.column,
        end_line=max(hit.end_line, hit.line),
        language=language,
        rule_id=rule.id,
        category=rule.category,
        severity=severity,
        message=rule.render(hit.subject),
        twilio_api=mapping.twilio if mapping else hit.subject,
        zoom_equivalent=mapping.zoom if mapping else _NO_MAPPING.get(rule.category, "none needed"),
        fidelity=mapping.fidelity if mapping else "n/a",
        autofix=mapping.autofix if mapping and rule.rewritable else "none",
        effort=mapping.effort if mapping else "trivial",
        effort_hours=EFFORT_HOURS[mapping.effort] if mapping else 0.0,
        docs_url=mapping_url(mapping, base) if mapping else rule_url(rule, base),
        snippet=hit.snippet,
        confidence="structural" if hit.confidence == "structural" else "proven",
    )


def rule_info(rule: Rule, base: str = DOCS_BASE_URL) -> RuleInfo:
    """A rule as SARIF and the JSON report describe it."""
    return RuleInfo(
        id=rule.id,
        category=rule.category,
        severity=rule.severity,
        description=rule.description,
        docs_url=rule_url(rule, base),
    )
