"""Wire benchmark (issue 17, "The wire"): zstd against gzip on the real push and pull payloads.

A measurement only: the protocol stays gzip. The payloads are the real ones, made with the
project's own code. The deterministic demo generator (bench_sync's Dataset) makes households
for two collectors; the real server runs on loopback (tests/helpers/server_harness.py), the
households are imported with the server's import function and each collector pushes their
members, visits and collections household by household, in bodies built exactly as the app
builds them (vss_desktop/sync/transport.py: `{device_id, ops, answers: "compact"}`,
json.dumps(ensure_ascii=False)), gzipped as the app sends them; every op must be applied.
Push payloads are collector A's batches of 500 ops (the engine's batch size and the server's
maximum; the batches the server took) and the same ops in bodies of 100; pull payloads are the bodies the
server sends collector A for a fresh pull with pages of 1000 changes (the engine's page size)
and of 200 (the API's default), fetched uncompressed (and once gzipped, to check the
middleware's own size against ours).

For each kind of payload: raw JSON bytes, gzip -6 and -9 (the app's gzip.compress and
Starlette's GZipMiddleware both use 9), zstd -3, -9 and -19, and zstd -3 with a dictionary
trained on collector B's payloads of the same kind (other households: what a dictionary
shipped with the app would see); the saving of each zstd over gzip -9 in %; compression and
decompression time per payload (median of --repeat runs); transfer time per payload at
--rate-kbit. Plus the machine's yardstick: the app's scrypt KDF time (as bench_encryption).

Needs the `zstandard` package, which is not a dependency of the project:
    .venv/bin/pip install zstandard
Without it the bench says so and exits 2.

Prints one JSON object to stdout; progress goes to stderr.

Usage: python bench/bench_wire.py [--households 300] [--rate-kbit 64] [--repeat 3]
           [--work-dir bench/out/wire]
About 20 seconds on 2 cores (most of it pushing the ops into the server).
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
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import requests

INSTALL_HINT = (
    "bench_wire needs zstandard (not a project dependency): .venv/bin/pip install zstandard"
)
try:
    import zstandard
except ImportError:
    print(INSTALL_HINT, file=sys.stderr)
    sys.exit(2)

# bench_sync puts tests/ (the server harness) on the path.
from bench_encryption import kdf_seconds  # noqa: E402  (the benches' shared yardstick)
from bench_sync import HOUSEHOLD_CSV, Dataset, admin_engine, create_ops, say  # noqa: E402

from helpers.server_harness import ServerProcess  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "mật-khẩu-bench-2026"
COLLECTORS = ("bench.an", "bench.binh")  # A: measured; B: trains the dictionaries
PUSH_BATCHES = (100, 500)
PULL_PAGES = (1000, 200)
DICT_BYTES = 16 * 1024  # shipped once with the app, so small is the point


def body_bytes(document: Any) -> bytes:
    """A request body exactly as the app's transport serialises it (before gzip)."""
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


# --- the payloads ----------------------------------------------------------------------


@dataclass
class Collector:
    username: str
    homes: list[dict[str, Any]]
    ops: list[dict[str, Any]]  # members, visits, collections, household by household


def split(data: Dataset) -> list[Collector]:
    """Halve the households between the two collectors, each with the ops a device makes."""
    grouped = data.by_household()
    half = len(data.homes) // 2
    out = []
    for name, homes in zip(COLLECTORS, (data.homes[:half], data.homes[half:]), strict=True):
        ops: list[dict[str, Any]] = []
        for home in homes:
            for entity in ("person", "visit", "collection"):
                ops += create_ops(entity, grouped[home["id"]][entity])
        for op in ops:  # create_ops signs visits with bench_sync's user: sign them with ours
            if "collector" in op["fields"]:
                op["fields"]["collector"] = name
        out.append(Collector(name, homes, ops))
    return out


def import_households(server: ServerProcess, collectors: list[Collector], work: Path) -> None:
    """The accounts and their assigned households, through the admin functions behind
    `vss-server create-user` and `import-households` (the CSV's collector column)."""
    from vss_server import admin

    engine = admin_engine(server)
    try:
        path = work / "households.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow((*HOUSEHOLD_CSV, "collector"))
            for who in collectors:
                admin.create_user(engine, who.username, PASSWORD)
                writer.writerows([*(h[n] for n in HOUSEHOLD_CSV), who.username] for h in who.homes)
        admin.import_households(engine, path)
    finally:
        engine.dispose()


def login(http: requests.Session, url: str, username: str) -> tuple[str, dict[str, str]]:
    device = str(uuid.uuid4())
    answer = http.post(
        url + "/api/v1/auth/login",
        json={"username": username, "password": PASSWORD, "device_id": device},
        timeout=30,
    )
    answer.raise_for_status()
    return device, {"Authorization": "Bearer " + answer.json()["token"]}


