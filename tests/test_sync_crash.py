"""SIGKILL in the middle of a sync, on both server backends.

The app is a separate process running ``SyncEngine.sync()`` on a real data directory;
it is SIGKILLed at many points of its push and of its pull. The kill points are spread
by anchoring each kill on the engine's own progress callback (printed by the app after
every push batch and every pull page) plus a random delay, or on a random delay after
the start; batch, page and workload sizes vary from trial to trial. No hook was added
to the app for this. Where each kill really landed is then read off the databases, not
assumed: how many ops the server committed, how many answers the app stored, how far
the pull cursor moved; the test prints the distribution and asserts its spread.

After each kill the app is restarted and syncs to completion (sometimes only after a
second kill), and then: every op is on the server exactly once, nothing is pending,
each op's local state is the server's answer, the laptop's database is sound and equal
to the server's field by field, and the cursor is at the head of the feed (one more
sync receives nothing). The server is also SIGKILLed mid-push and restarted on its
own database, with the same checks.

Replay a run with VSS_CRASH_SEED=<seed> (the seed is in every assertion message): the
kill plans, sizes and edits replay; the exact instant of each kill (and so what the app
had pulled when the next edits were made) only approximately.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from helpers.exactly_once import check_laptop_equals, check_ops_on_server
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, fast_backoff, seed_server, server_engine
from vss_core.enums import Outcome, ResultKind
from vss_desktop import paths
from vss_desktop.store import Store, open_store, services
from vss_desktop.store.models import ENTITIES, OutboxOp
from vss_desktop.sync import state
from vss_desktop.sync.engine import SyncEngine
from vss_server.feed import Cursor
from vss_server.models import RECORDS as SERVER_RECORDS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"),
]

BASE_SEED = int(os.environ.get("VSS_CRASH_SEED", "20260614"))
CLIENT_TRIALS = 50  # per backend (the issue asks for at least 50 trials), plus the second kills
SERVER_KILLS = 4  # per backend
USER = "thu.lt"  # laptop A (killed) and laptop B (a second device of the same collector)

# The app, as processes that can be SIGKILLed anywhere. Starting Python and importing the
# app costs ~0.5 s of CPU, so a launcher does that once and forks one app per sync: it
# opens the data directory afresh (a restart), syncs with the batch and page sizes it is
# given, prints the engine's progress callback ("push done total" after each stored
# batch, "pull received total" after each committed page) and exits, unless it is
# killed first. The launcher reaps a child only when told to, so a SIGKILL from the test
# can never reach a recycled pid, and all the child's lines are read once it is reaped.
LAUNCHER = """
import json, os, sys, traceback
from pathlib import Path
from vss_desktop.store import migrate, open_store
from vss_desktop.sync.engine import SyncEngine
from vss_desktop.sync.retry import Backoff

migrate.head_revision()  # alembic loaded once, here


def say(*words):
    sys.stdout.write(" ".join(str(w) for w in words) + "\\n")
    sys.stdout.flush()


def sync(run, batch, page):
    store = open_store(Path(sys.argv[1]))
    engine = SyncEngine(
        store, backoff=Backoff(base=0.01, cap=0.05, attempts=4), batch_size=batch, page_size=page
    )
    say(run, "go")
    report = engine.sync(lambda phase, done, total: say(run, phase, done, total))
    store.close()
    say(run, "done", json.dumps(report.__dict__))


say("ready")
for line in sys.stdin:
    command, *args = line.split()
    if command == "reap":
        say("reaped", args[0], os.waitpid(int(args[0]), 0)[1])
        continue
    pid = os.fork()
    if pid:
        say(args[0], "pid", pid)
        continue
    code = 0
    try:
        sync(args[0], int(args[1]), int(args[2]))
    except BaseException:
        traceback.print_exc()
        say(args[0], "crashed")
        code = 1
    os._exit(code)
