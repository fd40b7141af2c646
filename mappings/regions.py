"""Twilio region ids (media region, token region, connect ``region``) -> Zoom ``geo_regions``.

Twilio ids: https://www.twilio.com/docs/video/tutorials/video-regions-and-global-low-latency
(gll, au1, br1, de1, ie1, in1, jp1, sg1, us1, us2). Zoom codes: ``limits.ZOOM_GEO_REGIONS``
(https://developers.zoom.us/docs/video-sdk/auth/; the codes must also be enabled on the
Zoom account). Zoom has no Irish data center, so ``ie1`` goes to the nearest EU ones;
``gll`` means "let the platform choose", which is Zoom's behaviour when ``geo_regions`` is
left out.
"""

from __future__ import annotations

from mappings.fidelity import Fidelity, FrozenModel


class RegionMapping(FrozenModel):
    """The Zoom data centers for one Twilio region id; ``geo_regions`` None = Zoom chooses."""

    twilio: str
    geo_regions: str | None
    fidelity: Fidelity
    notes: str


REGIONS: dict[str, RegionMapping] = {
    r.twilio: r
    for r in (
        RegionMapping(
            twilio="gll",
            geo_regions=None,
            fidelity="approximate",
            notes="Global Low Latency: omit geo_regions and Zoom picks the data center.",
        ),
        RegionMapping(twilio="au1", geo_regions="AU", fidelity="exact", notes="Australia."),
        RegionMapping(twilio="br1", geo_regions="BR", fidelity="exact", notes="Brazil."),
        RegionMapping(twilio="de1", geo_regions="DE", fidelity="exact", notes="Germany."),
        RegionMapping(
            twilio="ie1",
            geo_regions="DE,NL",
            fidelity="approximate",
            notes="Zoom has no Irish data center; nearest EU ones are used.",
        ),
        RegionMapping(twilio="in1", geo_regions="IN", fidelity="exact", notes="India."),
        RegionMapping(twilio="jp1", geo_regions="JP", fidelity="exact", notes="Japan."),
        RegionMapping(twilio="sg1", geo_regions="SG", fidelity="exact", notes="Singapore."),
        RegionMapping(twilio="us1", geo_regions="US", fidelity="exact", notes="US East."),
        RegionMapping(
            twilio="us2",
            geo_regions="US",
            fidelity="approximate",
            notes="US West; Zoom does not let you choose a US coast.",
        ),
    )
}


def region_for(twilio_region: str) -> RegionMapping | None:
    """The mapping for a Twilio region id (case-insensitive), or None when unknown."""
    return REGIONS.get(twilio_region.strip().lower())
