"""The supervisors' console at province scale (issue 14): overview time and page weight.

Usage: VSS_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
       python bench/bench_console.py [--collectors 500] [--visits 2000000] [--keep]

Builds a fresh PostgreSQL database with ``--collectors`` collectors in 50 communes, 300
households each, and ``--visits`` visits spread over one year (each with one result, a
third with money), written with INSERT ... SELECT generate_series (seconds, not hours);
then runs the real server (`vss-server serve`) on loopback, logs in through the form as a
province supervisor (everywhere) and as a commune supervisor, and prints as JSON the
median time of GET /console/overview for a year, a month and a day, the households
search, and each page's size; also the time to derive the console's kept figures from the
records, and the first year overview after 1,000 newly synced visits. Targets: overview
≤ 500 ms, pages ≤ 200 KB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests
import sqlalchemy as sa

from vss_server import admin, figure_cache, search_index
from vss_server.db import create_server_engine
from vss_server.migrate import upgrade
from vss_server.security import hash_password

PASSWORD = "mật-khẩu-bench"
YEAR_START = "2026-01-01 00:00:00+07"


def fresh_database(base: str) -> tuple[str, str]:
    name = f"bench_console_{uuid.uuid4().hex[:8]}"
    engine = create_server_engine(base)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.rsplit("/", 1)[0] + f"/{name}", name


def fill(url: str, collectors: int, visits: int) -> dict[str, float]:
    engine = create_server_engine(url)
    upgrade(engine)
    admin.create_user(engine, "tinh", PASSWORD, role="supervisor")
    admin.create_user(engine, "xa07", PASSWORD, role="supervisor", areas=["Lào Cai/Xã 07"])
    secret = hash_password(PASSWORD)  # one hash for every collector: scrypt is slow on purpose
    timings: dict[str, float] = {}
    steps = [
        (
            "collectors",
            "INSERT INTO user_account (username, full_name, role, password_hash, active,"
            " created_at, organisation)"
            " SELECT 'c' || lpad(n::text, 4, '0'), 'Người thu ' || n, 'collector', :secret,"
            " true, now(), 'post_office' FROM generate_series(1, :collectors) AS n",
        ),
        (
            "households",
            "INSERT INTO household (id, version, deleted, field_versions, created_by, created_at,"
            " updated_at, code, head_name, province, commune, village, house_number, street,"
            " phone, notes, collector, could_afford)"
            " SELECT 'h' || n, 0, false, '{}', 'bench', now(), now(),"
            " lpad(n::text, 10, '0'), 'Chủ hộ ' || n, 'Lào Cai',"
            " 'Xã ' || lpad((1 + (n - 1) / 300 % 50)::text, 2, '0'),"
            " 'Thôn ' || (1 + n % 12), n::text, '', '', '',"
            " 'c' || lpad((1 + (n - 1) / 300)::text, 4, '0'), false"
            " FROM generate_series(1, :collectors * 300) AS n",
        ),
        (
            "visits",
            "INSERT INTO visit (id, version, deleted, field_versions, created_by, created_at,"
            " updated_at, household_id, visited_at, collector, outcome, amount_collected,"
            " receipt_number, notes)"
            " SELECT 'v' || n, 0, false, '{}',"
            " 'c' || lpad((1 + (h - 1) / 300)::text, 4, '0'), now(), now(), 'h' || h,"
            " timestamptz '" + YEAR_START + "' + (n % 365) * interval '1 day'"
            " + (n % 600) * interval '1 minute', 'c', 'visited',"
            " CASE WHEN n % 3 = 0 THEN 105300 ELSE 0 END,"
            " CASE WHEN n % 3 = 0 THEN 'BL-' || n ELSE '' END, ''"
            " FROM (SELECT n, 1 + (n::bigint * 7919) % (:collectors * 300) AS h"
            "       FROM generate_series(1, :visits) AS n) AS s",
        ),
        (
            "collections",
            "INSERT INTO collection (id, version, deleted, field_versions, created_by,"
            " created_at, updated_at, visit_id, household_id, person_id, kind, amount,"
            " months, rule_values)"
            " SELECT 'k' || substr(v.id, 2), 0, false, '{}', v.created_by, now(), now(), v.id,"
            " v.household_id, NULL, (ARRAY['bhyt_household_enrolled', 'bhyt_renewed',"
            " 'voluntary_si_enrolled', 'vssid_installed', 'cashless_registered'])"
            "[1 + (substr(v.id, 2)::bigint % 5)], v.amount_collected, 12, '' FROM visit v",
        ),
        ("analyze", "ANALYZE"),
    ]
    params = {"secret": secret, "collectors": collectors, "visits": visits}
    for name, sql in steps:
        started = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(sa.text(sql), params)
        timings[name] = round(time.perf_counter() - started, 1)
    engine.dispose()
    return timings


def derive_kept_tables(url: str) -> dict[str, float]:
    """The console's kept figures and search from the generated records, as a server's
    first start does on a database filled around the change feed (vss_server.kept_tables)."""
    engine = create_server_engine(url)
    timings = {}
    for name, derive in (
        ("figures", lambda: figure_cache.rebuild(engine)),
        ("search", lambda: search_index.refresh(engine, everything=True)),
    ):
        started = time.perf_counter()
        derive()
        timings[name] = round(time.perf_counter() - started, 1)
    engine.dispose()
    return timings


def sync_new_visits(url: str, count: int) -> None:
    """``count`` visits with one result each, written with their change-feed entries as
    a push writes them."""
    engine = create_server_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO visit (id, version, deleted, field_versions, created_by,"
                " created_at, updated_at, household_id, visited_at, collector, outcome,"
                " amount_collected, receipt_number, notes)"
                " SELECT 'new-v' || n, 0, false, '{}', 'c0001', now(), now(), 'h' || (n * 37),"
                " timestamptz '2026-06-01 09:00:00+07', 'c', 'visited', 105300, '', ''"
                " FROM generate_series(1, :count) AS n"
            ),
            {"count": count},
        )
        conn.execute(
            sa.text(
                "INSERT INTO collection (id, version, deleted, field_versions, created_by,"
                " created_at, updated_at, visit_id, household_id, person_id, kind, amount,"
                " months, rule_values)"
                " SELECT 'new-k' || n, 0, false, '{}', 'c0001', now(), now(), 'new-v' || n,"
                " 'h' || (n * 37), NULL, 'bhyt_renewed', 0, 12, ''"
                " FROM generate_series(1, :count) AS n"
            ),
            {"count": count},
        )
        conn.execute(
            sa.text(
                "INSERT INTO change_feed (entity, entity_id, household_id)"
                " SELECT e, e_id, 'h' || (n * 37) FROM generate_series(1, :count) AS n,"
                " LATERAL (VALUES ('visit', 'new-v' || n), ('collection', 'new-k' || n))"
                " AS x(e, e_id)"
            ),
            {"count": count},
        )
    engine.dispose()


def login(base: str, username: str) -> requests.Session:
    http = requests.Session()
    form = http.get(base + "/console/login", timeout=30).text
    csrf = re.search(r'name="csrf" value="([^"]*)"', form)
    assert csrf
    answer = http.post(
        base + "/console/login",
        data={"username": username, "password": PASSWORD, "csrf": csrf.group(1), "next": ""},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303, answer.status_code
    return http


def measure(http: requests.Session, url: str, runs: int = 5) -> dict[str, float]:
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        answer = http.get(url, timeout=120)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.status_code
        size = len(answer.content)
    return {"median_ms": round(statistics.median(times)), "kb": round(size / 1024, 1)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--collectors", type=int, default=500)
    p.add_argument("--visits", type=int, default=2_000_000)
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    a = p.parse_args()
    base = os.environ.get("VSS_TEST_POSTGRES_URL", "")
    if not base:
        print("set VSS_TEST_POSTGRES_URL to a PostgreSQL server", file=sys.stderr)
        return 2
    url, name = fresh_database(base)
    report: dict[str, object] = {"collectors": a.collectors, "visits": a.visits}
    server = None
    try:
        report["fill_seconds"] = fill(url, a.collectors, a.visits)
        report["derive_seconds"] = derive_kept_tables(url)
        port = 18765
        data_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-console-{name}"
        server = subprocess.Popen(
            [sys.executable, "-m", "vss_server", "--database-url", url, "--data-dir",
             str(data_dir), "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        root = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                requests.get(root + "/api/v1/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        for who in ("tinh", "xa07"):
            http = login(root, who)
            report[who] = {
                "overview_year": measure(http, root + "/console/overview?span=year&day=2026-06-01"),
                "overview_month": measure(
                    http, root + "/console/overview?span=month&day=2026-06-01"
                ),
                "overview_day": measure(http, root + "/console/overview?span=day&day=2026-06-01"),
                "households_search": measure(http, root + "/console/households?q=ch%E1%BB%A7+123"),
            }
        # A morning's syncs land: the next overview first brings its figures up to date.
        sync_new_visits(url, 1_000)
        http = login(root, "tinh")
        report["tinh"]["overview_year_after_1000_synced_visits"] = measure(  # type: ignore[index]
            http, root + "/console/overview?span=year&day=2026-06-01", runs=1
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        if not a.keep:
            engine = create_server_engine(base)
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            engine.dispose()
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