"""

# Where a kill landed, read off the databases (see ``classify``).
BEFORE_PUSH = "before push"
LOST_ANSWER = "push: server committed, app never stored the answer"
DURING_PUSH = "push: part of the outbox answered"
BEFORE_PULL = "after push, before the first page"
DURING_PULL = "pull: cursor part-way"
AFTER_PULL = "after pull (cursor at the head)"
BUCKETS = (BEFORE_PUSH, LOST_ANSWER, DURING_PUSH, BEFORE_PULL, DURING_PULL, AFTER_PULL)


# --- the app as killable processes ----------------------------------------------------


class App:
    """Laptop A's app: one launcher, and one forked process per sync."""

    def __init__(self, data_dir: Path, log: Path) -> None:
        with open(log, "ab") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", LAUNCHER, str(data_dir)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        self.runs = 0
        self.run_id = ""
        self.pid: int | None = None
        self.report: dict[str, Any] | None = None
        self.events: list[tuple[float, str]] = []
        assert self._next() == ["ready"], "the launcher did not start: see child.log"

    def _send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def _next(self) -> list[str]:
        """The next line, as words; a child's lines are kept as events of its run."""
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the launcher died: see child.log"
        words = line.split(" ", 2)
        words[-1] = words[-1].rstrip("\n")
        if words[0] == self.run_id:
            words = words[1:]
            if words[0] == "pid":
                self.pid = int(words[1])
            else:
                self.events.append((time.monotonic(), words[0]))
            if words[0] == "done":
                self.report = json.loads(words[1])
        return words

    def start(self, batch: int, page: int) -> None:
        """Fork a fresh app and let it sync; returns once it has opened its store."""
        self.runs += 1
        self.run_id, self.pid, self.report, self.events = f"r{self.runs}", None, None, []
        self._send(f"run {self.run_id} {batch} {page}")
        while self.pid is None or not self.events:
            self._next()
        assert self.events[0][1] == "go", "the app crashed before syncing: see child.log"

    def wait_for(self, kind: str, count: int) -> bool:
        """Read until the ``count``-th ``kind`` line; False when the sync ended first.
        Kind ``last-page`` is the pull line of the final page (its done equals total)."""
        seen = 0
        while seen < count:
            words = self._next()
            if words[0] in ("done", "crashed"):
                return False
            if kind == "last-page":
                done, total = words[1].split() if words[0] == "pull" else ("", "-")
                seen += done == total
            elif words[0] == kind:
                seen += 1
        return True

    def kill(self) -> None:
        assert self.pid is not None
        os.kill(self.pid, signal.SIGKILL)  # not reaped yet: the pid is still this child's
        self._reap()

    def finish(self) -> dict[str, Any] | None:
        """Let the sync run to its end (with the server gone, it reports offline)."""
        while self.events[-1][1] not in ("done", "crashed"):
            self._next()
        self._reap()
        return self.report

    def _reap(self) -> None:
        self._send(f"reap {self.pid}")
        while self._next()[:2] != ["reaped", str(self.pid)]:
            pass
        self.pid = None

    def close(self) -> None:
        with contextlib.suppress(OSError, AssertionError):
            if self.pid is not None:
                self.kill()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def intervals(self) -> list[float]:
        """Seconds between consecutive progress lines: one request and its write each."""
        times = [t for t, word in self.events if word in ("go", "push", "pull")]
        return [b - a for a, b in zip(times, times[1:], strict=False)]


# --- observing both databases ---------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    local_ops: int
    pending: int
    pending_records: int  # distinct records among them (each comes back in the pull)
    cursor: int  # feed seq of the stored pull cursor
    committed: int  # A's ops the server has in applied_op
    head: int  # the highest feed seq in the collector's scope


