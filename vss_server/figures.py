"""The console's figures, computed from the synced visits (issue 14).

The counting rules are the app's (vss_desktop.store.metrics): a count metric counts
*people* with a result of its kind on live visits of the range, each person once per
range (and per collector in a per-collector table; a person met by two collectors counts
for each, and once in the total); a result without a person is a person of its own. The
amount is the sum of the live visits' amounts. Days are Vietnam's calendar days. The
scope (vss_server.areas.Scope) limits everything to the households of the supervisor's
areas. Plain SQL expressions that run on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from vss_core.enums import Metric, ResultKind
from vss_core.tables import table_of
from vss_core.vietnam_time import UTC_OFFSET, day_range_utc
from vss_server.areas import Scope
from vss_server.models import Collection, Household, Visit

COUNT_METRICS: tuple[Metric, ...] = tuple(m for m in Metric if m is not Metric.AMOUNT_COLLECTED)
V, H, C = table_of(Visit), table_of(Household), table_of(Collection)
_WHO = sa.func.coalesce(C.c.person_id, C.c.id)


@dataclass
class Figures:
    visits: int = 0
    households: int = 0  # households reached: distinct households visited
    counts: dict[Metric, int] = field(default_factory=lambda: dict.fromkeys(COUNT_METRICS, 0))
    amount: int = 0  # whole đồng

    def value(self, metric: Metric) -> int:
        return self.amount if metric is Metric.AMOUNT_COLLECTED else self.counts[metric]


def _live_visits(start: date, end: date, scope: Scope) -> sa.ColumnElement[bool]:
    lo, hi = day_range_utc(start, end)
    return sa.and_(
        V.c.deleted.is_(False),
        V.c.visited_at >= lo,
        V.c.visited_at < hi,
        scope.household_clause(),
    )


def _grouped(
    session: Session, start: date, end: date, scope: Scope, keys: Sequence[sa.ColumnElement]
) -> dict[tuple, Figures]:
    where = _live_visits(start, end, scope)
    joined = sa.select(*keys).select_from(V.join(H, H.c.id == V.c.household_id))
    out: dict[tuple, Figures] = {}
    visits = joined.add_columns(
        sa.func.count(V.c.id),
        sa.func.count(sa.distinct(V.c.household_id)),
        sa.func.coalesce(sa.func.sum(V.c.amount_collected), 0),
    ).where(where)
    for row in session.execute(visits.group_by(*keys)):
        figures = out.setdefault(tuple(row[: len(keys)]), Figures())
        figures.visits, figures.households, figures.amount = (int(v) for v in row[len(keys) :])
    results = (
        joined.join(C, sa.and_(C.c.visit_id == V.c.id, C.c.deleted.is_(False)))
        .add_columns(C.c.kind, sa.func.count(sa.distinct(_WHO)))
        .where(where)
        .group_by(*keys, C.c.kind)
    )
    for row in session.execute(results):
        kind, count = row[len(keys)], row[len(keys) + 1]
        if kind in ResultKind._value2member_map_:
            figures = out.setdefault(tuple(row[: len(keys)]), Figures())
            figures.counts[Metric(kind)] = int(count)
    return out


def by_collector(session: Session, start: date, end: date, scope: Scope) -> dict[str, Figures]:
    """Figures per collector: the account that synced the visit (``created_by``), not the
    free-text collector name a laptop writes on it."""
    found = _grouped(session, start, end, scope, [V.c.created_by])
    return {key[0]: figures for key, figures in sorted(found.items())}


def by_commune(
    session: Session, start: date, end: date, scope: Scope
) -> dict[tuple[str, str], Figures]:
    """Figures per (province, commune) of the visited households."""
    found = _grouped(session, start, end, scope, [H.c.province, H.c.commune])
    return {(key[0], key[1]): figures for key, figures in sorted(found.items())}


def total(session: Session, start: date, end: date, scope: Scope) -> Figures:
    found = _grouped(session, start, end, scope, [sa.literal(1)])
    return next(iter(found.values()), Figures())


@dataclass
class Overview:
    """The overview's three tables for one period and scope."""

    per_collector: dict[str, Figures]
    per_commune: dict[tuple[str, str], Figures]
    total: Figures


