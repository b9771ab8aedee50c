"""Display formats used everywhere in the app: dd/mm/yyyy dates, money as 105.300 ₫.

A stored value that cannot be shown (a time whose local date is beyond year 9999, text
in a number column, as an older server might have sent) never raises: it is shown as a
placeholder and one log line says which kind of value it was (never the value).
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from vss_core.vietnam_time import to_local

log = logging.getLogger(__name__)

MONEY_PLACEHOLDER = "—"
DATE_PLACEHOLDER = "??/??/????"
DATETIME_PLACEHOLDER = "??/??/???? ??:??"
_reported: set[str] = set()  # kinds of unshowable values already logged (once each)


def _unshowable(kind: str, placeholder: str) -> str:
    if kind not in _reported:
        _reported.add(kind)
        log.warning("a stored %s cannot be shown; showing a placeholder", kind)
    return placeholder


def format_money(amount: int | None) -> str:
    """Whole đồng with dot thousands separators: 105300 -> '105.300 ₫'."""
    if amount is None:
        return ""
    try:
        whole = int(amount)
    except (TypeError, ValueError, OverflowError):
        return _unshowable("amount", MONEY_PLACEHOLDER)
    sign = "-" if whole < 0 else ""
    return f"{sign}{abs(whole):,}".replace(",", ".") + " ₫"


def format_money_text(text: str) -> str:
    """'2000000000' -> '2.000.000.000 ₫' (problem parameters carry amounts as text)."""
    return format_money(int(text)) if text.isdigit() else text


def parse_money(text: str) -> int:
    """Inverse of :func:`format_money`; accepts '105.300', '105 300 ₫', '105300'."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        raise ValueError("no digits in amount")
    return int(digits)


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, date):
        return _unshowable("date", DATE_PLACEHOLDER)
    # Not strftime: it writes year 1 as "1", not "0001".
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_iso_date(text: str) -> str:
    """'2026-12-31' -> '31/12/2026' (problem parameters carry dates as ISO text)."""
    try:
        return format_date(date.fromisoformat(text))
    except (TypeError, ValueError):
        return text


def parse_date(text: str) -> date:
    """Parse dd/mm/yyyy (also d/m/yyyy and dd-mm-yyyy)."""
    cleaned = text.strip().replace("-", "/").replace(".", "/")
    return datetime.strptime(cleaned, "%d/%m/%Y").date()


def parse_day(text: str | None) -> date | None:
    """A day as a person types it (dd/mm/yyyy) or as a link or script writes it
    (YYYY-MM-DD); None when it is neither (the caller says so, never guesses)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        return parse_date(text)
    except ValueError:
        return None


def format_datetime_local(value: datetime | None) -> str:
    """A UTC timestamp shown in Vietnam's time, dd/mm/yyyy HH:MM."""
    if value is None:
        return ""
    local = local_datetime(value)
    if local is None:
        return _unshowable("time", DATETIME_PLACEHOLDER)
    return f"{format_date(local.date())} {local:%H:%M}"


def local_datetime(value: datetime) -> datetime | None:
    """A UTC timestamp as Vietnam's wall-clock time (vss_core.vietnam_time); None when that
    is beyond year 1 to 9999 (9999-12-31T20:00Z is already year 10000 in Vietnam)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return to_local(value)
    except (OverflowError, ValueError):
        return None


def local_date(value: datetime) -> date:
    """The local calendar date of a UTC timestamp; its UTC date when the local one does not
    exist (the value is then far from plausible anyway, and still printable)."""
    local = local_datetime(value)
    if local is None:
        _unshowable("time", DATETIME_PLACEHOLDER)
        return value.date()
    return local.date()
