"""A small Flask-style project whose twilio client lives in one module and is used in others.

Written for these tests: ``app/extensions/twilio.py`` builds the client, a factory and a
class holding a Video handle; the views reach them by absolute, relative, aliased,
module-attribute and re-exported imports. ``app/chat/client.py`` exports a ``client``
too, but it is not twilio's. ``VIDEO_LINES`` says what the audit must prove, per file.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

FILES: dict[str, str] = {
    "requirements.txt": "flask==3.0.3\ntwilio==9.3.7\n",
    "app/__init__.py": "",
    "app/extensions/__init__.py": "from .twilio import client\n",
    "app/extensions/twilio.py": """
        import os

        from twilio.rest import Client

        client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])


        def get_client():
            return Client(os.environ["TWILIO_API_KEY"], os.environ["TWILIO_API_SECRET"])


        class Video:
            rooms = client.video.v1.rooms
    """,
    "app/views/__init__.py": "",
    "app/views/absolute.py": """
        from app.extensions.twilio import client


        def live_rooms():
            return client.video.rooms.list(status="in-progress")
    """,
    "app/views/relative.py": """
        from ..extensions.twilio import get_client


        def end_room(sid):
            return get_client().video.v1.rooms(sid).update(status="completed")
    """,
    "app/views/aliased.py": """
        from app.extensions.twilio import client as tw


        def open_room(name):
            room = tw.video.rooms.create(unique_name=name)
            return room.sid
    """,
    "app/views/module_attr.py": """
        import app.extensions.twilio as twilio_ext


        def room_status(sid):
            return twilio_ext.client.video.rooms(sid).fetch().status
    """,
    "app/views/reexported.py": """
        from ..extensions import client


        def room_recordings(sid):
            return client.video.rooms(sid).recordings.list()
    """,
    "app/views/handle.py": """
        from app.extensions.twilio import Video


        def group_room(name):
            return Video.rooms.create(unique_name=name, type="group")
    """,
    "app/chat/__init__.py": "",
    "app/chat/client.py": """
        class ChatClient:
            def __init__(self, url):
                self.url = url


        client = ChatClient("https://chat.example.test")
    """,
    "app/views/chat.py": """
        # Not the Twilio client: the chat service's own SDK.
        from app.chat.client import client


        def open_chat(name):
            return client.rooms.create(unique_name=name)
    """,
    "app/views/quiet.py": """
        from app.chat.client import client


        def chat_rooms():
            return client.video.rooms.list()
    """,
}

#: path -> {line: confidence} of the Video calls the audit must report there.
VIDEO_LINES: dict[str, dict[int, str]] = {
    "app/views/absolute.py": {5: "proven"},
    "app/views/relative.py": {5: "proven"},
    "app/views/aliased.py": {5: "proven"},
    "app/views/module_attr.py": {5: "proven"},
    "app/views/reexported.py": {5: "proven"},
    "app/views/handle.py": {5: "proven"},
}
#: Files the audit must not report at all: a same-named ``client`` that is not twilio's,
#: used as a room API (in a file naming Twilio) and through ``.video`` (in one that
#: does not, so no resource-chain guess applies).
QUIET = ("app/views/chat.py", "app/views/quiet.py", "app/chat/client.py")


def write_project(root: Path) -> Path:
    """Write the project under ``root`` and return ``root``."""
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root
