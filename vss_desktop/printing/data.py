"""What each printed document shows, read from the store into plain dataclasses (Qt-free).

One function per document: :func:`visit_list`, :func:`household_sheets`,
:func:`reminders` and :func:`campaign_report`. They only read; turning the data into pages is the job of the
document builders next to this module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session

from vss_core import vietnam_time
from vss_core.batching import chunks
from vss_core.enums import Metric
from vss_core.formatting import local_date
from vss_core.text import fold
from vss_core.vietnam_time import local_midnight_utc
from vss_desktop.store import Store, metrics, queries, targets
from vss_desktop.store.queries import _RELATION_ORDER, HouseholdFilter


class Order(StrEnum):
    VILLAGE = "village"  # by village, then house number: the household list's own order
    NAME = "name"  # by the head's name, Vietnamese style (given name first)
    ROUTE = "route"  # exactly the order of the ids given (a route planned by hand)


@dataclass(frozen=True)
class Selection:
    """Which households a document covers.

    ``ids`` (a selection or a route) wins over the filter. ``villages`` widens the
    filter's single village to several; empty means the filter's own village choice.
    """

    filter: HouseholdFilter = HouseholdFilter()
    villages: tuple[str, ...] = ()
    ids: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Header:
    """Printed on every page."""

    commune: str
    collector: str
    printed: date


@dataclass(frozen=True)
class Member:
    full_name: str
    date_of_birth: date | None
    sex: str
    relation: str
    bhxh_code: str
    bhyt_expiry: date | None
    bhyt_status: str
    phone: str


@dataclass(frozen=True)
class HouseholdInfo:
    id: str
    code: str
    head_name: str
    village: str
    house_number: str
    street: str
    phone: str
    members: tuple[Member, ...]
    last_visit: date | None  # local date of the latest visit
    last_outcome: str  # enums.Outcome code, "" when never visited
    follow_up: date | None


@dataclass(frozen=True)
class VisitListData:
    header: Header
    households: tuple[HouseholdInfo, ...]
    today: date
    expiring_days: int

    @property
    def persons(self) -> int:
        return sum(len(h.members) for h in self.households)

    def is_expiring(self, expiry: date | None) -> bool:
        return expiry is not None and self.today <= expiry <= self.expiry_until

    @property
    def expiry_until(self) -> date:
        return self.today + timedelta(days=self.expiring_days)

    @property
    def expiring_cards(self) -> int:
        return sum(self.is_expiring(m.bhyt_expiry) for h in self.households for m in h.members)


@dataclass(frozen=True)
class HouseholdSheetData:
    header: Header
    households: tuple[HouseholdInfo, ...]
    today: date


@dataclass(frozen=True)
class ReminderRow:
    full_name: str
    date_of_birth: date | None
    household_code: str
    head_name: str
    house_number: str
    street: str
    bhyt_expiry: date
    bhyt_status: str
    phone: str
    phone_is_household: bool  # the person has no phone: this is the household's


@dataclass(frozen=True)
class ReminderGroup:
    village: str
    rows: tuple[ReminderRow, ...]


@dataclass(frozen=True)
class ReminderData:
    header: Header
    groups: tuple[ReminderGroup, ...]
    today: date
    days: int

    @property
    def until(self) -> date:
        return self.today + timedelta(days=self.days)

    @property
    def persons(self) -> int:
        return sum(len(g.rows) for g in self.groups)


# --- choosing and ordering households ---------------------------------------------------


def select_ids(session: Session, selection: Selection) -> list[str]:
    """The households of ``selection``, in the household list's order."""
    if selection.ids is not None:
        return list(dict.fromkeys(selection.ids))  # keep the caller's order, drop repeats
    flt = selection.filter
    if selection.villages:
        flt = replace(flt, village=None)
    ids = queries.household_ids(session, flt)
    if selection.villages:
        wanted = set(selection.villages)
        by_village = _villages_of(session, ids)
        ids = [i for i in ids if by_village.get(i) in wanted]
    return ids


def name_key(name: str) -> tuple[str, str]:
    """Vietnamese lists sort by the given name (the last word), then the whole name."""
    words = fold(name).split()
    return (words[-1] if words else "", " ".join(words))


def ordered(
    session: Session, ids: Sequence[str], order: Order, infos: dict[str, HouseholdInfo]
) -> list[str]:
    if order is Order.ROUTE:
        return [i for i in ids if i in infos]
    list_order = {hid: n for n, hid in enumerate(queries.household_ids(session, HouseholdFilter()))}
    by_list = sorted(
        (i for i in ids if i in infos), key=lambda i: list_order.get(i, len(list_order))
    )
    if order is Order.NAME:
        return sorted(by_list, key=lambda i: name_key(infos[i].head_name))
    return by_list


# --- loading -------------------------------------------------------------------------------


def _in_query(sql: str) -> sa.TextClause:
    return sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))