def overview(session: Session, start: date, end: date, scope: Scope) -> Overview:
    """Per collector, per commune and in all. On PostgreSQL one scan of the period's visits
    (and one of their results) answers the three with GROUPING SETS, each still counting
    every person once within its own group; SQLite, without GROUPING SETS, runs the three
    queries (it serves a commune, not a province)."""
    if session.get_bind().dialect.name != "postgresql":
        return Overview(
            by_collector(session, start, end, scope),
            by_commune(session, start, end, scope),
            total(session, start, end, scope),
        )
    where = _live_visits(start, end, scope)
    keys = (V.c.created_by, H.c.province, H.c.commune)
    sets = sa.func.grouping_sets(
        sa.tuple_(V.c.created_by), sa.tuple_(H.c.province, H.c.commune), sa.tuple_()
    )
    which = sa.func.grouping(*keys)  # bit per key left out: 3 per collector, 4 per commune, 7 all
    joined = sa.select(which, *keys).select_from(V.join(H, H.c.id == V.c.household_id))
    result = Overview({}, {}, Figures())

    def target(row: sa.Row) -> Figures:
        if row[0] == 0b011:
            return result.per_collector.setdefault(row[1], Figures())
        if row[0] == 0b100:
            return result.per_commune.setdefault((row[2], row[3]), Figures())
        return result.total

    visits = joined.add_columns(
        sa.func.count(V.c.id),
        sa.func.count(sa.distinct(V.c.household_id)),
        sa.func.coalesce(sa.func.sum(V.c.amount_collected), 0),
    ).where(where)
    for row in session.execute(visits.group_by(sets)):
        figures = target(row)
        figures.visits, figures.households, figures.amount = (int(v) for v in row[4:])
    results = (
        joined.join(C, sa.and_(C.c.visit_id == V.c.id, C.c.deleted.is_(False)))
        .add_columns(C.c.kind, sa.func.count(sa.distinct(_WHO)))
        .where(where)
        .group_by(
            sa.func.grouping_sets(
                sa.tuple_(V.c.created_by, C.c.kind),
                sa.tuple_(H.c.province, H.c.commune, C.c.kind),
                sa.tuple_(C.c.kind),
            )
        )
    )
    for row in session.execute(results):
        kind, count = row[4], row[5]
        if kind in ResultKind._value2member_map_:
            target(row).counts[Metric(kind)] = int(count)
    result.per_collector = dict(sorted(result.per_collector.items()))
    result.per_commune = dict(sorted(result.per_commune.items()))
    return result


def local_day_sql(postgres: bool) -> sa.ColumnElement[date]:
    """The local calendar day of Visit.visited_at, in SQL (also vss_server.figure_cache)."""
    if postgres:
        # As UTC whatever the session's time zone, then Vietnam's fixed offset (no DST).
        shifted = sa.func.timezone("UTC", V.c.visited_at) + sa.literal(UTC_OFFSET, sa.Interval)
        return sa.cast(shifted, sa.Date)
    minutes = int(UTC_OFFSET.total_seconds() // 60)
    return sa.func.date(V.c.visited_at, f"+{minutes} minutes")


def daily_visits(session: Session, start: date, end: date, scope: Scope) -> list[tuple[date, int]]:
    """(day, live visits) for every day of the range, zeros included."""
    day = local_day_sql(session.get_bind().dialect.name == "postgresql")
    stmt = (
        sa.select(day, sa.func.count(V.c.id))
        .select_from(V.join(H, H.c.id == V.c.household_id))
        .where(_live_visits(start, end, scope))
        .group_by(day)
    )
    found = {date.fromisoformat(str(d)): int(n) for d, n in session.execute(stmt)}
    days = (end - start).days + 1
    return [(d, found.get(d, 0)) for d in (start + timedelta(days=n) for n in range(days))]
