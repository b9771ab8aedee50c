"""Server ingest on PostgreSQL (issue 17): one device, then 20 devices pushing at once.

A fresh server on a scratch PostgreSQL database ($VSS_TEST_POSTGRES_URL, made and
dropped), one collector account per device, their households imported and assigned
through the admin functions behind `vss-server`, then create ops for the households'
members, visits and results (the demo generator's) pushed in --batch-op batches, bodies
gzipped beforehand so the time measured is the server's (plus loopback HTTP):

- one device: --one-ops ops, one batch after another;
- --devices devices at once, each pushing --per-device ops from its own thread;
- the server side alone: --inproc-ops ops handed to ``push.push_batch`` in this process
  (no HTTP, no console-table keepers), timed per batch, with the SQL statements and
  commits counted by SQLAlchemy event listeners: where a push's time goes.

Printed as JSON: ops/s, per-batch latency percentiles, answer statuses, HTTP errors
(a 5xx fails the target), and the machine's yardstick (the app's scrypt KDF time, as
the other benches print it). The client threads share the machine's CPUs with the
server and PostgreSQL (bench figures are for the whole box).

Usage: python bench/bench_ingest.py [--one-ops 6000] [--devices 20] [--per-device 500]
           [--inproc-ops 6000] [--batch 100] [--workers 1] [--work-dir bench/out/ingest]
           [--code DIR]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import shutil
import statistics
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test harness
sys.path.insert(0, str(ROOT))
from bench_encryption import kdf_seconds  # noqa: E402  (the benches' shared yardstick)

from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database  # noqa: E402
from vss_core.records import field_names  # noqa: E402
from vss_desktop.demo.generator import Generator  # noqa: E402

TODAY = date(2026, 11, 18)
SEED = 20261206
PASSWORD = "mật-khẩu-bench-2026"
HOUSEHOLD_CSV: tuple[str, ...] = ("id", "code", "head_name", "province", "commune", "village")
HOUSEHOLD_CSV += ("house_number", "street", "phone", "notes")
T0 = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - T0:7.1f}s] {message}", file=sys.stderr, flush=True)


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99/max in seconds (nearest rank)."""
    if not values:
        return {}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))], 3)

    return {
        "n": len(ordered),
        "p50_s": rank(0.50),
        "p95_s": rank(0.95),
        "p99_s": rank(0.99),
        "max_s": round(ordered[-1], 3),
    }


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- data -----------------------------------------------------------------------------


def create_ops(entity: str, rows: list[dict[str, Any]], user: str) -> list[dict[str, Any]]:
    """Wire ops creating these generator rows (seq is set when they are sent)."""
    names = field_names(entity)
    return [
        {
            "op_id": str(uuid.uuid4()),
            "entity": entity,
            "entity_id": row["id"],
            "kind": "create",
            "base_version": None,
            "fields": {
                n: json_value(user if n == "collector" else row[n]) for n in names if n in row
            },
            "recorded_at": json_value(row["created_at"]),
        }
        for row in rows
    ]


class Workload:
    """Households handed out to collectors, each with at least ``ops_each`` create ops
    (whole households: a visit's results never go without their visit)."""

    def __init__(self, ops_each: dict[str, int], seed: int = SEED) -> None:
        # One generator: codes and ID numbers are unique across every collector.
        generator = Generator(seed, TODAY, 5000)
        self.homes: dict[str, list[dict[str, Any]]] = {}
        self.ops: dict[str, list[dict[str, Any]]] = {}
        for user, wanted in ops_each.items():
            homes: list[dict[str, Any]] = []
            ops: list[dict[str, Any]] = []
            while len(ops) < wanted:
                (home,), persons, visits, results = generator.batch(1)
                homes.append(home)
                ops += create_ops("person", persons, user)
                ops += create_ops("visit", visits, user)
                ops += create_ops("collection", results, user)
            self.homes[user], self.ops[user] = homes, ops

    def mix(self, users: list[str]) -> dict[str, int]:
        return dict(Counter(op["entity"] for user in users for op in self.ops[user]))