def _villages_of(session: Session, ids: Sequence[str]) -> dict[str, str]:
    stmt = _in_query("SELECT id, village FROM household WHERE id IN :ids")
    conn = session.connection()
    return {r[0]: r[1] for chunk in chunks(ids) for r in conn.execute(stmt, {"ids": chunk})}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _members(session: Session, ids: Sequence[str]) -> dict[str, list[Member]]:
    stmt = _in_query(
        "SELECT household_id, full_name, date_of_birth, sex, relation, bhxh_code, bhyt_expiry,"
        " bhyt_status, phone FROM person WHERE household_id IN :ids AND deleted_at IS NULL"
    )
    out: dict[str, list[Member]] = {}
    conn = session.connection()
    for chunk in chunks(ids):
        for r in conn.execute(stmt, {"ids": chunk}):
            member = Member(r[1], _date(r[2]), r[3], r[4], r[5], _date(r[6]), r[7], r[8])
            out.setdefault(r[0], []).append(member)
    for members in out.values():  # the detail pane's order: head, spouse, parents, children...
        members.sort(
            key=lambda m: (
                _RELATION_ORDER.get(m.relation, 9),
                m.date_of_birth or date.max,
                m.full_name,
            )
        )
    return out


def load_households(session: Session, ids: Sequence[str], today: date) -> dict[str, HouseholdInfo]:
    """Live households among ``ids`` with their members and latest visit."""
    # Also the liveness check: household_rows does not look at deleted_at.
    streets_sql = _in_query(
        "SELECT id, street FROM household WHERE id IN :ids AND deleted_at IS NULL"
    )
    conn = session.connection()
    infos: dict[str, HouseholdInfo] = {}
    for chunk in chunks(ids):
        rows = queries.household_rows(session, chunk, today)
        streets = {r[0]: r[1] for r in conn.execute(streets_sql, {"ids": chunk})}
        members = _members(session, list(rows))
        for hid, row in rows.items():
            if hid not in streets:
                continue
            infos[hid] = HouseholdInfo(
                id=hid,
                code=row.code,
                head_name=row.head_name,
                village=row.village,
                house_number=row.house_number,
                street=streets[hid],
                phone=row.phone,
                members=tuple(members.get(hid, ())),
                last_visit=local_date(row.last_visit_at) if row.last_visit_at else None,
                last_outcome=row.last_outcome,
                follow_up=row.follow_up_date,
            )
    return infos


def _commune(session: Session, ids: Iterable[str]) -> str:
    """The commune most of these households belong to, as "Commune, Province"."""
    stmt = _in_query("SELECT commune, province FROM household WHERE id IN :ids")
    counts: Counter[tuple[str, str]] = Counter()
    conn = session.connection()
    for chunk in chunks(list(ids)):
        counts.update((r[0], r[1]) for r in conn.execute(stmt, {"ids": chunk}))
    if not counts:
        return ""
    commune, province = counts.most_common(1)[0][0]
    return ", ".join(part for part in (commune, province) if part)


# --- the three documents --------------------------------------------------------------


def visit_list(
    store: Store,
    selection: Selection,
    order: Order = Order.VILLAGE,
    collector: str = "",
    today: date | None = None,
) -> VisitListData:
    """Households to visit, with members, cards and the latest visit, in ``order``."""
    today = today or selection.filter.today
    with store.read() as session:
        ids = select_ids(session, selection)
        infos = load_households(session, ids, today)
        chosen = ordered(session, ids, order, infos)
        commune = _commune(session, chosen)
    return VisitListData(
        header=Header(commune, collector, today),
        households=tuple(infos[i] for i in chosen),
        today=today,
        expiring_days=selection.filter.expiring_days,
    )


def household_sheets(
    store: Store,
    ids: Sequence[str],
    collector: str = "",
    today: date | None = None,
    order: Order = Order.ROUTE,
) -> HouseholdSheetData:
    """One entry per live household among ``ids`` (by default in the order given)."""
    today = today or vietnam_time.today()
    with store.read() as session:
        infos = load_households(session, ids, today)
        chosen = ordered(session, list(dict.fromkeys(ids)), order, infos)
        commune = _commune(session, chosen)
    return HouseholdSheetData(
        Header(commune, collector, today), tuple(infos[i] for i in chosen), today
    )


def household_ids_by_code(store: Store, codes: Sequence[str]) -> list[str]:
    """Live household ids for household codes (unknown codes are left out)."""
    stmt = _in_query("SELECT code, id FROM household WHERE code IN :ids AND deleted_at IS NULL")
    with store.read() as session:
        found = {r[0]: r[1] for r in session.connection().execute(stmt, {"ids": list(codes)})}
    return [found[c] for c in codes if c in found]


