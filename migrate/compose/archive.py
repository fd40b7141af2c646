"""Read an export (a local folder or fsspec URL) laid out by migrate/export/layout.py.

Rooms are ``<RM…>/room.json``; each recording is ``<RM…>/<RT…>.json`` beside its media
``<RM…>/<RT…>.<mka|mkv>``; account records are under ``_account/``. Media of a remote
archive is copied to a local work folder in chunks before FFmpeg reads it; renders are
published under their final name only once complete.
"""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrate.errors import ConfigError
from migrate.export.account import ACCOUNT_FOLDER, COMPOSITION_HOOKS_FOLDER
from migrate.export.destination import is_remote
from migrate.export.layout import ROOM_JSON, SID_PATTERN, checked_sid, room_json_path

COMPOSITIONS_FOLDER = "compositions"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class TrackRecord:
    """One exported track recording with media."""

    sid: str
    kind: str  # "audio" or "video"
    track_name: str
    source_sid: str
    participant_sid: str
    date_created: str | None
    relpath: str
    resource: dict[str, Any]

    @property
    def sids(self) -> tuple[str, ...]:
        """The SIDs a source pattern may name: recording, track, participant."""
        return tuple(s for s in (self.sid, self.source_sid, self.participant_sid) if s)


@dataclass(frozen=True)
class RoomRecord:
    """A room of the archive: its ``room.json`` and its track recordings."""

    sid: str
    unique_name: str
    date_created: str | None
    tracks: list[TrackRecord]
    compositions: dict[str, dict[str, Any]]


def composition_relpath(room_sid: str, digest: str, fmt: str) -> str:
    """``<RM…>/compositions/<RM…>-<digest>.<format>``: SIDs and a hex digest only."""
    room = checked_sid(room_sid)
    if not all(c in "0123456789abcdef" for c in digest) or fmt not in ("mp4", "webm"):
        raise ConfigError(f"unexpected composition name {digest!r}.{fmt!r}")
    return f"{room}/{COMPOSITIONS_FOLDER}/{room}-{digest}.{fmt}"


class Archive:
    """The export at ``url``, read through fsspec (local paths directly)."""

    def __init__(self, url: str, storage_options: dict[str, str] | None = None) -> None:
        self.url = url
        self.remote = is_remote(url)
        if self.remote:
            import fsspec.core

            try:
                self._fs, root = fsspec.core.url_to_fs(url, **(storage_options or {}))
            except (ImportError, ValueError) as exc:
                raise ConfigError(f"cannot open archive {url!r}: {exc}") from None
            self._root = str(root).rstrip("/")
        else:
            self.local_root = Path(url.removeprefix("file://")).expanduser()
            if not self.local_root.is_dir():
                raise ConfigError(f"archive {url!r} is not a folder")

    # --- reading -------------------------------------------------------------------------
    def _full(self, relpath: str) -> str:
        return f"{self._root}/{relpath}"

    def exists(self, relpath: str) -> bool:
        """True when ``relpath`` exists in the archive."""
        if self.remote:
            return bool(self._fs.exists(self._full(relpath)))
        return (self.local_root / relpath).exists()

    def read_json(self, relpath: str) -> Any:
        """Parse a JSON file of the archive."""
        if self.remote:
            with self._fs.open(self._full(relpath), "rb") as handle:
                return json.loads(handle.read())
        return json.loads((self.local_root / relpath).read_bytes())

    def names(self, folder: str) -> list[str]:
        """File and folder names directly inside ``folder`` ("" for the root)."""
        if self.remote:
            path = self._full(folder) if folder else self._root
            try:
                entries = self._fs.ls(path, detail=False)
            except FileNotFoundError:
                return []
            return sorted(str(e).rstrip("/").rsplit("/", 1)[-1] for e in entries)
        local = self.local_root / folder
        return sorted(p.name for p in local.iterdir()) if local.is_dir() else []

    def room_sids(self) -> list[str]:
        """Every room folder that has a ``room.json``."""
        return [
            name
            for name in self.names("")
            if SID_PATTERN.fullmatch(name)
            and name.startswith("RM")
            and self.exists(room_json_path(name))
        ]

    def room_name(self, room_sid: str) -> str:
        """The room's unique name, from ``room.json`` alone."""
        room = self.read_json(room_json_path(room_sid)).get("room") or {}
        return str(room.get("unique_name") or "")

    def room(self, room_sid: str) -> RoomRecord:
        """The room's record and its track recordings that have media."""
        document = self.read_json(room_json_path(room_sid))
        room = document.get("room") or {}
        names = set(self.names(room_sid))
        tracks: list[TrackRecord] = []
        compositions: dict[str, dict[str, Any]] = {}
        for name in sorted(names):
            stem, _, ext = name.partition(".")
            if ext != "json" or not SID_PATTERN.fullmatch(stem) or name == ROOM_JSON:
                continue
            if stem.startswith("CJ"):
                compositions[stem] = self.read_json(f"{room_sid}/{name}")
                continue
            if not stem.startswith("RT"):
                continue
            resource = self.read_json(f"{room_sid}/{name}")
            media = f"{stem}.{resource.get('container_format') or ''}"
            kind = str(resource.get("type") or "")
            if kind not in ("audio", "video") or media not in names:
                continue
            grouping = resource.get("grouping_sids") or {}
            tracks.append(
                TrackRecord(
                    sid=stem,
                    kind=kind,
                    track_name=str(resource.get("track_name") or ""),
                    source_sid=str(resource.get("source_sid") or ""),
                    participant_sid=str(grouping.get("participant_sid") or ""),
                    date_created=resource.get("date_created"),
                    relpath=f"{room_sid}/{media}",
                    resource=resource,
                )
            )
        return RoomRecord(
            sid=room_sid,
            unique_name=str(room.get("unique_name") or ""),
            date_created=room.get("date_created"),
            tracks=tracks,
            compositions=compositions,
        )

    def hooks(self) -> list[dict[str, Any]]:
        """Exported composition hooks (``_account/composition_hooks/<HK…>.json``)."""
        folder = f"{ACCOUNT_FOLDER}/{COMPOSITION_HOOKS_FOLDER}"
        return [
            self.read_json(f"{folder}/{name}")
            for name in self.names(folder)
            if name.endswith(".json") and SID_PATTERN.fullmatch(name[:-5])
        ]

    def local_media(self, relpath: str, workdir: Path) -> Path:
        """A local path FFmpeg can read: the file itself, or a chunked copy in ``workdir``."""
        if not self.remote:
            return self.local_root / relpath
        target = workdir / relpath.replace("/", "_")
        with (
            self._fs.open(self._full(relpath), "rb", block_size=_CHUNK) as src,
            target.open("wb") as dst,
        ):
            shutil.copyfileobj(src, dst, _CHUNK)
        return target

    # --- writing -------------------------------------------------------------------------
    def publish(self, local: Path, relpath: str) -> None:
        """Move the finished ``local`` file to ``relpath``; readers never see a partial one."""
        if self.remote:
            temp = self._full(f"{relpath}.{uuid.uuid4().hex}.tmp")
            self._fs.put_file(str(local), temp)
            self._fs.mv(temp, self._full(relpath))
            local.unlink()
            return
        target = self.local_root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        shutil.move(str(local), staged)
        staged.replace(target)

    def open_read(self, relpath: str) -> Any:
        """A binary reader of ``relpath``."""
        if self.remote:
            return self._fs.open(self._full(relpath), "rb", block_size=_CHUNK)
        return (self.local_root / relpath).open("rb")
