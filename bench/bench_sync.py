"""Sync benchmark (issue 3 item 6): push 1,000 visits and pull 5,000 households with members
through a slow, high-latency link, and the server's ingest rate on SQLite and PostgreSQL.

The link is the userspace proxy of the sync tests (tests/helpers/fault_proxy.py: a delay line of
half the RTT each way, then a token bucket of --rate-kbit per direction); this kernel has
no netem. The server is the real one on loopback (tests/helpers/server_harness.py). Data comes from
the deterministic demo generator: households are imported with the server's import
function and assigned to one collector, their members are pushed by a seeding device
(unthrottled), then a fresh app pulls the assignment through the link (with --unthrottled
also once without limits), records --visits visits with their results through
vss_desktop.store.services and syncs them through the link.

Measured per scenario: bytes on the wire each way (counted at the proxy: HTTP heads and
bodies, not TCP/IP headers), HTTP round trips, wall time; and the ideal time of the
gzip-compressed payload alone (the changes pulled, or the ops pushed, as one JSON
document, gzip -9) on the link, without and with one RTT per round trip; the ratio
measured/ideal (target <= 1.3) and where the excess goes: RTTs, framing (HTTP heads,
per-page gzip, the other direction), time in the server, time in the app between calls.

Ingest: a fresh server per database, households imported, then --ingest-ops ops (members,
visits and their results, household by household) pushed unthrottled in batches of
--ingest-batch with bodies gzipped beforehand: ops/s as the server takes them.
PostgreSQL comes from $VSS_TEST_POSTGRES_URL (a scratch database is made and dropped);
without it that part is skipped with a note.

Seeding the server (every member pushed like a device would) takes minutes and is not
measured: the seeded database is kept under --work-dir/seeded, keyed by the sizes and the
code of vss_server, the demo generator and the domain records, and copied for later runs
(--fresh seeds again). Everything else starts fresh each run, in --work-dir/run.

Prints one JSON object to stdout; progress goes to stderr.

Usage: python bench/bench_sync.py [--households 5000] [--visits 1000] [--rate-kbit 64]
           [--rtt-ms 600] [--ingest-ops 5000] [--work-dir bench/out/sync] [--quick]
           [--unthrottled] [--fresh] [--page-size N] [--batch-size N]
A full run takes about 10 minutes on 2 cores once the seeded database is cached (the
first run seeds it: 5 more minutes or so); --quick about a minute.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import math
import os
import platform
import shutil
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test harness
from helpers.fault_proxy import NO_FAULT, Exchange, Fault, FaultProxy  # noqa: E402
from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database  # noqa: E402
from vss_core.records import field_names  # noqa: E402
from vss_desktop.demo.generator import Generator  # noqa: E402
from vss_desktop.store import Store, open_store, services  # noqa: E402
from vss_desktop.sync import state  # noqa: E402
from vss_desktop.sync.engine import SyncEngine  # noqa: E402
from vss_desktop.sync.transport import Transport  # noqa: E402

TODAY = date(2026, 11, 18)
SEED = 20261122
USER = "bench.thu"
PASSWORD = "mật-khẩu-bench-2026"
TARGET_RATIO = 1.3
SEED_BATCH = 500  # the server's largest push batch: seeding is not what is measured
SERVER_MAX_PAGE = 1000  # ServerConfig.max_pull_limit
SERVER_MAX_BATCH = 500  # ServerConfig.max_batch_ops
HOUSEHOLD_CSV = ("id", "code", "head_name", "province", "commune", "village")
HOUSEHOLD_CSV += ("house_number", "street", "phone", "notes")
T0 = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - T0:7.1f}s] {message}", file=sys.stderr, flush=True)


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def gzip_size(document: Any) -> tuple[int, int]:
    """(raw, gzip -9) bytes of a document as compact UTF-8 JSON."""
    raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return len(raw), len(gzip.compress(raw, 9, mtime=0))


# --- data ---------------------------------------------------------------------------


@dataclass
class Dataset:
    homes: list[dict[str, Any]]
    persons: list[dict[str, Any]]
    visits: list[dict[str, Any]]
    results: list[dict[str, Any]]

    @classmethod
    def make(cls, households: int) -> Dataset:
        return cls(*Generator(SEED, TODAY, households).batch(households))

    def by_household(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        grouped: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for entity, rows in (
            ("person", self.persons),
            ("visit", self.visits),
            ("collection", self.results),
        ):
            for row in rows:
                grouped[row["household_id"]][entity].append(row)
        return grouped


def create_ops(entity: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Wire ops creating these generator rows (seq is set when they are sent); the fields
    the generator does not make (a visit's event and referrer) are left to their defaults."""
    names = [n for n in field_names(entity) if n in ("collector", *rows[0])] if rows else []
    return [
        {
            "op_id": str(uuid.uuid4()),
            "entity": entity,
            "entity_id": row["id"],
            "kind": "create",
            "base_version": None,
            "fields": {n: json_value(USER if n == "collector" else row[n]) for n in names},
            "recorded_at": json_value(row["created_at"]),
        }
        for row in rows
    ]


