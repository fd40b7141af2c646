"""The cutoff: how far away it is, and whether work started now finishes before it.

The cutoff counts as passed from 00:00 UTC of its day. Twilio set the end of Video for the
default date (https://www.twilio.com/en-us/changelog/Extension-of-Twilio-Programmable-Video-End-of-Life-to-December-5-2026)
and later said Video continues (https://www.twilio.com/en-us/blog/twilio-video-update-2024),
so once that date is behind us the product says so once and asks for the user's own
deadline; a passed cutoff never turns a successful run into a failure by itself.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from migrate import clock

SET_YOUR_OWN = "set TWILIO2ZOOM_CUTOFF (or --cutoff) to your own deadline"


class CutoffStatus(BaseModel):
    """Where the cutoff stands on a given day."""

    cutoff: dt.date
    cutoff_passed: bool
    days_left: int | None  # None once passed
    days_ago: int | None = None  # None while ahead

    def notice(self) -> str | None:
        """The one sentence to say when the cutoff has passed; None while it is ahead."""
        if not self.cutoff_passed:
            return None
        ago = {0: "today", 1: "1 day ago"}.get(self.days_ago or 0, f"{self.days_ago} days ago")
        return f"the cutoff {self.cutoff.isoformat()} passed {ago}; {SET_YOUR_OWN}"

    def headline(self) -> str:
        """A short status for summaries: days left, or the passed notice."""
        notice = self.notice()
        if notice is not None:
            return notice
        left = "1 day" if self.days_left == 1 else f"{self.days_left} days"
        return f"cutoff {self.cutoff.isoformat()}: {left} left"


class CutoffVerdict(CutoffStatus):
    """Whether work of a given duration, started now, finishes before the cutoff.

    ``before_cutoff`` is None once the cutoff has passed: there is nothing left to beat.
    """

    finishes_at: dt.datetime
    before_cutoff: bool | None

    @property
    def misses(self) -> bool:
        """The cutoff is ahead and the work ends after it: the one case that needs the user."""
        return self.before_cutoff is False

    def describe(self) -> str:
        """One human sentence about the verdict."""
        notice = self.notice()
        if notice is not None:
            return notice
        when = self.finishes_at.strftime("%Y-%m-%d %H:%M UTC")
        side = "before" if self.before_cutoff else "AFTER"
        left = "1 day" if self.days_left == 1 else f"{self.days_left} days"
        return f"finishes around {when}, {side} the cutoff {self.cutoff.isoformat()} ({left} left)"


class CutoffFields(BaseModel):
    """The cutoff's standing as every ``--json`` output carries it, at its top level."""

    cutoff: dt.date | None = None
    cutoff_passed: bool | None = None
    days_left: int | None = None  # None once passed

    def stamp(self, status: CutoffStatus) -> None:
        """Record ``status`` in these fields."""
        self.cutoff = status.cutoff
        self.cutoff_passed = status.cutoff_passed
        self.days_left = status.days_left


def _deadline(cutoff: dt.date) -> dt.datetime:
    return dt.datetime.combine(cutoff, dt.time(), tzinfo=dt.UTC)


def cutoff_status(cutoff: dt.date, now: dt.datetime | None = None) -> CutoffStatus:
    """How far ``now`` (the clock when None) is from the start of the cutoff day."""
    moment = now or clock.now()
    if moment >= _deadline(cutoff):
        return CutoffStatus(
            cutoff=cutoff,
            cutoff_passed=True,
            days_left=None,
            days_ago=(moment.astimezone(dt.UTC).date() - cutoff).days,
        )
    return CutoffStatus(
        cutoff=cutoff,
        cutoff_passed=False,
        days_left=(cutoff - moment.astimezone(dt.UTC).date()).days,
    )


def cutoff_verdict(
    seconds: float, cutoff: dt.date, now: dt.datetime | None = None
) -> CutoffVerdict:
    """Compare ``now + seconds`` with the start (00:00 UTC) of the cutoff day."""
    moment = now or clock.now()
    status = cutoff_status(cutoff, moment)
    finishes_at = moment + dt.timedelta(seconds=max(seconds, 0.0))
    before = None if status.cutoff_passed else finishes_at < _deadline(cutoff)
    return CutoffVerdict(**status.model_dump(), finishes_at=finishes_at, before_cutoff=before)
