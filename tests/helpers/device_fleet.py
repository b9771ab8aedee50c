"""Several laptops syncing with one server at once, what their HTTP clients saw, and the
invariants once they have all synced to the end (tests/test_server_workers_crash.py).

Each laptop is a real app store and ``SyncEngine`` in a thread of the test process:
pushers record a collector's work and sync round after round; readers sync over and
over (small pages) until the pushers are done.
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from requests.adapters import HTTPAdapter
from sqlmodel import Session, col, select

from helpers.exactly_once import check_laptop_equals, check_ops_on_server
from helpers.sync_helpers import PASSWORD, fast_backoff, local_rows
from vss_core.enums import Outcome, ResultKind
from vss_desktop.store import Store, open_store, services
from vss_desktop.store.models import OutboxOp
from vss_desktop.sync import state
from vss_desktop.sync.engine import SyncEngine, SyncReport
from vss_desktop.sync.transport import Timeouts, Transport
from vss_server import models as server

TIMEOUTS = Timeouts(connect=5.0, read=20.0)  # a loaded 2-core machine: no false timeouts


class Wire:
    """What the laptops' HTTP clients saw: each status answered, each request that failed
    (by exception name). A transport factory for ``SyncEngine``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.failures: Counter[str] = Counter()

    def transport(self, base_url: str, token: str | None = None, **options: Any) -> Transport:
        session = requests.Session()
        session.mount("http://", _Watching(self))
        return Transport(base_url, token, session=session, timeouts=TIMEOUTS, **options)

    def server_errors(self) -> dict[int, int]:
        return {status: n for status, n in self.statuses.items() if status >= 500}


class _Watching(HTTPAdapter):
    def __init__(self, wire: Wire) -> None:
        super().__init__()
        self.wire = wire

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        try:
            response = super().send(request, *args, **kwargs)
        except requests.RequestException as exc:
            with self.wire.lock:
                self.wire.failures[type(exc).__name__] += 1
            raise
        with self.wire.lock:
            self.wire.statuses[response.status_code] += 1
        return response


@dataclass
class Device:
    name: str
    user: str
    store: Store
    engine: SyncEngine
    rng: random.Random
    visits: set[str] = field(default_factory=set)  # visits recorded here
    reports: list[SyncReport] = field(default_factory=list)
    counter: int = 0

    @property
    def device_id(self) -> str:
        with self.store.read() as session:
            return state.get(session, state.DEVICE_ID)

    def ops(self) -> list[OutboxOp]:
        with self.store.read() as session:
            return list(session.exec(select(OutboxOp).order_by(col(OutboxOp.seq))))

    def pending(self) -> int:
        return services.pending_changes(self.store)


@dataclass
class Fleet:
    seed: int
    db: sa.Engine  # the server's database, read directly
    wire: Wire
    pushers: list[Device]
    readers: list[Device]
    visits_before: set[str]  # on the server before this fleet's work (a shared server)
    pushed: int = 0  # push batches answered, all pushers together
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def devices(self) -> list[Device]:
        return [*self.pushers, *self.readers]

    def ctx(self, extra: str = "") -> str:
        return f"seed={self.seed} {extra}".rstrip()

    def progress(self, phase: str, _done: int, _total: int) -> None:
        if phase == "push":
            with self.lock:
                self.pushed += 1

    def close(self) -> None:
        for device in self.devices:
            device.store.close()