@dataclass
class World:
    """Everything a test needs: the server, laptop A (killed), laptop B (in-process)."""

    seed: int
    rng: random.Random
    a_dir: Path
    store_a: Store
    store_b: Store
    engine_b: SyncEngine
    db: sa.Engine  # the server's database, read directly
    visits: set[str] = field(default_factory=set)  # every visit recorded by A or B
    device_a: str = ""
    counter: int = 0
    landed: list[tuple[str, str]] = field(default_factory=list)  # (plan, where it landed)
    exited: int = 0  # kills that came after the app had finished and printed its report
    lost: Counter[str] = field(default_factory=Counter)  # server status of lost answers
    schedule: list[str] = field(default_factory=list)  # kill plans still to use
    step_times: list[float] = field(default_factory=lambda: [0.02])

    @property
    def db_path(self) -> Path:
        return paths.database_path(self.a_dir)

    def ctx(self, trial: int | str, extra: str = "") -> str:
        return f"seed={self.seed} trial={trial} {extra}".rstrip()

    def observe(self) -> Observation:
        with contextlib.closing(sqlite3.connect(self.db_path, timeout=30)) as conn:
            local_ops, pending = conn.execute(
                "SELECT count(*), coalesce(sum(state = 'pending'), 0) FROM outbox"
            ).fetchone()
            pending_records = conn.execute(
                "SELECT count(DISTINCT entity_id) FROM outbox WHERE state = 'pending'"
            ).fetchone()[0]
            row = conn.execute(
                "SELECT value FROM sync_state WHERE key = ?", (state.CURSOR,)
            ).fetchone()
            device = conn.execute(
                "SELECT value FROM sync_state WHERE key = ?", (state.DEVICE_ID,)
            ).fetchone()[0]
        assert device == self.device_a, "the app changed its device id after a crash"
        cursor = Cursor.decode(row[0]).seq if row and row[0] else 0
        with self.db.connect() as conn:
            committed = conn.execute(
                sa.text("SELECT count(*) FROM applied_op WHERE device_id = :d"), {"d": device}
            ).scalar_one()
            head = conn.execute(
                sa.text(
                    "SELECT coalesce(max(seq), 0) FROM change_feed WHERE"
                    " (audience IS NULL AND household_id IN"
                    "  (SELECT id FROM household WHERE collector = :u)) OR audience = :u"
                ),
                {"u": USER},
            ).scalar_one()
        return Observation(local_ops, pending, pending_records, cursor, committed, head)

    def settled(self) -> Observation:
        """Observe once the server has finished what it was doing when the app died (a
        request that arrived whole is processed and committed even with nobody waiting)."""
        seen = self.observe()
        for _ in range(25):
            if not seen.pending:
                break
            time.sleep(0.02)
            again = self.observe()
            if again == seen:
                break
            seen = again
        return seen

    def lost_answers(self) -> Counter[str]:
        """Server statuses of ops the server committed but the app still has pending."""
        with contextlib.closing(sqlite3.connect(self.db_path, timeout=30)) as conn:
            pending = [
                r[0] for r in conn.execute("SELECT op_id FROM outbox WHERE state = 'pending'")
            ]
        if not pending:
            return Counter()
        with self.db.connect() as conn:
            rows = conn.execute(
                sa.select(sa.column("status"))
                .select_from(sa.table("applied_op"))
                .where(sa.column("op_id").in_(pending))
            ).all()
        return Counter(status for (status,) in rows)

    def integrity(self, ctx: str) -> None:
        with contextlib.closing(sqlite3.connect(self.db_path, timeout=30)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], ctx
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], ctx
            seqs = [r[0] for r in conn.execute("SELECT seq FROM outbox ORDER BY seq")]
            assert seqs == list(range(1, len(seqs) + 1)), ctx  # gap-free

    # --- changes on both laptops ----------------------------------------------------------

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def edit(self, store: Store, who: str, actions: int) -> None:
        """Random everyday work: visits with results, household and member edits."""
        rng = self.rng
        for _ in range(actions):
            households = live(store, "household")
            persons = [p for p in live(store, "person") if p.relation != "head"]
            household = rng.choice(households)
            roll = rng.random()
            n = self._next()
            if roll < 0.35:
                members = [p for p in persons if p.household_id == household.id]
                picked = rng.sample(members, min(len(members), rng.randint(0, 2)))
                results = [
                    {
                        "person_id": p.id,
                        "kind": ResultKind.BHYT_HOUSEHOLD_ENROLLED,
                        "amount": 105_300 * 3,
                        "months": 3,
                    }
                    for p in picked
                ] or [{"kind": ResultKind.VSSID_INSTALLED, "amount": 0}]
                visit = services.record_visit(
                    store,
                    household.id,
                    {
                        "outcome": Outcome.ENROLLED,
                        "amount_collected": 105_300 * 3 * len(picked),
                        "receipt_number": f"{who}-{n}",
                        "notes": f"Thăm hộ lần {n}",
                    },
                    results,
                )
                self.visits.add(visit.id)
            elif roll < 0.7:
                name = rng.choice(("notes", "notes", "house_number"))
                services.update_household(store, household.id, {name: f"{who} sửa {name} {n}"})
            elif roll < 0.82 or not persons:
                services.create_person(
                    store,
                    household.id,
                    {"full_name": f"Lò Thị Mai {n}", "relation": rng.choice(("spouse", "child"))},
                )
            elif roll < 0.96:
                person = rng.choice(persons)
                services.update_person(store, person.id, {"notes": f"{who} ghi chú {n}"})
            else:
                services.delete_person(store, rng.choice(persons).id)

    def edit_b(self, trial: int | str) -> None:
        """Laptop B works and syncs: laptop A then has someone else's changes to pull
        (and, on the same fields, conflicts; on members B deleted, rejections)."""
        for household in live(self.store_b, "household"):  # A's notes edits now conflict
            services.update_household(self.store_b, household.id, {"notes": f"B {self._next()}"})
        self.edit(self.store_b, "B", self.rng.randint(0, 3))
        report = self.engine_b.sync()
        assert report.status == "ok", self.ctx(trial, report.message)

    def recover(self, trial: int | str) -> None:
        """Restart the app after the kill: open the data directory afresh, sync to the end."""
        store = open_store(self.a_dir)
        try:
            report = SyncEngine(store, backoff=fast_backoff()).sync()
        finally:
            store.close()
        assert report.status == "ok", self.ctx(trial, f"recovery sync: {report.message}")
        check_exactly_once(self, self.ctx(trial, "after recovery"))

    def classify(self, before: Observation, after: Observation) -> str:
        answered = after.local_ops - after.pending
        if after.committed > answered:
            return LOST_ANSWER
        if after.pending:
            if after.committed == before.committed and after.pending == before.pending:
                return BEFORE_PUSH
            return DURING_PUSH
        if after.cursor == before.cursor:
            return BEFORE_PULL
        if after.cursor < after.head:
            return DURING_PULL
        return AFTER_PULL


