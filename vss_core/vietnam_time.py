"""Vietnam's calendar days as UTC instants: what "a day" means for tallies, forms and the
console (visits are stored in UTC; a visit at 23:30 on the 31st belongs to the 31st).

"Today" and "now" are Vietnam's, never the machine's zone: a server kept in UTC is a day
behind from 00:00 to 07:00, and a laptop set to another zone would put a visit on one day
in its form and on another in the tallies. Code asks :func:`today`, :func:`now` and
:func:`to_local` (ruff's DTZ rules refuse ``date.today()`` and a bare ``astimezone()``).

Vietnam has kept UTC+7 without daylight saving time since 1975; without a time zone
database (Windows without tzdata) the fixed offset is used.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vss_core.clock import utcnow


def _vietnam_time() -> tzinfo:
    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:
        return timezone(timedelta(hours=7), "ICT")


LOCAL_TZ = _vietnam_time()
UTC_OFFSET = timedelta(hours=7)  # for SQL that groups by local day (no DST to follow)


def local_midnight_utc(day: date) -> datetime:
    """The instant a local day begins, as aware UTC."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)


def day_range_utc(start: date, end: date) -> tuple[datetime, datetime]:
    """[from, to) in aware UTC covering the local days ``start``..``end`` inclusive."""
    for value in (start, end):
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError("start and end are local calendar dates")
    if end < start:
        raise ValueError("the range ends before it starts")
    try:
        after = end + timedelta(days=1)
    except OverflowError:
        raise ValueError("the range ends too late") from None
    return local_midnight_utc(start), local_midnight_utc(after)


def local_day(moment: datetime) -> date:
    """The local calendar day of an aware moment (UTC's own day past year 9999)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: stored times are aware UTC")
    try:
        return moment.astimezone(LOCAL_TZ).date()
    except OverflowError:
        return moment.astimezone(UTC).date()


def to_local(moment: datetime) -> datetime:
    """An aware moment as Vietnam's wall-clock time (aware, in :data:`LOCAL_TZ`)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: stored times are aware UTC")
    return moment.astimezone(LOCAL_TZ)


def now() -> datetime:
    """Vietnam's wall-clock time now, aware: what a form offers as the time of a visit."""
    return to_local(utcnow())


def today() -> date:
    """Vietnam's calendar day now, whatever zone the machine's clock is set to."""
    return local_day(utcnow())
