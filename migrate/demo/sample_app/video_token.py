"""Join tokens for the browser: an AccessToken with a VideoGrant for one room."""

import os

from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VideoGrant


def create_token(identity, room_name):
    """A one-hour token that lets ``identity`` join ``room_name``."""
    token = AccessToken(
        os.environ["TWILIO_ACCOUNT_SID"],
        os.environ["TWILIO_API_KEY"],
        os.environ["TWILIO_API_SECRET"],
        identity=identity,
        ttl=3600,
    )
    token.add_grant(VideoGrant(room=room_name))
    return token.to_jwt()
