"""The periods the console reports on: a day, a week (Monday first), a month, a quarter,
a year, or a campaign's own dates (issue 15 adds campaigns on the server)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from vss_core.periods import period_bounds


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
