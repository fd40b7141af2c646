"""Browser call sites: twilio-video code rewritten to @zoom/videosdk 2.x in place.

``rewrite.py`` hands over the resolver's browser hits (rule id, position) and the
ast-grep tree; each rule in :data:`RULES` turns one hit into edits on that tree, made at
the node's boundaries (the callee, the event name, a wrapper around an argument) so that
edits of nested hits never overlap. What a rule leaves out, or cannot prove safe, falls
back to a ``TODO(twilio2zoom)`` line. Where the meaning changes (users present before
join, track-level events and calls that Zoom keys by user, preview tracks, array
payloads), the code calls a helper of the generated ``zoomVideo`` module.

Two passes follow with no resolver rule of their own: calls on names this file gave the
client or a track, and room and participant properties (``room.localParticipant``,
``room.name``, ``participant.identity``/``sid``); then ``codemods.js.browser_imports``
rewrites the TypeScript types and the imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ast_grep_py import SgNode

from codemods.js.browser_context import Context, Edit, Mark, Plan, call_args
from codemods.js.browser_imports import SDK, imports, node_end, node_start, types
from mappings.catalog import CATALOG
from migrate.audit.findings import Hit

__all__ = ["SDK", "Mark", "Plan", "plan_browser"]
INIT_ARGS = "'en-US', 'Global', { patchJsMedia: true }"

# Room events on client events: the Zoom event and the helper that adapts the payload.
_USER_EVENTS = {
    "participantConnected": ("user-added", "eachUser"),
    "participantDisconnected": ("user-removed", "eachUser"),
    "dominantSpeakerChanged": ("active-speaker", "loudest"),
    "trackMessage": ("command-channel-message", "commandText"),
    "message": ("command-channel-message", "commandText"),
    "participantReconnecting": ("user-updated", "inFailover"),
    "participantReconnected": ("user-updated", "outOfFailover"),
}
# Room state events on a client event whose payload carries a state: the Zoom event, the
# states, the listener's parameter and where its state is, and the helper for listeners
# that are not a bare arrow function.
_CONNECTION = ("connection-change", "connection", ".state", "connectionState")
_RECORDING = ("recording-change", "status", "", "recordingState")
_STATE_EVENTS = {
    "reconnecting": (_CONNECTION, ("Reconnecting",)),
    "reconnected": (_CONNECTION, ("Connected",)),
    "disconnected": (_CONNECTION, ("Closed", "Fail")),
    "recordingStarted": (_RECORDING, ("Recording",)),
    "recordingStopped": (_RECORDING, ("Stopped",)),
}
_TRACK_EVENTS = frozenset(
    {"trackSubscribed", "trackUnsubscribed", "trackStarted", "trackPublished", "trackUnpublished",
     "trackEnabled", "trackDisabled"}
)  # fmt: skip
_LISTEN = frozenset({"on", "once", "addListener"})
_UNLISTEN = frozenset({"off", "removeListener"})
_QUALITY_NOTE = "network-quality-change: uplink level 0-5, only while the user's video is on"
_LOCAL_TRACK_NOTE = (
    "video-capturing-change / current-audio-change (passively-stop-share for a screen)"
)
_TRACK_EVENT_NOTE = "peer-video-state-change {action, userId}: user-level and video only"
_ROOMISH = re.compile(r"(?i)room|call|session|client")
_PARTICIPANTISH = re.compile(r"(?i)participant|speaker|peer")
# A receiver whose own name says room (room, videoRoom, this.room, roomRef.current).
_ROOM_END = re.compile(r"(?i)room(\.current)?$")


def plan_browser(
    source: str,
    root: SgNode,
    dialect: str,
    hits: list[Hit],
    offsets: list[int],
    helpers: str,
    sdk_global: str = "",
) -> Plan:
    """Edits for the browser ``hits`` (``offsets``: each hit's character offset);
    ``helpers`` is the specifier of the generated module from this file ("" = none).

    With ``sdk_global`` (a classic script on the ``Twilio.Video`` global, on a page that
    loads Zoom's CDN build), the SDK is that expression, ``helpers`` names the global
    object of the helpers' classic build, and no import is written."""
    ctx = Context(source, root, dialect, helpers, sdk_global)
    plan = Plan()
    classic = bool(sdk_global) and not ctx.imports
    modular = classic or bool(ctx.imports) or not any(h.rule_id == "js-global" for h in hits)
    handled: list[bool] = []
    for hit, at in zip(hits, offsets, strict=True):
        rule = RULES.get(hit.rule_id)
        done = False
        if any(s <= at < e for s, e in ctx.consumed):
            done = True
        elif hit.rule_id == "js-import":
            # the import pass below rewrites the statement
            done = modular and any(node_start(i) <= at < node_end(i) for i in ctx.imports)
        elif rule is not None and modular:
            before = len(ctx.edits)
            done = bool(rule(ctx, hit, at))
            plan.calls += len(ctx.edits) > before
        handled.append(done)
    if modular:
        _known_objects(ctx)
        _properties(ctx)
        if dialect != "javascript":
            types(ctx)
        if not classic:
            imports(ctx)
    plan.edits = ctx.edits
    plan.marks = ctx.marks
    plan.unhandled = [i for i, done in enumerate(handled) if not done]
    # Calls a rule exists for but could not rewrite (their code stays Twilio-shaped).
    plan.unrewritten = sum(1 for i in plan.unhandled if hits[i].rule_id in RULES)
    return plan


# --- rules ---------------------------------------------------------------------------------


def _method_call(ctx: Context, at: int, methods: tuple[str, ...]) -> SgNode | None:
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
    args, named = call_args(call)
    if receiver is None or args is None:
        return None
    edits: list[Edit] = [(node_start(call), node_start(call), f"{helper}(")]
    if named:
        edits.append((node_end(receiver), node_start(args) + 1, ", "))
    else:
        edits.append((node_end(receiver), node_end(call), ")"))
    return edits


def _call_helper(ctx: Context, hit: Hit, at: int, methods: dict[str, str], key: str) -> bool:
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


def _attach(ctx: Context, hit: Hit, at: int) -> bool:
    return _call_helper(ctx, hit, at, {"attach": "attachTrack"}, "js.attach")


def _detach(ctx: Context, hit: Hit, at: int) -> bool:
    return _call_helper(ctx, hit, at, {"detach": "detachTrack"}, "js.detach")


def _enable(ctx: Context, hit: Hit, at: int) -> bool:
    key = "js.track.disable" if hit.subject == "disable" else "js.track.enable"
    return _call_helper(ctx, hit, at, {"enable": "enableTrack", "disable": "disableTrack"}, key)


def _stop(ctx: Context, hit: Hit, at: int) -> bool:
    return _call_helper(ctx, hit, at, {"stop": "stopTrack"}, "js.track.stop")


def _restart(ctx: Context, hit: Hit, at: int) -> bool:
    return _call_helper(ctx, hit, at, {"restart": "restartTrack"}, "js.track.restart")


def _publish(ctx: Context, hit: Hit, at: int) -> bool:
    """``lp.publishTrack(t)`` -> ``publishTrack(t)``; the plural maps over the array."""
    if not ctx.target:
        return False
    names = ("publishTrack", "publishTracks", "unpublishTrack", "unpublishTracks")
    call = _method_call(ctx, at, names)
    if call is None:
        return False
    method = call.field("function").field("property").text()  # type: ignore[union-attr]
    args, named = call_args(call)
    if args is None or len(named) != 1:
        return False
    single = method.removesuffix("s")
    helper = ctx.helper(single)
    if method.endswith("s"):
        edits = [
            (node_start(call), node_start(args) + 1, "Promise.all("),
            (node_end(named[0]), node_end(named[0]), f".map({helper})"),
        ]
        if not single.startswith("publish"):
            edits[0] = (node_start(call), node_start(args) + 1, "(")
    else:
        edits = [(node_start(call), node_start(args), helper)]
    if not ctx.accept(edits):
        return False
    ctx.mark(at, "js.unpublish_track" if method.startswith("un") else "js.publish_track")
    return True


def _disconnect(ctx: Context, hit: Hit, at: int) -> bool:
    call = _method_call(ctx, at, ("disconnect",))
    if call is None:
        return False
    prop = call.field("function").field("property")  # type: ignore[union-attr]
    return prop is not None and ctx.accept([(node_start(prop), node_end(prop), "leave")])


def _data_send(ctx: Context, hit: Hit, at: int) -> bool:
    """``track.send(text)`` -> ``client.getCommandClient().send(text)``."""
    if not ctx.target:
        return False
    call = _method_call(ctx, at, ("send",))
    if call is None:
        return False
    receiver = call.field("function").field("object")  # type: ignore[union-attr]
    if receiver is None:
        return False
    edit = (node_start(call), node_end(receiver), f"{ctx.helper('client')}.getCommandClient()")
    if not ctx.accept([edit]):
        return False
    ctx.mark(at, "js.data_track.send")
    return True


def _new_node(ctx: Context, at: int) -> SgNode | None:
    return ctx.node(at, "new_expression")


def _data_track(ctx: Context, hit: Hit, at: int) -> bool:
    node = _new_node(ctx, at) or ctx.node(at, "call_expression")
    if node is None or not ctx.target:
        return False
    edit = (node_start(node), node_end(node), f"{ctx.helper('client')}.getCommandClient()")
    if not ctx.accept([edit]):
        return False
    ctx.mark(at, "js.local_data_track")
    return True


def _create(ctx: Context, hit: Hit, at: int) -> bool:
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
        args, _named = call_args(new)
        if hit.rule_id != "js-create-local-video-track" or args is None:
            return False
        if not ctx.accept([(node_start(new), node_start(args), ctx.helper("screenTrack"))]):
            return False
        _note_result(ctx, new)
        ctx.mark(at, "js.screen_share")
        return True
    call = ctx.node(at, "call_expression")
    callee = call.field("function") if call is not None else None
    if callee is None or not ctx.accept(
        [(node_start(callee), node_end(callee), ctx.helper(helper))]
    ):
        return False
    _note_result(ctx, call)  # type: ignore[arg-type]
    ctx.mark(at, key)
    return True


def _note_result(ctx: Context, node: SgNode) -> None:
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


def _is_supported(ctx: Context, hit: Hit, at: int) -> bool:
    def named(node: SgNode) -> bool:
        prop = node.field("property")
        return prop is not None and prop.text() == "isSupported"

    # ``Twilio.Video.isSupported`` starts where ``Twilio.Video`` does: the member named so.
    node = ctx.node(at, "member_expression", named) or ctx.node(at, "identifier")
    if node is None:
        return False
    if not ctx.accept(
        [(node_start(node), node_end(node), f"{ctx.sdk()}.checkSystemRequirements().video")]
    ):
        return False
    ctx.mark(at, "js.is_supported")
    return True


def _collection(ctx: Context, hit: Hit, at: int) -> bool:
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
    edits = [
        (node_start(member), node_start(member), f"{helper}("),
        (node_end(obj), node_end(member), f"{extra})"),
    ]
    if not ctx.accept(edits):
        return False
    if hit.subject == "participants":
        # participantsOf(room).forEach((p) => ...): p is a Zoom user
        outer = member.parent()
        call = outer.parent() if outer is not None else None
        if call is not None and call.kind() == "call_expression":
            _node, named = call_args(call)
            ctx.note_parameter(named[0] if named else None)
    ctx.mark(at, key)
    return True


def _event(ctx: Context, hit: Hit, at: int) -> bool:
    call = _method_call(ctx, at, tuple(_LISTEN | _UNLISTEN))
    if call is None:
        return False
    callee = call.field("function")
    method = callee.field("property").text()  # type: ignore[union-attr]
    removing = method in _UNLISTEN
    receiver = callee.field("object") if callee is not None else None
    _args_node, named = call_args(call)
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
            (node_start(call), node_start(call), f"{ctx.helper(helper)}("),
            (node_end(receiver), node_start(name_node), ", "),
        ]
        if not ctx.accept(edits):
            return False
        ctx.note_parameter(handler, 2)
        ctx.mark(at, key, _TRACK_EVENT_NOTE)
        return True
    if event in ("started", "stopped") and ctx.target and method in ("on", "addListener"):
        # track.on('started', f) -> onLocalTrack(track, 'started', f)
        edits = [
            (node_start(call), node_start(call), f"{ctx.helper('onLocalTrack')}("),
            (node_end(receiver), node_start(name_node), ", "),
        ]
        if not ctx.accept(edits):
            return False
        ctx.mark(at, key, _LOCAL_TRACK_NOTE)
        return True
    if event == "networkQualityLevelChanged" and ctx.target and method in ("on", "addListener"):
        # participant.on('networkQualityLevelChanged', f) -> onNetworkQuality(participant, f)
        edits = [
            (node_start(call), node_start(call), f"{ctx.helper('onNetworkQuality')}("),
            (node_end(receiver), node_end(name_node), ""),
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
    rename = (
        [] if renamed is None or prop is None else [(node_start(prop), node_end(prop), renamed)]
    )
    if event in _USER_EVENTS and ctx.target:
        zoom, wrapper = _USER_EVENTS[event]
        edits = [
            (node_start(name_node), node_end(name_node), f"{q}{zoom}{q}"),
            (node_start(handler), node_start(handler), f"{ctx.helper(wrapper)}("),
            (node_end(handler), node_end(handler), ")"),
        ]
        if event == "message":
            edits.append((node_start(receiver), node_end(receiver), ctx.helper("client")))
        if not ctx.accept(edits + rename):
            return False
        _once(ctx, at, method, key)
        if wrapper in ("eachUser", "loudest", "inFailover", "outOfFailover"):
            ctx.note_parameter(handler)
        ctx.mark(at, key)
        return True
    if event in _STATE_EVENTS:
        (zoom, param, field_name, helper), states = _STATE_EVENTS[event]
        edits = [(node_start(name_node), node_end(name_node), f"{q}{zoom}{q}")]
        params = handler.field("parameters") or handler.field("parameter")
        body = handler.field("body")
        bare = (
            handler.kind() == "arrow_function"
            and params is not None
            and (params.kind() == "formal_parameters" and not params.text().strip("() \t\n"))
        )
        if bare and body is not None and not removing:
            test = " || ".join(f"{param}{field_name} === {q}{s}{q}" for s in states)
            edits.append((node_start(handler), node_start(body), f"({param}) => {{ if ({test}) "))
            tail = " }" if body.kind() == "statement_block" else "; }"
            edits.append((node_end(body), node_end(body), tail))
        elif ctx.target:
            listed = ", ".join(f"{q}{s}{q}" for s in states)
            edits.append(
                (
                    node_start(handler),
                    node_start(handler),
                    f"{ctx.helper(helper)}([{listed}], ",
                )
            )
            edits.append((node_end(handler), node_end(handler), ")"))
        else:
            return False
        if not ctx.accept(edits + rename):
            return False
        _once(ctx, at, method, key)
        ctx.mark(at, key)
        return True
    return False


def _once(ctx: Context, at: int, method: str, key: str) -> None:
    if method == "once":
        ctx.mark(at, key, "once() became on(): the listener runs on every event", always=True)


def _connect(ctx: Context, hit: Hit, at: int) -> bool:
    call = ctx.node(at, "call_expression")
    if call is None:
        return False
    args, named = call_args(call)
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
        [(node_start(callee), node_end(callee), ctx.helper("joinSession"))]
    ):
        return False
    ctx.mark(at, "js.connect")
    if pairs is not None:
        ctx.consumed.append((node_start(call), node_end(call)))
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
    ctx: Context, call: SgNode, awaited: SgNode, token: SgNode, pairs: dict[str, SgNode], at: int
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
    line_start = source.rfind("\n", 0, node_start(statement)) + 1
    pad = re.match(r"[ \t]*", source[line_start:]).group(0)  # type: ignore[union-attr]
    semi = ";" if source[: node_end(statement)].rstrip().endswith(";") else ""
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
    text = f"{ctx.sdk()}.createClient(){source[node_end(awaited) : node_end(statement)]}"
    text += "".join(f"{newline}{pad}{line}" for line in lines)
    edits = [(node_start(awaited), node_end(statement), text)]
    if name is not None:
        # The room name stays in place, so that edits inside it (room.name) still apply.
        head, tail = text.split(f"{name.text()})", 1)
        edits = [
            (node_start(awaited), node_start(name), head),
            (node_end(name), node_end(statement), ")" + tail),
        ]
    if not ctx.accept(edits):
        return False
    ctx.consumed.append((node_start(call), node_end(call)))
    ctx.rooms.add(target)
    ctx.mark(at, "js.connect")
    _mark_options(ctx, at, pairs, "dropped")
    return True


def _mark_options(ctx: Context, at: int, pairs: dict[str, SgNode], verb: str) -> None:
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


RULES: dict[str, Callable[[Context, Hit, int], bool]] = {
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


def _known_objects(ctx: Context) -> None:
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
            ctx.accept([(node_start(prop), node_end(prop), "leave")])
        elif obj.text() in ctx.tracks and method in _TRACK_METHODS and ctx.target:
            helper, key = _TRACK_METHODS[method]
            edits = _wrap(call, ctx.local(helper))
            if edits is not None and ctx.accept(edits):
                ctx.helpers.add(helper)
                ctx.mark(node_start(call), key)


def _properties(ctx: Context) -> None:
    """Room and participant properties that the resolver does not report as calls."""
    for member in ctx.root.find_all(kind="member_expression"):
        prop, obj = member.field("property"), member.field("object")
        if prop is None or obj is None or obj.kind() == "this":
            continue
        name = prop.text()
        if name in _TRACK_COLLECTIONS and obj.kind() == "identifier":
            _participant_tracks(ctx, member, obj, name)
            continue
        if name not in ("localParticipant", "name", "sid", "identity"):
            continue
        parent = member.parent()
        if parent is not None and parent.kind() == "assignment_expression":
            left = parent.field("left")
            if left is not None and node_start(left) == node_start(member):
                continue
        chain = obj.text()
        roomish = (
            _root(obj) in ctx.rooms or obj.text() in ctx.rooms or bool(_ROOM_END.search(chain))
        )
        participantish = bool(_PARTICIPANTISH.search(chain.split(".")[-1])) or (
            _root(obj) in ctx.participants
        )
        at = node_start(member)
        if name == "localParticipant":  # a name only twilio-video rooms have
            if ctx.accept([(node_start(prop), node_end(prop), "getCurrentUserInfo()")]):
                ctx.mark(at, "js.local_participant")
        elif name in ("name", "sid") and roomish and not participantish:
            field_name = "topic" if name == "name" else "sessionId"
            if ctx.accept([(node_start(prop), node_end(prop), f"getSessionInfo().{field_name}")]):
                ctx.mark(at, "js.room.properties")
        elif name == "identity" and participantish:
            if ctx.accept([(node_start(prop), node_end(prop), "displayName")]):
                ctx.mark(at, "js.participant.identity")
        elif name == "sid" and participantish:
            edits = [
                (at, at, "String("),
                (node_start(prop), node_end(prop), "userId"),
                (node_end(member), node_end(member), ")"),
            ]
            if ctx.accept(edits):
                ctx.mark(at, "js.participant.sid")


_TRACK_COLLECTIONS = frozenset({"tracks", "videoTracks", "audioTracks"})


def _participant_tracks(ctx: Context, member: SgNode, obj: SgNode, name: str) -> None:
    """``p.tracks`` on a parameter known to receive a Zoom user (a listener of
    user-added, the callback of participantsOf(room).forEach) -> ``tracksOf(p)``."""
    if obj.text() not in ctx.participants or not ctx.target:
        return
    kind = name.removesuffix("Tracks")
    extra = "" if name == "tracks" else f", {ctx.quote}{kind}{ctx.quote}"
    edits = [
        (node_start(member), node_start(member), f"{ctx.helper('tracksOf')}("),
        (node_end(obj), node_end(member), f"{extra})"),
    ]
    if ctx.accept(edits):
        ctx.mark(node_start(member), "js.publications")


def _root(node: SgNode) -> str:
    while node.kind() == "member_expression":
        inner = node.field("object")
        if inner is None:
            break
        node = inner
    return node.text()