@contextmanager
def admin_engine(server: ServerProcess) -> Iterator[Any]:
    from vss_server.config import ServerConfig
    from vss_server.db import create_server_engine

    config = ServerConfig(database_url=server.database_url, data_dir=server.data_dir)
    engine = create_server_engine(config.resolved_database_url())
    try:
        yield engine
    finally:
        engine.dispose()


def create_accounts(server: ServerProcess, users: list[str]) -> float:
    """The collectors, through ``admin.create_user`` (the `vss-server create-user` path).

    scrypt is slow on purpose (about the KDF time per account): every account gets one
    hash made once here, so 1,000 accounts take seconds, not minutes. Logins still check
    it the slow way, as they would in production."""
    from vss_server import admin, security

    start = time.perf_counter()
    secret = security.hash_password(PASSWORD)
    real = admin.hash_password
    admin.hash_password = lambda _password: secret  # type: ignore[assignment]
    try:
        with admin_engine(server) as engine:
            for user in users:
                admin.create_user(engine, user, PASSWORD)
    finally:
        admin.hash_password = real
    return time.perf_counter() - start


def import_households(server: ServerProcess, work: Workload, csv_path: Path) -> float:
    """Every collector's households, assigned by the CSV's collector column."""
    from vss_server import admin

    start = time.perf_counter()
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow((*HOUSEHOLD_CSV, "collector"))
        for user, homes in work.homes.items():
            writer.writerows([*(home[n] for n in HOUSEHOLD_CSV), user] for home in homes)
    with admin_engine(server) as engine:
        admin.import_households(engine, csv_path)
    return time.perf_counter() - start


def prepared_server(
    root: Path, database_url: str, work: Workload, workers: int = 1, code: Path | None = None
) -> tuple[ServerProcess, dict[str, float]]:
    """A migrated, started server holding the accounts and their households; ``code``:
    a directory holding another version's packages, served instead of this tree's."""
    server = ServerProcess(root, database_url=database_url, workers=workers, code=code)
    server.data_dir.mkdir(parents=True, exist_ok=True)
    server.cli("migrate")
    setup = {
        "accounts_s": round(create_accounts(server, list(work.ops)), 2),
        "households_s": round(import_households(server, work, root / "households.csv"), 2),
    }
    server.start()
    return server, setup


# --- a device -------------------------------------------------------------------------


class Device:
    """One collector's laptop: its own HTTP connection, token and device id."""

    def __init__(self, base_url: str, user: str) -> None:
        self.base_url, self.user = base_url, user
        self.device_id = str(uuid.uuid4())
        self.http = requests.Session()
        self.headers: dict[str, str] = {}
        self.seq = 0
        self.cursor: str | None = None

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.http.request(
            method, self.base_url + "/api/v1" + path, headers=self.headers, timeout=600, **kwargs
        )

    def login(self) -> requests.Response:
        answer = self.http.post(
            self.base_url + "/api/v1/auth/login",
            json={"username": self.user, "password": PASSWORD, "device_id": self.device_id},
            timeout=600,
        )
        if answer.ok:
            self.headers = {"Authorization": "Bearer " + answer.json()["token"]}
        return answer

    def push_bodies(self, ops: list[dict[str, Any]], batch: int) -> list[bytes]:
        """Gzipped push bodies, numbered from this device's next seq."""
        bodies = []
        for i in range(0, len(ops), batch):
            numbered = []
            for op in ops[i : i + batch]:
                self.seq += 1
                numbered.append(op | {"seq": self.seq})
            document = {"device_id": self.device_id, "ops": numbered}
            raw = json.dumps(document, ensure_ascii=False).encode()
            bodies.append(gzip.compress(raw, mtime=0))
        return bodies

    def push(self, body: bytes) -> requests.Response:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return self.http.post(
            self.base_url + "/api/v1/sync/push",
            data=body,
            headers=self.headers | headers,
            timeout=600,
        )

    def close(self) -> None:
        self.http.close()