def live(store: Store, entity: str) -> list[Any]:
    model = ENTITIES[entity]
    with store.read() as session:
        return list(
            session.exec(select(model).where(model.deleted_at.is_(None)).order_by(model.id))
        )


def make_world(server: ServerProcess, tmp_path: Path, request: pytest.FixtureRequest) -> World:
    seed = BASE_SEED + (0 if "sqlite" in request.node.name else 1)
    seed_server(server, tmp_path, households=8)
    a_dir = tmp_path / "laptop-a"
    store_a = open_store(a_dir)
    engine_a = SyncEngine(store_a, backoff=fast_backoff())
    engine_a.login(server.url, USER, PASSWORD)
    assert engine_a.sync().status == "ok"
    store_b = open_store(tmp_path / "laptop-b")
    engine_b = SyncEngine(store_b, backoff=fast_backoff())
    engine_b.login(server.url, USER, PASSWORD)
    assert engine_b.sync().status == "ok"
    world = World(
        seed=seed,
        rng=random.Random(seed),
        a_dir=a_dir,
        store_a=store_a,
        store_b=store_b,
        engine_b=engine_b,
        db=server_engine(server),
    )
    world.device_a = engine_a.settings()[state.DEVICE_ID]
    # Some members to visit, edit and delete.
    for household in live(store_a, "household"):
        services.create_person(
            store_a, household.id, {"full_name": f"Vàng Thị Dua {household.code}"}
        )
    return world


def close_world(world: World) -> None:
    world.store_a.close()
    world.store_b.close()
    world.db.dispose()


# --- the invariants -----------------------------------------------------------------------


def outbox_ops(store: Store) -> list[OutboxOp]:
    with store.read() as session:
        return list(session.exec(select(OutboxOp).order_by(OutboxOp.seq)))


def check_exactly_once(world: World, ctx: str) -> None:
    """Nothing pending; each of A's ops is on the server once, with the state it answered."""
    check_ops_on_server(world.db, world.device_a, outbox_ops(world.store_a), ctx)


def check_all(world: World, ctx: str) -> None:
    """The full set of invariants, once the app has synced to the end."""
    check_exactly_once(world, ctx)
    world.integrity(ctx)
    if world.db.dialect.name == "sqlite":  # the server's own file, after its SIGKILLs too
        with world.db.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").all() == [("ok",)], ctx
    ops = outbox_ops(world.store_a)
    statuses = {op.op_id: op.state for op in ops}
    with world.db.connect() as conn:
        audits = conn.execute(
            sa.text("SELECT detail FROM audit_entry WHERE device_id = :d"), {"d": world.device_a}
        ).all()
    # Data changed exactly once per op: one audit line per applied op, none per rejection.
    writes = Counter(json.loads(detail)["op_id"] for (detail,) in audits)
    expected = {op_id: int(s != "rejected") for op_id, s in statuses.items()}
    assert {k: writes.get(k, 0) for k in expected} == expected, ctx
    assert set(writes) <= set(expected), ctx

    # The laptop holds exactly the collector's scope, equal to the server field by field.
    with Session(world.db) as session:
        households = {
            h.id: h
            for h in session.exec(
                select(SERVER_RECORDS["household"]).where(
                    SERVER_RECORDS["household"].collector == USER
                )
            )
        }
        remote: dict[str, dict[str, Any]] = {"household": households}
        for entity in ("person", "visit", "collection"):
            model = SERVER_RECORDS[entity]
            remote[entity] = {
                r.id: r
                for r in session.exec(select(model).where(model.household_id.in_(list(households))))
            }
        event = SERVER_RECORDS["event"]  # no household: the collector's own events
        remote["event"] = {
            r.id: r for r in session.exec(select(event).where(event.collector == USER))
        }
    check_laptop_equals(world.store_a, remote, ctx)
    # Every visit recorded on either laptop is there once: none lost, none doubled.
    receipts = Counter(v.receipt_number for v in remote["visit"].values())
    assert [r for r, n in receipts.items() if n > 1] == [], ctx
    assert set(remote["visit"]) == world.visits, ctx

    # The cursor is at the head of the feed: one more sync sends and receives nothing.
    before = world.observe()
    assert before.cursor == before.head, ctx
    engine = SyncEngine(world.store_a, backoff=fast_backoff())
    report = engine.sync()
    assert (report.status, report.sent, report.received) == ("ok", 0, 0), ctx
    assert world.observe().cursor == before.cursor, ctx
    with world.store_a.read() as session:
        cursor = state.get(session, state.CURSOR)
    transport = engine.transport()
    try:
        page = transport.pull(cursor, limit=1000)
    finally:
        transport.close()
    assert (page["changes"], page["has_more"]) == ([], False), ctx


