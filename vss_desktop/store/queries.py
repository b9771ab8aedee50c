"""Read-side queries for the household list and detail pane.

The list is built in two steps, as in Anki's browser: :func:`household_ids`
filters and sorts in SQL and returns only ids; :func:`household_rows` then
loads the few rows the view actually shows.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import repeat

import sqlalchemy as sa
from sqlmodel import Session, col, select

from vss_core import vietnam_time
from vss_core.enums import BhytStatus
from vss_core.search_text import query_words
from vss_desktop.store import search
from vss_desktop.store.models import Collection, Household, Person, Visit


class StatusFilter(StrEnum):
    ALL = "all"
    UNINSURED = "uninsured"  # has members with no BHYT
    EXPIRING = "expiring"  # a member's BHYT card expires within N days
    FOLLOW_UP_DUE = "follow_up_due"  # latest visit's follow-up date has come
    NOT_VISITED_THIS_MONTH = "not_visited_this_month"


@dataclass(frozen=True)
class HouseholdFilter:
    text: str = ""
    village: str | None = None
    status: StatusFilter = StatusFilter.ALL
    expiring_days: int = 30
    today: date = field(default_factory=vietnam_time.today)


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    code: str
    head_name: str
    village: str
    house_number: str
    phone: str
    members: int
    uninsured: int
    next_expiry: date | None
    last_visit_at: datetime | None
    last_outcome: str
    follow_up_date: date | None


def _month_start_utc(today: date) -> datetime:
    return datetime.combine(today.replace(day=1), time.min).astimezone(UTC)


# --- SQL fragments, shared with store.today (aliases: h household, p person, v visit) ---

# The household list's order: village, house number as a number then as text, head's name.
LIST_ORDER = "h.village, CAST(h.house_number AS INTEGER), h.house_number, h.head_name"

# The latest visit of each household, used by several filters and the row loader.
_LATEST_VISIT = (
    "(SELECT v.{col} FROM visit v WHERE v.household_id = h.id AND v.deleted_at IS NULL"
    " ORDER BY v.visited_at DESC LIMIT 1)"
)


def latest_visit(col: str) -> str:
    """A column of household h's latest live visit, NULL when it has none.

    Only the latest visit counts: a later visit without a follow-up date clears an
    earlier one's (the collector has been back).
    """
    return _LATEST_VISIT.format(col=col)


# Household h has a live member without BHYT (param :none = BhytStatus.NONE).
HAS_UNINSURED = (
    "EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id"
    " AND p.bhyt_status = :none AND p.deleted_at IS NULL)"
)
# Live person p's card expires between :today and :until, both included.
CARD_EXPIRING = "p.bhyt_expiry BETWEEN :today AND :until AND p.deleted_at IS NULL"
HAS_EXPIRING = f"EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND {CARD_EXPIRING})"
# The latest visit's follow-up date has come (:today).
FOLLOW_UP_DUE = f"{latest_visit('follow_up_date')} <= :today"
# Household h has a live visit at all.
EVER_VISITED = "EXISTS (SELECT 1 FROM visit v WHERE v.household_id = h.id AND v.deleted_at IS NULL)"
# A live visit at or after :since (naive UTC text, as stored).
VISITED_SINCE = (
    "EXISTS (SELECT 1 FROM visit v WHERE v.household_id = h.id"
    " AND v.visited_at >= :since AND v.deleted_at IS NULL)"
)


def status_condition(
    status: StatusFilter, today: date, expiring_days: int = 30
) -> tuple[str, dict[str, object]]:
    """The WHERE condition on household h for a status filter, with its parameters."""
    status = StatusFilter(status)  # Qt item data hands back plain strings
    if status is StatusFilter.UNINSURED:
        return HAS_UNINSURED, {"none": BhytStatus.NONE.value}
    if status is StatusFilter.EXPIRING:
        until = today + timedelta(days=expiring_days)
        return HAS_EXPIRING, {"today": today.isoformat(), "until": until.isoformat()}
    if status is StatusFilter.FOLLOW_UP_DUE:
        return FOLLOW_UP_DUE, {"today": today.isoformat()}
    if status is StatusFilter.NOT_VISITED_THIS_MONTH:
        since = _month_start_utc(today).replace(tzinfo=None).isoformat(" ")
        return f"NOT {VISITED_SINCE}", {"since": since}
    raise ValueError(f"no condition for {status}")


@dataclass(frozen=True, slots=True)
class _ListEntry:  # slots: 50,000 of them stay in memory (issue 17)
    key: int
    id: str
    village: str


class _SortedList:
    """All live households in list order, cached per database until list_version moves.

    Sorting 50,000 rows costs tens of milliseconds; search and village filters then
    only pick from this list (keystroke latency). Triggers bump list_version on any
    insert, delete or change of a sort column, whoever writes.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[int, list[_ListEntry]]] = {}

    def get(self, session: Session) -> list[_ListEntry]:
        conn = session.connection()
        version = conn.exec_driver_sql("SELECT n FROM list_version WHERE id = 1").scalar_one()
        where = str(conn.engine.url)
        with self._lock:
            cached = self._cache.get(where)
            if cached and cached[0] == version:
                return cached[1]
        rows = conn.exec_driver_sql(
            "SELECT h.local_key, h.id, h.village FROM household h WHERE h.deleted_at IS NULL"
            f" ORDER BY {LIST_ORDER}"
        )
        villages: dict[str, str] = {}  # one string per village, not one per household
        entries = [_ListEntry(r[0], r[1], villages.setdefault(r[2], r[2])) for r in rows]
        with self._lock:
            self._cache[where] = (version, entries)
        return entries