class Tally:
    """Latencies, statuses and HTTP errors from many threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter[str] = Counter()
        self.http_errors: Counter[str] = Counter()
        self.busy: Counter[str] = Counter()  # 503 answers waited out (Retry-After)

    def timed(self, kind: str, call: Any, busy_retries: int = 0) -> requests.Response | None:
        """``call``'s answer, or None (counted as an HTTP error). ``busy_retries``: a 503
        with Retry-After is waited out and sent again, as the app does, this many times;
        the latency is then the whole wait, from the first attempt."""
        start = time.perf_counter()
        for attempt in range(busy_retries + 1):
            try:
                answer = call()
            except requests.RequestException as exc:
                with self.lock:
                    self.http_errors[f"{kind} {type(exc).__name__}"] += 1
                return None
            wait = answer.headers.get("Retry-After")
            if answer.status_code == 503 and wait is not None and attempt < busy_retries:
                with self.lock:
                    self.busy[kind] += 1
                time.sleep(min(float(wait), 30.0))
                continue
            break
        elapsed = time.perf_counter() - start
        with self.lock:
            self.latency[kind].append(elapsed)
            if not answer.ok:
                self.http_errors[f"{kind} {answer.status_code}"] += 1
        return answer if answer.ok else None

    def count(self, answer: requests.Response) -> None:
        results = answer.json()["results"]
        with self.lock:
            self.statuses.update(r["status"] for r in results)


def run_devices(
    server: ServerProcess, work: Workload, users: list[str], batch: int
) -> dict[str, Any]:
    """Each user's device logs in, then all push at once; ops/s from the first push sent
    to the last answer."""
    tally = Tally()
    devices = [Device(server.url, user) for user in users]
    for device in devices:
        device.login().raise_for_status()
    bodies = {d.user: d.push_bodies(work.ops[d.user], batch) for d in devices}
    for device in devices:
        device.seq = 0  # the bodies above are numbered; push them as built

    def one(device: Device) -> None:
        for body in bodies[device.user]:
            answer = tally.timed("push", lambda body=body: device.push(body))
            if answer is None:
                return
            tally.count(answer)

    threads = [threading.Thread(target=one, args=(d,)) for d in devices]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    for device in devices:
        device.close()
    ops = sum(len(work.ops[u]) for u in users)
    return {
        "devices": len(users),
        "ops": ops,
        "batch": batch,
        "seconds": round(elapsed, 2),
        "ops_per_s": round(ops / elapsed, 1),
        "batch_latency": percentiles(tally.latency["push"]),
        "statuses": dict(tally.statuses),
        "http_errors": dict(tally.http_errors),
        "busy_503_waited_out": dict(tally.busy),
    }


def run_in_process(server: ServerProcess, work: Workload, user: str, batch: int) -> dict[str, Any]:
    """``user``'s ops through ``push.push_batch`` on an engine of this process, as the
    route calls it (one write session per batch), counting what goes to the database:
    each statement (an executemany is one, sent in one pipeline) and each commit."""
    import sqlalchemy as sa
    from sqlmodel import Session, select

    from vss_server import db as server_db
    from vss_server import push
    from vss_server.models import UserAccount

    counts: Counter[str] = Counter()
    latency: list[float] = []
    statuses: Counter[str] = Counter()
    with admin_engine(server) as engine:

        @sa.event.listens_for(engine, "before_cursor_execute")
        def _statement(*args: Any) -> None:
            counts["statements"] += 1
            counts["executemany"] += bool(args[-1])

        @sa.event.listens_for(engine, "commit")
        def _commit(_conn: Any) -> None:
            counts["commits"] += 1

        with Session(engine) as session:
            account = session.exec(select(UserAccount).where(UserAccount.username == user)).one()
            session.expunge(account)
        ops = work.ops[user]
        device = f"bench-inproc-{uuid.uuid4()}"
        numbered = [op | {"seq": n} for n, op in enumerate(ops, start=1)]
        start = time.perf_counter()
        for i in range(0, len(numbered), batch):
            wire = numbered[i : i + batch]
            batch_ops = [
                push.Op(
                    o["op_id"],
                    o["seq"],
                    o["entity"],
                    o["entity_id"],
                    o["kind"],
                    None,
                    dict(o["fields"]),
                )
                for o in wire
            ]
            began = time.perf_counter()
            with server_db.write_session(engine) as session:
                outcome = push.push_batch(session, account, device, batch_ops)
            latency.append(time.perf_counter() - began)
            statuses.update(r["status"] for r in outcome.results)
        elapsed = time.perf_counter() - start
    return {
        "ops": len(ops),
        "batch": batch,
        "seconds": round(elapsed, 2),
        "ops_per_s": round(len(ops) / elapsed, 1),
        "ms_per_op": round(elapsed * 1000 / len(ops), 3),
        "batch_latency": percentiles(latency),
        # Does a batch get slower as the tables grow? The first and last tenth's median.
        "first_tenth_p50_s": round(statistics.median(latency[: max(1, len(latency) // 10)]), 3),
        "last_tenth_p50_s": round(statistics.median(latency[-max(1, len(latency) // 10) :]), 3),
        "statements_per_op": round(counts["statements"] / len(ops), 3),
        "statements_per_batch": round(counts["statements"] / len(latency), 1),
        "executemany_per_batch": round(counts["executemany"] / len(latency), 1),
        "commits": counts["commits"],
        "statuses": dict(statuses),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one-ops", type=int, default=6000)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--per-device", type=int, default=500)
    parser.add_argument("--inproc-ops", type=int, default=6000, help="0: skip that phase")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--work-dir", type=Path, default=Path("bench/out/ingest"))
    parser.add_argument(
        "--code",
        type=Path,
        help="serve another version's packages from this directory (e.g. a `git archive`"
        " of an older commit) to compare before and after on the same machine",
    )
    args = parser.parse_args()
    if args.code:  # the in-process phase runs that version's push too
        sys.path.insert(0, str(args.code.resolve()))
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        print(json.dumps({"bench": "ingest", "skipped": f"{POSTGRES_ENV} is not set"}))
        return 0
    shutil.rmtree(args.work_dir, ignore_errors=True)
    args.work_dir.mkdir(parents=True)
    report: dict[str, Any] = {
        "bench": "ingest",
        "config": {
            "one_ops": args.one_ops,
            "devices": args.devices,
            "per_device": args.per_device,
            "inproc_ops": args.inproc_ops,
            "batch": args.batch,
            "workers": args.workers,
            "code": str(args.code.resolve()) if args.code else "this tree",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "kdf_s": kdf_seconds(),
    }
    one_user, many = "bench.one", [f"bench.d{n:02d}" for n in range(args.devices)]
    inproc_user = "bench.inproc"
    say("generating the workload")
    wanted = {one_user: args.one_ops} | dict.fromkeys(many, args.per_device)
    if args.inproc_ops:
        wanted[inproc_user] = args.inproc_ops
    work = Workload(wanted)
    with postgres_database() as db_url:
        say("preparing the server")
        server, setup = prepared_server(
            args.work_dir / "server", db_url, work, args.workers, args.code
        )
        try:
            report["setup"] = setup
            say(f"one device: {len(work.ops[one_user])} ops")
            report["one_device"] = run_devices(server, work, [one_user], args.batch)
            report["one_device"]["mix"] = work.mix([one_user])
            say(f"  {report['one_device']['ops_per_s']} ops/s")
            say(f"{args.devices} devices at once")
            report["devices_at_once"] = run_devices(server, work, many, args.batch)
            report["devices_at_once"]["mix"] = work.mix(many)
            say(f"  {report['devices_at_once']['ops_per_s']} ops/s")
            if args.inproc_ops:
                say(f"server side alone, in this process: {len(work.ops[inproc_user])} ops")
                report["in_process"] = run_in_process(server, work, inproc_user, args.batch)
                say(
                    f"  {report['in_process']['ops_per_s']} ops/s,"
                    f" {report['in_process']['statements_per_op']} statements per op"
                )
        finally:
            server.stop()
    one, at_once = report["one_device"], report["devices_at_once"]
    report["target"] = {
        "one_device_3000_ops_s": one["ops_per_s"] >= 3000,
        "at_once_2000_ops_s": at_once["ops_per_s"] >= 2000,
        "at_once_p99_5s": at_once["batch_latency"].get("p99_s", 99) <= 5.0,
        "no_5xx": not any(
            k.split()[-1].startswith("5") for r in (one, at_once) for k in r["http_errors"]
        ),
    }
    report["config"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["total_s"] = round(time.monotonic() - T0, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
