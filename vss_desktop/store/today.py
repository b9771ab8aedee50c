"""The Today screen's lists (issue 5): what the collector should do next.

Each list is one SQL query over the household (and person) tables, built from the
household list's own fragments (store.queries), with a count for the badge:

- follow-ups due: the latest live visit's follow-up date is today or earlier. Only
  the latest visit counts: a later visit without a follow-up date clears an earlier
  one's, a later one with a future date postpones it;
- cards expiring: a live member's BHYT card expires between today and today + N days
  (both included), whatever pays for it: a state-paid or under-6 card ending is worth
  a visit too (one row per member);
- lapsed with continuity: the card expired (before today) less than N calendar
  months ago, so paying now keeps continuous participation (domain.md §2: a gap of
  N months or more makes the new card wait; N is the rule table's
  ``bhyt_card_gap_months`` in force today, 3 in the bundled table);
- never visited: no live visit at all;
- not visited this month: visited before, but not since the 1st of today's month
  (Vietnam time). With "never visited" it makes the household list's "not visited
  this month" filter (which takes the month in the computer's time zone);
- prospects: flagged "could afford" and with a live member without BHYT.

Functions take ``today`` (never read the clock) and optionally the rule book (the bundled
one by default), and return :class:`TodayRow` in the order the screen shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session

from vss_core.periods import add_months
from vss_core.rulebook import RuleBook, default_rules
from vss_core.vietnam_time import local_midnight_utc
from vss_desktop.store import queries
from vss_desktop.store.metrics import local_date, stored_utc
from vss_desktop.store.queries import LIST_ORDER, StatusFilter, latest_visit

CONTINUITY_RULE = "bhyt_card_gap_months"  # the rule table's row (domain.md §2)


class TodayList(StrEnum):
    FOLLOW_UPS = "follow_ups"
    EXPIRING = "expiring"
    LAPSED = "lapsed"
    NEVER_VISITED = "never_visited"
    NOT_VISITED_THIS_MONTH = "not_visited_this_month"
    PROSPECTS = "prospects"


@dataclass(frozen=True)
class TodayRow:
    household_id: str
    code: str
    head_name: str
    village: str
    # What the list is about: the follow-up date, the card's expiry, or the local date
    # of the latest visit (not visited this month, prospects); None if there is none.
    day: date | None
    person_id: str | None = None  # the member, for the card lists
    person_name: str = ""


# --- continuity (domain.md §2) ------------------------------------------------------------


def continuity_months(on: date, rules: RuleBook | None = None) -> int:
    """A gap of this many months or more breaks continuity for a payment made ``on``."""
    return int((rules or default_rules()).rule(CONTINUITY_RULE, on).value)


def continuity_deadline(expiry: date, months: int | None = None) -> date:
    """Last day a card that expired on ``expiry`` can be renewed without a gap of ``months``
    (by default the bundled rule's months the day after ``expiry``)."""
    if months is None:
        months = continuity_months(expiry + timedelta(days=1))
    return add_months(expiry, months) - timedelta(days=1)


def lapsed_cutoff(today: date, rules: RuleBook | None = None) -> date:
    """The earliest expiry date still within continuity for a payment on ``today``."""
    months = continuity_months(today, rules)
    cutoff = add_months(today, -months)  # never past the answer
    while continuity_deadline(cutoff, months) < today:
        cutoff += timedelta(days=1)
    return cutoff


# --- the lists ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _ListQuery:
    source: str  # FROM
    where: str
    params: dict[str, object]
    day: str  # SQL for TodayRow.day
    order: str
    per_person: bool = False
    day_is_moment: bool = False  # day is a stored UTC timestamp, shown as its local date


_HOUSEHOLDS = "household h"
_MEMBERS = "person p JOIN household h ON h.id = p.household_id"
_LIVE = "h.deleted_at IS NULL"


def _query(which: TodayList, today: date, expiring_days: int, rules: RuleBook | None) -> _ListQuery:
    which = TodayList(which)
    if which is TodayList.FOLLOW_UPS:
        due, params = queries.status_condition(StatusFilter.FOLLOW_UP_DUE, today)
        day = latest_visit("follow_up_date")
        return _ListQuery(_HOUSEHOLDS, f"{_LIVE} AND {due}", params, day, f"day, {LIST_ORDER}")
    if which is TodayList.EXPIRING:
        if expiring_days < 0:
            raise ValueError("expiring_days must not be negative")
        until = today + timedelta(days=expiring_days)
        return _ListQuery(
            _MEMBERS,
            f"{_LIVE} AND {queries.CARD_EXPIRING}",
            {"today": today.isoformat(), "until": until.isoformat()},
            "p.bhyt_expiry",
            f"day, {LIST_ORDER}, p.full_name",
            per_person=True,
        )
    if which is TodayList.LAPSED:
        return _ListQuery(
            _MEMBERS,
            f"{_LIVE} AND p.deleted_at IS NULL"
            " AND p.bhyt_expiry >= :cutoff AND p.bhyt_expiry < :today",
            {"cutoff": lapsed_cutoff(today, rules).isoformat(), "today": today.isoformat()},
            "p.bhyt_expiry",
            f"day, {LIST_ORDER}, p.full_name",  # the nearest deadline first
            per_person=True,
        )
    if which is TodayList.NEVER_VISITED:
        return _ListQuery(
            _HOUSEHOLDS, f"{_LIVE} AND NOT {queries.EVER_VISITED}", {}, "NULL", LIST_ORDER
        )
    if which is TodayList.NOT_VISITED_THIS_MONTH:
        since = stored_utc(local_midnight_utc(today.replace(day=1)))
        last = latest_visit("visited_at")  # NULL (never visited) fails the comparison
        return _ListQuery(
            _HOUSEHOLDS,
            f"{_LIVE} AND {last} < :since",
            {"since": since},
            last,
            f"day, {LIST_ORDER}",  # the longest unvisited first
            day_is_moment=True,
        )
    uninsured, params = queries.status_condition(StatusFilter.UNINSURED, today)
    return _ListQuery(
        _HOUSEHOLDS,
        f"{_LIVE} AND h.could_afford AND {uninsured}",
        params,
        latest_visit("visited_at"),
        LIST_ORDER,
        day_is_moment=True,
    )


def rows(
    session: Session,
    which: TodayList | str,
    today: date,
    expiring_days: int = 30,
    limit: int | None = None,
    offset: int = 0,
    rules: RuleBook | None = None,
) -> list[TodayRow]:
    """The rows of one list, in screen order; ``limit``/``offset`` page through it.

    The badge's number comes from :func:`count`: a window count here would make the
    lists ordered by an index (cards, never visited, prospects) read everything.
    """
    q = _query(TodayList(which), today, expiring_days, rules)
    person = "p.id, p.full_name" if q.per_person else "NULL, ''"
    sql = (
        f"SELECT h.id, h.code, h.head_name, h.village, {q.day} AS day, {person}"
        f" FROM {q.source} WHERE {q.where} ORDER BY {q.order} LIMIT :limit OFFSET :offset"
    )
    params = q.params | {"limit": -1 if limit is None else limit, "offset": offset}
    return [
        TodayRow(r[0], r[1], r[2], r[3], _day(r[4], q.day_is_moment), r[5], r[6] or "")
        for r in session.connection().execute(sa.text(sql), params)
    ]


def _day(value: str | None, is_moment: bool) -> date | None:
    if not value:
        return None
    if is_moment:
        return local_date(datetime.fromisoformat(value).replace(tzinfo=UTC))
    return date.fromisoformat(value)


def count(
    session: Session,
    which: TodayList | str,
    today: date,
    expiring_days: int = 30,
    rules: RuleBook | None = None,
) -> int:
    """How many rows :func:`rows` would give (for the list's badge)."""
    q = _query(TodayList(which), today, expiring_days, rules)
    sql = f"SELECT count(*) FROM {q.source} WHERE {q.where}"
    count: int = session.connection().execute(sa.text(sql), q.params).scalar_one()
    return count


def counts(
    session: Session, today: date, expiring_days: int = 30, rules: RuleBook | None = None
) -> dict[TodayList, int]:
    return {which: count(session, which, today, expiring_days, rules) for which in TodayList}


# Named shortcuts, one per list.


def follow_ups_due(session: Session, today: date, limit: int | None = None) -> list[TodayRow]:
    return rows(session, TodayList.FOLLOW_UPS, today, limit=limit)


def cards_expiring(
    session: Session, today: date, days: int = 30, limit: int | None = None
) -> list[TodayRow]:
    return rows(session, TodayList.EXPIRING, today, days, limit=limit)


def lapsed_with_continuity(
    session: Session, today: date, limit: int | None = None, rules: RuleBook | None = None
) -> list[TodayRow]:
    return rows(session, TodayList.LAPSED, today, limit=limit, rules=rules)


def never_visited(session: Session, today: date, limit: int | None = None) -> list[TodayRow]:
    return rows(session, TodayList.NEVER_VISITED, today, limit=limit)


def not_visited_this_month(
    session: Session, today: date, limit: int | None = None
) -> list[TodayRow]:
    return rows(session, TodayList.NOT_VISITED_THIS_MONTH, today, limit=limit)


def prospects(session: Session, today: date, limit: int | None = None) -> list[TodayRow]:
    return rows(session, TodayList.PROSPECTS, today, limit=limit)
