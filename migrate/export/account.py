"""Account-level records: composition hooks and the recording/composition settings.

They sit under ``DEST/_account/`` (names from SIDs only): ``composition_hooks/<HK…>.json``,
``recording_settings.json`` and ``composition_settings.json``. ``twilio2zoom compose
--hooks`` reads the hooks back to make the compositions they would have made.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mappings.limits import TWILIO_PAGE_SIZE_MAX
from migrate.errors import Twilio2ZoomError
from migrate.export.destination import Destination
from migrate.export.layout import checked_sid
from migrate.export.listing import VideoSource
from migrate.redact import redact

ACCOUNT_FOLDER = "_account"
COMPOSITION_HOOKS_FOLDER = "composition_hooks"
RECORDING_SETTINGS_JSON = "recording_settings.json"
COMPOSITION_SETTINGS_JSON = "composition_settings.json"
# Reads an export spends on them: one page of hooks (up to 1,000), two settings.
ACCOUNT_READS = 3


def _bytes(document: Any) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


async def write_account_records(
    source: VideoSource, dest: Destination, on_error: Callable[[str, str], None]
) -> int:
    """Write every hook and both settings; returns the files written.

    A record that cannot be read is reported through ``on_error`` and the others are
    still written: they cost no media.
    """
    written = 0
    try:
        async for hook in source.list_composition_hooks(page_size=TWILIO_PAGE_SIZE_MAX):
            sid = checked_sid(hook.sid or "")
            document = hook.model_dump(mode="json", exclude_none=True)
            path = f"{ACCOUNT_FOLDER}/{COMPOSITION_HOOKS_FOLDER}/{sid}.json"
            await dest.write_bytes(path, _bytes(document))
            written += 1
    except Twilio2ZoomError as exc:
        on_error("composition_hooks", f"composition hooks: {redact(str(exc))}")
    readers = (
        (RECORDING_SETTINGS_JSON, source.fetch_recording_settings),
        (COMPOSITION_SETTINGS_JSON, source.fetch_composition_settings),
    )
    for name, fetch in readers:
        try:
            settings = await fetch()
        except Twilio2ZoomError as exc:
            on_error(name, f"{name}: {redact(str(exc))}")
            continue
        document = settings.model_dump(mode="json", exclude_none=True)
        await dest.write_bytes(f"{ACCOUNT_FOLDER}/{name}", _bytes(document))
        written += 1
    return written
