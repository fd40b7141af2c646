# ruff: noqa: E501 - before/after sources keep the long lines users write
"""Shim mode: before/after pairs for ShimImportsCommand."""

from __future__ import annotations

from libcst.codemod import CodemodTest

from codemods.shim_imports import ShimImportsCommand


class TestShimImports(CodemodTest):
    TRANSFORM = ShimImportsCommand

    def test_flask_token_endpoint(self) -> None:
        before = """
            import os

            from flask import Flask, jsonify, request
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant

            app = Flask(__name__)


            @app.route("/token")
            def token():  # issue a join token
                token = AccessToken(
                    os.environ["TWILIO_ACCOUNT_SID"],
                    os.environ["TWILIO_API_KEY"],
                    os.environ["TWILIO_API_SECRET"],
                    identity=request.args["identity"],
                )
                token.add_grant(VideoGrant(room=request.args["room"]))
                return jsonify(token=token.to_jwt())
        """
        after = """
            import os

            from flask import Flask, jsonify, request
            from migrate.shim.jwt.access_token import AccessToken
            from migrate.shim.jwt.access_token.grants import VideoGrant

            app = Flask(__name__)


            @app.route("/token")
            def token():  # issue a join token
                token = AccessToken(
                    os.environ["TWILIO_ACCOUNT_SID"],
                    os.environ["TWILIO_API_KEY"],
                    os.environ["TWILIO_API_SECRET"],
                    identity=request.args["identity"],
                )
                token.add_grant(VideoGrant(room=request.args["room"]))
                return jsonify(token=token.to_jwt())
        """
        self.assertCodemod(before, after)

    def test_django_token_view(self) -> None:
        before = """
            from django.conf import settings
            from django.http import JsonResponse
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant


            def video_token(request, room):
                grant = VideoGrant()
                grant.room = room
                token = AccessToken(
                    settings.TWILIO_ACCOUNT_SID,
                    settings.TWILIO_API_KEY,
                    settings.TWILIO_API_SECRET,
                    identity=request.user.username,
                )
                token.add_grant(grant)
                return JsonResponse({"token": token.to_jwt()})
        """
        after = """
            from django.conf import settings
            from django.http import JsonResponse
            from migrate.shim.jwt.access_token import AccessToken
            from migrate.shim.jwt.access_token.grants import VideoGrant


            def video_token(request, room):
                grant = VideoGrant()
                grant.room = room
                token = AccessToken(
                    settings.TWILIO_ACCOUNT_SID,
                    settings.TWILIO_API_KEY,
                    settings.TWILIO_API_SECRET,
                    identity=request.user.username,
                )
                token.add_grant(grant)
                return JsonResponse({"token": token.to_jwt()})
        """
        self.assertCodemod(before, after)

    def test_fastapi_token_route(self) -> None:
        before = """
            from fastapi import FastAPI
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant

            api = FastAPI()


            @api.get("/token/{room}")
            async def token(room: str, identity: str) -> dict[str, str]:
                jwt = AccessToken("AC1", "SK1", "secret", identity=identity, ttl=7200)
                jwt.add_grant(VideoGrant(room))
                return {"token": jwt.to_jwt()}
        """
        after = """
            from fastapi import FastAPI
            from migrate.shim.jwt.access_token import AccessToken
            from migrate.shim.jwt.access_token.grants import VideoGrant

            api = FastAPI()


            @api.get("/token/{room}")
            async def token(room: str, identity: str) -> dict[str, str]:
                jwt = AccessToken("AC1", "SK1", "secret", identity=identity, ttl=7200)
                jwt.add_grant(VideoGrant(room))
                return {"token": jwt.to_jwt()}
        """
        self.assertCodemod(before, after)

    def test_room_service_with_alias_and_exception(self) -> None:
        before = """
            from twilio.base.exceptions import TwilioException, TwilioRestException
            from twilio.rest import Client as TwilioClient  # REST client


            class Rooms:
                def __init__(self, sid, token):
                    self.client = TwilioClient(sid, token)

                def open(self, name):
                    try:
                        return self.client.video.v1.rooms.create(unique_name=name)
                    except TwilioRestException:
                        return None
        """
        after = """
            from migrate.shim.base.exceptions import TwilioRestException
            from twilio.base.exceptions import TwilioException
            from migrate.shim.rest import Client as TwilioClient  # REST client


            class Rooms:
                def __init__(self, sid, token):
                    self.client = TwilioClient(sid, token)

                def open(self, name):
                    try:
                        return self.client.video.v1.rooms.create(unique_name=name)
                    except TwilioRestException:
                        return None
        """
        self.assertCodemod(before, after)

    def test_import_module_form_and_factory(self) -> None:
        before = """
            import twilio.rest


            def make_client():
                return twilio.rest.Client()


            def recordings(room_sid):
                rooms = make_client().video.rooms
                return rooms(room_sid).recordings.list()
        """
        after = """
            import migrate.shim.rest


            def make_client():
                return migrate.shim.rest.Client()


            def recordings(room_sid):
                rooms = make_client().video.rooms
                return rooms(room_sid).recordings.list()
        """
        self.assertCodemod(before, after)

    def test_recording_download_script(self) -> None:
        before = """
            import sys

            from twilio.rest import Client

            client = Client()
            for recording in client.video.v1.recordings.stream(status="completed"):
                uri = f"https://video.twilio.com/v1/Recordings/{recording.sid}/Media"
                print(client.request("GET", uri).text, file=sys.stdout)
        """
        after = """
            import sys

            from migrate.shim.rest import Client

            client = Client()
            for recording in client.video.v1.recordings.stream(status="completed"):
                uri = f"https://video.twilio.com/v1/Recordings/{recording.sid}/Media"
                print(client.request("GET", uri).text, file=sys.stdout)
        """
        self.assertCodemod(before, after)

    def test_status_callback_webhook(self) -> None:
        before = """
            from flask import Flask, abort, request
            from twilio.request_validator import RequestValidator

            app = Flask(__name__)
            validator = RequestValidator("token")


            @app.post("/status")
            def status():
                if not validator.validate(request.url, request.form, request.headers["X-Twilio-Signature"]):
                    abort(403)
                print(request.form["RoomSid"], request.form["StatusCallbackEvent"])
                return ""
        """
        after = """
            from flask import Flask, abort, request
            from migrate.shim.request_validator import RequestValidator

            app = Flask(__name__)
            validator = RequestValidator("token")


            @app.post("/status")
            def status():
                if not validator.validate(request.url, request.form, request.headers["X-Twilio-Signature"]):
                    abort(403)
                print(request.form["RoomSid"], request.form["StatusCallbackEvent"])
                return ""
        """
        self.assertCodemod(before, after)

    def test_video_and_chat_grants_keep_both_with_todo(self) -> None:
        before = """
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import ChatGrant, VideoGrant


            def token(identity):
                t = AccessToken("AC1", "SK1", "s", identity=identity)
                t.add_grant(VideoGrant(room="standup"))
                t.add_grant(ChatGrant(service_sid="IS1"))
                return t.to_jwt()
        """
        after = """
            from migrate.shim.jwt.access_token import AccessToken
            from migrate.shim.jwt.access_token.grants import VideoGrant
            # TODO(twilio2zoom): ChatGrant stays on twilio, but migrate.shim's AccessToken
            #   issues Zoom tokens and cannot carry it: mint a separate twilio AccessToken
            #   for it (docs/mapping.md#token-access-token)
            from twilio.jwt.access_token.grants import ChatGrant


            def token(identity):
                t = AccessToken("AC1", "SK1", "s", identity=identity)
                t.add_grant(VideoGrant(room="standup"))
                t.add_grant(ChatGrant(service_sid="IS1"))
                return t.to_jwt()
        """
        self.assertCodemod(before, after)

    def test_sms_only_file_is_untouched(self) -> None:
        code = """
            from twilio.base.exceptions import TwilioRestException
            from twilio.request_validator import RequestValidator
            from twilio.rest import Client

            client = Client()


            def notify(to, body):
                try:
                    client.messages.create(to=to, from_="+15550000", body=body)
                except TwilioRestException:
                    pass
        """
        self.assertCodemod(code, code)

    def test_chat_only_token_is_untouched(self) -> None:
        code = """
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import ChatGrant

            token = AccessToken("AC1", "SK1", "s", identity="bob")
            token.add_grant(ChatGrant(service_sid="IS1"))
        """
        self.assertCodemod(code, code)

    def test_sms_and_video_file_moves_client(self) -> None:
        before = """
            from twilio.rest import Client

            client = Client()
            client.messages.create(to="+1", from_="+2", body="room open")
            client.video.v1.rooms.create(unique_name="standup")
        """
        after = """
            from migrate.shim.rest import Client

            client = Client()
            client.messages.create(to="+1", from_="+2", body="room open")
            client.video.v1.rooms.create(unique_name="standup")
        """
        self.assertCodemod(before, after)

    def test_local_variable_named_twilio_is_not_an_import(self) -> None:
        code = """
            def f(twilio):
                return twilio.rest.Client
        """
        self.assertCodemod(code, code)
