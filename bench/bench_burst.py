"""The end-of-day burst (issue 17): 1,000 collectors sync at once against several server
processes on PostgreSQL.

A fresh server database on $VSS_TEST_POSTGRES_URL (a scratch database, dropped after),
`vss-server migrate`, then --collectors accounts (admin.create_user, one scrypt hash made
once: see bench_ingest.create_accounts) with their households imported and assigned,
then `vss-server serve --workers N` and --clients threads, each playing one collector
after another: log in on a new device, report its status, push its day's work (about
--ops create ops: members, visits and their results, in one batch), then pull its
changes until has_more is false. A 503 (database busy, with Retry-After) is waited out
and sent again up to 10 times, as the app does, and counted apart. Every call goes to 127.0.0.1; the run stops starting
collectors after --budget-s (the target is ten minutes) and every call has a timeout.

Prints JSON: the total time, collectors done, p50/p95/p99/max per call kind, HTTP
errors, answer statuses, and the machine's yardstick (the app's scrypt KDF time). The
clients, the server's processes and PostgreSQL share this machine's CPUs: the figures
are for the whole box, and the login's scrypt check (slow on purpose) is most of the CPU.

Usage: python bench/bench_burst.py [--collectors 1000] [--ops 60] [--workers 4]
           [--clients 40] [--budget-s 600] [--work-dir bench/out/burst]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import (  # noqa: E402
    POSTGRES_ENV,
    Device,
    Tally,
    Workload,
    kdf_seconds,
    percentiles,
    postgres_database,
    prepared_server,
    say,
)

TARGET_S = 600.0
BUSY_RETRIES = 10  # a 503 (database busy) is waited out and sent again, as the app does
PULL_LIMIT = 500  # the app's page size for a first pull is the server's cap or less


def collector_day(device: Device, ops: list[dict[str, Any]], tally: Tally) -> bool:
    """One collector's sync at the end of the day; True when every call succeeded."""
    if tally.timed("login", device.login, BUSY_RETRIES) is None:
        return False
    status = {"device_id": device.device_id, "app_version": "bench", "pending": len(ops)}
    sent = tally.timed(
        "status", lambda: device.call("POST", "/sync/status", json=status), BUSY_RETRIES
    )
    if sent is None:
        return False
    (body,) = device.push_bodies(ops, len(ops))
    answer = tally.timed("push", lambda: device.push(body), BUSY_RETRIES)
    if answer is None:
        return False
    tally.count(answer)
    cursor: str | None = None
    for _page in range(1000):  # bounded: a collector's changes fit in a few pages
        params: dict[str, Any] = {"limit": PULL_LIMIT} | ({"cursor": cursor} if cursor else {})
        page = tally.timed(
            "pull", lambda p=params: device.call("GET", "/sync/pull", params=p), BUSY_RETRIES
        )
        if page is None:
            return False
        data = page.json()
        cursor = data["cursor"]
        with tally.lock:
            tally.statuses["pulled_changes"] += len(data["changes"])
        if not data["has_more"]:
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collectors", type=int, default=1000)
    parser.add_argument("--ops", type=int, default=60, help="ops each collector pushes (about)")
    parser.add_argument("--workers", type=int, default=4, help="server processes")
    parser.add_argument("--clients", type=int, default=40, help="collectors syncing at once")
    parser.add_argument("--budget-s", type=float, default=TARGET_S)
    parser.add_argument("--work-dir", type=Path, default=Path("bench/out/burst"))
    args = parser.parse_args()
    if not os.environ.get(POSTGRES_ENV):
        print(json.dumps({"bench": "burst", "skipped": f"{POSTGRES_ENV} is not set"}))
        return 0
    shutil.rmtree(args.work_dir, ignore_errors=True)
    args.work_dir.mkdir(parents=True)
    report: dict[str, Any] = {
        "bench": "burst",
        "config": {
            "collectors": args.collectors,
            "ops_each": args.ops,
            "workers": args.workers,
            "clients_at_once": args.clients,
            "budget_s": args.budget_s,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "kdf_s": kdf_seconds(),
    }
    users = [f"c{n:04d}" for n in range(args.collectors)]
    say(f"generating the day of {len(users)} collectors")
    work = Workload(dict.fromkeys(users, args.ops))
    report["workload"] = {
        "households": sum(len(h) for h in work.homes.values()),
        "ops": sum(len(o) for o in work.ops.values()),
        "mix": work.mix(users),
    }
    with postgres_database() as db_url:
        say("preparing the server (accounts, households)")
        server, setup = prepared_server(args.work_dir / "server", db_url, work, args.workers)
        report["setup"] = setup
        tally = Tally()
        done: Counter[str] = Counter()
        start = time.perf_counter()
        deadline = start + args.budget_s
        progress = threading.Lock()

        def one(user: str) -> None:
            if time.perf_counter() > deadline:
                with progress:
                    done["not_started"] += 1
                return
            device = Device(server.url, user)
            try:
                ok = collector_day(device, work.ops[user], tally)
            finally:
                device.close()
            with progress:
                done["ok" if ok else "failed"] += 1
                if (done["ok"] + done["failed"]) % 100 == 0:
                    say(f"  {done['ok'] + done['failed']} collectors synced")

        try:
            say(f"{len(users)} collectors, {args.clients} at once, {args.workers} workers")
            with ThreadPoolExecutor(args.clients) as pool:
                list(pool.map(one, users))
            elapsed = time.perf_counter() - start
        finally:
            server.stop()
    report["burst"] = {
        "total_s": round(elapsed, 1),
        "collectors": dict(done),
        "ops_pushed_per_s": round(tally.statuses["applied"] / elapsed, 1),
        "latency": {kind: percentiles(v) for kind, v in sorted(tally.latency.items())},
        "statuses": dict(tally.statuses),
        "http_errors": dict(tally.http_errors),
        "busy_503_waited_out": dict(tally.busy),
    }
    report["target"] = {
        "within_s": TARGET_S,
        "all_synced_in_time": done["ok"] == len(users) and elapsed <= TARGET_S,
        "no_error": not tally.http_errors and not done["failed"],
        "no_503": not tally.busy,
    }
    report["note"] = (
        "one 2-core box runs the client threads, the server's processes and PostgreSQL; "
        "each login checks a scrypt hash (slow on purpose), the largest share of CPU"
    )
    report["config"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