def reminders(
    store: Store,
    days: int = 30,
    villages: Sequence[str] = (),
    collector: str = "",
    today: date | None = None,
) -> ReminderData:
    """Persons whose BHYT card expires within ``days`` days (today included), by village,
    soonest first; the phone is the person's own, else the household's."""
    today = today or vietnam_time.today()
    until = today + timedelta(days=days)
    sql = (
        "SELECT h.village, p.full_name, p.date_of_birth, h.code, h.head_name, h.house_number,"
        " h.street, p.bhyt_expiry, p.bhyt_status, p.phone, h.phone, h.id"
        " FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE p.deleted_at IS NULL AND h.deleted_at IS NULL"
        " AND p.bhyt_expiry BETWEEN :today AND :until"
    )
    params: dict[str, object] = {"today": today.isoformat(), "until": until.isoformat()}
    stmt = sa.text(sql)
    if villages:
        stmt = sa.text(sql + " AND h.village IN :villages").bindparams(
            sa.bindparam("villages", expanding=True)
        )
        params["villages"] = list(villages)
    groups: dict[str, list[ReminderRow]] = {}
    household_ids: set[str] = set()
    with store.read() as session:
        for r in session.connection().execute(stmt, params):
            own_phone = r[9] or ""
            groups.setdefault(r[0], []).append(
                ReminderRow(
                    full_name=r[1],
                    date_of_birth=_date(r[2]),
                    household_code=r[3],
                    head_name=r[4],
                    house_number=r[5],
                    street=r[6],
                    bhyt_expiry=date.fromisoformat(r[7]),
                    bhyt_status=r[8],
                    phone=own_phone or r[10] or "",
                    phone_is_household=not own_phone and bool(r[10]),
                )
            )
            household_ids.add(r[11])
        commune = _commune(session, household_ids)
    ordered_groups = tuple(
        ReminderGroup(
            village, tuple(sorted(rows, key=lambda x: (x.bhyt_expiry, name_key(x.full_name))))
        )
        for village, rows in sorted(groups.items(), key=lambda kv: fold(kv[0]))
    )
    return ReminderData(Header(commune, collector, today), ordered_groups, today, days)


# --- the campaign report ------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignReportData:
    header: Header
    name: str
    start: date
    end: date
    notes: str
    counts: dict[Metric, int]  # metrics.campaign_tally: people, and whole đồng collected
    visits: int  # live visits over the campaign's days
    households: int  # the households those visits went to
    counted_at: datetime  # when the numbers were read (aware UTC)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def new_participants(self) -> int:
        """New household-BHYT plus new voluntary-SI participants (a person in both counts twice)."""
        return (
            self.counts[Metric.BHYT_HOUSEHOLD_ENROLLED] + self.counts[Metric.VOLUNTARY_SI_ENROLLED]
        )


_MOST_COMMON_COMMUNE = " GROUP BY h.commune, h.province ORDER BY count(DISTINCT h.id) DESC LIMIT 1"
_MOST_HOUSEHOLDS_COMMUNE = (
    "SELECT h.commune, h.province FROM household h WHERE h.deleted_at IS NULL"
    + _MOST_COMMON_COMMUNE
)


def campaign_report(
    store: Store, campaign_id: str, collector: str = "", today: date | None = None
) -> CampaignReportData:
    """A campaign's tally over its days (store.metrics rules), its visits and the commune
    most of the visited households belong to (else most households on this laptop).
    Raises ``services.NotFound`` for an unknown or deleted campaign."""
    today = today or vietnam_time.today()
    with store.read() as session:
        campaign = targets.get_campaign(session, campaign_id)
        counts = metrics.campaign_tally(session, campaign)
        in_range = {
            "lo": metrics.stored_utc(local_midnight_utc(campaign.start_date)),
            "hi": metrics.stored_utc(local_midnight_utc(campaign.end_date + timedelta(days=1))),
        }
        visited = (
            " FROM visit v JOIN household h ON h.id = v.household_id WHERE v.deleted_at IS NULL"
            " AND v.visited_at >= :lo AND v.visited_at < :hi"
        )
        conn = session.connection()
        visits, households = conn.execute(
            sa.text(f"SELECT count(*), count(DISTINCT v.household_id){visited}"), in_range
        ).one()
        most_visited = f"SELECT h.commune, h.province{visited}{_MOST_COMMON_COMMUNE}"
        where = conn.execute(sa.text(most_visited), in_range).first()
        if where is None:  # nobody visited yet: the commune of most households here
            where = conn.execute(sa.text(_MOST_HOUSEHOLDS_COMMUNE)).first()
    commune = ", ".join(part for part in where or () if part)
    return CampaignReportData(
        header=Header(commune, collector, today),
        name=campaign.name,
        start=campaign.start_date,
        end=campaign.end_date,
        notes=campaign.notes,
        counts=counts,
        visits=visits,
        households=households,
        counted_at=datetime.now(UTC),
    )
