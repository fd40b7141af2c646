"""Print every completed recording (rewrite sample)."""

import sys

from twilio.rest import Client

client = Client()
video = client.video.v1

for recording in video.recordings.list(status="completed"):
    print(recording, file=sys.stdout)
