# ruff: noqa: E501 - before/after sources keep the long lines users write
"""Clients built in one module and used in another: the project index and the rewrite."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from libcst.codemod import CodemodContext, CodemodTest

from codemods.driver import rewrite_paths
from codemods.native_rest import NativeRestCommand
from codemods.project_index import (
    ModuleContext,
    ProjectIndex,
    build_index,
    module_facts,
    needs_reading,
)
from codemods.resolve import PROJECT_KEY
from codemods.walk import discover
from tests.codemods.xmod_project import FILES, write_project

# A lazily built client behind a factory and a service's instance attribute.
LAZY_CLIENTS = """
    import twilio.rest

    _client = None


    def get_client():
        global _client
        if _client is None:
            _client = twilio.rest.Client()
        return _client


    class TwilioService:
        def __init__(self):
            self.client = get_client()
"""


def _facts(files: dict[str, str]) -> ProjectIndex:
    facts = [module_facts(rel, textwrap.dedent(text).encode()) for rel, text in files.items()]
    return ProjectIndex.from_facts(f for f in facts if f is not None)


def _index() -> ProjectIndex:
    return _facts({rel: text for rel, text in FILES.items() if rel.endswith(".py")})


class TestIndex:
    def test_exports_of_the_client_module(self) -> None:
        exports = _index().exports["app/extensions/twilio"]
        assert {p: e.kind for p, e in exports.items()} == {
            "client": "client",
            "get_client": "factory",
            "Video.rooms": "video",
        }
        assert exports["Video.rooms"].chain == ("rooms",)

    def test_lookups_by_every_import_form(self) -> None:
        index = _index()
        view = "app/views/a.py"
        assert index.lookup(view, "app.extensions.twilio.client").kind == "client"  # type: ignore[union-attr]
        assert index.lookup(view, "..extensions.twilio.get_client").kind == "factory"  # type: ignore[union-attr]
        # Re-exported by the package's __init__, with where it comes from.
        reexport = index.lookup(view, "app.extensions.client")
        assert reexport is not None
        assert ("app/extensions/twilio", "client") in reexport.keys
        # The chat service's "client" is not twilio's.
        assert index.lookup(view, "app.chat.client.client") is None
        assert index.lookup(view, "..chat.client.client") is None

    def test_src_layout_and_nearest_of_two_services(self) -> None:
        module = "from twilio.rest import Client\n\nclient = Client('AC1', 'tok')\n"
        index = _facts(
            {
                "src/app/extensions/twilio.py": module,
                "services/b/extensions/twilio.py": module,
            }
        )
        found = index.lookup("src/app/views.py", "app.extensions.twilio.client")
        assert found is not None and found.module == "src/app/extensions/twilio"
        found = index.lookup("services/b/views.py", "extensions.twilio.client")
        assert found is not None and found.module == "services/b/extensions/twilio"

    def test_lazy_singleton_factory_and_instance_attribute(self) -> None:
        index = _facts(
            {
                "clients.py": LAZY_CLIENTS,
            }
        )
        exports = index.exports["clients"]
        assert exports["get_client"].kind == "factory"
        assert exports["TwilioService.client"].kind == "client"

    def test_importing_twilio_client_class_alone_exports_nothing(self) -> None:
        # Type hints, and twilio's own package, import the class everywhere.
        hints = "from twilio.rest import Client\n\n\ndef notify(client: Client) -> None: ...\n"
        assert not _facts({"hints.py": hints})

    def test_a_module_without_twilio_is_not_read(self) -> None:
        assert module_facts("app/chat/client.py", b"client = ChatClient()\n") is None
        assert not build_index([])


def _context(rel: str) -> CodemodContext:
    package = rel.rpartition("/")[0].replace("/", ".")
    return CodemodContext(
        full_package_name=package, scratch={PROJECT_KEY: ModuleContext(_index(), rel)}
    )


class TestNativeRestThroughImportedClient(CodemodTest):
    TRANSFORM = NativeRestCommand

    def test_imported_client_is_rewritten_like_a_local_one(self) -> None:
        before = """
            from app.extensions.twilio import client as tw


            def open_room(name):
                room = tw.video.rooms.create(unique_name=name)
                return room.sid
        """
        after = """
            import zoom_video


            def open_room(name):
                room = zoom_video.create_session(name)
                return room.session_id
        """
        self.assertCodemod(before, after, context_override=_context("app/views/aliased.py"))

    def test_factory_imported_relatively(self) -> None:
        before = """
            from ..extensions.twilio import get_client


            def end_room(sid):
                return get_client().video.v1.rooms(sid).update(status="completed")
        """
        after = """
            import zoom_video


            def end_room(sid):
                return zoom_video.end_session(sid)
        """
        self.assertCodemod(before, after, context_override=_context("app/views/relative.py"))


def _read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def test_native_rewrites_importers_and_marks_the_client_module(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    summary = rewrite_paths([root], "native", workers=1)
    assert not summary.failed
    assert "zoom_video.create_session(name)" in _read(root, "app/views/aliased.py")
    assert "zoom_video.end_session(sid)" in _read(root, "app/views/relative.py")
    assert "zoom_video.get_session(sid)" in _read(root, "app/views/module_attr.py")
    assert "zoom_video.list_session_recordings(sid)" in _read(root, "app/views/reexported.py")
    assert "zoom_video.create_session(name)" in _read(root, "app/views/handle.py")
    # The client module keeps its clients (other code may import them) and says why.
    client_module = _read(root, "app/extensions/twilio.py")
    assert client_module.count("Other modules import this twilio Client") == 2
    assert "client = Client(" in client_module
    # Not twilio's client: untouched.
    for rel in ("app/views/chat.py", "app/views/quiet.py", "app/chat/client.py"):
        assert _read(root, rel) == textwrap.dedent(FILES[rel]).lstrip("\n"), rel
    again = rewrite_paths([root], "native", check=True, workers=1)
    assert again.files_changed == 0


def test_shim_swaps_the_client_module_import_once(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    summary = rewrite_paths([root], "shim", workers=1)
    assert not summary.failed
    changed = sorted(p.relative_to(root).as_posix() for p in summary.changed)
    assert changed == ["app/extensions/twilio.py", "requirements.txt"]
    text = _read(root, "app/extensions/twilio.py")
    assert text.count("from migrate.shim.rest import Client") == 1
    assert "twilio.rest" not in text
    assert rewrite_paths([root], "shim", check=True, workers=1).files_changed == 0


def test_index_is_built_from_the_walk(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    index = build_index(discover(root))
    assert index.defining_files == {"app/extensions/twilio.py"}


def test_service_instance_and_lazy_singleton_are_proven_in_the_importer() -> None:
    from migrate.audit.python_scanner import scan_python

    index = _facts(
        {
            "svc/clients.py": LAZY_CLIENTS,
        }
    )
    view = textwrap.dedent(
        """
        from svc.clients import TwilioService, get_client


        def rooms():
            service = TwilioService()
            return service.client.video.v1.rooms.list()


        def end(sid):
            get_client().video.rooms(sid).update(status="completed")
        """
    ).encode()
    hits = scan_python(view, ModuleContext(index, "svc/views.py"))
    assert {(h.line, h.rule_id, h.confidence) for h in hits} == {
        (7, "py-video-room", "proven"),
        (11, "py-video-room", "proven"),
    }


@pytest.mark.parametrize(
    ("source", "read"),
    [
        # Imports of a project module: relative, or a name holding "wilio" that is not
        # the twilio package itself; only where the statement opens a line.
        (b"# twilio\nfrom .extensions import client\n", True),
        (b"# twilio\n    from \t..ext import client\n", True),
        (b"# twilio\nimport app.twilio_client as tw\n", True),
        (b"# twilio\nfrom services.Twilio import make\n", True),
        (b"# twilio\nfrom twilio_helpers import client\n", True),
        (b"from twilio.base import values\nimport twilio.rest\n", False),
        (b'"""Import from .extensions, as the docs say."""\n', False),
        (b"x = 1  # from .twilio import client\n", False),
        (b"# twilio\nfromage = 1\nimporter.twilio_client = 2\n", False),
        (b"# twilio\ny = 2\r\nfrom .a import b\r\n", True),
    ],
)
def test_which_modules_the_light_pass_parses(source: bytes, read: bool) -> None:
    assert needs_reading(source) is read


@pytest.mark.parametrize(
    ("source", "named"),
    [
        (b"import app.helpers.twilio_svc as tw\n", True),
        (b"from .twilio_svc import client", True),
        (b"twilio_svc", True),
        (b"x = twilio_svcs + my_twilio_svc\n", False),
        # Many near misses, then the word: the whole-pattern pass finds it.
        (b"twilio_svcs " * 40 + b"from . import twilio_svc\n", True),
        (b"twilio_svcs " * 40, False),
    ],
)
def test_only_sources_naming_an_indexed_module_may_import_it(source: bytes, named: bool) -> None:
    index = ProjectIndex.from_facts(
        [
            module_facts(
                "app/helpers/twilio_svc.py", b"from twilio.rest import Client\nclient = Client()\n"
            )
        ]
    )
    assert index.named_in(source) is named
