"""``twilio2zoom plan``: a Twilio account's rooms, rules, hooks and settings mapped to Zoom.

:func:`build_plan` reads the account and aggregates what maps exactly, approximately or
not at all; :func:`write_plan` renders the report as Markdown, JSON and HTML.
"""

from migrate.plan.collect import build_plan
from migrate.plan.models import PlanOptions, PlanReport
from migrate.plan.render import FORMATS, write_plan

__all__ = ["FORMATS", "PlanOptions", "PlanReport", "build_plan", "write_plan"]
