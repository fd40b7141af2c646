"""The fidelity scale every mapping reports, and the frozen base model of mapping results."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Fidelity = Literal["exact", "approximate", "unsupported"]

# Ordered from best to worst, so combining results keeps the weakest one.
FIDELITY_ORDER: tuple[Fidelity, ...] = ("exact", "approximate", "unsupported")


class FrozenModel(BaseModel):
    """Base of every mapping result: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def weakest(*values: Fidelity) -> Fidelity:
    """The worst of several fidelities (``exact`` when none are given)."""
    return max(values, key=FIDELITY_ORDER.index, default="exact")


class ParamMapping(FrozenModel):
    """What became of one Twilio parameter: its value, the Zoom side, fidelity and why."""

    param: str
    value: object = None
    zoom: str
    fidelity: Fidelity
    notes: str


def param_row(param: str, value: object, zoom: str, fidelity: Fidelity, notes: str) -> ParamMapping:
    """One :class:`ParamMapping`, positionally: the shape every mapping table writes rows in."""
    return ParamMapping(param=param, value=value, zoom=zoom, fidelity=fidelity, notes=notes)
