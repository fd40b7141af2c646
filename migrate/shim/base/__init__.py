"""Counterpart of ``twilio.base``: exceptions and list paging."""
