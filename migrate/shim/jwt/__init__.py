"""Counterpart of ``twilio.jwt``: tokens clients join with."""
