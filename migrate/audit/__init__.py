"""``twilio2zoom audit``: find every Twilio Video touchpoint in a codebase."""

from migrate.audit.engine import run_audit
from migrate.audit.findings import AuditReport, Finding

__all__ = ["AuditReport", "Finding", "run_audit"]
