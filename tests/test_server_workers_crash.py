"""Crashes and broken connections against `vss-server serve --workers 4` on PostgreSQL
(issue 16 §4: "the concurrent-devices and crash tests run against 4 worker processes").

Laptops (real app stores and sync engines, in threads) push and pull at once while
1. one worker is SIGKILLed in the middle of a request: uvicorn (0.55 here) notices
   within half a second and starts a replacement; the other workers carry on meanwhile;
2. the whole server (the parent and all its workers) is SIGKILLed as a push commits and
   restarted on the same database (again, up to three times, until a kill has cut off a
   committed push's answer): each answer cut off comes back as ``duplicate`` when the
   app resends, and nothing else does;
3. a fault proxy cuts requests and answers in front of the workers.
Then every laptop syncs to the end, and: every op is on the server exactly once with the
state the laptop shows, every outbox is empty, every laptop equals the server for its
collector, no visit is lost or doubled, and no HTTP answer was a 5xx (the only failures
the apps saw are broken connections).

Replay a run with VSS_WORKERS_CRASH_SEED=<seed> (in every assertion message): edits, kill
delays and the proxy's faults replay; which request a kill hits only approximately.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from helpers.device_fleet import (
    Fleet,
    check_fleet,
    make_fleet,
    run_fleet,
    settle,
    wait_for_pushes,
)
from helpers.fault_proxy import NO_FAULT, Exchange, Fault, FaultProxy, Kind, RandomFaults
from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database
from helpers.server_workers import (
    client_connections,
    in_transaction,
    kill_server_at_commit,
    kill_worker,
    startups,
    wait_for_workers,
    worker_pids,
)
from helpers.sync_helpers import seed_server, server_engine

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} not set"),
    pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads worker sockets in /proc"),
]

WORKERS = 4
SEED = int(os.environ.get("VSS_WORKERS_CRASH_SEED", "20261206"))
PUSHERS = [("thu.lt", 2), ("nam.vh", 2)]  # (collector, laptops) recording and pushing
READERS = ["thu.lt", "nam.vh"]  # one more laptop each, pulling over and over
ROUNDS = 3  # work-and-sync rounds per pusher: about 30 ops in 10 batches
SYNC_PATHS = ("/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/sync/status")
PASSES = 30  # sync passes over all laptops to end quiet (clean in 2-3 without faults)


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One 4-worker server for the module (starting one costs seconds of both cores);
    each test runs its own laptops and checks only their ops."""
    tmp = tmp_path_factory.mktemp("workers-crash")
    with postgres_database() as url:
        server = ServerProcess(tmp / "server", database_url=url, workers=WORKERS)
        server.data_dir.mkdir(parents=True)
        assert "database at revision" in server.cli("migrate")
        seed_server(server, tmp, households=8)
        server.start()
        wait_for_workers(server, WORKERS, WORKERS, timeout=60)
        yield server
        if server.proc is not None:
            server.stop()


@pytest.fixture
def db(workers: ServerProcess) -> Iterator[sa.Engine]:
    engine = server_engine(workers)
    yield engine
    engine.dispose()


def requests_by_worker(server: ServerProcess, route: str) -> dict[int, float]:
    """Answers of ``route`` per worker pid, from the workers' metric files."""
    from prometheus_client.mmap_dict import MmapedDict

    found: dict[int, float] = {}
    for path in (server.data_dir / "metrics").glob("counter_*.db"):
        pid = int(path.stem.removeprefix("counter_"))
        for key, value, _stamp, _pos in MmapedDict.read_all_values_from_file(str(path)):
            _metric, name, labels, _help = json.loads(key)
            if name == "vss_http_requests_total" and labels.get("route") == route:
                found[pid] = found.get(pid, 0) + value
    return found