def admin_engine(server: ServerProcess) -> Any:
    from vss_server.config import ServerConfig
    from vss_server.db import create_server_engine

    config = ServerConfig(database_url=server.database_url, data_dir=server.data_dir)
    return create_server_engine(config.resolved_database_url())


def import_assigned(server: ServerProcess, homes: list[dict[str, Any]], csv_path: Path) -> float:
    """The collector and their households, through the admin functions behind `vss-server`
    (`create-user`, `import-households`). The CSV's collector column assigns them: the same
    result as `assign` afterwards, without re-sequencing every household a second time."""
    from vss_server import admin

    start = time.perf_counter()
    engine = admin_engine(server)
    try:
        admin.create_user(engine, USER, PASSWORD)
        with open(csv_path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow((*HOUSEHOLD_CSV, "collector"))
            writer.writerows([*(home[n] for n in HOUSEHOLD_CSV), USER] for home in homes)
        admin.import_households(engine, csv_path)
    finally:
        engine.dispose()
    return time.perf_counter() - start


def source_key(households: int) -> str:
    """What the seeded server database depends on: sizes, seed, and the code that makes it."""
    digest = hashlib.sha256(f"{households} {SEED} {TODAY} {USER}".encode())
    for folder in ("vss_server", "vss_desktop/demo", "vss_core"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def seeded_server(data_dir: Path, cache: Path, data: Dataset, use_cache: bool) -> dict[str, Any]:
    """Give ``data_dir`` a server database holding the assignment with its members.

    Seeding pushes every member through the server like a device would, which takes
    minutes; the database is kept in ``cache`` (keyed by the code that makes it) and
    copied for later runs, since seeding is not what this bench measures."""
    key = source_key(len(data.homes))
    store, facts = cache / key, cache / key / "seeded.json"
    cached = use_cache and facts.exists()
    if not cached:
        shutil.rmtree(cache, ignore_errors=True)  # older keys too: one seeded copy is kept
        store.mkdir(parents=True)
        server = ServerProcess(store).start()
        try:
            say("seeding the server: import the assigned households, push their members")
            imported = import_assigned(server, data.homes, store / "households.csv")
            grouped = data.by_household()
            members = [op for home in data.homes for op in create_ops(
                "person", grouped[home["id"]]["person"])]  # fmt: skip
            pushed = push_raw(server.url, members, SEED_BATCH)
        finally:
            server.stop()
        facts.write_text(json.dumps({"import_s": round(imported, 2), "members_push": pushed}))
    data_dir.mkdir(parents=True)
    for path in store.glob("vss-server.sqlite3*"):
        shutil.copy2(path, data_dir / path.name)
    return json.loads(facts.read_text()) | {"key": key, "from_cache": cached}


def push_raw(base_url: str, ops: list[dict[str, Any]], batch: int) -> dict[str, Any]:
    """Push ops as a fresh device over one kept-alive connection, bodies gzipped beforehand,
    so the time is the server's (plus loopback HTTP), not the app's."""
    device = str(uuid.uuid4())
    with requests.Session() as http:
        login = http.post(
            base_url + "/api/v1/auth/login",
            json={"username": USER, "password": PASSWORD, "device_id": device},
            timeout=30,
        )
        login.raise_for_status()
        headers = {
            "Authorization": "Bearer " + login.json()["token"],
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        }
        numbered = [op | {"seq": n} for n, op in enumerate(ops, start=1)]
        bodies = [
            gzip.compress(
                json.dumps(
                    {"device_id": device, "ops": numbered[i : i + batch]}, ensure_ascii=False
                ).encode(),
                mtime=0,
            )
            for i in range(0, len(numbered), batch)
        ]
        statuses: Counter[str] = Counter()
        latencies = []
        start = time.perf_counter()
        for body in bodies:
            sent = time.perf_counter()
            answer = http.post(
                base_url + "/api/v1/sync/push", data=body, headers=headers, timeout=600
            )
            answer.raise_for_status()
            statuses.update(r["status"] for r in answer.json()["results"])
            latencies.append(time.perf_counter() - sent)
        elapsed = time.perf_counter() - start
    if statuses["applied"] != len(ops):
        raise RuntimeError(f"push not fully applied: {dict(statuses)}")
    latencies.sort()
    return {
        "ops": len(ops),
        "batch": batch,
        "requests": len(bodies),
        "seconds": round(elapsed, 2),
        "ops_per_s": round(len(ops) / elapsed, 1),
        "request_ms_median": round(1000 * latencies[len(latencies) // 2], 1),
        "request_ms_max": round(1000 * latencies[-1], 1),
    }


# --- measuring through the proxy ------------------------------------------------------


@dataclass
class Call:
    kind: str  # push | pull
    started: float
    ended: float
    settled: float  # waited after the call for the proxy's count: taken out of wall times
    exchanges: int
    up: int
    down: int
    connections: int  # new TCP connections the app opened to the proxy
    sent: list[dict[str, Any]]  # the ops pushed
    received: list[dict[str, Any]]  # the changes pulled, or the push answer (one body)
    failed: bool


@dataclass
class Meter:
    """What crosses the proxy: request bytes and round trips from the proxy's per-request
    hook, all bytes from its counter (response bytes are the difference)."""

    proxy: FaultProxy | None = None
    exchanges: int = 0
    up: int = 0
    calls: list[Call] = field(default_factory=list)

    def policy(self, exchange: Exchange) -> Fault:
        self.exchanges += 1
        self.up += exchange.size
        return NO_FAULT

    def snapshot(self) -> tuple[int, int, int, int]:
        assert self.proxy is not None
        return self.exchanges, self.up, self.proxy.transferred, self.proxy.connections

    def settle(self) -> float:
        """Wait until the proxy thread has counted the bytes it last wrote (it counts just
        after writing, so the app can hold a whole response before it is counted)."""
        assert self.proxy is not None
        start, last = time.perf_counter(), -1
        while self.proxy.transferred != last:
            last = self.proxy.transferred
            time.sleep(0.01)
        return time.perf_counter() - start

    def transport_factory(self, *args: Any, **kwargs: Any) -> Transport:
        return MeteredTransport(self, *args, **kwargs)


class MeteredTransport(Transport):
    """The app's own transport, noting each push and pull call's time and bytes."""

    def __init__(self, meter: Meter, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meter = meter

    def _metered(self, kind: str, sent: list[dict[str, Any]], call: Any) -> dict[str, Any]:
        before, started = self.meter.snapshot(), time.perf_counter()
        answer: dict[str, Any] = {}
        try:
            answer = call()
            return answer
        finally:  # a failed call (retried by the engine) used the link too
            ended = time.perf_counter()
            settled = self.meter.settle()  # not part of the timings
            after = self.meter.snapshot()
            up = after[1] - before[1]
            # A push answer is measured whole: its listed results and its runs of seqs.
            received = answer.get("changes", []) if kind == "pull" else [answer] if answer else []
            self.meter.calls.append(
                Call(kind, started, ended, settled, after[0] - before[0], up,
                     after[2] - before[2] - up, after[3] - before[3],
                     sent if answer else [], received, not answer)
            )  # fmt: skip

    def push(
        self, device_id: str, ops: list[dict[str, Any]], read_timeout: float | None = None
    ) -> dict[str, Any]:
        return self._metered("push", ops, lambda: super(MeteredTransport, self).push(
            device_id, ops, read_timeout))  # fmt: skip

    def pull(self, cursor: str | None, limit: int) -> dict[str, Any]:
        return self._metered("pull", [], lambda: super(MeteredTransport, self).pull(cursor, limit))


@dataclass(frozen=True)
class Link:
    rate_kbit: float  # 0: unthrottled
    rtt_ms: float

    @property
    def bytes_per_s(self) -> float:
        return self.rate_kbit * 1000 / 8

    def transfer_s(self, nbytes: int) -> float:
        return nbytes / self.bytes_per_s if self.rate_kbit else 0.0

    def json(self) -> dict[str, Any]:
        return {"rate_kbit": self.rate_kbit, "rtt_ms": self.rtt_ms}


@contextmanager
def proxied(server: ServerProcess, link: Link) -> Iterator[Meter]:
    meter = Meter()
    with FaultProxy(
        server.port, policy=meter.policy, latency=link.rtt_ms / 2000, rate=link.bytes_per_s
    ) as proxy:
        meter.proxy = proxy
        yield meter


def phase(calls: list[Call], kind: str, wall: float, link: Link) -> dict[str, Any]:
    """One phase of a sync (all its push calls, or all its pull calls) against the ideal."""
    mine = [c for c in calls if c.kind == kind]
    exchanges = sum(c.exchanges for c in mine)
    up, down = sum(c.up for c in mine), sum(c.down for c in mine)
    payload = [x for c in mine for x in (c.sent if kind == "push" else c.received)]
    raw, packed = gzip_size(payload)
    rtt = link.rtt_ms / 1000
    ideal = link.transfer_s(packed)
    ideal_rtts = ideal + exchanges * rtt
    link_s = link.transfer_s(up + down) + exchanges * rtt  # what the link alone costs
    in_calls = sum(c.ended - c.started for c in mine)  # the link and the server
    out: dict[str, Any] = {
        "items": len(payload),
        "calls": len(mine),
        "failed_calls": sum(c.failed for c in mine),
        "round_trips": exchanges,
        "tcp_connections": sum(c.connections for c in mine),
        "bytes_up": up,
        "bytes_down": down,
        "bytes_total": up + down,
        "wall_s": round(wall, 2),
        "payload_json_bytes": raw,
        "payload_gzip_bytes": packed,
        "wire_over_payload": round((up + down) / packed, 3) if packed else None,
        "in_server_calls_s": round(in_calls, 2),
    }
    if kind == "push":
        out["answers_gzip_bytes"] = sum(gzip_size(c.received)[1] for c in mine if c.received)
    if link.rate_kbit:
        out |= {
            "ideal_payload_only_s": round(ideal, 2),
            "ideal_payload_plus_rtts_s": round(ideal_rtts, 2),
            "ratio_vs_payload_only": round(wall / ideal, 3) if ideal else None,
            "ratio_vs_payload_plus_rtts": round(wall / ideal_rtts, 3) if ideal_rtts else None,
            "excess_s": {  # wall - ideal_payload_only, by cause
                "round_trips": round(exchanges * rtt, 2),
                "framing_and_other_direction": round(link.transfer_s(up + down - packed), 2),
                "server_processing": round(in_calls - link_s, 2),
                "app_processing": round(wall - in_calls, 2),  # between calls: local writes
            },
        }
    return out


def synced(store_dir: Path, meter: Meter, **engine_options: Any) -> dict[str, Any]:
    """One `sync` of the app through the proxy, split into its push and pull phases.
    A new app logs in first (through the proxy too, but not counted)."""
    assert meter.proxy is not None
    store = open_store(store_dir)
    try:
        engine = SyncEngine(store, transport_factory=meter.transport_factory, **engine_options)
        if engine.configured():
            repoint(store, meter.proxy.url)
        else:
            engine.login(meter.proxy.url, USER, PASSWORD)
        meter.calls.clear()
        started = time.perf_counter()
        report = engine.sync()
        ended = time.perf_counter()
    finally:
        store.close()
    if report.status != "ok" or report.rejected or report.conflicts:
        raise RuntimeError(f"sync failed: {report}")
    first_pull = next((c.started for c in meter.calls if c.kind == "pull"), ended)
    waits = {k: sum(c.settled for c in meter.calls if c.kind == k) for k in ("push", "pull")}
    return {
        "report": report,
        "calls": list(meter.calls),
        "total_s": ended - started - waits["push"] - waits["pull"],
        "push_s": first_pull - started - waits["push"],
        "pull_s": ended - first_pull - waits["pull"],
    }


# --- scenarios -----------------------------------------------------------------------


def pull_scenario(
    server: ServerProcess, store_dir: Path, link: Link, expected: int, page_size: int
) -> dict[str, Any]:
    with proxied(server, link) as meter:
        run = synced(store_dir, meter, page_size=page_size)
    if run["report"].received != expected:
        raise RuntimeError(f"pulled {run['report'].received} changes, expected {expected}")
    out = {"link": link.json(), "page_size": page_size}
    return out | phase(run["calls"], "pull", run["total_s"], link)


def record_visits(store_dir: Path, data: Dataset, count: int) -> dict[str, Any]:
    """Visits (with their per-member results) as a collector records them in the app."""
    results = defaultdict(list)
    for row in data.results:
        results[row["visit_id"]].append(row)
    store = open_store(store_dir)
    chosen = data.visits[:count]
    start = time.perf_counter()
    try:
        for visit in chosen:
            # The demo's door visits: no event, no referrer (the fields it does not set).
            values = {n: visit[n] for n in field_names("visit") if n in visit}
            values.pop("household_id", None)
            values["collector"] = USER
            services.record_visit(
                store,
                visit["household_id"],
                values,
                [
                    {n: r[n] for n in ("person_id", "kind", "amount", "months", "rule_values")}
                    for r in results[visit["id"]]
                ],
            )
        pending = services.pending_changes(store)
    finally:
        store.close()
    return {
        "visits": len(chosen),
        "ops": pending,
        "record_s": round(time.perf_counter() - start, 2),
    }


def repoint(store: Store, url: str) -> None:
    """Send the app's next sync to ``url`` (this run's proxy port), keeping its login."""
    with store.write() as session:
        state.put(session, state.SERVER_URL, url)


def ingest(root: Path, data: Dataset, ops_wanted: int, batch: int, database_url: str) -> dict:
    """A fresh server: import households, then push their records as a device would."""
    grouped = data.by_household()
    homes, ops = [], []
    for home in data.homes:
        if len(ops) >= ops_wanted:
            break
        homes.append(home)
        for entity in ("person", "visit", "collection"):
            ops += create_ops(entity, grouped[home["id"]][entity])
    ops = ops[:ops_wanted]
    server = ServerProcess(root, database_url=database_url).start()
    try:
        import_assigned(server, homes, root / "households.csv")
        out = push_raw(server.url, ops, batch)
    finally:
        server.stop()
    out["mix"] = dict(Counter(op["entity"] for op in ops))
    out["households"] = len(homes)
    return out


def what_if(pull: dict[str, Any], push: dict[str, Any], link: Link, args: Any) -> list[str]:
    """Plain findings: the ratio, what the excess is made of, and the knobs that would help.
    Estimates subtract the measured parts a change would remove; they are not measurements."""
    rtt, lines = link.rtt_ms / 1000, []
    saved_by_size = {}
    for name, part, size, bigger in (
        ("pull", pull, args.page_size, SERVER_MAX_PAGE),
        ("push", push, args.batch_size, SERVER_MAX_BATCH),
    ):
        trips, excess, ideal = part["round_trips"], part["excess_s"], part["ideal_payload_only_s"]
        verdict = "within" if part["ratio_vs_payload_only"] <= TARGET_RATIO else "above"
        lines.append(
            f"{name}: {part['wall_s']} s measured vs {ideal} s for the gzip payload alone: "
            f"ratio {part['ratio_vs_payload_only']} ({verdict} {TARGET_RATIO}); vs payload + "
            f"one RTT per round trip: {part['ratio_vs_payload_plus_rtts']}. Excess: "
            f"{excess['round_trips']} s round trips ({trips}), "
            f"{excess['framing_and_other_direction']} s framing and the other direction, "
            f"{excess['server_processing']} s in the server "
            f"({1000 * excess['server_processing'] / part['items']:.1f} ms per item), "
            f"{excess['app_processing']} s in the app "
            f"({1000 * excess['app_processing'] / part['items']:.1f} ms per item)."
        )
        fewer = math.ceil(part["items"] / bigger) if size < bigger else trips
        saved_by_size[name] = saved = (trips - fewer) * rtt
        if saved > 0:
            knob = "page_size" if name == "pull" else "batch_size"
            lines.append(
                f"{name}: SyncEngine {knob} {size} -> {bigger} (the server's maximum) would make "
                f"{trips} round trips {fewer}, saving ~{saved:.1f} s: ratio "
                f"~{(part['wall_s'] - saved) / ideal:.2f}."
            )
    app, transfer = pull["excess_s"]["app_processing"], link.transfer_s(pull["bytes_total"])
    hidden = min(app, transfer)
    lines.append(
        f"pull: the app applies each page before asking for the next, so its "
        f"{app} s of local writes add to the transfer. Fetching page n+1 while page n is "
        f"applied (an engine change) would hide ~{hidden:.0f} s: ratio "
        f"~{(pull['wall_s'] - hidden) / pull['ideal_payload_only_s']:.2f}, with page_size "
        f"{SERVER_MAX_PAGE} too ~"
        f"{(pull['wall_s'] - hidden - saved_by_size['pull']) / pull['ideal_payload_only_s']:.2f}."
        f" A cheaper apply (pages are applied in bulk: bench the app time above) helps the"
        f" same way."
    )
    biggest = max(push["excess_s"].items(), key=lambda item: item[1])
    lines.append(
        f"push: the largest part of the excess is {biggest[0]} ({biggest[1]} s); the answers "
        f"({push['answers_gzip_bytes']} bytes gzip: conflicts and rejections whole, the rest "
        "as runs of seqs) take "
        f"~{link.transfer_s(push['answers_gzip_bytes']):.1f} s of the downlink."
    )
    if pull["tcp_connections"] > 1:
        extra = pull["tcp_connections"] * 2 * rtt
        lines.append(
            f"pull: {pull['tcp_connections']} TCP connections for {pull['round_trips']} round "
            f"trips ({pull['failed_calls']} failed call(s) retried): the server drops an idle "
            f"kept-alive connection after uvicorn's default 5 s, shorter than the gap between "
            f"pages here (a page's transfer plus its apply). The proxy does not charge for "
            f"handshakes; a real link would add ~1 RTT (TCP) + 1 RTT (TLS 1.3) each: "
            f"~{extra:.0f} s. Knob: a longer keep-alive on the server (uvicorn "
            f"timeout_keep_alive, not exposed by `vss-server serve` yet)."
        )
    return lines


# --- main ----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--rate-kbit", type=float, default=64.0)
    parser.add_argument("--rtt-ms", type=float, default=600.0)
    parser.add_argument("--ingest-ops", type=int, default=5000)
    parser.add_argument("--ingest-batch", type=int, default=200, help="the engine's batch size")
    parser.add_argument("--page-size", type=int, default=SyncEngine.__init__.__kwdefaults__[
        "page_size"], help="the app's pull page size (default: the engine's)")  # fmt: skip
    parser.add_argument("--batch-size", type=int, default=SyncEngine.__init__.__kwdefaults__[
        "batch_size"], help="the app's push batch size (default: the engine's)")  # fmt: skip
    parser.add_argument("--work-dir", type=Path, default=Path("bench/out/sync"))
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--fresh", action="store_true", help="seed the server again, not from the cache"
    )
    parser.add_argument(
        "--unthrottled", action="store_true", help="also pull once without the link's limits"
    )
    args = parser.parse_args()
    if args.quick:
        args.households, args.visits, args.ingest_ops = 150, 60, 400
    link, fast = Link(args.rate_kbit, args.rtt_ms), Link(0, 0)
    root = args.work_dir / "run"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)

    say(f"generating {args.households} households")
    data = Dataset.make(args.households)
    expected = len(data.homes) + len(data.persons)
    if len(data.visits) < args.visits:
        say(f"only {len(data.visits)} visits in the data set; pushing those")
    report: dict[str, Any] = {
        "bench": "sync",
        "config": {
            "households": args.households,
            "visits": args.visits,
            "link": link.json() | {"one_way_delay_ms": args.rtt_ms / 2},
            "page_size": args.page_size,
            "batch_size": args.batch_size,
            "quick": args.quick,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "link_model": (
            "userspace proxy tests/helpers/fault_proxy.py on loopback: each direction a delay line "
            "(RTT/2) then a token bucket (rate, 1 KiB burst). Bytes are HTTP heads and bodies; "
            "TCP/IP headers (~3% more on a real link) are not counted, and a new TCP "
            "connection costs nothing here (no TCP/TLS handshake RTTs)."
        ),
    }

    started_at = time.monotonic()
    seeding = seeded_server(root / "server-sqlite", args.work_dir / "seeded", data, not args.fresh)
    report["dataset"] = {
        "households": len(data.homes),
        "persons": len(data.persons),
        "pull_changes": expected,
        "seed": SEED,
        "server_seeding": seeding,
        "server_seeding_this_run_s": round(time.monotonic() - started_at, 1),
    }
    server = ServerProcess(root / "server-sqlite").start()
    try:
        report["pull"] = {}
        if args.unthrottled:
            say(f"pull of {expected} changes, unthrottled")
            fast_pull = pull_scenario(server, root / "app-fast", fast, expected, args.page_size)
            report["pull"]["unthrottled"] = fast_pull
            say(f"  {fast_pull['wall_s']} s, {fast_pull['bytes_total']} bytes")
        say(f"pull of {expected} changes through {link.rate_kbit} kbit/s, {link.rtt_ms} ms RTT")
        slow_pull = pull_scenario(server, root / "app", link, expected, args.page_size)
        say(f"  {slow_pull['wall_s']} s, ratio {slow_pull['ratio_vs_payload_only']}")
        report["pull"]["throttled"] = slow_pull

        say(f"recording {args.visits} visits in the app")
        recorded = record_visits(root / "app", data, args.visits)
        say(f"push of {recorded['ops']} ops through the link")
        with proxied(server, link) as meter:
            run = synced(root / "app", meter, batch_size=args.batch_size, page_size=args.page_size)
        calls = run["calls"]
        report["push"] = recorded | {
            "throttled": {
                "push": phase(calls, "push", run["push_s"], link),
                "echo_pull": phase(calls, "pull", run["pull_s"], link)
                | {"note": "the same sync's pull brings the pushed records back"},
                "sync_total_s": round(run["total_s"], 2),
            }
        }
        say(f"  push {report['push']['throttled']['push']['wall_s']} s")
    finally:
        server.stop()

    say(f"ingest on SQLite: {args.ingest_ops} ops")
    report["ingest"] = {
        "sqlite": ingest(root / "ingest-sqlite", data, args.ingest_ops, args.ingest_batch, "")
    }
    if os.environ.get(POSTGRES_ENV):
        say(f"ingest on PostgreSQL: {args.ingest_ops} ops")
        with postgres_database() as url:
            report["ingest"]["postgresql"] = ingest(
                root / "ingest-postgresql", data, args.ingest_ops, args.ingest_batch, url
            )
    else:
        report["ingest"]["postgresql"] = {"skipped": f"{POSTGRES_ENV} is not set"}

    pull, push = report["pull"]["throttled"], report["push"]["throttled"]["push"]
    report["target"] = {
        "ratio_max": TARGET_RATIO,
        "pull_within": pull["ratio_vs_payload_only"] <= TARGET_RATIO,
        "push_within": push["ratio_vs_payload_only"] <= TARGET_RATIO,
    }
    report["findings"] = what_if(pull, push, link, args)
    report["config"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["total_s"] = round(time.monotonic() - T0, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
