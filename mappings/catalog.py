"""The API-level catalog: each Twilio Video touchpoint, its Zoom equivalent and what is lost.

The audit's advice, the codemods (Python and JS/TS TODO marks), the shim's error messages
and docs/mapping.md all read this table. Its rows are data, one keyword ``dict`` each, in
``mappings.catalog_rows``; this module validates them with :class:`ApiMapping` and adds the
rows computed from other tables. Basis tags in the notes: **G** stated in Zoom's Twilio
migration guide (https://developers.zoom.us/docs/video-sdk/twilio/), **T** inferred from
the typings of the ``@zoom/videosdk`` npm package, **I** inferred from the Zoom Video SDK
API docs (https://developers.zoom.us/docs/video-sdk/).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from pydantic import computed_field

from mappings import errors, recordings
from mappings.catalog_rows import ROWS
from mappings.fidelity import Fidelity, FrozenModel

Autofix = Literal["shim", "native", "none"]
Effort = Literal["trivial", "small", "medium", "large"]


class ApiMapping(FrozenModel):
    """One Twilio touchpoint and its Zoom equivalent.

    ``docs_anchor`` is the id of the entry in docs/mapping.md (link as
    ``docs/mapping.md#<docs_anchor>``); ``autofix`` names the rewrite mode that handles
    it automatically (``shim`` covers both shim and native; ``native`` only native;
    ``none`` means a human must port it).
    """

    key: str
    twilio: str
    zoom: str
    fidelity: Fidelity
    notes: str
    autofix: Autofix
    effort: Effort

    @computed_field  # type: ignore[prop-decorator]
    @property
    def docs_anchor(self) -> str:
        """Anchor of this entry in docs/mapping.md, derived from the key."""
        return anchor_for(self.key)

    @property
    def section(self) -> str:
        """The catalog section the key belongs to (its first dotted part)."""
        return self.key.split(".", 1)[0]


class UnknownMappingError(KeyError):
    """No catalog entry has the requested key."""


def anchor_for(key: str) -> str:
    """The HTML id used for ``key`` in docs/mapping.md (lower-case, dashes)."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def lookup(key: str) -> ApiMapping:
    """The catalog entry for ``key``; raises :class:`UnknownMappingError` when absent."""
    try:
        return CATALOG[key]
    except KeyError:
        raise UnknownMappingError(f"no mapping for {key!r}") from None


def _status_codes_text() -> str:
    """``400 -> 20001, 401/403 -> 20003, ...`` from the error table, for the catalog."""
    by_code: dict[int, list[str]] = {}
    for status, code in errors.TWILIO_CODES_BY_STATUS.items():
        by_code.setdefault(code, []).append(str(status))
    by_code[errors.TWILIO_SERVER_ERROR_CODE] = ["5xx"]
    return ", ".join(f"{'/'.join(statuses)} -> {code}" for code, statuses in by_code.items())


def _computed() -> list[ApiMapping]:
    """Rows whose text comes from other tables (error codes, recording fields)."""
    return [
        ApiMapping(
            key="client.exceptions",
            twilio="TwilioRestException(status, uri, msg, code) with more_info "
            + errors.TWILIO_ERROR_DOCS.format(code="<code>"),
            zoom="Zoom API errors {code, message} by HTTP status: " + _status_codes_text(),
            fidelity="approximate",
            autofix="shim",
            effort="small",
            notes="Twilio's specific codes (e.g. 53113 room exists) become the generic code for "
            "the status; Zoom's own code stays in the message ('Unable to <action> record: ... "
            "(Zoom error <code>)').",
        ),
        ApiMapping(
            key="client.recording_fields",
            twilio="RecordingInstance / RoomRecordingInstance fields (type, container_format, "
            "codec, ...)",
            zoom="One Zoom recording file per Twilio recording: "
            + "; ".join(f"{row.param} <- {row.zoom}" for row in recordings.RECORDING_FIELDS),
            fidelity="approximate",
            autofix="shim",
            effort="small",
            notes=" ".join(
                f"{row.param}: {row.notes}"
                for row in recordings.RECORDING_FIELDS
                if row.fidelity != "exact"
            ),
        ),
    ]


def _entries() -> list[ApiMapping]:
    """The rows of ``mappings.catalog_rows``, validated, with the computed rows after
    ``client.node``."""
    rows = [ApiMapping.model_validate(row) for row in ROWS]
    at = next(i for i, row in enumerate(rows) if row.key == "client.node") + 1
    return rows[:at] + _computed() + rows[at:]


CATALOG: Mapping[str, ApiMapping] = MappingProxyType({m.key: m for m in _entries()})
