"""A typical Twilio Video backend: token endpoint, room creation, recordings.

Written only against the ``twilio`` package. The end-to-end test switches it to the shim
by replacing the ``twilio.`` import prefix, which is all the shim-mode codemod does.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, jsonify, request
from twilio.base.exceptions import TwilioRestException
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VideoGrant
from twilio.rest import Client


def create_app() -> Flask:
    app = Flask(__name__)
    account_sid = os.environ["TWILIO_ACCOUNT_SID"]
    api_key = os.environ["TWILIO_API_KEY"]
    api_secret = os.environ["TWILIO_API_SECRET"]
    client = Client(api_key, api_secret, account_sid)

    @app.post("/token")
    def token() -> Any:
        body = request.get_json()
        access_token = AccessToken(account_sid, api_key, api_secret, identity=body["identity"])
        grant = VideoGrant()
        grant.room = body["room"]
        access_token.add_grant(grant)
        return jsonify(token=access_token.to_jwt())

    @app.post("/rooms")
    def create_room() -> Any:
        room = client.video.v1.rooms.create(
            unique_name=request.get_json()["name"],
            type="group",
            record_participants_on_connect=True,
            status_callback=request.url_root + "events",
        )
        return jsonify(sid=room.sid, unique_name=room.unique_name, status=room.status), 201

    @app.post("/rooms/<sid>/complete")
    def complete_room(sid: str) -> Any:
        room = client.video.v1.rooms(sid).update(status="completed")
        return jsonify(sid=room.sid, status=room.status)

    @app.get("/rooms/<sid>/recordings")
    def room_recordings(sid: str) -> Any:
        recordings = client.video.v1.rooms(sid).recordings.list(limit=50)
        return jsonify([{"sid": r.sid, "type": r.type, "size": r.size} for r in recordings])

    @app.get("/recordings")
    def recordings() -> Any:
        items = client.video.v1.recordings.list(status="completed", limit=50)
        return jsonify([{"sid": r.sid, "room_sid": r.grouping_sids["room_sid"]} for r in items])

    @app.errorhandler(TwilioRestException)
    def twilio_error(exc: TwilioRestException) -> Any:
        return jsonify(error=exc.msg, code=exc.code), exc.status

    return app
