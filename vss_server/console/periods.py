"""The periods the console reports on: a day, a week (Monday first), a month, a quarter,
a year (the calendar :class:`Span` values, whose figures vss_server.figure_cache keeps),
or a district campaign's own days and communes (``span=campaign&campaign=ID``, issue 15:
figures from vss_server.campaigns.tally, never from the kept cells)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlmodel import Session

from vss_core.periods import period_bounds
from vss_server import campaigns
from vss_server.areas import Scope


class Span(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    span: Span
    start: date
    end: date  # inclusive

    def previous(self) -> Period:
        return period_of(self.span, self.start - timedelta(days=1))

    def next(self) -> Period:
        return period_of(self.span, self.end + timedelta(days=1))


def period_of(span: Span | str, day: date) -> Period:
    span = Span(span)
    if span is Span.DAY:
        return Period(span, day, day)
    if span is Span.WEEK:
        start = day - timedelta(days=day.weekday())
        return Period(span, start, start + timedelta(days=6))
    start, end = period_bounds(span.value, day)
    return Period(span, start, end)


# The days a report may be about: a typed 9999 or 0001 is a slip, not a period (and the
# pages' previous/next links would step off the calendar).
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def chosen_period(span: str, text: str | None, today: date) -> tuple[Period, bool]:
    """The period a page was asked for, and whether the day asked was refused (then the
    period of ``today`` is shown, and the page says so)."""
    from vss_core.formatting import parse_day

    day = parse_day(text)
    refused = bool(text) and (day is None or not EARLIEST <= day <= LATEST)
    kind = Span(span) if span in Span._value2member_map_ else Span.MONTH
    return period_of(kind, today if refused or day is None else day), refused


# --- campaigns ------------------------------------------------------------------------------

CAMPAIGN = "campaign"  # the overview's span for a campaign's own days and communes
RECENT_DAYS = 92  # a closed campaign stays a period choice this long after its last day


def campaign_in_scope(campaign: campaigns.CampaignView, scope: Scope) -> bool:
    """Whether one of the campaign's communes is in the supervisor's areas (the campaign's
    communes are the units' spelling; areas compare names by place_key)."""
    if scope.everything:
        return True
    return any(a.covers(p, c) for p, c in campaign.communes for a in scope.areas)


def campaign_choices(session: Session, scope: Scope, today: date) -> list[campaigns.CampaignView]:
    """The campaigns the overview offers as periods: open ones, and those closed whose last
    day is recent; within the supervisor's scope; the newest first."""
    since = today - timedelta(days=RECENT_DAYS)
    return [
        c
        for c in campaigns.every(session)
        if (c.status == campaigns.OPEN or c.end_date >= since) and campaign_in_scope(c, scope)
    ]
