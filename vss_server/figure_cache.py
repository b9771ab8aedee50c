"""The console's figures kept ready per calendar period (issue 14: a province's year in
≤ 500 ms, where reading two million visits takes twenty seconds).

Two tables, both derived from the records and rebuilt from them at will:

- ``figure_fact``: one row per live visit (kind ``visit``, ``who`` its household) and per
  live result of a known kind (``who`` the person, or the result itself when it names
  none), with the visit's collector, the household's province and commune, the local
  day and the visit's amount: exactly what ``vss_server.figures`` counts.
- ``figure_cell``: per period (day, week, month, quarter, year), commune and kind, and
  per collector within that commune (``collector`` "*" for all collectors): the entries
  (visits, or results), the distinct ``who`` (households reached, or people) and the
  amount. A household, and so each person, lies in one commune, so a collector's figures
  over several communes and a scope's totals are sums of cells.

Keeping them current: every server write to a household, visit or result moves its
record to the head of the change feed under the feed lock. ``refresh`` takes that lock,
re-derives the facts of the households changed since its watermark, and moves each
touched cell by the difference, counting a ``who`` in a cell only while one of its facts
lies there. Diff-based, so running it twice changes nothing. A missing watermark (a new
or upgraded database, or data loaded around the feed) means a full ``rebuild`` in SQL.
Periods other than these (a campaign's dates) are read from the visits themselves.
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from vss_core.enums import Metric, ResultKind
from vss_core.periods import period_bounds
from vss_core.tables import table_of
from vss_core.vietnam_time import local_day
from vss_server import db as server_db
from vss_server import kept_tables
from vss_server.areas import Scope
from vss_server.figures import Figures, Overview, local_day_sql
from vss_server.models import Collection, FigureCell, FigureFact, Household, Visit

log = logging.getLogger(__name__)

PERIODS = ("day", "week", "month", "quarter", "year")  # the console's spans
VISIT = "visit"
ALL_COLLECTORS = "*"  # no username: a visit stored without one ("") keeps its own row
WATERMARK_KEY = "figures_seq"

F, CELL = table_of(FigureFact), table_of(FigureCell)
V, H, C = table_of(Visit), table_of(Household), table_of(Collection)
_KNOWN_KINDS = tuple(kind.value for kind in ResultKind)


def period_start(period: str, day: date) -> date:
    """The first day of the ``period`` holding ``day``; weeks start on Monday."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    return period_bounds(period, day)[0]


# --- facts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    id: str
    household_id: str
    who: str
    kind: str
    collector: str
    province: str
    commune: str
    day: date
    amount: int

    def cells(self) -> Iterator[tuple[str, date, str, str, str, str]]:
        """The keys of the cells this fact counts in."""
        for period, start in _starts(self.day):
            for collector in (self.collector, ALL_COLLECTORS):
                yield (period, start, collector, self.province, self.commune, self.kind)


@functools.lru_cache(maxsize=4096)
def _starts(day: date) -> tuple[tuple[str, date], ...]:
    """Each period holding ``day`` and its first day (a refresh asks for few days, often)."""
    return tuple((period, period_start(period, day)) for period in PERIODS)


def _visit_facts(conn: sa.Connection, households: Sequence[str]) -> Iterator[Fact]:
    rows = conn.execute(
        sa.select(
            V.c.id,
            V.c.household_id,
            V.c.created_by,
            H.c.province,
            H.c.commune,
            V.c.visited_at,
            V.c.amount_collected,
        )
        .select_from(V.join(H, H.c.id == V.c.household_id))
        .where(V.c.deleted.is_(False), V.c.household_id.in_(households))
    )
    for vid, hid, collector, province, commune, at, amount in rows:
        yield Fact(
            f"v:{vid}", hid, hid, VISIT, collector, province, commune, local_day(at), amount or 0
        )


def _result_facts(conn: sa.Connection, households: Sequence[str]) -> Iterator[Fact]:
    rows = conn.execute(
        sa.select(
            C.c.id,
            V.c.household_id,
            sa.func.coalesce(C.c.person_id, C.c.id),
            C.c.kind,
            V.c.created_by,
            H.c.province,
            H.c.commune,
            V.c.visited_at,
        )
        .select_from(C.join(V, V.c.id == C.c.visit_id).join(H, H.c.id == V.c.household_id))
        .where(
            C.c.deleted.is_(False),
            V.c.deleted.is_(False),
            C.c.kind.in_(_KNOWN_KINDS),
            V.c.household_id.in_(households),
        )
    )
    for cid, hid, who, kind, collector, province, commune, at in rows:
        yield Fact(f"c:{cid}", hid, who, kind, collector, province, commune, local_day(at), 0)


def _stored_facts(conn: sa.Connection, clause: sa.ColumnElement[bool]) -> list[Fact]:
    columns = [F.c[name] for name in Fact.__dataclass_fields__]
    return [Fact(*row) for row in conn.execute(sa.select(*columns).where(clause))]


# --- keeping the cells current -------------------------------------------------------


CellKey = tuple[str, date, str, str, str, str]


