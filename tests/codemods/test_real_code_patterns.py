# ruff: noqa: E501 - before/after sources keep the long lines users write
"""Patterns from real repositories, in our own words: what audit and rewrite must both see."""

from __future__ import annotations

import textwrap

from libcst.codemod import CodemodTest

from codemods.pipeline import rewrite_source
from codemods.shim_imports import ShimImportsCommand


def _src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class TestShimDottedImports(CodemodTest):
    TRANSFORM = ShimImportsCommand

    def test_module_imports_then_dotted_names_all_move(self) -> None:
        # The tutorial shape: import the modules, then name the classes through them.
        before = """
            import twilio.jwt.access_token
            import twilio.jwt.access_token.grants


            def join(identity, room):
                token = twilio.jwt.access_token.AccessToken("AC1", "SK1", "s", identity=identity)
                token.add_grant(twilio.jwt.access_token.grants.VideoGrant(room=room))
                return token.to_jwt()
        """
        after = """
            import migrate.shim.jwt.access_token
            import migrate.shim.jwt.access_token.grants


            def join(identity, room):
                token = migrate.shim.jwt.access_token.AccessToken("AC1", "SK1", "s", identity=identity)
                token.add_grant(migrate.shim.jwt.access_token.grants.VideoGrant(room=room))
                return token.to_jwt()
        """
        self.assertCodemod(before, after)

    def test_client_used_only_for_sms_stays_on_twilio(self) -> None:
        before = """
            from twilio.jwt.access_token import AccessToken
            from twilio.jwt.access_token.grants import VideoGrant
            from twilio.rest import Client

            sms = Client("AC1", "token")


            def notify(to):
                sms.messages.create(to=to, from_="+15550001111", body="Your visit starts")


            def join(room):
                token = AccessToken("AC1", "SK1", "s", identity="nurse")
                token.add_grant(VideoGrant(room=room))
                return token.to_jwt()
        """
        after = """
            from migrate.shim.jwt.access_token import AccessToken
            from migrate.shim.jwt.access_token.grants import VideoGrant
            from twilio.rest import Client

            sms = Client("AC1", "token")


            def notify(to):
                sms.messages.create(to=to, from_="+15550001111", body="Your visit starts")


            def join(room):
                token = AccessToken("AC1", "SK1", "s", identity="nurse")
                token.add_grant(VideoGrant(room=room))
                return token.to_jwt()
        """
        self.assertCodemod(before, after)


def test_shim_keeps_a_sorted_import_block_sorted() -> None:
    source = _src("""
        import os

        import twilio.rest
        from flask import Flask
        from pydantic import BaseModel

        client = twilio.rest.Client(os.environ["K"], os.environ["S"])


        def open_room(name):
            return client.video.rooms.create(unique_name=name)
    """)
    result = rewrite_source(source, "shim")
    assert result.code.startswith(
        _src("""
            import os

            import migrate.shim.rest
            from flask import Flask
            from pydantic import BaseModel

            client = migrate.shim.rest.Client(
        """).rstrip("\n")
    )
    assert rewrite_source(result.code, "shim").code == result.code


def test_shim_moves_the_client_of_a_service_class() -> None:
    source = _src("""
        from pydantic import BaseModel
        from twilio.rest import Client


        class Consultations:
            def __init__(self, settings):
                self.twilio_client = Client(settings.sid, settings.token)

            def close(self, name):
                self.twilio_client.video.v1.rooms(name).update(status="completed")
    """)
    code = rewrite_source(source, "shim").code
    assert code.startswith("from migrate.shim.rest import Client\nfrom pydantic import BaseModel\n")


def test_native_catches_httpx_errors_where_twilio_errors_were_caught() -> None:
    source = _src("""
        import twilio.rest

        client = twilio.rest.Client("SK1", "secret", "AC1")


        def find_or_create(name):
            try:
                client.video.rooms(name).fetch()
            except twilio.base.exceptions.TwilioRestException:
                client.video.rooms.create(unique_name=name)
    """)
    code = rewrite_source(source, "native").code
    assert "except httpx.HTTPStatusError:" in code
    assert "twilio" not in code.replace("twilio2zoom", "")
    assert code.startswith("import httpx\n\nimport zoom_video\n")


def test_native_rewrites_calls_on_a_client_passed_in() -> None:
    # The client comes from the caller: only the Video resource chain says it is Twilio's.
    source = _src("""
        from twilio.rest import Client


        def close_room(client, sid):
            client.video.v1.rooms(sid).update(status="completed")


        def main():
            close_room(Client("AC1", "token"), "RM1")
    """)
    code = rewrite_source(source, "native").code
    assert "zoom_video.end_session(sid)" in code


def test_native_marks_what_it_cannot_rewrite_and_a_client_left_idle() -> None:
    source = _src("""
        from twilio.rest import Client

        client = Client("AC1", "token") if True else None


        def end(sid):
            if not client:
                return
            client.video.v1.rooms(sid).update(status="completed")


        def status(request):
            return request.form.get("RoomSid")
    """)
    result = rewrite_source(source, "native")
    lines = result.code.splitlines()

    def todo_above(fragment: str) -> bool:
        index = next(i for i, line in enumerate(lines) if fragment in line)
        above = index - 1
        while above >= 0 and lines[above].lstrip().startswith("#"):
            if "TODO(twilio2zoom)" in lines[above]:
                return True
            above -= 1
        return False

    assert "zoom_video.end_session(sid)" in result.code
    assert todo_above("from twilio.rest import Client")
    assert todo_above('client = Client("AC1", "token")')
    assert todo_above('request.form.get("RoomSid")')
    assert rewrite_source(result.code, "native").code == result.code


def test_shim_moves_a_client_import_used_for_type_hints_of_video_helpers() -> None:
    # The client is built by the caller; the helper only names its type.
    source = _src("""
        from twilio.rest import Client


        def participants(client: Client, sid):
            return client.video.v1.rooms(sid).participants.list(status="connected")
    """)
    code = rewrite_source(source, "shim").code
    assert code.startswith("from migrate.shim.rest import Client\n")


def test_native_recording_reads_inside_f_strings_stay_valid() -> None:
    source = _src("""
        from twilio.rest import Client

        client = Client("AC1", "token")


        def media_links(room_sid):
            return [
                {"url": f"https://example.com/recordings/{rec.sid}/media", "kind": rec.type}
                for rec in client.video.v1.rooms(room_sid).recordings.list()
            ]
    """)
    code = rewrite_source(source, "native").code
    assert """f"https://example.com/recordings/{rec.get('id')}/media\"""" in code
    compile(code, "<rewritten>", "exec")