_sorted = _SortedList()


def household_ids(session: Session, flt: HouseholdFilter) -> list[str]:
    """Ids of live households matching ``flt``, by village, house number, head's name."""
    entries = _sorted.get(session)
    if flt.village:
        entries = [e for e in entries if e.village == flt.village]
    match = search.match_expression(flt.text)
    if match:
        keys = search.matching_keys(session, match)
        entries = [e for e in entries if e.key in keys]
    status = StatusFilter(flt.status)  # Qt item data hands back plain strings
    if status is not StatusFilter.ALL:
        wanted = set(_status_ids(session, status, flt))
        entries = [e for e in entries if e.id in wanted]
    return [e.id for e in entries]


# Households a first screen may take to walk (~10 µs each) before a search counts as
# sparse: about what the full-text search costs a sparse query of common words.
FIRST_WALK = 800


def first_household_ids(
    session: Session, flt: HouseholdFilter, want: int
) -> tuple[list[str], bool]:
    """The start of :func:`household_ids` for ``flt`` with bounded work per keystroke, and
    whether it is the whole list (else it holds at least the first ``want`` ids).

    A broad search ("ng", "09", "nguyen") walks the list from the top and stops at
    ``want`` matches; a sparse one costs what its few matches cost. The whole list of a
    broad search then comes from :func:`household_ids`, off the keystroke's path.
    """
    words = query_words(flt.text)
    if not words or StatusFilter(flt.status) is not StatusFilter.ALL:
        return household_ids(session, flt), True
    everyone = _sorted.get(session)
    entries = [e for e in everyone if e.village == flt.village] if flt.village else everyone
    walked = search.first_matching(session, words, (e.key for e in entries), want, FIRST_WALK)
    if walked is not None:
        keys, complete = walked
        by_key = {e.key: e.id for e in entries[: 2 * FIRST_WALK]}
        return [by_key[k] for k in keys], complete
    # Sparse: order the few matches by their place in the list, not the list by them.
    match = search.match_expression(flt.text)
    assert match is not None
    where, ids = _places_of(everyone)
    places = sorted(map(where.get, search.matching_keys(session, match), repeat(-1)))
    found = map(ids.__getitem__, places[bisect_left(places, 0) :])  # -1: not in the list
    if flt.village:
        villages = {e.id: e.village for e in entries}
        return [i for i in found if villages.get(i) == flt.village], True
    return list(found), True


_places: tuple[list[_ListEntry], dict[int, int], list[str]] | None = None


def _places_of(entries: list[_ListEntry]) -> tuple[dict[int, int], list[str]]:
    """Each key's place in ``entries``, the whole sorted list, and the ids in that order
    (kept while the list is current)."""
    global _places
    cached = _places
    if cached is not None and cached[0] is entries:
        return cached[1], cached[2]
    where = {e.key: n for n, e in enumerate(entries)}
    ids = [e.id for e in entries]
    _places = (entries, where, ids)
    return where, ids


