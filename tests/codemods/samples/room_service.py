from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client as TwilioClient


def make_client():
    return TwilioClient()


class RoomService:
    def __init__(self):
        self.client = make_client()

    def open(self, name, **extra):
        options = {"unique_name": name, "max_participants": 4}
        try:
            room = self.client.video.v1.rooms.create(**options)
        except TwilioRestException:
            return None
        return room.sid

    def participants(self, sid):
        rooms = self.client.video.rooms
        return rooms(sid).participants.list(status="connected")

    def compose(self, sid):
        return self.client.video.v1.compositions.create(room_sid=sid, video_layout={"grid": {}})