def make_fleet(
    tmp_path: Path,
    url: str,
    db: sa.Engine,
    seed: int,
    pushers: list[tuple[str, int]],
    readers: list[str],
) -> Fleet:
    """Laptops logged in at ``url`` (in parallel: a password check takes a while by
    design) and synced once; pushers push 3 ops a batch, readers pull 3 changes a page."""
    wire = Wire()
    names = [(f"{user}-{n}", user, True) for user, count in pushers for n in range(count)]
    names += [(f"{user}-reader", user, False) for user in readers]

    def laptop(name: str, user: str, pusher: bool) -> Device:
        store = open_store(tmp_path / f"seed-{seed}" / name)  # in turn: alembic is global
        engine = SyncEngine(
            store,
            backoff=fast_backoff(6),
            batch_size=3 if pusher else 500,
            page_size=20 if pusher else 3,
            transport_factory=wire.transport,
        )
        return Device(name, user, store, engine, random.Random(f"{seed}-{name}"))

    def first_sync(device: Device) -> None:
        device.engine.login(url, device.user, PASSWORD)
        report = device.engine.sync()
        assert report.status == "ok", f"seed={seed} {device.name}: first sync: {report.message}"

    devices = [laptop(*n) for n in names]
    with ThreadPoolExecutor(len(devices)) as pool:
        list(pool.map(first_sync, devices))
    with db.connect() as conn:
        before = {r[0] for r in conn.execute(sa.text("SELECT id FROM visit"))}
    return Fleet(
        seed,
        db,
        wire,
        [d for d, n in zip(devices, names, strict=True) if n[2]],
        [d for d, n in zip(devices, names, strict=True) if not n[2]],
        before,
    )


def record_work(device: Device, households: int = 2) -> None:
    """A collector's round: a member added, a visit (with a collection when money came),
    corrections of the household and the member, sometimes the member removed. Two
    laptops of one collector may correct the same field: a conflict, answered as such."""
    rng, store = device.rng, device.store
    rows = local_rows(store, "household")
    homes = sorted(h for h, row in rows.items() if row.deleted_at is None)
    for household_id in rng.sample(homes, households):
        device.counter += 1
        n = device.counter
        person = services.create_person(
            store, household_id, {"full_name": f"Lò Văn {n}", "relation": "child"}
        )
        amount = rng.choice((0, 105_300, 315_900))
        visit = services.record_visit(
            store,
            household_id,
            {
                "outcome": Outcome.ENROLLED if amount else Outcome.THINKING,
                "amount_collected": amount,
                "receipt_number": f"{device.name}-{n}" if amount else "",
            },
            [{"person_id": person.id, "kind": ResultKind.BHYT_HOUSEHOLD_ENROLLED, "amount": amount}]
            if amount
            else [],
        )
        device.visits.add(visit.id)
        name = rng.choice(("phone", "notes", "house_number"))
        value = f"09{rng.randrange(10**8):08d}" if name == "phone" else f"{device.name} {n}"
        services.update_household(store, household_id, {name: value})
        services.update_person(store, person.id, {"notes": f"ghi chú {n}"})
        if rng.random() < 0.3:
            services.delete_person(store, person.id)


def run_fleet(fleet: Fleet, rounds: int, during: Callable[[], None]) -> None:
    """Pushers work and sync ``rounds`` times while readers sync over and over; ``during``
    runs in this thread meanwhile (the fault). A sync may fail: settle() finishes."""
    done = threading.Event()

    def push(device: Device) -> None:
        for _ in range(rounds):
            record_work(device)
            device.reports.append(device.engine.sync(fleet.progress))

    def read(device: Device) -> None:
        while not done.is_set():
            device.reports.append(device.engine.sync())
            done.wait(0.05)

    with ThreadPoolExecutor(len(fleet.devices)) as pool:
        pushing = [pool.submit(push, d) for d in fleet.pushers]
        reading = [pool.submit(read, d) for d in fleet.readers]
        try:
            during()
        finally:
            wait(pushing)
            done.set()
    for future in [*pushing, *reading]:
        future.result()  # an exception in a laptop's thread fails the test, with its traceback


