"""Browser call sites: twilio-video code rewritten to @zoom/videosdk 2.x in place.

``rewrite.py`` hands over the resolver's browser hits (rule id, position) and the
ast-grep tree; each rule in :data:`RULES` turns one hit into edits on that tree, made at
the node's boundaries (the callee, the event name, a wrapper around an argument) so that
edits of nested hits never overlap. What a rule leaves out, or cannot prove safe, falls
back to a ``TODO(twilio2zoom)`` line. Where the meaning changes (users present before
join, track-level events and calls that Zoom keys by user, preview tracks, array
payloads), the code calls a helper of the generated ``zoomVideo`` module.

Then three passes with no resolver rule of their own: room and participant properties
(``room.localParticipant``, ``room.name``, ``participant.identity``/``sid``), TypeScript
type names imported from twilio-video, and the imports themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from mappings.catalog import CATALOG, ApiMapping
from migrate.audit.findings import Hit

Edit = tuple[int, int, str]
SDK = "@zoom/videosdk"
DEFAULT_SDK_NAME = "ZoomVideo"
MODULE = "twilio-video"
INIT_ARGS = "'en-US', 'Global', { patchJsMedia: true }"
# The twilio-video types the rewritten code names, and what stands for each: a type of
# the SDK, of the generated module ("" = the module), or of the language.
_TYPES: dict[str, tuple[str, str]] = {
    "Room": ("ZoomClient", ""),
    "RemoteParticipant": ("Participant", SDK),
    "LocalParticipant": ("Participant", SDK),
    "Participant": ("Participant", SDK),
    "LocalDataTrack": ("CommandClient", ""),
    "ConnectOptions": ("JoinOptions", ""),
    "TwilioError": ("Error", "global"),
    **{
        name: ("Track", "")
        for name in (
            "Track", "LocalTrack", "RemoteTrack", "AudioTrack", "VideoTrack", "LocalAudioTrack",
            "LocalVideoTrack", "RemoteAudioTrack", "RemoteVideoTrack", "RemoteDataTrack",
            "DataTrack",
        )
    },
    **{
        name: ("Publication", "")
        for name in (
            "TrackPublication", "LocalTrackPublication", "RemoteTrackPublication",
            "LocalAudioTrackPublication", "LocalVideoTrackPublication",
            "RemoteAudioTrackPublication", "RemoteVideoTrackPublication",
            "LocalDataTrackPublication", "RemoteDataTrackPublication",
        )
    },
}  # fmt: skip
# Room events on client events: the Zoom event and the helper that adapts the payload.
_USER_EVENTS = {
    "participantConnected": ("user-added", "eachUser"),
    "participantDisconnected": ("user-removed", "eachUser"),
    "dominantSpeakerChanged": ("active-speaker", "loudest"),
    "trackMessage": ("command-channel-message", "commandText"),
    "message": ("command-channel-message", "commandText"),
}
_STATE_EVENTS = {
    "reconnecting": ("Reconnecting",),
    "reconnected": ("Connected",),
    "disconnected": ("Closed", "Fail"),
}
_TRACK_EVENTS = frozenset(
    {"trackSubscribed", "trackUnsubscribed", "trackStarted", "trackPublished", "trackUnpublished",
     "trackEnabled", "trackDisabled"}
)  # fmt: skip
_LISTEN = frozenset({"on", "once", "addListener"})
_UNLISTEN = frozenset({"off", "removeListener"})
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
    "js.event.trackMessage": "command-channel-message: text only, at most 512 characters",
    "js.event.message": "command-channel-message: text only, at most 512 characters",
    "js.connect.option.networkQuality": "always on: listen for network-quality-change (levels "
    "0-5, only while video is on)",
    "js.connect.option.audio": "stream.startAudio() after join; constraints go to startAudio",
    "js.connect.option.video": "stream.startVideo() after join; constraints go to startVideo",
    "js.connect.option.tracks": "no track objects at join: startAudio/startVideo after join",
}
_QUALITY_NOTE = "network-quality-change: uplink level 0-5, only while the user's video is on"
_TRACK_EVENT_NOTE = "peer-video-state-change {action, userId}: user-level and video only"
_ROOMISH = re.compile(r"(?i)room|call|session|client")
_PARTICIPANTISH = re.compile(r"(?i)participant|speaker|peer")
# A receiver whose own name says room (room, videoRoom, this.room, roomRef.current).
_ROOM_END = re.compile(r"(?i)room(\.current)?$")


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


class _Context:
    def __init__(self, source: str, root: SgNode, dialect: str, helpers: str) -> None:
        self.source = source
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
        self.imports = _twilio_imports(root)
        self.sdk_name = _default_name(self.imports) or DEFAULT_SDK_NAME
        self.quote = _quote(self.imports)
        # Names the file uses for something else (a helper then takes a prefixed alias);
        # the helpers an earlier run imported are not such names.
        self.names = {n.text() for n in root.find_all(kind="identifier")} - _imported_from(
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
        return min(found, key=_end, default=None)


def plan_browser(
    source: str, root: SgNode, dialect: str, hits: list[Hit], offsets: list[int], helpers: str
) -> Plan:
    """Edits for the browser ``hits`` (``offsets``: each hit's character offset);
    ``helpers`` is the specifier of the generated module from this file ("" = none)."""
    ctx = _Context(source, root, dialect, helpers)
    plan = Plan()
    modular = bool(ctx.imports) or not any(h.rule_id == "js-global" for h in hits)
    handled: list[bool] = []
    for hit, at in zip(hits, offsets, strict=True):
        rule = RULES.get(hit.rule_id)
        done = False
        if any(s <= at < e for s, e in ctx.consumed):
            done = True
        elif hit.rule_id == "js-import":
            # the import pass below rewrites the statement
            done = modular and any(_start(i) <= at < _end(i) for i in ctx.imports)
        elif rule is not None and modular:
            before = len(ctx.edits)
            done = bool(rule(ctx, hit, at))
            plan.calls += len(ctx.edits) > before
        handled.append(done)
    if modular:
        _known_objects(ctx)
        _properties(ctx)
        if dialect != "javascript":
            _types(ctx)
        _imports(ctx)
    plan.edits = ctx.edits
    plan.marks = ctx.marks
    plan.unhandled = [i for i, done in enumerate(handled) if not done]
    return plan


# --- rules ---------------------------------------------------------------------------------


def _args(call: SgNode) -> tuple[SgNode | None, list[SgNode]]:
    args = call.field("arguments")
    if args is None:
        return None, []
    return args, [c for c in args.children() if c.is_named() and c.kind() != "comment"]


def _start(node: SgNode) -> int:
    return node.range().start.index


def _end(node: SgNode) -> int:
    return node.range().end.index


def _method_call(ctx: _Context, at: int, methods: tuple[str, ...]) -> SgNode | None:
    def test(node: SgNode) -> bool:
        callee = node.field("function")
        prop = callee.field("property") if callee is not None else None
        return (
            callee is not None
            and callee.kind() == "member_expression"
            and (prop is not None and prop.text() in methods)
        )

    return ctx.node(at, "call_expression", test)


def _wrap(call: SgNode, helper: str) -> list[Edit] | None:
    """``x.m(a)`` -> ``helper(x, a)``, edited at the boundaries only."""
    callee = call.field("function")
    receiver = callee.field("object") if callee is not None else None
    args, named = _args(call)
    if receiver is None or args is None:
        return None
    edits: list[Edit] = [(_start(call), _start(call), f"{helper}(")]
    if named:
        edits.append((_end(receiver), _start(args) + 1, ", "))
    else:
        edits.append((_end(receiver), _end(call), ")"))
    return edits


def _call_helper(ctx: _Context, hit: Hit, at: int, methods: dict[str, str], key: str) -> bool:
    if not ctx.target:
        return False
    call = _method_call(ctx, at, tuple(methods))
    if call is None:
        return False
    prop = call.field("function").field("property")  # type: ignore[union-attr]
    edits = _wrap(call, ctx.helper(methods[prop.text()]))  # type: ignore[union-attr]
    if edits is None or not ctx.accept(edits):
        return False
    ctx.mark(at, key)
    return True


def _attach(ctx: _Context, hit: Hit, at: int) -> bool:
    return _call_helper(ctx, hit, at, {"attach": "attachTrack"}, "js.attach")


def _detach(ctx: _Context, hit: Hit, at: int) -> bool:
    return _call_helper(ctx, hit, at, {"detach": "detachTrack"}, "js.detach")


def _enable(ctx: _Context, hit: Hit, at: int) -> bool:
    key = "js.track.disable" if hit.subject == "disable" else "js.track.enable"
    return _call_helper(ctx, hit, at, {"enable": "enableTrack", "disable": "disableTrack"}, key)


def _stop(ctx: _Context, hit: Hit, at: int) -> bool:
    return _call_helper(ctx, hit, at, {"stop": "stopTrack"}, "js.track.stop")


def _restart(ctx: _Context, hit: Hit, at: int) -> bool:
    return _call_helper(ctx, hit, at, {"restart": "restartTrack"}, "js.track.restart")


def _publish(ctx: _Context, hit: Hit, at: int) -> bool:
    """``lp.publishTrack(t)`` -> ``publishTrack(t)``; the plural maps over the array."""
    if not ctx.target:
        return False
    names = ("publishTrack", "publishTracks", "unpublishTrack", "unpublishTracks")
    call = _method_call(ctx, at, names)
    if call is None:
        return False
    method = call.field("function").field("property").text()  # type: ignore[union-attr]
    args, named = _args(call)
    if args is None or len(named) != 1:
        return False
    single = method.removesuffix("s")
    helper = ctx.helper(single)
    if method.endswith("s"):
        edits = [
            (_start(call), _start(args) + 1, "Promise.all("),
            (_end(named[0]), _end(named[0]), f".map({helper})"),
        ]
        if not single.startswith("publish"):
            edits[0] = (_start(call), _start(args) + 1, "(")
    else:
        edits = [(_start(call), _start(args), helper)]
    if not ctx.accept(edits):
        return False
    ctx.mark(at, "js.unpublish_track" if method.startswith("un") else "js.publish_track")
    return True


def _disconnect(ctx: _Context, hit: Hit, at: int) -> bool:
    call = _method_call(ctx, at, ("disconnect",))
    if call is None:
        return False
    prop = call.field("function").field("property")  # type: ignore[union-attr]
    return prop is not None and ctx.accept([(_start(prop), _end(prop), "leave")])


def _data_send(ctx: _Context, hit: Hit, at: int) -> bool:
    """``track.send(text)`` -> ``client.getCommandClient().send(text)``."""
    if not ctx.target:
        return False
    call = _method_call(ctx, at, ("send",))
    if call is None:
        return False
    receiver = call.field("function").field("object")  # type: ignore[union-attr]
    if receiver is None:
        return False
    edit = (_start(call), _end(receiver), f"{ctx.helper('client')}.getCommandClient()")
    if not ctx.accept([edit]):
        return False
    ctx.mark(at, "js.data_track.send")
    return True


def _new_node(ctx: _Context, at: int) -> SgNode | None:
    return ctx.node(at, "new_expression")


def _data_track(ctx: _Context, hit: Hit, at: int) -> bool:
    node = _new_node(ctx, at)
    if node is None or not ctx.target:
        return False
    edit = (_start(node), _end(node), f"{ctx.helper('client')}.getCommandClient()")
    if not ctx.accept([edit]):
        return False
    ctx.mark(at, "js.local_data_track")
    return True


def _create(ctx: _Context, hit: Hit, at: int) -> bool:
    """createLocalTracks/AudioTrack/VideoTrack -> preview helpers; ``new LocalVideoTrack``
    (a screen or canvas track handed in) -> ``screenTrack``."""
    if not ctx.target:
        return False
    helpers = {
        "js-create-local-tracks": ("localTracks", "js.create_local_tracks"),
        "js-create-local-audio-track": ("localAudioTrack", "js.create_local_audio_track"),
        "js-create-local-video-track": ("localVideoTrack", "js.create_local_video_track"),
    }
    helper, key = helpers[hit.rule_id]
    new = _new_node(ctx, at)
    if new is not None:
        args, _named = _args(new)
        if hit.rule_id != "js-create-local-video-track" or args is None:
            return False
        if not ctx.accept([(_start(new), _start(args), ctx.helper("screenTrack"))]):
            return False
        _note_result(ctx, new)
        ctx.mark(at, "js.screen_share")
        return True
    call = ctx.node(at, "call_expression")
    callee = call.field("function") if call is not None else None
    if callee is None or not ctx.accept([(_start(callee), _end(callee), ctx.helper(helper))]):
        return False
    _note_result(ctx, call)  # type: ignore[arg-type]
    ctx.mark(at, key)
    return True


def _note_result(ctx: _Context, node: SgNode) -> None:
    """The names that ``node``'s value (a Track, or an array of them) is stored in."""
    holder = node.parent()
    while holder is not None and holder.kind() in ("await_expression", "parenthesized_expression"):
        holder = holder.parent()
    if holder is None:
        return
    target = holder.field("name") if holder.kind() == "variable_declarator" else None
    if holder.kind() == "assignment_expression":
        target = holder.field("left")
    if target is None:
        return
    if target.kind() in ("identifier", "member_expression"):
        ctx.tracks.add(target.text())
    elif target.kind() == "array_pattern":
        ctx.tracks.update(c.text() for c in target.children() if c.kind() == "identifier")


def _is_supported(ctx: _Context, hit: Hit, at: int) -> bool:
    node = ctx.node(at, "member_expression") or ctx.node(at, "identifier")
    if node is None:
        return False
    if not ctx.accept([(_start(node), _end(node), f"{ctx.sdk()}.checkSystemRequirements().video")]):
        return False
    ctx.mark(at, "js.is_supported")
    return True


def _collection(ctx: _Context, hit: Hit, at: int) -> bool:
    """``room.participants`` -> ``participantsOf(room)``; ``p.videoTracks`` ->
    ``tracksOf(p, 'video')``."""
    if not ctx.target:
        return False

    def test(node: SgNode) -> bool:
        prop = node.field("property")
        return prop is not None and prop.text() == hit.subject

    member = ctx.node(at, "member_expression", test)
    obj = member.field("object") if member is not None else None
    if member is None or obj is None:
        return False
    if hit.subject == "participants":
        helper, extra, key = ctx.helper("participantsOf"), "", "js.participants"
    else:
        kind = hit.subject.removesuffix("Tracks")
        extra = "" if hit.subject == "tracks" else f", {ctx.quote}{kind}{ctx.quote}"
        helper, key = ctx.helper("tracksOf"), "js.publications"
    edits = [(_start(member), _start(member), f"{helper}("), (_end(obj), _end(member), f"{extra})")]
    if not ctx.accept(edits):
        return False
    if hit.subject == "participants":
        # participantsOf(room).forEach((p) => ...): p is a Zoom user
        outer = member.parent()
        call = outer.parent() if outer is not None else None
        if call is not None and call.kind() == "call_expression":
            _node, named = _args(call)
            ctx.note_parameter(named[0] if named else None)
    ctx.mark(at, key)
    return True


def _event(ctx: _Context, hit: Hit, at: int) -> bool:
    call = _method_call(ctx, at, tuple(_LISTEN | _UNLISTEN))
    if call is None:
        return False
    callee = call.field("function")
    method = callee.field("property").text()  # type: ignore[union-attr]
    removing = method in _UNLISTEN
    receiver = callee.field("object") if callee is not None else None
    _args_node, named = _args(call)
    if receiver is None or len(named) != 2 or named[0].kind() != "string":
        return False
    event, handler = hit.subject, named[1]
    name_node = named[0]
    q = name_node.text()[0]
    participant = bool(_PARTICIPANTISH.search(receiver.text())) and not _ROOMISH.search(
        receiver.text()
    )
    key = f"js.event.{event}"
    if event in _TRACK_EVENTS and ctx.target:
        # receiver.on('trackSubscribed', f) -> onTrack(receiver, 'trackSubscribed', f)
        helper = "offTrack" if removing else "onTrack"
        edits = [
            (_start(call), _start(call), f"{ctx.helper(helper)}("),
            (_end(receiver), _start(name_node), ", "),
        ]
        if not ctx.accept(edits):
            return False
        ctx.note_parameter(handler, 2)
        ctx.mark(at, key, _TRACK_EVENT_NOTE)
        return True
    if event == "networkQualityLevelChanged" and ctx.target and method in ("on", "addListener"):
        # participant.on('networkQualityLevelChanged', f) -> onNetworkQuality(participant, f)
        edits = [
            (_start(call), _start(call), f"{ctx.helper('onNetworkQuality')}("),
            (_end(receiver), _end(name_node), ""),
        ]
        if not ctx.accept(edits):
            return False
        ctx.mark(at, key, _QUALITY_NOTE)
        return True
    if participant:
        return False  # a participant's own events: Zoom has them only on the client
    # The client has on/off only; once() listens on (the TODO says so).
    renamed = {"addListener": "on", "once": "on", "removeListener": "off"}.get(method)
    prop = callee.field("property")  # type: ignore[union-attr]
    rename = [] if renamed is None or prop is None else [(_start(prop), _end(prop), renamed)]
    if event in _USER_EVENTS and ctx.target:
        zoom, wrapper = _USER_EVENTS[event]
        edits = [
            (_start(name_node), _end(name_node), f"{q}{zoom}{q}"),
            (_start(handler), _start(handler), f"{ctx.helper(wrapper)}("),
            (_end(handler), _end(handler), ")"),
        ]
        if event == "message":
            edits.append((_start(receiver), _end(receiver), ctx.helper("client")))
        if not ctx.accept(edits + rename):
            return False
        _once(ctx, at, method, key)
        if wrapper in ("eachUser", "loudest"):
            ctx.note_parameter(handler)
        ctx.mark(at, key)
        return True
    if event in _STATE_EVENTS:
        states = _STATE_EVENTS[event]
        edits = [(_start(name_node), _end(name_node), f"{q}connection-change{q}")]
        params = handler.field("parameters") or handler.field("parameter")
        body = handler.field("body")
        bare = (
            handler.kind() == "arrow_function"
            and params is not None
            and (params.kind() == "formal_parameters" and not params.text().strip("() \t\n"))
        )
        if bare and body is not None and not removing:
            test = " || ".join(f"connection.state === {q}{s}{q}" for s in states)
            edits.append((_start(handler), _start(body), f"(connection) => {{ if ({test}) "))
            tail = " }" if body.kind() == "statement_block" else "; }"
            edits.append((_end(body), _end(body), tail))
        elif ctx.target:
            listed = ", ".join(f"{q}{s}{q}" for s in states)
            edits.append(
                (_start(handler), _start(handler), f"{ctx.helper('connectionState')}([{listed}], ")
            )
            edits.append((_end(handler), _end(handler), ")"))
        else:
            return False
        if not ctx.accept(edits + rename):
            return False
        _once(ctx, at, method, key)
        ctx.mark(at, key)
        return True
    return False


def _once(ctx: _Context, at: int, method: str, key: str) -> None:
    if method == "once":
        ctx.mark(at, key, "once() became on(): the listener runs on every event", always=True)


def _connect(ctx: _Context, hit: Hit, at: int) -> bool:
    call = ctx.node(at, "call_expression")
    if call is None:
        return False
    args, named = _args(call)
    if args is None or not named:
        return False
    token, options = named[0], (named[1] if len(named) > 1 else None)
    pairs = _option_pairs(options)
    awaited = call.parent()
    if awaited is not None and awaited.kind() == "await_expression" and pairs is not None:
        placed = _connect_in_place(ctx, call, awaited, token, pairs, at)
        if placed:
            return True
    if not ctx.target:
        return False
    callee = call.field("function")
    if callee is None or not ctx.accept(
        [(_start(callee), _end(callee), ctx.helper("joinSession"))]
    ):
        return False
    ctx.mark(at, "js.connect")
    if pairs is not None:
        ctx.consumed.append((_start(call), _end(call)))
        _mark_options(ctx, at, pairs, "ignored")
    return True


def _option_pairs(options: SgNode | None) -> dict[str, SgNode] | None:
    """The options object literal's entries (value node by key), or None when it is not a
    plain literal."""
    if options is None:
        return {}
    if options.kind() != "object":
        return None
    out: dict[str, SgNode] = {}
    for prop in options.children():
        if not prop.is_named() or prop.kind() == "comment":
            continue
        if prop.kind() == "pair":
            key = prop.field("key")
            value = prop.field("value")
            if key is None or value is None:
                return None
            out[key.text().strip("'\"")] = value
        elif prop.kind() == "shorthand_property_identifier":
            out[prop.text()] = prop
        else:
            return None  # spread or method: not known here
    return out


def _connect_in_place(
    ctx: _Context, call: SgNode, awaited: SgNode, token: SgNode, pairs: dict[str, SgNode], at: int
) -> bool:
    """``const room = await connect(token, {...});`` -> createClient, init, join, media."""
    if token.kind() not in ("identifier", "member_expression", "string"):
        return False
    holder = awaited.parent()
    if holder is None:
        return False
    statement: SgNode | None
    if holder.kind() == "variable_declarator":
        name = holder.field("name")
        statement = holder.parent()
        if name is None or name.kind() != "identifier" or statement is None:
            return False
        if len([c for c in statement.children() if c.kind() == "variable_declarator"]) != 1:
            return False
        target = name.text()
    elif holder.kind() == "assignment_expression":
        left = holder.field("left")
        statement = holder.parent()
        if left is None or statement is None or statement.kind() != "expression_statement":
            return False
        target = left.text()
    else:
        return False
    outer = statement.parent()
    if outer is None or outer.kind() not in ("statement_block", "program"):
        return False
    source = ctx.source
    line_start = source.rfind("\n", 0, _start(statement)) + 1
    pad = re.match(r"[ \t]*", source[line_start:]).group(0)  # type: ignore[union-attr]
    semi = ";" if source[: _end(statement)].rstrip().endswith(";") else ""
    newline = "\r\n" if "\r\n" in source else "\n"
    q = ctx.quote
    tok = token.text()
    name = pairs.get("name")
    topic = f"{ctx.helper('sessionName')}({tok}" + (f", {name.text()})" if name else ")")
    init = INIT_ARGS.replace("'", q)
    lines = [
        f"await {target}.init({init}){semi}",
        f"await {target}.join({topic}, {tok}, {ctx.helper('userName')}({tok})){semi}",
    ]
    tracks = "tracks" in pairs
    for kind, method in (("audio", "startAudio"), ("video", "startVideo")):
        value = pairs.get(kind)
        start = f"await {target}.getMediaStream().{method}(){semi}"
        if tracks or value is None or value.text() == "true" or value.kind() == "object":
            lines.append(start)
        elif value.text() != "false":
            lines.append(f"if ({value.text()}) {start}")
    text = f"{ctx.sdk()}.createClient(){source[_end(awaited) : _end(statement)]}"
    text += "".join(f"{newline}{pad}{line}" for line in lines)
    edits = [(_start(awaited), _end(statement), text)]
    if name is not None:
        # The room name stays in place, so that edits inside it (room.name) still apply.
        head, tail = text.split(f"{name.text()})", 1)
        edits = [
            (_start(awaited), _start(name), head),
            (_end(name), _end(statement), ")" + tail),
        ]
    if not ctx.accept(edits):
        return False
    ctx.consumed.append((_start(call), _end(call)))
    ctx.rooms.add(target)
    ctx.mark(at, "js.connect")
    _mark_options(ctx, at, pairs, "dropped")
    return True


def _mark_options(ctx: _Context, at: int, pairs: dict[str, SgNode], verb: str) -> None:
    """A TODO per connect option whose meaning changed; the unsupported ones quote what was
    dropped (or is ignored by joinSession)."""
    for option, value in pairs.items():
        key = f"js.connect.option.{option}"
        mapping = CATALOG.get(key)
        if mapping is None or option == "name":
            continue
        if option in ("audio", "video") and value.text() == "false":
            continue  # nothing starts, as nothing was published
        if mapping.fidelity == "unsupported" or option == "region":
            was = re.sub(r"\s+", " ", f"{option}: {value.text()}")
            was = was if len(was) <= 60 else was[:57] + "..."
            ctx.mark(at, key, f"{mapping.zoom.rstrip('.')}; {verb} `{was}`")
        else:
            ctx.mark(at, key)


RULES: dict[str, Callable[[_Context, Hit, int], bool]] = {
    "js-connect": _connect,
    "js-disconnect": _disconnect,
    "js-event": _event,
    "js-attach": _attach,
    "js-detach": _detach,
    "js-track-enable": _enable,
    "js-track-stop": _stop,
    "js-track-restart": _restart,
    "js-publish-track": _publish,
    "js-unpublish-track": _publish,
    "js-participants": _collection,
    "js-publications": _collection,
    "js-data-send": _data_send,
    "js-data-track": _data_track,
    "js-create-local-tracks": _create,
    "js-create-local-audio-track": _create,
    "js-create-local-video-track": _create,
    "js-is-supported": _is_supported,
}


# --- passes --------------------------------------------------------------------------------


_TRACK_METHODS = {
    "attach": ("attachTrack", "js.attach"),
    "detach": ("detachTrack", "js.detach"),
    "enable": ("enableTrack", "js.track.enable"),
    "disable": ("disableTrack", "js.track.disable"),
    "stop": ("stopTrack", "js.track.stop"),
    "restart": ("restartTrack", "js.track.restart"),
}


def _known_objects(ctx: _Context) -> None:
    """Calls on names this file gave the client or a Track that the resolver did not
    report (used before the assignment it follows, or copied to another name)."""
    for node in ctx.root.find_all(kind="assignment_expression"):
        left, right = node.field("left"), node.field("right")
        if left is not None and right is not None and right.text() in ctx.rooms:
            ctx.rooms.add(left.text())
    for call in ctx.root.find_all(kind="call_expression"):
        callee = call.field("function")
        if callee is None or callee.kind() != "member_expression":
            continue
        obj, prop = callee.field("object"), callee.field("property")
        if obj is None or prop is None:
            continue
        method = prop.text()
        if obj.text() in ctx.rooms and method == "disconnect":
            ctx.accept([(_start(prop), _end(prop), "leave")])
        elif obj.text() in ctx.tracks and method in _TRACK_METHODS and ctx.target:
            helper, key = _TRACK_METHODS[method]
            edits = _wrap(call, ctx.local(helper))
            if edits is not None and ctx.accept(edits):
                ctx.helpers.add(helper)
                ctx.mark(_start(call), key)


def _properties(ctx: _Context) -> None:
    """Room and participant properties that the resolver does not report as calls."""
    for member in ctx.root.find_all(kind="member_expression"):
        prop, obj = member.field("property"), member.field("object")
        if prop is None or obj is None or obj.kind() == "this":
            continue
        name = prop.text()
        if name not in ("localParticipant", "name", "sid", "identity"):
            continue
        parent = member.parent()
        if parent is not None and parent.kind() == "assignment_expression":
            left = parent.field("left")
            if left is not None and _start(left) == _start(member):
                continue
        chain = obj.text()
        roomish = (
            _root(obj) in ctx.rooms or obj.text() in ctx.rooms or bool(_ROOM_END.search(chain))
        )
        participantish = bool(_PARTICIPANTISH.search(chain.split(".")[-1])) or (
            _root(obj) in ctx.participants
        )
        at = _start(member)
        if name == "localParticipant":  # a name only twilio-video rooms have
            if ctx.accept([(_start(prop), _end(prop), "getCurrentUserInfo()")]):
                ctx.mark(at, "js.local_participant")
        elif name in ("name", "sid") and roomish and not participantish:
            field_name = "topic" if name == "name" else "sessionId"
            if ctx.accept([(_start(prop), _end(prop), f"getSessionInfo().{field_name}")]):
                ctx.mark(at, "js.room.properties")
        elif name == "identity" and participantish:
            if ctx.accept([(_start(prop), _end(prop), "displayName")]):
                ctx.mark(at, "js.participant.identity")
        elif name == "sid" and participantish:
            edits = [
                (at, at, "String("),
                (_start(prop), _end(prop), "userId"),
                (_end(member), _end(member), ")"),
            ]
            if ctx.accept(edits):
                ctx.mark(at, "js.participant.sid")


def _imported_from(root: SgNode, module: str) -> set[str]:
    """The local names ``import { ... } from module`` binds."""
    names: set[str] = set()
    for statement in root.find_all(kind="import_statement"):
        source = statement.field("source")
        if module and source is not None and source.text()[1:-1] == module:
            for spec in statement.find_all(kind="import_specifier"):
                name = spec.field("alias") or spec.field("name")
                if name is not None:
                    names.add(name.text())
    return names


def _root(node: SgNode) -> str:
    while node.kind() == "member_expression":
        inner = node.field("object")
        if inner is None:
            break
        node = inner
    return node.text()


def _imported_types(ctx: _Context) -> dict[str, str]:
    """Local name -> twilio-video name of what the imports bring in by name."""
    out: dict[str, str] = {}
    for statement in ctx.imports:
        for spec in statement.find_all(kind="import_specifier"):
            name, alias = spec.field("name"), spec.field("alias")
            if name is not None:
                out[(alias or name).text()] = name.text()
    return out


def _types(ctx: _Context) -> None:
    """TypeScript type names from twilio-video -> their Zoom stand-ins; a union whose
    members all become one type (``LocalParticipant | RemoteParticipant``) becomes it once."""
    imported = _imported_types(ctx)
    namespaces = {_default_name(ctx.imports)} - {None}

    def twilio_name(node: SgNode) -> str:
        if node.kind() == "nested_type_identifier":
            module, leaf = node.field("module"), node.field("name")
            if module is None or leaf is None or module.text() not in namespaces:
                return ""
            return leaf.text()
        if node.kind() == "type_identifier":
            parent = node.parent()
            if parent is not None and parent.kind() == "nested_type_identifier":
                return ""
            return imported.get(node.text(), "")
        return ""

    def stand_in(twilio: str) -> str:
        name, origin = _TYPES.get(twilio, ("unknown", "global"))
        if origin == SDK:
            ctx.sdk_types.add(name)
        elif origin == "":
            ctx.helper_types.add(name)
            name = ctx.local(name)
        return name

    def members(node: SgNode) -> list[SgNode] | None:
        """The leaves of a union of type names, or None if a member is anything else."""
        if node.kind() == "union_type":
            out: list[SgNode] = []
            for child in node.children():
                if child.is_named():
                    inner = members(child)
                    if inner is None:
                        return None
                    out.extend(inner)
            return out
        return [node] if twilio_name(node) else None

    for union in ctx.root.find_all(kind="union_type"):
        leaves = members(union)
        names = {_TYPES.get(twilio_name(n), ("unknown", ""))[0] for n in leaves or []}
        if leaves and len(names) == 1:
            ctx.accept([(_start(union), _end(union), stand_in(twilio_name(leaves[0])))])
    for node in ctx.root.find_all(
        any=[{"kind": "type_identifier"}, {"kind": "nested_type_identifier"}]
    ):
        twilio = twilio_name(node)
        if twilio:
            ctx.accept([(_start(node), _end(node), stand_in(twilio))])


def _twilio_imports(root: SgNode) -> list[SgNode]:
    """Top-level ``import ... from 'twilio-video'`` statements and
    ``const x = require('twilio-video')`` declarations."""
    found: list[SgNode] = []
    for node in root.find_all(kind="string"):
        if node.text()[1:-1] != MODULE:
            continue
        parent = node.parent()
        if parent is not None and parent.kind() == "import_statement":
            found.append(parent)
        elif parent is not None and parent.kind() == "arguments":
            call = parent.parent()
            holder = call.parent() if call is not None else None
            callee = call.field("function") if call is not None else None
            if callee is None or callee.text() != "require" or holder is None:
                continue
            if holder.kind() == "variable_declarator" and holder.parent() is not None:
                found.append(holder.parent())  # type: ignore[arg-type]
    return found


def _default_name(imports: list[SgNode]) -> str | None:
    """The local name of twilio-video's default or namespace import (``Video``)."""
    for statement in imports:
        if statement.kind() == "import_statement":
            clause = next((c for c in statement.children() if c.kind() == "import_clause"), None)
            for child in clause.children() if clause is not None else []:
                if child.kind() == "identifier":
                    return child.text()
                if child.kind() == "namespace_import":
                    ident = next((c for c in child.children() if c.kind() == "identifier"), None)
                    if ident is not None:
                        return ident.text()
        else:
            declarator = next(
                (c for c in statement.children() if c.kind() == "variable_declarator"), None
            )
            name = declarator.field("name") if declarator is not None else None
            if name is not None and name.kind() == "identifier":
                return name.text()
    return None


def _quote(imports: list[SgNode]) -> str:
    for statement in imports:
        for node in statement.find_all(kind="string"):
            return node.text()[0]
    return "'"


def _imports(ctx: _Context) -> None:
    """The twilio-video imports become the SDK's and the helpers' imports."""
    had_default = _default_name(ctx.imports) is not None
    commonjs = bool(ctx.imports) and ctx.imports[0].kind() != "import_statement"
    if not ctx.imports:
        commonjs = "require(" in ctx.source and not ctx.root.find(kind="import_statement")
    lines = _import_lines(ctx, had_default, commonjs)
    if not lines and not ctx.imports:
        return
    newline = "\r\n" if "\r\n" in ctx.source else "\n"
    if ctx.imports:
        first = ctx.imports[0]
        line_start = ctx.source.rfind("\n", 0, _start(first)) + 1
        pad = re.match(r"[ \t]*", ctx.source[line_start:]).group(0)  # type: ignore[union-attr]
        text = (newline + pad).join(lines)
        edits = [(_start(first), _end(first), text)]
        for other in ctx.imports[1:]:
            end = _end(other)
            if ctx.source[end : end + len(newline)] == newline:
                end += len(newline)
            start = ctx.source.rfind("\n", 0, _start(other)) + 1
            edits.append((start, end, ""))
        ctx.accept(edits)
        return
    existing = _helper_import(ctx)
    if existing is not None:
        # a file an earlier run rewrote: the helpers it already imports, and the new ones
        named, clause = existing
        ctx.helpers |= {
            spec.split(" as ")[0].strip() for spec in named.text().strip("{}").split(",")
        }
        ctx.helpers.discard("")
        lines = _import_lines(ctx, had_default, commonjs)
        helper_line = next(
            (line for line in lines if ctx.target in line and " type " not in line), None
        )
        if helper_line is not None:
            statement = clause.parent()
            if statement is not None and helper_line != statement.text():
                ctx.accept([(_start(statement), _end(statement), helper_line)])
        lines = [line for line in lines if line is not helper_line]
        if not lines:
            return
    at = _insertion_point(ctx)
    ctx.accept([(at, at, "".join(line + newline for line in lines))])


def _helper_import(ctx: _Context) -> tuple[SgNode, SgNode] | None:
    """The named imports of an ``import { ... } from '<helpers>'`` already in the file."""
    if not ctx.target:
        return None
    for statement in ctx.root.find_all(kind="import_statement"):
        source = statement.field("source")
        if source is None or source.text()[1:-1] != ctx.target:
            continue
        if any(not c.is_named() and c.kind() == "type" for c in statement.children()):
            continue
        clause = next((c for c in statement.children() if c.kind() == "import_clause"), None)
        named = clause.find(kind="named_imports") if clause is not None else None
        if clause is not None and named is not None:
            return named, clause
    return None


def _import_lines(ctx: _Context, had_default: bool, commonjs: bool) -> list[str]:
    q = ctx.quote
    lines: list[str] = []
    typescript = ctx.dialect != "javascript"
    helpers = sorted(ctx.helpers)
    named = [h if ctx.local(h) == h else f"{h} as {ctx.local(h)}" for h in helpers]
    types = sorted(ctx.helper_types)
    named_types = [t if ctx.local(t) == t else f"{t} as {ctx.local(t)}" for t in types]
    if commonjs:
        if had_default or ctx.sdk_default:
            lines.append(f"const {ctx.sdk_name} = require({q}{SDK}{q}).default;")
        if helpers and ctx.target:
            parts = [h if ctx.local(h) == h else f"{h}: {ctx.local(h)}" for h in helpers]
            lines.append(f"const {{ {', '.join(parts)} }} = require({q}{ctx.target}{q});")
        return lines
    if had_default or ctx.sdk_default:
        lines.append(f"import {ctx.sdk_name} from {q}{SDK}{q};")
    if typescript and ctx.sdk_types:
        lines.append(f"import type {{ {', '.join(sorted(ctx.sdk_types))} }} from {q}{SDK}{q};")
    if helpers and ctx.target:
        lines.append(_import_line("import", named, f"{q}{ctx.target}{q}"))
    if typescript and types and ctx.target:
        lines.append(_import_line("import type", named_types, f"{q}{ctx.target}{q}"))
    if not lines and ctx.imports:
        lines.append(f"import {q}{SDK}{q};")
    return lines


def _import_line(keyword: str, names: list[str], specifier: str) -> str:
    line = f"{keyword} {{ {', '.join(names)} }} from {specifier};"
    if len(line) <= _LINE:
        return line
    listed = "".join(f"\n  {name}," for name in names)
    return f"{keyword} {{{listed}\n}} from {specifier};"


_LINE = 100


def _insertion_point(ctx: _Context) -> int:
    """After the last top-level import, else after a directive prologue ('use client')."""
    last: SgNode | None = None
    for child in ctx.root.children():
        if child.kind() == "import_statement":
            last = child
        elif child.kind() == "expression_statement" and last is None:
            inner = child.children()[0] if child.children() else None
            if inner is not None and inner.kind() == "string":
                last = child
                continue
            break
        elif child.kind() not in ("comment", "hash_bang_line") and last is not None:
            break
    if last is None:
        return 0
    end = ctx.source.find("\n", _end(last))
    return len(ctx.source) if end == -1 else end + 1
