"""Status callbacks: check Twilio's signature, then react to room events."""

import logging
import os

from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)
validator = RequestValidator(os.environ["TWILIO_AUTH_TOKEN"])


def is_from_twilio(url, params, signature):
    """True when the X-Twilio-Signature header matches the request."""
    return validator.validate(url, params, signature or "")


def handle_status_callback(form):
    """Log room and participant events; a real app would update its own records."""
    event = form.get("StatusCallbackEvent")
    room_sid = form.get("RoomSid")
    if event == "room-ended":
        log.info("room %s ended after %s s", room_sid, form.get("RoomDuration"))
    elif event in ("participant-connected", "participant-disconnected"):
        log.info("%s: %s in %s", event, form.get("ParticipantIdentity"), room_sid)
