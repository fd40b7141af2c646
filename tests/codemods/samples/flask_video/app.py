"""A small Twilio Video app: join tokens, room creation, recording list (rewrite sample)."""

import os

from flask import Flask, jsonify, request
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VideoGrant
from twilio.rest import Client

app = Flask(__name__)
client = Client(
    os.environ.get("TWILIO_API_KEY"),
    os.environ.get("TWILIO_API_SECRET"),
    os.environ.get("TWILIO_ACCOUNT_SID"),
)


@app.get("/token")
def token():
    """A join token for ?identity=...&room=..."""
    access = AccessToken(
        os.environ["TWILIO_ACCOUNT_SID"],
        os.environ["TWILIO_API_KEY"],
        os.environ["TWILIO_API_SECRET"],
        identity=request.args["identity"],
        ttl=3600,
    )
    grant = VideoGrant()
    grant.room = request.args["room"]
    access.add_grant(grant)
    return jsonify(token=access.to_jwt())


@app.post("/rooms")
def create_room():
    room = client.video.v1.rooms.create(unique_name=request.json["name"], type="group")
    return jsonify(sid=room.sid, name=room.unique_name), 201


@app.post("/rooms/<sid>/end")
def end_room(sid):
    client.video.v1.rooms(sid).update(status="completed")
    return "", 204


@app.get("/rooms/<sid>/recordings")
def recordings(sid):
    items = client.video.v1.rooms(sid).recordings.list()
    return jsonify(count=len(items))
