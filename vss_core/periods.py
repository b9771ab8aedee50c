"""Calendar arithmetic for app and server alike: months later, ages, and the periods of
targets and tallies (month, quarter, year)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from vss_core.enums import PeriodKind


def add_months(day: date, months: int) -> date:
    """Same day of the month ``months`` later (or earlier), clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(born: date, day: date) -> int:
    """Age in whole years on ``day`` of someone born on ``born``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def period_bounds(kind: PeriodKind | str, any_date: date) -> tuple[date, date]:
    """First and last day (inclusive) of the month, quarter or year holding ``any_date``."""
    kind = PeriodKind(kind)
    if kind is PeriodKind.MONTH:
        start, months = any_date.replace(day=1), 1
    elif kind is PeriodKind.QUARTER:
        start, months = date(any_date.year, 3 * ((any_date.month - 1) // 3) + 1, 1), 3
    else:
        start, months = date(any_date.year, 1, 1), 12
    year, month = divmod(start.month - 1 + months, 12)
    return start, date(start.year + year, month + 1, 1) - timedelta(days=1)
