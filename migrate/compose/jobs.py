"""Which (room, request) pairs a ``compose`` run renders.

A request given on the command line applies to every selected room with tracks;
``--as-exported CJ…`` re-renders one exported composition with its own parameters;
``--hooks`` applies each enabled exported hook to every room with tracks that has no
exported composition of the same request.
"""

from __future__ import annotations

from dataclasses import dataclass

from mappings.compositions import ComposeError, ComposeRequest, request_of_resource
from migrate.compose.archive import Archive
from migrate.errors import ConfigError
from migrate.export.layout import SID_PATTERN


@dataclass(frozen=True)
class Job:
    """One render: a room, the request, and where the request came from."""

    room_sid: str
    request: ComposeRequest
    origin: str  # "request", a CJ… or an HK… SID


def select_rooms(archive: Archive, wanted: tuple[str, ...]) -> list[str]:
    """Room SIDs for ``--room`` values (SIDs or unique names); all rooms when empty."""
    rooms = archive.room_sids()
    if not wanted:
        return rooms
    chosen: list[str] = []
    names: dict[str, list[str]] | None = None
    for value in wanted:
        if SID_PATTERN.fullmatch(value):
            if value not in rooms:
                raise ConfigError(f"--room {value}: not in the archive")
            chosen.append(value)
            continue
        if names is None:
            names = {}
            for sid in rooms:
                unique = archive.room_name(sid)
                names.setdefault(unique, []).append(sid)
        if value not in names:
            raise ConfigError(f"--room {value!r}: no room of the archive has this SID or name")
        chosen += names[value]
    return list(dict.fromkeys(chosen))


def request_jobs(archive: Archive, rooms: list[str], request: ComposeRequest) -> list[Job]:
    """The request for every room that has tracks."""
    return [Job(sid, request, "request") for sid in rooms if archive.room(sid).tracks]


def as_exported_jobs(archive: Archive, composition_sid: str) -> list[Job]:
    """The exported composition's own request, for its room."""
    if not SID_PATTERN.fullmatch(composition_sid) or not composition_sid.startswith("CJ"):
        raise ConfigError(f"--as-exported expects a composition SID (CJ…), got {composition_sid!r}")
    for room_sid in archive.room_sids():
        if archive.exists(f"{room_sid}/{composition_sid}.json"):
            resource = archive.read_json(f"{room_sid}/{composition_sid}.json")
            try:
                request = request_of_resource(resource)
            except ComposeError as exc:
                raise ConfigError(f"{composition_sid}: {exc}") from None
            return [Job(room_sid, request, composition_sid)]
    raise ConfigError(f"--as-exported {composition_sid}: no {composition_sid}.json in the archive")


def hook_jobs(archive: Archive, rooms: list[str]) -> tuple[list[Job], list[str]]:
    """Jobs of every enabled exported hook, and a note for each hook left out."""
    hooks = archive.hooks()
    if not hooks:
        raise ConfigError(
            "--hooks: the archive has no _account/composition_hooks/ records; "
            "export again with this version to write them"
        )
    jobs: list[Job] = []
    notes: list[str] = []
    records = {sid: archive.room(sid) for sid in rooms}
    for hook in hooks:
        sid = str(hook.get("sid") or "")
        if hook.get("enabled") is False:
            notes.append(f"{sid}: disabled, not applied")
            continue
        try:
            request = request_of_resource(hook)
        except ComposeError as exc:
            notes.append(f"{sid}: {exc}")
            continue
        for room_sid, room in records.items():
            if not room.tracks:
                continue
            made = any(_same(resource, request) for resource in room.compositions.values())
            if not made:
                jobs.append(Job(room_sid, request, sid))
    return jobs, notes


def _same(resource: dict[str, object], request: ComposeRequest) -> bool:
    try:
        return request_of_resource(resource).digest() == request.digest()
    except ComposeError:
        return False