# --- kill plans ---------------------------------------------------------------------------

# How often each plan comes up in every 36 kills (the schedule is shuffled by the seed):
# right after the start, after a random push batch, after the last push batch, after a
# random pull page, after the last page, or a random time up to the whole sync's length.
# Each is followed by a random delay of up to about one request.
PLANS = {"start": 4, "mid-push": 10, "end-of-push": 4, "mid-pull": 9, "end-of-pull": 4, "timed": 5}


def step(world: World) -> float:
    """A typical time between two progress lines here (one request and its write)."""
    recent = sorted(world.step_times[-40:])
    return recent[len(recent) // 2]


def plan_kill(world: World, now: Observation, batch: int, page: int) -> tuple[str, str, int, float]:
    """(plan, anchor line, how many of them, delay after it) for this trial's kill."""
    rng = world.rng
    batches = math.ceil(now.pending / batch)
    # A's own records come back in the pull, plus B's changes (not counted here).
    pages = math.ceil(now.pending_records / page)
    if not world.schedule:  # every plan a fixed number of times, in a random order
        world.schedule = [plan for plan, n in PLANS.items() for _ in range(n)]
        rng.shuffle(world.schedule)
    plan = world.schedule.pop()
    if plan == "start":
        return plan, "go", 0, rng.uniform(0, 0.5 * step(world))
    if plan == "mid-push":
        if batches < 3:
            return plan, "go", 0, rng.uniform(0, step(world))
        return plan, "push", rng.randint(1, batches - 2), rng.uniform(0, step(world))
    if plan == "mid-pull" and pages >= 2:
        return plan, "pull", rng.randint(1, pages - 1), rng.uniform(0, step(world))
    if plan in ("end-of-push", "mid-pull"):
        return "end-of-push", "push", batches, rng.uniform(0, 0.7 * step(world))
    if plan == "end-of-pull":
        return plan, "last-page", 1, rng.uniform(0, 0.15 * step(world))
    return plan, "go", 0, rng.uniform(0, 1.2 * (batches + pages + 1) * step(world))


def distribution(world: World) -> str:
    by_bucket = Counter(bucket for _plan, bucket in world.landed)
    by_plan = Counter(world.landed)
    states = Counter(op.state for op in outbox_ops(world.store_a))
    lines = [
        f"seed={world.seed}: {len(world.landed)} kills, step {step(world) * 1000:.1f} ms,"
        f" A's ops: {dict(sorted(states.items()))},"
        f" answers lost in a kill: {dict(sorted(world.lost.items()))}"
    ]
    lines += [f"  {by_bucket.get(b, 0):3d}  {b}" for b in BUCKETS]
    lines += [f"       ({world.exited} of them after the app had finished and exited)"]
    lines += [f"      {n:3d}  {p} -> {b}" for (p, b), n in sorted(by_plan.items())]
    return "\n".join(lines)


# --- the tests ----------------------------------------------------------------------------


def test_app_killed_anywhere_in_push_and_pull(
    server: ServerProcess, tmp_path: Path, request: pytest.FixtureRequest, trial_report
) -> None:
    world = make_world(server, tmp_path, request)
    app = App(world.a_dir, tmp_path / "child.log")
    started = time.monotonic()
    try:
        for trial in range(CLIENT_TRIALS):
            # Vary the data: from a couple of ops to a few dozen, in batches of 1 to 6.
            world.edit(world.store_a, "A", world.rng.choice((2, 4, 8, 12, 16, 20)))
            world.edit_b(trial)
            # Sometimes the restarted app is killed again before a sync completes.
            kills = 1 + (trial < CLIENT_TRIALS - 1 and world.rng.random() < 0.2)
            for _kill in range(kills):
                before = world.observe()
                batch = world.rng.choice((1, 2, 3, 4, 6))
                page = world.rng.choice((1, 2, 3, 5))
                plan, anchor, count, delay = plan_kill(world, before, batch, page)
                app.start(batch, page)
                if count:
                    app.wait_for(anchor, count)
                time.sleep(delay)
                app.kill()
                world.step_times += app.intervals()
                after = world.settled()
                bucket = world.classify(before, after)
                world.landed.append((plan, bucket))
                world.exited += app.report is not None
                if bucket == LOST_ANSWER:
                    world.lost += world.lost_answers()
                ctx = world.ctx(trial, f"kill={plan}:{anchor}#{count}+{delay:.3f}s -> {bucket}")
                world.integrity(ctx)
            # Mostly the restarted app syncs to the end at once; sometimes the next trial's
            # app (with more changes queued) is the one that picks up the pieces.
            if trial == CLIENT_TRIALS - 1 or world.rng.random() < 0.8:
                world.recover(trial)
        check_all(world, world.ctx("end"))
        report = distribution(world)
    finally:
        app.close()
        close_world(world)
    print(f"\n{request.node.name}: {time.monotonic() - started:.1f}s\n{report}")
    by_bucket = Counter(bucket for _plan, bucket in world.landed)
    trial_report(
        f"{CLIENT_TRIALS} trials, {len(world.landed)} SIGKILLs of the app, seed {world.seed}: "
        + ", ".join(f"{bucket} {n}" for bucket, n in sorted(by_bucket.items()))
    )
    # The kills really spread over both phases (counted from the databases, not planned).
    assert by_bucket[BEFORE_PUSH] >= 1, report
    assert by_bucket[LOST_ANSWER] + by_bucket[DURING_PUSH] >= 5, report
    assert by_bucket[BEFORE_PULL] + by_bucket[DURING_PULL] >= 5, report
    assert by_bucket[DURING_PULL] >= 2, report
    assert by_bucket[AFTER_PULL] >= 1, report


def test_server_killed_mid_push(
    server: ServerProcess, tmp_path: Path, request: pytest.FixtureRequest, trial_report
) -> None:
    world = make_world(server, tmp_path, request)
    app = App(world.a_dir, tmp_path / "child.log")
    started = time.monotonic()
    mid_push = []
    try:
        world.edit(world.store_a, "A", 6)
        app.start(2, 3)
        assert (app.finish() or {}).get("status") == "ok"
        for trial in range(SERVER_KILLS):
            world.edit(world.store_a, "A", world.rng.randint(12, 18))
            world.edit_b(trial)
            before = world.observe()
            batch = world.rng.choice((1, 2))
            batches = math.ceil(before.pending / batch)
            assert batches >= 6, world.ctx(trial, "too little to push")
            count = world.rng.randint(1, batches - 3)
            app.start(batch, 5)
            app.wait_for("push", count)
            # Within about one request: the requests of this very sync are the yardstick.
            delay = world.rng.uniform(0, min(app.intervals()))
            time.sleep(delay)
            server.kill()
            answer = app.finish() or {}
            ctx = world.ctx(trial, f"server killed after push #{count}+{delay:.3f}s")
            assert answer.get("status") == "offline", (ctx, answer)
            world.integrity(ctx)
            server.start()  # the same database, the same port
            after = world.observe()
            done = after.committed - before.committed
            mid_push.append((done, before.pending, world.classify(before, after)))
            assert 0 < done < before.pending, (ctx, mid_push)
            world.recover(trial)
        check_all(world, world.ctx("end"))
    finally:
        app.close()
        close_world(world)
    trial_report(f"{len(mid_push)} SIGKILLs of the server mid-push, seed {world.seed}")
    print(
        f"\n{request.node.name}: {time.monotonic() - started:.1f}s; seed={world.seed};"
        " server kills (ops committed before the kill, ops to push, where):"
        + "".join(f"\n  {done}/{total}  {where}" for done, total, where in mid_push)
    )
