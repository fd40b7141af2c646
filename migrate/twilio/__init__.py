"""Typed Twilio Video v1 REST client, sync and async, on httpx (the vendored spec,
``migrate/sandbox/twilio/twilio_video_v1.json``, and twilio-python's paging).

Both clients execute the same pure request specs (:mod:`migrate.twilio.operations`);
lists are lazy and follow ``meta.next_page_url``; credentials go to the base URL's host
only; retries follow :class:`migrate.retry.RetryPolicy`.
"""

from migrate.twilio.async_client import AsyncTwilioVideoClient
from migrate.twilio.errors import (
    TwilioApiError,
    TwilioClientError,
    TwilioConnectionError,
    UnexpectedResponseError,
)
from migrate.twilio.sync_client import TwilioVideoClient

__all__ = [
    "AsyncTwilioVideoClient",
    "TwilioApiError",
    "TwilioClientError",
    "TwilioConnectionError",
    "TwilioVideoClient",
    "UnexpectedResponseError",
]
