"""Plausible ranges of dates and amounts: one rule per field, for app and server alike.

A value outside its range is refused where data enters (the forms, the store's services,
the server's push); what an older server already stored is kept and shown with a
placeholder when it cannot be formatted (see vss_core.formatting).

Ranges (issue 11, C1):

- a visit: from 2000-01-01 to one day after the clock of whoever checks it;
- a follow-up and a promised date: from the visit's day to two years after it;
- a date of birth: from 1900-01-01 to today;
- a BHYT card expiry: from 1900-01-01 (lapsed cards are normal) to ten years ahead;
- voluntary SI paid until: from 2008-01-01 (the scheme's start, Law 71/2006) to ten
  years ahead (domain.md §3: at most 60 months are paid ahead);
- an amount: a whole number of đồng (never a boolean or text) from 0 to MONEY_MAX.

MONEY_MAX is 2,000,000,000 ₫ per visit and per result. domain.md §3: the largest single
payment the rules allow is voluntary SI at the income ceiling (50,600,000 ₫ x 22% =
11,132,000 ₫ a month) paid 60 months ahead, 667,920,000 ₫ per person; a household's
BHYT for a year is about 4,000,000 ₫ (§2). The cap leaves room for three such people at
one visit and stays below PostgreSQL's INTEGER (2,147,483,647), so a sum of a visit's
results that is within the visit's amount is always storable.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from vss_core.identifiers import Problem

MONEY_MAX = 2_000_000_000  # whole đồng, per visit and per result (see above)
ATTENDEES_MAX = 100_000  # people at one outreach event: a stadium, not a village hall
VISIT_EARLIEST = date(2000, 1, 1)
VISIT_AHEAD = timedelta(days=1)  # clocks drift; a visit is never later than tomorrow
FOLLOW_UP_YEARS = 2
BIRTH_EARLIEST = date(1900, 1, 1)
CARD_EARLIEST = date(1900, 1, 1)
CARD_AHEAD_YEARS = 10
VSI_EARLIEST = date(2008, 1, 1)
VSI_AHEAD_YEARS = 10
# The codes of the problems below: a server answers them as "out_of_range".
RANGE_CODES = frozenset({"date.out_of_range", "date.future", "amount.too_large"})
# Integer money fields per entity: JSON numbers only (true and "1000" are refused).
MONEY_FIELDS = {"visit": ("amount_collected",), "collection": ("amount",)}
# Integer count fields per entity, held to the same rule (a model would read "12" as 12).
COUNT_FIELDS = {"event": ("attendees",)}
# Time zones reach UTC+14: the latest calendar day anywhere on earth.
_WIDEST_OFFSET = timedelta(hours=14)


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_today(now: datetime | None = None) -> date:
    """Today's date somewhere on earth: a server checks a laptop's "today" against it."""
    moment = now or datetime.now(UTC)
    try:
        return (moment.astimezone(UTC) + _WIDEST_OFFSET).date()
    except OverflowError:
        return date.max


def safe_utc(value: datetime) -> datetime | None:
    """``value`` in UTC; None when that falls outside the years 1 to 9999 (a naive value
    is taken as UTC already)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return None


def _range_problem(value: date, earliest: date, latest: date) -> Problem | None:
    if earliest <= value <= latest:
        return None
    return Problem(
        "date.out_of_range", params={"min": earliest.isoformat(), "max": latest.isoformat()}
    )


def date_range(name: str, today: date) -> tuple[date, date] | None:
    """The fixed range of a date field (forms: the date widgets' allowed range)."""
    ranges = {
        "date_of_birth": (BIRTH_EARLIEST, today),
        "bhyt_expiry": (CARD_EARLIEST, add_years(today, CARD_AHEAD_YEARS)),
        "vsi_paid_until": (VSI_EARLIEST, add_years(today, VSI_AHEAD_YEARS)),
        "visit_date": (VISIT_EARLIEST, today + VISIT_AHEAD),
        # Relative to the visit; the widest the visit's own range allows.
        "follow_up_date": (VISIT_EARLIEST, add_years(today + VISIT_AHEAD, FOLLOW_UP_YEARS)),
        "promised_date": (VISIT_EARLIEST, add_years(today + VISIT_AHEAD, FOLLOW_UP_YEARS)),
    }
    return ranges.get(name)


def check_birth_date(value: date, today: date) -> Problem | None:
    if value > today:
        return Problem("date.future")
    return _range_problem(value, BIRTH_EARLIEST, today)


def check_card_expiry(value: date, today: date) -> Problem | None:
    return _range_problem(value, CARD_EARLIEST, add_years(today, CARD_AHEAD_YEARS))


def check_vsi_paid_until(value: date, today: date) -> Problem | None:
    return _range_problem(value, VSI_EARLIEST, add_years(today, VSI_AHEAD_YEARS))


def check_visited_at(value: datetime, now: datetime) -> Problem | None:
    """From 2000-01-01 (UTC) to a day after ``now``; compared as instants, never converted
    (0001-01-01T05:00+07:00 has no UTC form)."""
    earliest = datetime.combine(VISIT_EARLIEST, datetime.min.time(), tzinfo=UTC)
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    latest = now + VISIT_AHEAD
    if earliest <= moment <= latest:
        return None
    return Problem(
        "date.out_of_range",
        params={"min": VISIT_EARLIEST.isoformat(), "max": latest.date().isoformat()},
    )


def check_after_visit(value: date, visit_day: date) -> Problem | None:
    """A follow-up or promised date: from the visit's day to two years after it. One day
    of slack each side: ``visit_day`` may be the UTC date of a visit made in local time."""
    earliest = visit_day - timedelta(days=1)
    return _range_problem(value, earliest, add_years(visit_day, FOLLOW_UP_YEARS) + timedelta(1))


def check_amount(value: Any) -> Problem | None:
    """Whole đồng from 0 to MONEY_MAX; anything but an int (a bool, text) is refused."""
    if type(value) is not int:
        return Problem("amount.invalid")
    if value < 0:
        return Problem("amount.negative")
    if value > MONEY_MAX:
        return Problem("amount.too_large", params={"max": str(MONEY_MAX)})
    return None


def check_count(value: Any, limit: int) -> Problem | None:
    """A whole number from 0 to ``limit``: a target's value, a server's version number (a
    bool is not a number here; past the limit is as invalid as text)."""
    if isinstance(value, bool) or not isinstance(value, int) or value > limit:
        return Problem("amount.invalid")
    if value < 0:
        return Problem("amount.negative")
    return None


def not_whole_amounts(entity: str, raw: dict[str, Any]) -> list[str]:
    """Money fields of raw (JSON) values that are not plain integers, e.g. true or "1000"."""
    return _not_whole(MONEY_FIELDS.get(entity, ()), raw)


def not_whole_counts(entity: str, raw: dict[str, Any]) -> list[str]:
    """Count fields (an event's attendees) of raw (JSON) values that are not plain integers."""
    return _not_whole(COUNT_FIELDS.get(entity, ()), raw)


def _not_whole(names: tuple[str, ...], raw: dict[str, Any]) -> list[str]:
    return sorted(
        name
        for name in names
        if name in raw and raw[name] is not None and type(raw[name]) is not int
    )