@dataclass
class _Delta:
    entries: int = 0
    people: int = 0
    amount: int = 0


def _presence(facts: Iterable[Fact]) -> set[tuple[CellKey, str]]:
    return {(key, fact.who) for fact in facts for key in fact.cells()}


def _apply(
    conn: sa.Connection, removed: list[Fact], added: list[Fact], stored: Iterable[Fact]
) -> None:
    """Swap facts and move the cells they touch by exactly the difference. ``stored``: the
    stored facts of the households changed, which hold every visit fact of the households
    touched (a visit's ``who`` is its household); a person's results are looked up."""
    pairs = {(f.who, f.kind) for f in removed + added}
    before = [f for f in stored if f.kind == VISIT and (f.who, f.kind) in pairs]
    people = sorted({who for who, kind in pairs if kind != VISIT})
    # By ``who`` alone, a plain IN on the index's first column; other kinds dropped here.
    for part in kept_tables.chunks(people):
        found = _stored_facts(conn, F.c.who.in_(part))
        before += [f for f in found if f.kind != VISIT and (f.who, f.kind) in pairs]
    gone = {f.id for f in removed}
    after = [f for f in before if f.id not in gone] + added
    deltas: dict[CellKey, _Delta] = defaultdict(_Delta)
    for sign, facts in ((-1, removed), (1, added)):
        for fact in facts:
            for key in fact.cells():
                deltas[key].entries += sign
                deltas[key].amount += sign * fact.amount
    was, now = _presence(before), _presence(after)
    for key, _who in now - was:
        deltas[key].people += 1
    for key, _who in was - now:
        deltas[key].people -= 1

    if removed:
        ids = [f.id for f in removed]
        for gone_ids in kept_tables.chunks(ids):
            conn.execute(F.delete().where(F.c.id.in_(gone_ids)))
    if added:
        conn.execute(F.insert(), [f.__dict__ for f in added])
    _move_cells(conn, deltas)


_KEY = ("period", "period_start", "collector", "province", "commune", "kind")


def _move_cells(conn: sa.Connection, deltas: dict[CellKey, _Delta]) -> None:
    """Add each delta to its cell, creating it (one upsert per cell, by primary key), then
    drop the touched cells left with nothing: the tables hold what the visits hold."""
    changed = [
        {**dict(zip(_KEY, key, strict=True)), **d.__dict__}
        for key, d in sorted(deltas.items())
        if d.entries or d.people or d.amount
    ]
    if not changed:
        return
    dialect = conn.dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(CELL)
    conn.execute(
        insert.on_conflict_do_update(
            index_elements=[CELL.c[k] for k in _KEY],
            set_={
                "entries": CELL.c.entries + insert.excluded.entries,
                "people": CELL.c.people + insert.excluded.people,
                "amount": CELL.c.amount + insert.excluded.amount,
            },
        ),
        changed,
    )
    emptied = [{f"k_{k}": row[k] for k in _KEY} for row in changed if row["entries"] < 0]
    if emptied:
        conn.execute(
            CELL.delete().where(
                *(CELL.c[k] == sa.bindparam(f"k_{k}") for k in _KEY), CELL.c.entries == 0
            ),
            emptied,
        )


def refresh(engine: sa.Engine) -> int:
    """Bring the cells up to the feed's head; the number of households re-derived.

    Pushes go on meanwhile (server_db.keeper_session says why that is safe).
    """
    with server_db.keeper_session(engine, server_db.FIGURES_LOCK_KEY) as session:
        conn = session.connection()
        seen = kept_tables.watermark(conn, WATERMARK_KEY)
        if seen is None:
            _rebuild(conn)
            return -1
        head = kept_tables.feed_head(conn)
        if head <= seen:
            return 0
        changed = kept_tables.households_changed(conn, seen, ("household", "visit", "collection"))
        for part in kept_tables.chunks(changed):
            old = {f.id: f for f in _stored_facts(conn, F.c.household_id.in_(part))}
            new = {f.id: f for f in [*_visit_facts(conn, part), *_result_facts(conn, part)]}
            removed = [f for i, f in old.items() if new.get(i) != f]
            added = [f for i, f in new.items() if old.get(i) != f]
            if removed or added:
                _apply(conn, removed, added, old.values())
        kept_tables.set_watermark(conn, WATERMARK_KEY, head)
        return len(changed)


def rebuild(engine: sa.Engine) -> None:
    """Derive both tables again from the records (`vss-server rebuild-console`)."""
    with server_db.keeper_session(engine, server_db.FIGURES_LOCK_KEY) as session:
        _rebuild(session.connection())


