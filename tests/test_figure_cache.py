"""The console's kept figures (vss_server/figure_cache.py) equal the figures read from the
visits themselves (vss_server/figures.py), period by period and scope by scope, through
random additions, edits, deletions and households moving commune; and the incremental
cells equal a rebuild from scratch. On SQLite and PostgreSQL."""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from helpers.feed_writer import write_record
from helpers.server_harness import ServerProcess
from vss_core.enums import ResultKind
from vss_core.tables import table_of
from vss_server import figure_cache, figures, search_index
from vss_server.areas import Area, scope_for
from vss_server.console.periods import period_of
from vss_server.db import FEED_LOCK_KEY
from vss_server.models import Collection, FigureCell, Household, Person, Visit

V, H, C, P = table_of(Visit), table_of(Household), table_of(Collection), table_of(Person)
PLACES = [("Lào Cai", "Xã Bản Phiệt"), ("Lào Cai", "Xã Cốc San"), ("Hà Giang", "Xã Lũng Cú")]
COLLECTORS = ["thu.lt", "hoa.lt", "nam.vt"]
KINDS = [k.value for k in ResultKind] + ["some_future_kind"]
# Around the year's end and a quarter's end, and each visit near local midnight
# (Vietnam is UTC+7: 16:30 and 17:30 UTC fall on different local days).
DAYS = [date(2025, 12, 27) + timedelta(days=n) for n in range(12)] + [
    date(2026, 3, 29) + timedelta(days=n) for n in range(6)
]


class World:
    """Writes records as the server's writers do: each change moves its record to the
    head of the change feed, under the feed lock."""

    def __init__(self, engine: sa.Engine, rng: random.Random) -> None:
        self.engine, self.rng = engine, rng
        self.households: dict[str, list[str]] = {}  # id -> person ids
        self.visits: dict[str, str] = {}  # id -> household id
        self.results: dict[str, str] = {}  # id -> household id
        self.count = 0

    def _id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count:05d}"

    def _write(self, table: sa.Table, entity: str, row: dict, household_id: str, new: bool) -> None:
        write_record(self.engine, table, entity, row, household_id, new)

    def add_household(self) -> None:
        hid = self._id("h")
        province, commune = self.rng.choice(PLACES)
        self._write(
            H,
            "household",
            {"id": hid, "code": hid, "head_name": "Hộ", "province": province, "commune": commune},
            hid,
            new=True,
        )
        people = []
        for _ in range(3):
            pid = self._id("p")
            self._write(
                P, "person", {"id": pid, "household_id": hid, "full_name": "Người"}, hid, True
            )
            people.append(pid)
        self.households[hid] = people

    def _moment(self) -> datetime:
        day = self.rng.choice(DAYS)
        hour = self.rng.choice([1, 9, 16, 17])  # UTC; 16:30 local 23:30, 17:30 local 00:30
        return datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC)

    def add_visit(self) -> None:
        hid = self.rng.choice(list(self.households))
        vid = self._id("v")
        row = {
            "id": vid,
            "household_id": hid,
            "visited_at": self._moment(),
            "created_by": self.rng.choice(COLLECTORS),
            "amount_collected": self.rng.choice([0, 0, 105_300, 1_263_600]),
            "outcome": "visited",
        }
        self._write(V, "visit", row, hid, new=True)
        self.visits[vid] = hid

    def add_result(self) -> None:
        vid = self.rng.choice(list(self.visits))
        hid = self.visits[vid]
        rid = self._id("c")
        person = self.rng.choice([*self.households[hid], None])
        row = {
            "id": rid,
            "visit_id": vid,
            "household_id": hid,
            "person_id": person,
            "kind": self.rng.choice(KINDS),
            "amount": 0,
            "months": 12,
        }
        self._write(C, "collection", row, hid, new=True)
        self.results[rid] = hid

    def change(self) -> None:
        what = self.rng.choice(["move", "delete_visit", "delete_result", "redate", "rekind"])
        if what == "move":
            hid = self.rng.choice(list(self.households))
            province, commune = self.rng.choice(PLACES)
            self._write(
                H, "household", {"id": hid, "province": province, "commune": commune}, hid, False
            )
        elif what == "delete_visit" and self.visits:
            vid = self.rng.choice(list(self.visits))
            self._write(V, "visit", {"id": vid, "deleted": True}, self.visits[vid], False)
        elif what == "delete_result" and self.results:
            rid = self.rng.choice(list(self.results))
            self._write(C, "collection", {"id": rid, "deleted": True}, self.results[rid], False)
        elif what == "redate" and self.visits:
            vid = self.rng.choice(list(self.visits))
            values = {
                "id": vid,
                "visited_at": self._moment(),
                "created_by": self.rng.choice(COLLECTORS),
            }
            self._write(V, "visit", values, self.visits[vid], False)
        elif what == "rekind" and self.results:
            rid = self.rng.choice(list(self.results))
            hid = self.results[rid]
            values = {
                "id": rid,
                "kind": self.rng.choice(KINDS),
                "person_id": self.rng.choice([*self.households[hid], None]),
            }
            self._write(C, "collection", values, hid, False)


