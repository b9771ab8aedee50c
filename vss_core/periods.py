"""Calendar periods of targets and tallies: month, quarter, year (app and server alike)."""

from __future__ import annotations

from datetime import date, timedelta

from vss_core.enums import PeriodKind


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
