"""SARIF 2.1.0 report, uploadable to GitHub code scanning."""

from __future__ import annotations

import json
from typing import Any

from migrate.audit.findings import AuditReport, Finding, RuleInfo

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://twilio2zoom.readthedocs.io/en/latest/audit/"
_LEVELS = {"error": "error", "warning": "warning", "note": "note", "info": "note"}


def render_sarif(report: AuditReport) -> str:
    """One SARIF run: every rule used in ``tool.driver.rules``, every finding a result."""
    index = {rule.id: i for i, rule in enumerate(report.rules)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "twilio2zoom-audit",
                        "version": report.tool_version,
                        "semanticVersion": report.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in report.rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule_id]) for f in report.findings],
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _rule(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.id.title().replace("-", ""),
        "shortDescription": {"text": rule.description},
        "helpUri": rule.docs_url,
        "help": {"text": f"{rule.description} See {rule.docs_url}"},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": ["twilio-video", rule.category]},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {
            "text": f"{finding.message}. Zoom: {finding.zoom_equivalent} "
            f"(autofix: {finding.autofix}, effort: {finding.effort}). {finding.docs_url}"
        },
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.path, "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": finding.line,
                        "startColumn": finding.column,
                        "endLine": finding.end_line,
                    },
                }
            }
        ],
        "properties": {
            "category": finding.category,
            "twilioApi": finding.twilio_api,
            "zoomEquivalent": finding.zoom_equivalent,
            "fidelity": finding.fidelity,
            "autofix": finding.autofix,
            "effort": finding.effort,
            "confidence": finding.confidence,
        },
    }