SCOPES = [
    [Area()],
    [Area("Lào Cai")],
    [Area("Lào Cai", "Xã Cốc San")],
    [Area("Hà Giang", "Xã Lũng Cú")],
]


def _check_equal(engine: sa.Engine) -> int:
    """Every period holding one of the days, for every scope: kept equals read."""
    checked = 0
    with Session(engine) as session:
        for areas in SCOPES:
            scope = scope_for(session, areas)
            starts = {
                (p, figure_cache.period_start(p, d)) for p in figure_cache.PERIODS for d in DAYS
            }
            for period, start in sorted(starts):
                end = _period_end(period, start)
                live = figures.overview(session, start, end, scope)
                kept = figure_cache.overview(session, period, start, scope)
                assert kept == live, (period, start, areas)
                assert figure_cache.daily_visits(session, start, end, scope) == (
                    figures.daily_visits(session, start, end, scope)
                )
                checked += 1
    return checked


def _period_end(period: str, start: date) -> date:
    return period_of(period, start).end


def _cells(engine: sa.Engine) -> list[tuple]:
    table = table_of(FigureCell)
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(sa.select(table)))


@pytest.mark.parametrize("seed", [1, 2])
def test_kept_figures_equal_the_visits_through_random_changes(
    server_engine: sa.Engine, seed: int
) -> None:
    engine = server_engine
    rng = random.Random(seed)
    world = World(engine, rng)
    assert figure_cache.refresh(engine) == -1  # no watermark yet: derived from the records
    for _ in range(6):
        world.add_household()
    for round_ in range(5):
        for _ in range(12):
            world.add_visit()
        for _ in range(15):
            world.add_result()
        for _ in range(6):
            world.change()
        assert figure_cache.refresh(engine) > 0
        assert figure_cache.refresh(engine) == 0  # nothing new: nothing to do
        assert _check_equal(engine) > 20, round_
    incremental = _cells(engine)
    assert incremental, "the scenario made no figures at all"
    figure_cache.rebuild(engine)
    assert _cells(engine) == incremental
    assert _check_equal(engine) > 20


def test_a_database_filled_around_the_feed_is_derived_in_full_on_first_refresh(
    server_engine: sa.Engine,
) -> None:
    engine = server_engine
    world = World(engine, random.Random(7))
    for _ in range(3):
        world.add_household()
    for _ in range(10):
        world.add_visit()
    for _ in range(10):
        world.add_result()
    assert figure_cache.refresh(engine) == -1
    assert _check_equal(engine) > 0
    with Session(engine) as session:
        everywhere = scope_for(session, [Area()])
        years = [
            figure_cache.overview(session, "year", date(y, 1, 1), everywhere) for y in (2025, 2026)
        ]
    assert sum(y.total.visits for y in years) == len(world.visits) == 10


def test_rebuild_console_derives_the_kept_tables_again(server_engine: sa.Engine, capsys) -> None:  # type: ignore[no-untyped-def]
    """`vss-server rebuild-console` after a hand edit of the database went around the feed."""
    from vss_server import cli

    engine = server_engine
    world = World(engine, random.Random(11))
    for _ in range(3):
        world.add_household()
    for _ in range(8):
        world.add_visit()
    figure_cache.refresh(engine)
    good = _cells(engine)
    with engine.begin() as conn:
        conn.execute(sa.update(table_of(FigureCell)).values(people=999))
    assert _cells(engine) != good
    url = engine.url.render_as_string(hide_password=False)
    assert cli.main(["--database-url", url, "rebuild-console"]) == 0
    assert "3 households" in capsys.readouterr().out
    assert _cells(engine) == good
    assert _check_equal(engine) > 0


