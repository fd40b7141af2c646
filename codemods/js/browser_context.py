"""What the browser rewrite of one source knows and has decided so far.

:class:`Context` holds the source, its ast-grep tree, the edits taken (never overlapping,
so that edits of nested calls compose), the TODO marks, and the names the rewritten code
uses: the helpers of the generated ``zoomVideo`` module and the SDK's default export.
The rules (``codemods.js.browser``) and the import and type passes
(``codemods.js.browser_imports``) work through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from codemods.js.browser_imports import (
    default_name,
    imported_from,
    node_end,
    quote,
    twilio_imports,
)
from mappings.catalog import CATALOG, ApiMapping

Edit = tuple[int, int, str]
DEFAULT_SDK_NAME = "ZoomVideo"

# What changed, for the TODO of each approximate row a rule rewrites.
NOTES = {
    "js.connect": "createClient/init/join: the topic must be the token's tpc; media starts "
    "after join",
    "js.attach": "attachVideo(userId, quality): by user, async, in a <video-player-container>",
    "js.detach": "detachVideo(userId) keyed by user",
    "js.participants": "getAllUser() after join (present users raise no user-added), keyed "
    "by String(userId)",
    "js.publications": "rebuilt from the user's bVideoOn/audio/muted (no track objects)",
    "js.local_participant": "getCurrentUserInfo(): a plain user, not a participant object",
    "js.room.properties": "getSessionInfo().topic / .sessionId",
    "js.participant.identity": "displayName is the join userName (userIdentity: JWT user_identity)",
    "js.participant.sid": "userId is a number: String(userId) keeps string keys",
    "js.data_track.send": "command channel: strings of at most 512 characters "
    "(COMMAND_CHANNEL_MAX_CHARS), ~2/s, best effort",
    "js.local_data_track": "nothing to publish: the command channel sends strings of at most "
    "512 characters",
    "js.create_local_tracks": "preview tracks; session media starts after join",
    "js.create_local_audio_track": "a preview track (ZoomVideo.createLocalAudioTrack); never "
    "published",
    "js.create_local_video_track": "a preview track (ZoomVideo.createLocalVideoTrack); never "
    "published",
    "js.screen_share": "stream.startShareScreen captures the screen itself; the "
    "MediaStreamTrack is not used",
    "js.publish_track": "nothing is published: startVideo/startAudio/startShareScreen",
    "js.unpublish_track": "stopVideo/stopAudio/stopShareScreen (stopAudio leaves audio entirely)",
    "js.track.enable": "audio unmutes; video restarts the camera",
    "js.track.disable": "audio mutes; video releases the camera",
    "js.track.stop": "stopVideo/stopAudio, or the preview stops",
    "js.is_supported": "checkSystemRequirements() reports audio, video and screen separately",
    "js.event.disconnected": "connection-change Closed/Fail (Closed on own leave() not confirmed)",
    "js.event.participantReconnecting": "user-updated with isInFailover (users still failing "
    "over drop after about 2 minutes; parity not confirmed)",
    "js.event.participantReconnected": "user-updated with isInFailover cleared (parity not "
    "confirmed)",
    "js.event.recordingStarted": "recording-change (cloud recording status)",
    "js.event.recordingStopped": "recording-change (cloud recording status)",
    "js.event.trackMessage": "command-channel-message: text only, at most 512 characters",
    "js.event.message": "command-channel-message: text only, at most 512 characters",
    "js.connect.option.networkQuality": "always on: listen for network-quality-change (levels "
    "0-5, only while video is on)",
    "js.connect.option.audio": "stream.startAudio() after join; constraints go to startAudio",
    "js.connect.option.video": "stream.startVideo() after join; constraints go to startVideo",
    "js.connect.option.tracks": "no track objects at join: startAudio/startVideo after join",
}


@dataclass
class Mark:
    """A TODO(twilio2zoom) line for the statement around ``at``."""

    at: int
    mapping: ApiMapping
    note: str | None = None  # None: the catalog's own text (nothing was rewritten)


@dataclass
class Plan:
    """The browser edits of one source."""

    edits: list[Edit] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    unhandled: list[int] = field(default_factory=list)  # indexes into the hits
    calls: int = 0
    unrewritten: int = 0  # unhandled hits that have a rule: Twilio-shaped code remains


class Context:
    """The browser rewrite of one source, as it goes."""

    def __init__(
        self, source: str, root: SgNode, dialect: str, helpers: str, sdk_global: str = ""
    ) -> None:
        self.source = source
        # A classic script (no imports): the SDK is ``sdk_global`` and the helpers are
        # members of the namespace ``helpers`` names (``window.zoomVideo``), never
        # top-level declarations, which classic scripts would share.
        self.classic = False
        self.root = root
        self.dialect = dialect
        self.target = helpers  # module specifier of zoomVideo ("" = none)
        self.edits: list[Edit] = []
        self.marks: list[Mark] = []
        self.helpers: set[str] = set()
        self.pending: set[str] = set()  # helpers named by the edits being built
        self.helper_types: set[str] = set()
        self.sdk_types: set[str] = set()
        self.sdk_default = False
        self.rooms: set[str] = set()  # names the rewritten connect() gave the client
        self.participants: set[str] = set()  # parameters that receive a Zoom user
        self.tracks: set[str] = set()  # names the rewritten track factories gave a Track
        self.consumed: list[tuple[int, int]] = []  # ranges whose hits a rule settled
        self.imports = twilio_imports(root)
        self.classic = bool(sdk_global) and not self.imports
        self.sdk_name = (
            sdk_global if self.classic else default_name(self.imports) or DEFAULT_SDK_NAME
        )
        self.quote = quote(self.imports)
        # Names the file uses for something else (a helper then takes a prefixed alias);
        # the helpers an earlier run imported are not such names.
        self.names = {n.text() for n in root.find_all(kind="identifier")} - imported_from(
            root, helpers
        )
        self.by_start: dict[int, list[SgNode]] = {}
        kinds = ("call_expression", "new_expression", "member_expression", "identifier")
        for node in root.find_all(any=[{"kind": k} for k in kinds]):
            self.by_start.setdefault(node.range().start.index, []).append(node)

    # --- names the rewritten code uses -------------------------------------------------
    def helper(self, name: str) -> str:
        """The local name of a helper; imported once an edit using it is taken."""
        self.pending.add(name)
        return self.local(name)

    def local(self, name: str) -> str:
        if self.classic:
            return f"{self.target}.{name}"
        return "zoom" + name[0].upper() + name[1:] if name in self.names else name

    def sdk(self) -> str:
        self.pending.add("")  # "" stands for the SDK's default export
        return self.sdk_name

    # --- edits -----------------------------------------------------------------------
    def accept(self, edits: list[Edit]) -> bool:
        """Take ``edits`` unless one overlaps an edit already taken."""
        pending, self.pending = self.pending, set()
        for start, end, _ in edits:
            for s, e, _t in self.edits:
                if (start < e and s < end) or (s < start < e) or (start < s < end):
                    return False
        self.edits.extend(edits)
        self.sdk_default |= "" in pending
        self.helpers |= pending - {""}
        return True

    def mark(self, at: int, key: str, note: str | None = None, *, always: bool = False) -> None:
        mapping = CATALOG.get(key)
        if mapping is not None and (always or mapping.fidelity != "exact"):
            self.marks.append(Mark(at, mapping, note or NOTES.get(key)))

    def note_parameter(self, fn: SgNode | None, index: int = 0) -> None:
        """The ``index``-th parameter of ``fn`` (a function, or the name of one declared in
        this file) receives a Zoom user."""
        if fn is not None and fn.kind() == "identifier":
            fn = self.function_named(fn.text())
        if fn is None:
            return
        params = fn.field("parameters") or fn.field("parameter")
        if params is None:
            return
        if params.kind() == "identifier":
            names = [params]
        else:
            names = [c.field("pattern") or c for c in params.children() if c.is_named()]
        if index < len(names) and names[index].kind() == "identifier":
            self.participants.add(names[index].text())

    def function_named(self, wanted: str) -> SgNode | None:
        """``function wanted(...)`` or ``const wanted = (...) => ...`` in this file."""
        for f in self.root.find_all(kind="function_declaration"):
            name = f.field("name")
            if name is not None and name.text() == wanted:
                return f
        for declarator in self.root.find_all(kind="variable_declarator"):
            name, value = declarator.field("name"), declarator.field("value")
            functions = ("arrow_function", "function_expression", "function")
            if (
                name is not None
                and name.text() == wanted
                and value is not None
                and (value.kind() in functions)
            ):
                return value
        return None

    def node(
        self, at: int, kind: str, test: Callable[[SgNode], bool] = lambda n: True
    ) -> SgNode | None:
        """The smallest node of ``kind`` starting at ``at`` that passes ``test`` (the
        ``connect(...)`` in ``connect(...).then(...)``)."""
        found = [n for n in self.by_start.get(at, []) if n.kind() == kind and test(n)]
        return min(found, key=node_end, default=None)


def call_args(call: SgNode) -> tuple[SgNode | None, list[SgNode]]:
    args = call.field("arguments")
    if args is None:
        return None, []
    return args, [c for c in args.children() if c.is_named() and c.kind() != "comment"]