def push_body(device: str, ops: list[dict[str, Any]]) -> bytes:
    """A push body exactly as the app's transport serialises it (before gzip)."""
    return body_bytes({"device_id": device, "ops": ops, "answers": "compact"})


def push_all(url: str, who: Collector, batch: int) -> tuple[str, list[dict[str, Any]]]:
    """Push the collector's ops as a fresh device in the app's body format, gzipped as the
    app sends them; every op must be applied (they are real, accepted payloads). Returns
    the device id and the ops numbered as they were sent."""
    statuses: Counter[str] = Counter()
    numbered = [op | {"seq": n} for n, op in enumerate(who.ops, start=1)]
    with requests.Session() as http:
        device, auth = login(http, url, who.username)
        headers = auth | {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        for i in range(0, len(numbered), batch):
            answer = http.post(
                url + "/api/v1/sync/push",
                data=gzip.compress(push_body(device, numbered[i : i + batch]), mtime=0),
                headers=headers,
                timeout=300,
            )
            answer.raise_for_status()
            for status, runs in answer.json().get("seq_runs", {}).items():
                statuses[status] += sum(last - first + 1 for first, last in runs)
            statuses.update(r["status"] for r in answer.json()["results"])
    if statuses["applied"] != len(who.ops):
        raise RuntimeError(f"push not fully applied: {dict(statuses)}")
    return device, numbered


def batches(device: str, numbered: list[dict[str, Any]], size: int) -> list[bytes]:
    """The full push bodies of ``size`` ops (a short last batch is not one of this size)."""
    return [
        push_body(device, numbered[i : i + size]) for i in range(0, len(numbered) - size + 1, size)
    ]


def pull_bodies(url: str, username: str, limit: int) -> tuple[list[bytes], int]:
    """A fresh device's whole pull, page by page: the uncompressed bodies, and the bytes the
    server's GZipMiddleware put on the wire for the same pages (asked for again, gzipped)."""
    bodies, middleware = [], 0
    with requests.Session() as http:
        _, auth = login(http, url, username)
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": limit} | ({"cursor": cursor} if cursor else {})
            page = http.get(
                url + "/api/v1/sync/pull",
                params=params,
                headers=auth | {"Accept-Encoding": "identity"},
                timeout=120,
            )
            page.raise_for_status()
            bodies.append(page.content)
            zipped = http.get(
                url + "/api/v1/sync/pull",
                params=params,
                headers=auth | {"Accept-Encoding": "gzip"},
                timeout=120,
                stream=True,
            )
            zipped.raise_for_status()
            middleware += len(zipped.raw.read(decode_content=False))
            answer = json.loads(page.content)
            if not answer["has_more"]:
                return bodies, middleware
            cursor = answer["cursor"]


def samples_of(bodies: list[bytes], key: str) -> list[bytes]:
    """Training samples for a dictionary: each op or change of the bodies on its own."""
    return [body_bytes(item) for body in bodies for item in json.loads(body)[key]]


# --- the codecs ------------------------------------------------------------------------


@dataclass
class Codec:
    name: str
    compress: Callable[[bytes], bytes]
    decompress: Callable[[bytes], bytes]


def codecs(dictionaries: dict[str, Any]) -> dict[str, list[Codec]]:
    """Per payload kind, the codecs to try (the dictionary one is trained for that kind)."""
    plain = [
        Codec(f"gzip-{level}", lambda b, lv=level: gzip.compress(b, lv, mtime=0), gzip.decompress)
        for level in (6, 9)
    ]
    for level in (3, 9, 19):
        compressor = zstandard.ZstdCompressor(level=level)
        plain.append(
            Codec(f"zstd-{level}", compressor.compress, zstandard.ZstdDecompressor().decompress)
        )
    out = {}
    for kind, dictionary in dictionaries.items():
        with_dict = zstandard.ZstdCompressor(level=3, dict_data=dictionary)
        unpack = zstandard.ZstdDecompressor(dict_data=dictionary)
        out[kind] = [*plain, Codec("zstd-3-dict", with_dict.compress, unpack.decompress)]
    return out


def timed(call: Callable[[], bytes], repeat: int) -> tuple[bytes, float]:
    """The result and the median seconds of ``repeat`` calls."""
    times, result = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def measure(bodies: list[bytes], tried: list[Codec], rate_kbit: float, repeat: int) -> dict:
    """Per payload (mean over the bodies): bytes, times, transfer time; zstd's saving."""
    count = len(bodies)
    raw = sum(len(b) for b in bodies)
    out: dict[str, Any] = {"payloads": count, "raw_bytes": round(raw / count)}
    for codec in tried:
        size, packing, unpacking = 0, 0.0, 0.0
        for body in bodies:
            packed, seconds = timed(partial(codec.compress, body), repeat)
            unpacked, back = timed(partial(codec.decompress, packed), repeat)
            if unpacked != body:
                raise RuntimeError(f"{codec.name} did not round-trip")
            size, packing, unpacking = size + len(packed), packing + seconds, unpacking + back
        out[codec.name] = {
            "bytes": round(size / count),
            "ratio": round(raw / size, 2),
            "compress_ms": round(1000 * packing / count, 2),
            "decompress_ms": round(1000 * unpacking / count, 2),
            "transfer_s": round(size / count / (rate_kbit * 1000 / 8), 2),
        }
    reference = out["gzip-9"]["bytes"]
    for codec in tried:
        if codec.name.startswith("zstd"):
            saving = 100 * (1 - out[codec.name]["bytes"] / reference)
            out[codec.name]["saving_vs_gzip9_pct"] = round(saving, 1)
    return out


def verdict(payloads: dict[str, dict[str, Any]], threshold: float = 15.0) -> dict[str, Any]:
    """Where each zstd level saves >= threshold % of gzip -9's bytes (issue 17's bar)."""
    levels = ("zstd-3", "zstd-9", "zstd-19", "zstd-3-dict")
    meets = {
        level: [k for k, p in payloads.items() if p[level]["saving_vs_gzip9_pct"] >= threshold]
        for level in levels
    }
    everywhere = [level for level in levels if len(meets[level]) == len(payloads)]
    return {
        "threshold_pct": threshold,
        "payloads_meeting_threshold": meets,
        "levels_meeting_threshold_on_every_payload": everywhere,
    }


# --- main --------------------------------------------------------------------------------


@dataclass
class Collected:
    bodies: dict[str, dict[str, list[bytes]]]  # {"A"|"B": {payload kind: bodies}}
    middleware_gzip: dict[str, int]  # collector A's whole pull per page size, as sent


def collect(work: Path, data: Dataset) -> Collected:
    """The payloads of both collectors, from the real server on loopback."""
    collectors = split(data)
    out: dict[str, dict[str, list[bytes]]] = {"A": {}, "B": {}}
    middleware: dict[str, int] = {}
    server = ServerProcess(work / "server").start()
    try:
        say(f"server up: importing households, pushing in batches of {max(PUSH_BATCHES)}")
        import_households(server, collectors, server.data_dir)
        for role, who in zip(("A", "B"), collectors, strict=True):
            # The server took these ops in batches of 500 (the engine's size); the bodies of
            # 100 hold the same ops, cut smaller, in the same format.
            device, numbered = push_all(server.url, who, max(PUSH_BATCHES))
            for size in PUSH_BATCHES:
                out[role][f"push_{size}_ops"] = batches(device, numbered, size)
        for limit in PULL_PAGES:
            say(f"pulling with pages of {limit}")
            for role, who in zip(("A", "B"), collectors, strict=True):
                bodies, wire = pull_bodies(server.url, who.username, limit)
                out[role][f"pull_page_{limit}"] = bodies
                if role == "A":
                    middleware[f"pull_page_{limit}"] = wire
    finally:
        server.stop()
    return Collected(out, middleware)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=300, help="per collector")
    parser.add_argument("--rate-kbit", type=float, default=64.0)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per payload")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "bench" / "out" / "wire")
    args = parser.parse_args()

    shutil.rmtree(args.work_dir, ignore_errors=True)
    args.work_dir.mkdir(parents=True)
    data = Dataset.make(2 * args.households)
    collected = collect(args.work_dir, data)
    bodies = collected.bodies

    say("training dictionaries on collector B's payloads, measuring collector A's")
    kinds = list(bodies["A"])
    dictionaries, dict_facts = {}, {}
    for kind in kinds:
        key = "ops" if kind.startswith("push") else "changes"
        samples = samples_of(bodies["B"][kind], key)
        dictionaries[kind] = zstandard.train_dictionary(DICT_BYTES, samples)
        dict_facts[kind] = {"bytes": len(dictionaries[kind].as_bytes()), "samples": len(samples)}
    tried = codecs(dictionaries)
    payloads = {k: measure(bodies["A"][k], tried[k], args.rate_kbit, args.repeat) for k in kinds}
    for kind, wire in collected.middleware_gzip.items():  # the server's own gzip, as sent
        pages = len(bodies["A"][kind])  # every page, the short last one too
        payloads[kind]["middleware_gzip_bytes_per_page"] = round(wire / pages)
        payloads[kind]["our_gzip9_bytes_per_page"] = round(
            sum(len(gzip.compress(b, 9, mtime=0)) for b in bodies["A"][kind]) / pages
        )
    report = {
        "bench": "wire",
        "households_per_collector": args.households,
        "link_kbit_s": args.rate_kbit,
        "timing": f"median of {args.repeat} runs per payload, then the mean per payload",
        "payloads": payloads,
        "dictionaries": dict_facts | {"trained_on": "collector B's payloads of the same kind"},
        "verdict": verdict(payloads),
        "machine": {
            "python": platform.python_version(),
            "zstandard": zstandard.__version__,
            "zstd_library": zstandard.ZSTD_VERSION,
            "cpus": len(os.sched_getaffinity(0)),
            "kdf_s": kdf_seconds(),
        },
    }
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