def settle(fleet: Fleet, why: str, passes: int = 30) -> int:
    """Every laptop syncs, pass after pass, until a whole pass sends and receives nothing
    and no outbox holds anything; the number of passes."""
    last: dict[str, tuple[str, str]] = {}
    for number in range(1, passes + 1):
        reports = {d.name: d.engine.sync() for d in fleet.devices}
        quiet = all((r.status, r.sent, r.received) == ("ok", 0, 0) for r in reports.values())
        if quiet and not any(d.pending() for d in fleet.devices):
            return number
        last = {name: (r.status, r.message) for name, r in reports.items() if r.status != "ok"}
    raise AssertionError(f"{fleet.ctx(why)}: no quiet pass in {passes}: {last}")


def wait_for_pushes(fleet: Fleet, count: int, timeout: float = 30) -> None:
    """Until the pushers together have had ``count`` batches answered."""
    deadline = threading.Event()
    timer = threading.Timer(timeout, deadline.set)
    timer.start()
    try:
        while fleet.pushed < count:
            assert not deadline.is_set(), fleet.ctx(f"only {fleet.pushed} pushes in {timeout} s")
            deadline.wait(0.01)
    finally:
        timer.cancel()


# --- the invariants ----------------------------------------------------------------------


def check_exactly_once(fleet: Fleet, device: Device, why: str) -> Counter[str]:
    """Nothing pending; each op of the laptop is on the server once, under its device id,
    the data changed once per op (one audit line, none for a rejection), and the state the
    laptop shows is the server's answer ("duplicate" where the first answer was lost and
    the op had been applied). The laptop's op states, counted."""
    ctx = fleet.ctx(f"{why}: {device.name}")
    ops = device.ops()
    server_status = check_ops_on_server(fleet.db, device.device_id, ops, ctx)
    with fleet.db.connect() as conn:
        audits = conn.execute(
            sa.text("SELECT detail FROM audit_entry WHERE device_id = :d"),
            {"d": device.device_id},
        ).all()
    writes = Counter(json.loads(detail)["op_id"] for (detail,) in audits)
    expected = {op.op_id: int(server_status[op.op_id] != "rejected") for op in ops}
    assert {k: writes.get(k, 0) for k in expected} == expected, ctx
    assert set(writes) <= set(expected), ctx
    return Counter(op.state for op in ops)


def check_laptop_equals_server(fleet: Fleet, device: Device, why: str) -> None:
    """The laptop holds exactly its collector's scope, equal to the server field by field
    and version by version."""
    ctx = fleet.ctx(f"{why}: {device.name}")
    with Session(fleet.db) as session:
        homes = {
            h.id: h
            for h in session.exec(
                select(server.Household).where(server.Household.collector == device.user)
            )
        }
        remote: dict[str, dict[str, Any]] = {"household": homes}
        for entity, model in (
            ("person", server.Person),
            ("visit", server.Visit),
            ("collection", server.Collection),
        ):
            remote[entity] = {
                r.id: r
                for r in session.exec(select(model).where(col(model.household_id).in_(list(homes))))
            }
        events = select(server.Event).where(server.Event.collector == device.user)
        remote["event"] = {r.id: r for r in session.exec(events)}
    check_laptop_equals(device.store, remote, ctx)


def check_fleet(fleet: Fleet, why: str) -> Counter[str]:
    """All the invariants once the fleet has settled; the pushers' op states, counted."""
    states: Counter[str] = Counter()
    for device in fleet.pushers:
        states += check_exactly_once(fleet, device, why)
    for device in fleet.devices:
        assert device.pending() == 0, fleet.ctx(f"{why}: {device.name} has pending ops")
        check_laptop_equals_server(fleet, device, why)
    with fleet.db.connect() as conn:
        visits = conn.execute(sa.text("SELECT id, receipt_number FROM visit")).all()
    # Every visit recorded on a laptop is on the server once: none lost, none doubled.
    recorded = set().union(*(d.visits for d in fleet.pushers))
    assert {v for v, _ in visits} - fleet.visits_before == recorded, fleet.ctx(why)
    receipts = Counter(r for v, r in visits if r and v not in fleet.visits_before)
    assert [r for r, n in receipts.items() if n > 1] == [], fleet.ctx(why)
    return states