def test_a_visit_stored_without_its_collector_counts_once(server_engine: sa.Engine) -> None:
    """Old rows may have no ``created_by``: their per-collector row ("") and the commune's
    row for all collectors stay apart."""
    engine = server_engine
    world = World(engine, random.Random(5))
    world.add_household()
    hid = next(iter(world.households))
    row = {
        "id": "v-nobody",
        "household_id": hid,
        "visited_at": datetime(2026, 1, 2, 3, 0, tzinfo=UTC),
        "created_by": "",
        "amount_collected": 105_300,
        "outcome": "visited",
    }
    write_record(engine, V, "visit", row, hid, new=True)
    figure_cache.refresh(engine)
    assert _check_equal(engine) > 0
    with Session(engine) as session:
        kept = figure_cache.overview(session, "day", date(2026, 1, 2), scope_for(session, [Area()]))
    assert kept.total.visits == 1 and kept.per_collector[""].visits == 1
    assert kept.total.amount == 105_300


def test_a_push_brings_the_kept_tables_up_to_date_without_a_page_view(
    server: ServerProcess, tmp_path: Path
) -> None:
    """The real server refreshes in the background after each push (kept_tables.Follower),
    so the next overview rarely has anything left to derive."""
    from helpers.server_api import build_world
    from helpers.sync_helpers import server_engine as engine_of
    from vss_server import kept_tables, search_index

    build_world(server, tmp_path)  # two collectors push a person, a visit and a result
    engine = engine_of(server)
    try:
        deadline = time.monotonic() + 20
        while True:
            with engine.connect() as conn:
                head = kept_tables.feed_head(conn)
                seen = (
                    kept_tables.watermark(conn, figure_cache.WATERMARK_KEY),
                    kept_tables.watermark(conn, search_index.WATERMARK_KEY),
                )
            if seen == (head, head) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert seen == (head, head)
        assert _check_equal(engine) > 0
        with Session(engine) as session:
            kept = figure_cache.overview(
                session, "month", date(2026, 11, 1), scope_for(session, [Area()])
            )
        assert kept.total.visits == 2 and kept.total.amount == 2 * 105_300
    finally:
        engine.dispose()


def test_kept_figures_stay_right_while_pushes_and_refreshes_race(
    server_engine: sa.Engine,
) -> None:
    """Refreshes run beside the feed's writers (they do not take the feed lock) and beside
    each other (their own lock): whatever commits between a refresh's head and its
    watermark is derived by the next one, and nothing is counted twice."""
    engine = server_engine
    world = World(engine, random.Random(7))
    figure_cache.refresh(engine)
    for _ in range(6):
        world.add_household()
    stop = threading.Event()
    failures: list[BaseException] = []
    refreshed = [0, 0]

    def keep(n: int) -> None:
        while not stop.is_set():
            try:
                figure_cache.refresh(engine)
                search_index.refresh(engine)
            except BaseException as exc:  # noqa: BLE001 - reported below
                failures.append(exc)
                return
            refreshed[n] += 1

    keepers = [threading.Thread(target=keep, args=(n,)) for n in range(2)]
    for thread in keepers:
        thread.start()
    try:
        for _ in range(40):
            world.add_visit()
            world.add_result()
            world.change()
    finally:
        stop.set()
        for thread in keepers:
            thread.join(60)
    assert not failures, failures
    assert min(refreshed) >= 1 and sum(refreshed) > 4, refreshed  # ran among the writes
    figure_cache.refresh(engine)
    assert _check_equal(engine) > 20
    incremental = _cells(engine)
    figure_cache.rebuild(engine)
    assert _cells(engine) == incremental


@pytest.mark.parametrize("server_engine", ["postgres"], indirect=True)
def test_a_refresh_does_not_wait_for_a_push_in_progress(server_engine: sa.Engine) -> None:
    """A push holds the feed lock until it commits; the console's refresh goes on."""
    engine = server_engine
    world = World(engine, random.Random(8))
    world.add_household()
    world.add_visit()
    done: list[object] = []
    with engine.connect() as push:
        push.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK_KEY})
        refresher = threading.Thread(
            target=lambda: done.append((figure_cache.refresh(engine), search_index.refresh(engine)))
        )
        refresher.start()
        refresher.join(10)
        assert not refresher.is_alive() and done, "the refresh waited for the push"
        push.rollback()
    assert _check_equal(engine) > 0