def metric(text: str, name: str, **labels: str) -> float:
    """The sum of ``name``'s samples in a /metrics page whose labels include ``labels``."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def server_failures(server: ServerProcess) -> float:
    """5xx answers counted by the workers (dead ones too) since the server started."""
    text = requests.get(server.url + "/metrics", timeout=10).text
    return metric(text, "vss_http_requests_total", status="5xx") + metric(
        text, "vss_http_failures_total"
    )


def check_wire(fleet: Fleet, why: str) -> None:
    """The apps never got a 5xx; what failed were connections, nothing else."""
    assert fleet.wire.server_errors() == {}, fleet.ctx(why)
    failures = dict(fleet.wire.failures)
    assert set(failures) <= {"ConnectionError"}, fleet.ctx(f"{why}: {failures}")


@dataclass
class WorkerKill:
    victim: int = 0
    why: str = ""  # how it was chosen
    connections: int = 0  # laptops' connections it held
    at_push: int = 0  # push batches answered before it
    replaced_in: float = 0.0
    pushes_meanwhile: int = 0  # batches answered by the other workers until then
    after: list[int] = field(default_factory=list)  # the workers once replaced


def test_a_worker_killed_mid_request(
    workers: ServerProcess, db: sa.Engine, tmp_path: Path, trial_report
) -> None:
    """One worker SIGKILLed inside a request; uvicorn replaces it; the fleet syncs to the end."""
    seed = SEED
    rng = random.Random(seed)
    fleet = make_fleet(tmp_path, workers.url, db, seed, PUSHERS, READERS)
    before = worker_pids(workers)
    started = startups(workers)
    kill = WorkerKill()

    def kill_one() -> None:
        wait_for_pushes(fleet, rng.randint(4, 10))
        # A worker inside a database transaction is inside a request (a push, mostly);
        # failing that within 10 s, the one holding the most laptops' connections.
        deadline = time.monotonic() + 10
        while not kill.victim and time.monotonic() < deadline:
            kill.victim = next((pid for pid in before if in_transaction(db, pid)), 0)
            kill.why = "in a transaction"
        if not kill.victim:
            held = {pid: client_connections(pid, workers.port) for pid in before}
            kill.victim = max(held, key=held.__getitem__)
            kill.why = "holding the most connections"
        kill.connections = client_connections(kill.victim, workers.port)
        kill_worker(kill.victim)
        kill.at_push, killed = fleet.pushed, time.monotonic()
        # uvicorn's parent checks its workers every 0.5 s and starts one for a dead one.
        kill.after = wait_for_workers(workers, WORKERS, started + 1, timeout=40)
        kill.replaced_in = round(time.monotonic() - killed, 1)
        kill.pushes_meanwhile = fleet.pushed - kill.at_push

    try:
        run_fleet(fleet, ROUNDS, kill_one)
        new = set(kill.after) - set(before)
        assert kill.victim not in kill.after and new, fleet.ctx(str(kill))
        assert f"Child process [{kill.victim}] died" in workers.log.read_text(errors="replace")
        # Meanwhile the other three carried on: batches were answered while it started.
        assert kill.pushes_meanwhile > 0, fleet.ctx(str(kill))
        # The replacement serves: requests on new connections until it has answered one.
        for _ in range(400):
            if set(requests_by_worker(workers, "/api/v1/health")) & new:
                break
            answer = requests.get(
                workers.url + "/api/v1/health", headers={"Connection": "close"}, timeout=10
            )
            assert answer.ok, answer.status_code
        assert set(requests_by_worker(workers, "/api/v1/health")) & new, fleet.ctx(str(kill))
        passes = settle(fleet, "after the worker's kill", PASSES)
        states = check_fleet(fleet, "after the worker's kill")
        check_wire(fleet, "worker killed")
        assert server_failures(workers) == 0, fleet.ctx()
    finally:
        fleet.close()
    report = (
        f"1 worker of {WORKERS} SIGKILLed ({kill.why}, {kill.connections} connections)"
        f" after {kill.at_push} pushes, replaced in {kill.replaced_in} s while the others"
        f" answered {kill.pushes_meanwhile} pushes; seed {seed}; ops {dict(states)};"
        f" connection failures {sum(fleet.wire.failures.values())}; settled in {passes} passes"
    )
    print(f"\n{report}")
    trial_report(report)


def lost_answers(fleet: Fleet) -> dict[str, set[str]]:
    """Per laptop: ops the server has committed that the laptop still holds as pending."""
    lost = {}
    for device in fleet.pushers:
        pending = {op.op_id for op in device.ops() if op.state == "pending"}
        with fleet.db.connect() as conn:
            committed = {
                r[0]
                for r in conn.execute(
                    sa.text("SELECT op_id FROM applied_op WHERE device_id = :d"),
                    {"d": device.device_id},
                )
            }
        lost[device.name] = pending & committed
    return lost


KILLS = 3  # whole-server kills at most: until one has cut off a committed push's answer


def test_the_whole_server_killed_mid_push_and_restarted(
    workers: ServerProcess, db: sa.Engine, tmp_path: Path, trial_report
) -> None:
    """The kill is aimed at a push's COMMIT, seen in pg_stat_activity by a process of its
    own. Sometimes the worker still answers first (PostgreSQL shows the COMMIT until it
    has replied): then, after the restart, the laptops work on and the server is killed
    again, up to KILLS times, until a kill has cut off an answer."""
    seed = SEED + 1
    rng = random.Random(seed)
    fleet = make_fleet(tmp_path, workers.url, db, seed, PUSHERS, READERS)
    kills: list[tuple[int, int, int]] = []  # (pushes before, commits seen, answers lost)
    lost: dict[str, set[str]] = {device.name: set() for device in fleet.pushers}

    def kill_all() -> None:
        at_push = fleet.pushed
        wait_for_pushes(fleet, at_push + rng.randint(3, 6))
        # At the moment a push commits (at the latest in 15 s).
        kills.append((fleet.pushed, kill_server_at_commit(workers, within=15), 0))

    try:
        for kill in range(KILLS):
            # After the kill the laptops' syncs fail (offline) until the restart.
            run_fleet(fleet, ROUNDS if kill == 0 else 2, kill_all)
            # Nothing reaches the database now: what the kill cut off can be counted.
            cut_off = lost_answers(fleet)
            for name, ops in cut_off.items():
                lost[name] |= ops
            kills[-1] = (*kills[-1][:2], sum(map(len, cut_off.values())))
            started = startups(workers)
            workers.start()  # the same database, the same port
            wait_for_workers(workers, WORKERS, started + WORKERS, timeout=60)
            if kills[-1][2]:
                break
        offline = sum(r.status == "offline" for d in fleet.pushers for r in d.reports)
        passes = settle(fleet, "after the restart", PASSES)
        states = check_fleet(fleet, "after the restart")
        # Exactly the ops whose answers a kill cut off were answered "duplicate" (or with
        # the conflict they had met), and nothing else was.
        with db.connect() as conn:
            query = sa.text("SELECT op_id FROM applied_op WHERE status = 'applied'")
            applied = {r[0] for r in conn.execute(query)}
        for device in fleet.pushers:
            duplicates = {op.op_id for op in device.ops() if op.state == "duplicate"}
            assert duplicates == lost[device.name] & applied, fleet.ctx(device.name)
        assert offline >= len(kills), fleet.ctx("a kill came after the work")
        assert kills[-1][2] >= 1, fleet.ctx(f"no answer cut off in {KILLS} kills: {kills}")
        check_wire(fleet, "server killed")
        assert server_failures(workers) == 0, fleet.ctx()
    finally:
        fleet.close()
    report = (
        f"the server and its {WORKERS} workers SIGKILLed at a push's commit and restarted,"
        f" {len(kills)} times (pushes before, commits seen, answers cut off: {kills});"
        f" seed {seed}; ops {dict(states)}; {offline} syncs offline; settled in {passes} passes"
    )
    print(f"\n{report}")
    trial_report(report)


CUTS = (Kind.CUT_REQUEST, Kind.CUT_BEFORE_RESPONSE, Kind.CUT_RESPONSE)


def test_connections_cut_in_front_of_the_workers(
    workers: ServerProcess, db: sa.Engine, tmp_path: Path, trial_report
) -> None:
    """A third of the sync calls cut (the request, the answer before or inside it) on their
    way to and from the workers; each new connection may reach another worker."""
    seed = SEED + 2
    with FaultProxy(workers.port) as proxy:
        # Logins and first syncs pass clean; then a third of the sync calls are cut.
        fleet = make_fleet(tmp_path, proxy.url, db, seed, PUSHERS, READERS)
        faults = RandomFaults(seed, rate=0.3, kinds=CUTS)

        def policy(exchange: Exchange) -> Fault:
            return faults(exchange) if exchange.path in SYNC_PATHS else NO_FAULT

        proxy.policy = policy
        before = requests_by_worker(workers, "/api/v1/sync/push")
        try:
            run_fleet(fleet, ROUNDS, lambda: None)
            passes = settle(fleet, "through the cutting proxy", PASSES)
            cuts = list(proxy.events)
            states = check_fleet(fleet, f"through the cutting proxy, {len(cuts)} faults")
            check_wire(fleet, "connections cut")
            assert server_failures(workers) == 0, fleet.ctx()
        finally:
            fleet.close()
    after = requests_by_worker(workers, "/api/v1/sync/push")
    assert after, "no push counted under its route (a gzip body's route was lost)"
    served = [pid for pid, n in after.items() if n > before.get(pid, 0)]
    assert len(served) >= 2, fleet.ctx(f"all pushes through one worker: {after}")
    kinds = {event.split()[0] for event in cuts if not event.startswith("cut:")}
    assert kinds == {str(kind) for kind in CUTS}, fleet.ctx(str(cuts))
    report = (
        f"{len([e for e in cuts if not e.startswith('cut:')])} connections cut in front of"
        f" {WORKERS} workers ({len(served)} served pushes); seed {seed}; ops {dict(states)};"
        f" settled in {passes} passes"
    )
    print(f"\n{report}")
    trial_report(report)


def test_a_request_cut_mid_body_is_no_server_failure(workers: ServerProcess) -> None:
    """A laptop whose link drops while it sends a push gets no answer, and the server
    must not count one: before the fix, every such push counted as a 5xx (route
    "unmatched", as the body is read before routing) in vss_http_failures_total."""

    def scrape() -> str:
        return requests.get(workers.url + "/metrics", timeout=10).text

    before = scrape()
    head = (
        "POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 400\r\n\r\n"
    )
    for _ in range(4):
        with socket.create_connection(("127.0.0.1", workers.port), timeout=10) as sock:
            sock.sendall(head.encode() + b'{"device_id": "')  # and the link drops
    deadline = time.monotonic() + 10
    while True:  # each worker counts once it has seen the connection close
        text = scrape()
        closed = metric(text, "vss_http_requests_total", route="unmatched", status="4xx")
        if closed - metric(before, "vss_http_requests_total", route="unmatched", status="4xx") >= 4:
            break
        assert time.monotonic() < deadline, [ln for ln in text.splitlines() if "unmatched" in ln]
        time.sleep(0.05)
    assert metric(text, "vss_http_failures_total") == metric(before, "vss_http_failures_total")
    assert metric(text, "vss_http_requests_total", status="5xx") == 0


def test_a_gzip_push_counts_under_its_route(workers: ServerProcess) -> None:
    """The app gzips every body: its pushes count under /api/v1/sync/push, not under
    "unmatched" (the body middleware handed the router a copy of the request's scope)."""

    def pushes() -> float:
        text = requests.get(workers.url + "/metrics", timeout=10).text
        return metric(text, "vss_http_requests_total", method="POST", route="/api/v1/sync/push")

    before = pushes()
    answer = requests.post(
        workers.url + "/api/v1/sync/push",
        data=gzip.compress(b'{"device_id": "d", "ops": []}'),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        timeout=10,
    )
    assert answer.status_code == 401  # no token: routed, then refused
    deadline = time.monotonic() + 10
    while pushes() == before:  # counted once the answer has gone out
        assert time.monotonic() < deadline, "the push was not counted under its route"
        time.sleep(0.05)
    assert pushes() == before + 1
