# ruff: noqa: E501 - before/after sources keep the long lines users write
"""Native mode: access tokens become zoom_video.zoom_token calls (before/after pairs)."""

from __future__ import annotations

from libcst.codemod import CodemodTest

from codemods.native_tokens import NativeTokensCommand


class TestNativeTokens(CodemodTest):
    TRANSFORM = NativeTokensCommand

    def test_flask_token_endpoint(self) -> None:
        before = """
            import os

            from flask import Flask, jsonify, request
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant

            app = Flask(__name__)


            @app.route("/token")
            def token():
                identity = request.args["identity"]
                # One token per room and user.
                token = AccessToken(
                    os.environ["TWILIO_ACCOUNT_SID"],
                    os.environ["TWILIO_API_KEY"],
                    os.environ["TWILIO_API_SECRET"],
                    identity=identity,
                )
                token.add_grant(VideoGrant(room=request.args["room"]))
                return jsonify(token=token.to_jwt())
        """
        after = """
            from flask import Flask, jsonify, request

            import zoom_video

            app = Flask(__name__)


            @app.route("/token")
            def token():
                identity = request.args["identity"]
                # One token per room and user.
                return jsonify(token=zoom_video.zoom_token(room=request.args["room"], identity=identity))
        """
        self.assertCodemod(before, after)

    def test_django_empty_grant_then_room(self) -> None:
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
                    ttl=600,
                )
                token.add_grant(grant)
                return JsonResponse({"token": token.to_jwt()})
        """
        after = """
            from django.http import JsonResponse

            import zoom_video


            def video_token(request, room):
                return JsonResponse({"token": zoom_video.zoom_token(room=room, identity=request.user.username, ttl=600)})
        """
        self.assertCodemod(before, after)

    def test_fastapi_positional_args_aliases_and_to_jwt_ttl(self) -> None:
        before = """
            from fastapi import FastAPI
            from twilio.jwt.access_token import AccessToken as Token
            from twilio.jwt.access_token.grants import VideoGrant as Grant

            api = FastAPI()


            @api.get("/token/{room}")
            async def token(room: str, identity: str) -> dict[str, str]:
                jwt = Token("AC1", "SK1", "secret", None, identity)
                jwt.add_grant(Grant(room))
                return {"token": jwt.to_jwt(ttl=7200)}
        """
        after = """
            from fastapi import FastAPI

            import zoom_video

            api = FastAPI()


            @api.get("/token/{room}")
            async def token(room: str, identity: str) -> dict[str, str]:
                return {"token": zoom_video.zoom_token(room=room, identity=identity, ttl=7200)}
        """
        self.assertCodemod(before, after)

    def test_kwargs_dict_and_grants_list(self) -> None:
        before = """
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant


            def make(room, who):
                options = {"identity": who, "ttl": 3600}
                token = AccessToken("AC1", "SK1", "s", grants=[VideoGrant(room=room)], **options)
                return token.to_jwt()
        """
        after = """
            import zoom_video


            def make(room, who):
                options = {"identity": who, "ttl": 3600}
                return zoom_video.zoom_token(room=room, identity=who, ttl=3600)
        """
        self.assertCodemod(before, after)

    def test_video_and_chat_grant_keeps_twilio_and_names_gap(self) -> None:
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
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import ChatGrant, VideoGrant


            def token(identity):
                # TODO(twilio2zoom): This token also carries ChatGrant, so it was left on
                #   Twilio; mint zoom_video.zoom_token(...) for the video part. TTL clamped to
                #   1800..172800 s; identity becomes user_key (<=36 chars); other product grants
                #   cannot be carried. See the access-token table (G).
                #   (docs/mapping.md#token-access-token)
                t = AccessToken("AC1", "SK1", "s", identity=identity)
                t.add_grant(VideoGrant(room="standup"))
                t.add_grant(ChatGrant(service_sid="IS1"))
                return t.to_jwt()
        """
        self.assertCodemod(before, after)

    def test_token_passed_elsewhere_gets_todo(self) -> None:
        before = """
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant


            def token(identity, room):
                t = AccessToken("AC1", "SK1", "s", identity=identity)
                t.add_grant(VideoGrant(room=room))
                return serialize(t)
        """
        after = """
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant


            def token(identity, room):
                # TODO(twilio2zoom): This AccessToken is built or used in a way the rewrite
                #   cannot follow; port it to zoom_video.zoom_token(room=..., identity=...,
                #   ttl=...) by hand. TTL clamped to 1800..172800 s; identity becomes user_key
                #   (<=36 chars); other product grants cannot be carried. See the access-token
                #   table (G). (docs/mapping.md#token-access-token)
                t = AccessToken("AC1", "SK1", "s", identity=identity)
                t.add_grant(VideoGrant(room=room))
                return serialize(t)
        """
        self.assertCodemod(before, after)

    def test_grant_without_room_names_gap(self) -> None:
        before = """
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant

            t = AccessToken("AC1", "SK1", "s", identity="bob")
            t.add_grant(VideoGrant())
            print(t.to_jwt())
        """
        after = """
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant

            # TODO(twilio2zoom): This token has no VideoGrant room or is never turned into a
            #   JWT. A grant without a room (any room) cannot be expressed: Zoom needs the
            #   session name in the token (G). (docs/mapping.md#token-video-grant)
            t = AccessToken("AC1", "SK1", "s", identity="bob")
            t.add_grant(VideoGrant())
            print(t.to_jwt())
        """
        self.assertCodemod(before, after)

    def test_module_level_token_script(self) -> None:
        before = """
            import sys

            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant

            token = AccessToken("AC1", "SK1", "s", identity=sys.argv[1])
            grant = VideoGrant(room=sys.argv[2])
            token.add_grant(grant)
            print(token.to_jwt())
        """
        after = """
            import sys

            import zoom_video

            print(zoom_video.zoom_token(room=sys.argv[2], identity=sys.argv[1]))
        """
        self.assertCodemod(before, after)

    def test_bytes_era_decode_and_identity_attribute(self) -> None:
        before = """
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant


            def legacy(user, room):
                token = AccessToken("AC1", "SK1", "s")
                token.identity = user.email
                token.add_grant(VideoGrant(room=room))
                return token.to_jwt().decode("utf-8")
        """
        after = """
            import zoom_video


            def legacy(user, room):
                return zoom_video.zoom_token(room=room, identity=user.email)
        """
        self.assertCodemod(before, after)