def _status_ids(session: Session, status: StatusFilter, flt: HouseholdFilter) -> list[str]:
    """Households meeting a status condition (unordered)."""
    condition, params = status_condition(status, flt.today, flt.expiring_days)
    sql = f"SELECT h.id FROM household h WHERE h.deleted_at IS NULL AND {condition}"
    return [row[0] for row in session.connection().execute(sa.text(sql), params)]


def household_rows(
    session: Session, ids: list[str], today: date | None = None
) -> dict[str, HouseholdRow]:
    """Display rows for the given ids (one query; used for the visible page only)."""
    if not ids:
        return {}
    sql = sa.text(
        "SELECT h.id, h.code, h.head_name, h.village, h.house_number, h.phone,"
        " (SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.deleted_at IS NULL),"
        " (SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.deleted_at IS NULL"
        "   AND p.bhyt_status = :none),"
        " (SELECT min(p.bhyt_expiry) FROM person p WHERE p.household_id = h.id"
        "   AND p.deleted_at IS NULL AND p.bhyt_expiry >= :today),"
        f" {latest_visit('visited_at')},"
        f" {latest_visit('outcome')},"
        f" {latest_visit('follow_up_date')}"
        " FROM household h WHERE h.id IN :ids"
    ).bindparams(sa.bindparam("ids", expanding=True))
    today = today or vietnam_time.today()
    params = {"ids": ids, "none": BhytStatus.NONE.value, "today": today.isoformat()}
    rows = {}
    for r in session.connection().execute(sql, params):
        rows[r[0]] = HouseholdRow(
            id=r[0],
            code=r[1],
            head_name=r[2],
            village=r[3],
            house_number=r[4],
            phone=r[5],
            members=r[6],
            uninsured=r[7],
            next_expiry=date.fromisoformat(r[8]) if r[8] else None,
            last_visit_at=_parse_utc(r[9]),
            last_outcome=r[10] or "",
            follow_up_date=date.fromisoformat(r[11]) if r[11] else None,
        )
    return rows


def _parse_utc(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@dataclass
class VisitWithResults:
    visit: Visit
    results: list[Collection]


@dataclass
class HouseholdDetail:
    household: Household
    members: list[Person]
    visits: list[VisitWithResults]


_RELATION_ORDER = {"head": 0, "spouse": 1, "parent": 2, "child": 3, "grandchild": 4}


def household_detail(session: Session, household_id: str) -> HouseholdDetail | None:
    household = session.get(Household, household_id)
    if household is None or household.deleted_at is not None:
        return None
    members = list(
        session.exec(
            select(Person).where(
                Person.household_id == household_id, col(Person.deleted_at).is_(None)
            )
        )
    )
    members.sort(
        key=lambda p: (_RELATION_ORDER.get(p.relation, 9), p.date_of_birth or date.max, p.full_name)
    )
    visits = list(
        session.exec(
            select(Visit)
            .where(Visit.household_id == household_id, col(Visit.deleted_at).is_(None))
            .order_by(col(Visit.visited_at).desc())
        )
    )
    results: dict[str, list[Collection]] = {}
    for c in session.exec(
        select(Collection).where(
            Collection.household_id == household_id, col(Collection.deleted_at).is_(None)
        )
    ):
        results.setdefault(c.visit_id, []).append(c)
    return HouseholdDetail(
        household, members, [VisitWithResults(v, results.get(v.id, [])) for v in visits]
    )


def villages(session: Session) -> list[str]:
    stmt = (
        select(Household.village)
        .where(col(Household.deleted_at).is_(None), Household.village != "")
        .distinct()
        .order_by(Household.village)
    )
    return list(session.exec(stmt))


def commune_villages(session: Session, commune: str) -> list[str]:
    """The villages of live households recorded in ``commune`` (as written), by name."""
    stmt = (
        select(Household.village)
        .where(
            col(Household.deleted_at).is_(None),
            Household.village != "",
            Household.commune == commune.strip(),
        )
        .distinct()
        .order_by(Household.village)
    )
    return list(session.exec(stmt))


def household_count(session: Session) -> int:
    return session.exec(
        select(sa.func.count()).select_from(Household).where(col(Household.deleted_at).is_(None))
    ).one()
