"""Room creation and recording lists through the Twilio REST API."""

import os

from twilio.rest import Client

client = Client(
    os.environ["TWILIO_API_KEY"],
    os.environ["TWILIO_API_SECRET"],
    os.environ["TWILIO_ACCOUNT_SID"],
)


def create_room(name):
    """A group room that records every participant and reports to our callback."""
    return client.video.v1.rooms.create(
        unique_name=name,
        type="group",
        record_participants_on_connect=True,
        status_callback=os.environ.get("STATUS_CALLBACK_URL"),
    )


def list_recordings(room_sid):
    """Every recording of one room, newest first."""
    return [
        {"sid": r.sid, "status": r.status, "duration": r.duration}
        for r in client.video.v1.rooms(room_sid).recordings.list()
    ]


def end_room(room_sid):
    """Close a room so that nobody else can join."""
    client.video.v1.rooms(room_sid).update(status="completed")
