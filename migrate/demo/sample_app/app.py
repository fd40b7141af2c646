"""A small Twilio Video app: join tokens, rooms, recordings and status callbacks."""

import os

from flask import Flask, abort, jsonify, request

from rooms import create_room, list_recordings
from video_token import create_token
from webhooks import handle_status_callback, is_from_twilio

app = Flask(__name__, static_folder="static")


@app.get("/token")
def token():
    """A join token for ?identity=...&room=..."""
    return jsonify(token=create_token(request.args["identity"], request.args["room"]))


@app.post("/rooms")
def rooms():
    """Create a group room named in the JSON body."""
    room = create_room(request.json["name"])
    return jsonify(sid=room.sid, name=room.unique_name), 201


@app.get("/rooms/<sid>/recordings")
def recordings(sid):
    """The recordings of one room."""
    return jsonify(recordings=list_recordings(sid))


@app.post("/status-callback")
def status_callback():
    """Room and participant events that Twilio posts to us."""
    if not is_from_twilio(request.url, request.form, request.headers.get("X-Twilio-Signature")):
        abort(403)
    handle_status_callback(request.form)
    return "", 204


if __name__ == "__main__":
    app.run(port=int(os.environ.get("PORT", "5000")))
