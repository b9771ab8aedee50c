"""Deterministic demo data: one mountainous commune of Lào Cai, as if received from the server.

Everything comes from ``random.Random(seed)`` and ``today`` (never the wall clock), so two
runs with the same seed and day write identical tables. Rows go in through SQLAlchemy Core
executemany in one write transaction, with ``server_version=1`` and no outbox rows (the data
stands for records the server already has), then the search index is rebuilt once.
The rows themselves come from :mod:`vss_desktop.demo.generator`.

Run: ``python -m vss_desktop.demo.load --data-dir DIR --households N [--seed S]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from vss_core import vietnam_time
from vss_core.enums import Metric, PeriodKind
from vss_core.periods import period_bounds
from vss_core.tables import table_of
from vss_desktop.demo.generator import Generator, Row
from vss_desktop.store import Store, open_store, search
from vss_desktop.store.models import Campaign, Collection, Household, Person, Target, Visit

Progress = Callable[[int, int], None]

DEFAULT_HOUSEHOLDS = 1500
DEFAULT_SEED = 20261122
BATCH = 500  # households per executemany round (and per progress report)
CACHE_KIB = -64 * 1024  # PRAGMA cache_size while loading (negative = KiB)
# Parents before children (foreign keys).
TABLES: tuple[type[SQLModel], ...] = (Household, Person, Visit, Collection)
# The work plan's monthly targets, per 1,000 households (a quarter's are three times these).
MONTHLY_TARGETS_PER_1000 = {
    Metric.BHYT_HOUSEHOLD_ENROLLED: 14,
    Metric.VOLUNTARY_SI_ENROLLED: 4,
    Metric.BHYT_RENEWED: 25,
    Metric.VSSID_INSTALLED: 20,
    Metric.CASHLESS_REGISTERED: 7,
    Metric.AMOUNT_COLLECTED: 20_000_000,  # whole đồng
}
CAMPAIGN_DAYS = 7


@dataclass(frozen=True)
class DemoSummary:
    households: int
    persons: int
    visits: int
    collections: int


def is_empty(store: Store) -> bool:
    """True when the store has no households at all (deleted ones count as data)."""
    with store.read() as session:
        return _household_count(session) == 0


def _household_count(session: Session) -> int:
    return (
        session.connection()
        .execute(sa.select(sa.func.count()).select_from(table_of(Household)))
        .scalar_one()
    )


@contextmanager
def _big_page_cache(conn: sa.Connection) -> Iterator[None]:
    """Random-UUID keys thrash SQLite's default 2 MiB page cache on big loads (50k households:
    43 s -> 34 s); raise it for the load, then give the pooled connection its old value."""
    old = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size={CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(sa.exc.DBAPIError):  # never hide the load's own error
            conn.exec_driver_sql(f"PRAGMA cache_size={old}")


def _insert(session: Session, table: sa.Table, rows: list[Row]) -> None:
    if rows:
        session.connection().execute(sa.insert(table), rows)


def generate(
    store: Store,
    households: int = DEFAULT_HOUSEHOLDS,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    progress: Progress | None = None,
    work_plan: bool = False,
) -> DemoSummary:
    """Fill an empty store with a demo commune, in one transaction (all or nothing).

    ``progress(done, total)`` is called after each batch; it counts households, plus a
    last share of the total for the search index rebuild. ``work_plan`` also sets this
    month's and this quarter's targets and a campaign of the last seven days, so that a
    first look at the app shows progress bars and a tally (the app's demo does).
    """
    if households < 0:
        raise ValueError("households must not be negative")
    today = today or vietnam_time.today()
    gen = Generator(seed, today, households)
    total = households + max(1, households // 10)
    counts = {"persons": 0, "visits": 0, "collections": 0}
    with store.write() as session:
        if _household_count(session):
            raise ValueError("the store already has households: demo data needs an empty store")
        with _big_page_cache(session.connection()):
            for start in range(0, households, BATCH):
                batch = gen.batch(min(BATCH, households - start))
                for model, rows in zip(TABLES, batch, strict=True):
                    _insert(session, table_of(model), rows)
                for name, rows in zip(counts, batch[1:], strict=True):
                    counts[name] += len(rows)
                if progress:
                    progress(start + len(batch[0]), total)
            search.rebuild(session)
        if work_plan:
            _add_work_plan(session, households, seed, today)
    if progress:
        progress(total, total)
    return DemoSummary(households=households, **counts)


def _add_work_plan(session: Session, households: int, seed: int, today: date) -> None:
    """Local targets for the month and quarter of ``today``, and a campaign ending today.

    Ids and times come from the seed and the day, like the rest of the demo data."""
    rng = random.Random(f"{seed}:work-plan")
    moment = datetime.combine(today, datetime.min.time(), UTC)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    for kind, months in ((PeriodKind.MONTH, 1), (PeriodKind.QUARTER, 3)):
        start, _ = period_bounds(kind, today)
        for metric, per_1000 in MONTHLY_TARGETS_PER_1000.items():
            value = max(1, round(per_1000 * months * households / 1000))
            if metric is Metric.AMOUNT_COLLECTED:
                value = max(1_000_000, round(value, -6))  # a round number of millions
            session.add(
                Target(
                    id=new_id(), metric=metric, period_kind=kind, period_start=start,
                    value=value, updated_at=moment,
                )
            )  # fmt: skip
    session.add(
        Campaign(
            id=new_id(),
            name="Tuần vận động BHYT hộ gia đình",
            start_date=today - timedelta(days=CAMPAIGN_DAYS - 1),
            end_date=today,
            notes="Chiến dịch mẫu của dữ liệu demo.",
            created_at=moment,
            updated_at=moment,
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vss_desktop.demo.load", description="Fill an empty store with demo data."
    )
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--households", type=int, default=DEFAULT_HOUSEHOLDS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    store = open_store(args.data_dir.expanduser())
    try:
        summary = generate(store, args.households, args.seed, args.today, work_plan=True)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(
        f"{summary.households} households, {summary.persons} persons, {summary.visits} visits,"
        f" {summary.collections} collections in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