def _rebuild(conn: sa.Connection) -> None:
    postgres = conn.dialect.name == "postgresql"
    head = kept_tables.feed_head(conn)  # first: what commits later is derived next time
    conn.execute(CELL.delete())
    conn.execute(F.delete())
    day = local_day_sql(postgres)
    conn.execute(
        F.insert().from_select(
            [c.name for c in F.c],
            sa.select(
                sa.literal("v:") + V.c.id,
                V.c.household_id,
                V.c.household_id,
                sa.literal(VISIT),
                V.c.created_by,
                H.c.province,
                H.c.commune,
                day,
                sa.func.coalesce(V.c.amount_collected, 0),
            )
            .select_from(V.join(H, H.c.id == V.c.household_id))
            .where(V.c.deleted.is_(False)),
        )
    )
    conn.execute(
        F.insert().from_select(
            [c.name for c in F.c],
            sa.select(
                sa.literal("c:") + C.c.id,
                V.c.household_id,
                sa.func.coalesce(C.c.person_id, C.c.id),
                C.c.kind,
                V.c.created_by,
                H.c.province,
                H.c.commune,
                day,
                sa.literal(0),
            )
            .select_from(C.join(V, V.c.id == C.c.visit_id).join(H, H.c.id == V.c.household_id))
            .where(C.c.deleted.is_(False), V.c.deleted.is_(False), C.c.kind.in_(_KNOWN_KINDS)),
        )
    )
    for period in PERIODS:
        start = _period_start_sql(period, postgres)
        for collector in (F.c.collector, sa.literal(ALL_COLLECTORS)):
            grouped = sa.select(
                sa.literal(period),
                start,
                collector,
                F.c.province,
                F.c.commune,
                F.c.kind,
                sa.func.count(),
                sa.func.count(sa.distinct(F.c.who)),
                sa.func.coalesce(sa.func.sum(F.c.amount), 0),
            ).group_by(start, collector, F.c.province, F.c.commune, F.c.kind)
            conn.execute(CELL.insert().from_select([*_KEY, "entries", "people", "amount"], grouped))
    kept_tables.set_watermark(conn, WATERMARK_KEY, head)
    if postgres:  # fresh statistics, or the next refresh's lookups may scan the tables
        conn.execute(sa.text("ANALYZE figure_fact, figure_cell"))
    log.info("console figures rebuilt from the records")


def _period_start_sql(period: str, postgres: bool) -> sa.ColumnElement[date]:
    day = F.c.day
    if period == "day":
        return day
    if postgres:
        return sa.cast(sa.func.date_trunc(period, day), sa.Date)
    if period == "week":  # SQLite's %w: Sunday 0; weeks start on Monday
        back = (sa.cast(sa.func.strftime("%w", day), sa.Integer) + 6) % 7
        return sa.func.date(day, "-" + sa.cast(back, sa.String) + " days")
    if period == "month":
        return sa.func.date(day, "start of month")
    if period == "quarter":
        months = (sa.cast(sa.func.strftime("%m", day), sa.Integer) - 1) // 3 * 3
        return sa.func.date(day, "start of year", "+" + sa.cast(months, sa.String) + " months")
    return sa.func.date(day, "start of year")


# --- reading -------------------------------------------------------------------------


def _cell_scope(scope: Scope) -> sa.ColumnElement[bool]:
    if scope.pairs is None:
        return sa.true()
    if not scope.pairs:
        return sa.false()
    return sa.tuple_(CELL.c.province, CELL.c.commune).in_(scope.pairs)


def _add(figures: Figures, kind: str, entries: int, people: int, amount: int) -> None:
    if kind == VISIT:
        figures.visits += entries
        figures.households += people
        figures.amount += amount
    else:
        figures.counts[Metric(kind)] += people


def overview(session: Session, period: str, start: date, scope: Scope) -> Overview:
    """The overview of the ``period`` starting on ``start``, from the cells."""
    rows = session.execute(
        sa.select(
            CELL.c.collector,
            CELL.c.province,
            CELL.c.commune,
            CELL.c.kind,
            CELL.c.entries,
            CELL.c.people,
            CELL.c.amount,
        ).where(CELL.c.period == period, CELL.c.period_start == start, _cell_scope(scope))
    )
    result = Overview({}, {}, Figures())
    for collector, province, commune, kind, entries, people, amount in rows:
        if collector == ALL_COLLECTORS:
            _add(
                result.per_commune.setdefault((province, commune), Figures()),
                kind,
                entries,
                people,
                amount,
            )
            _add(result.total, kind, entries, people, amount)
        else:
            _add(
                result.per_collector.setdefault(collector, Figures()), kind, entries, people, amount
            )
    result.per_collector = dict(sorted(result.per_collector.items()))
    result.per_commune = dict(sorted(result.per_commune.items()))
    return result


def daily_visits(session: Session, start: date, end: date, scope: Scope) -> list[tuple[date, int]]:
    """(day, live visits) for every day of the range, zeros included."""
    rows = session.execute(
        sa.select(CELL.c.period_start, sa.func.sum(CELL.c.entries))
        .where(
            CELL.c.period == "day",
            CELL.c.period_start >= start,
            CELL.c.period_start <= end,
            CELL.c.collector == ALL_COLLECTORS,
            CELL.c.kind == VISIT,
            _cell_scope(scope),
        )
        .group_by(CELL.c.period_start)
    )
    found = {_as_date(d): int(n) for d, n in rows}
    days = (end - start).days + 1
    return [(d, found.get(d, 0)) for d in (start + timedelta(days=n) for n in range(days))]


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
