"""`vss-server serve --workers 4` on PostgreSQL behaves as one server (issue 16 §4).

The database is migrated once by `vss-server migrate`; the four workers only check it.
Devices push at once while others pull (the check of tests/test_sync_concurrency.py),
a console session works whichever worker answers, the login limiter counts across
workers, and a worker refuses a database that is not at the head revision.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
import requests

from helpers.console import Browser, hidden
from helpers.feed_walker import FeedWalker, push_while_walking
from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database
from helpers.sync_helpers import PASSWORD, api_login, seed_server, server_engine, server_rows
from vss_server import admin

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} not set"),
]

WORKERS = 4
PUSHERS = [("thu.lt", 3), ("nam.vh", 3)]  # six devices at once
CLOSE = {"Connection": "close"}  # a new connection per request: any worker may take it


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    tmp = tmp_path_factory.mktemp("workers")
    with postgres_database() as url:
        server = ServerProcess(tmp / "server", database_url=url, workers=WORKERS)
        server.data_dir.mkdir(parents=True)
        assert "database at revision" in server.cli("migrate")
        seed_server(server, tmp)
        engine = server_engine(server)
        admin.create_user(engine, "doan.kt", PASSWORD)  # the limiter's target, alone
        engine.dispose()
        # A long lock after the free failures: the limiter test cannot race it.
        with mock.patch.dict(os.environ, {"VSS_SERVER_LOGIN_BASE_DELAY_S": "60"}):
            server.start()
        yield server
        server.stop()


def counts_by_worker(server: ServerProcess, route: str) -> dict[str, float]:
    """2xx answers of ``route`` per worker, from the workers' metric files."""
    from prometheus_client.mmap_dict import MmapedDict

    found: dict[str, float] = {}
    for path in (server.data_dir / "metrics").glob("counter_*.db"):
        pid = path.stem.removeprefix("counter_")
        for key, value, _stamp, _pos in MmapedDict.read_all_values_from_file(str(path)):
            _metric, name, labels, _help = json.loads(key)
            if name == "vss_http_requests_total" and labels == {
                "route": route,
                "method": "GET",
                "status": "2xx",
            }:
                found[pid] = found.get(pid, 0) + value
    return found


def visit_op(seq: int, visit_id: str, household_id: str) -> dict[str, object]:
    fields = {"household_id": household_id, "visited_at": "2026-03-02T08:30:00Z"}
    return {
        "op_id": str(uuid.uuid4()),
        "seq": seq,
        "entity": "visit",
        "entity_id": visit_id,
        "kind": "create",
        "fields": fields | {"outcome": "not_home"},
    }


def test_devices_push_at_once_while_others_pull(workers: ServerProcess) -> None:
    """Six devices post batches at once (a new connection each) while two devices of one
    collector walk the feed: nothing lost, nothing doubled, no 5xx, a resent batch is
    answered duplicate by whichever worker takes it, and /metrics adds the workers up."""
    homes: dict[str, list[str]] = {}
    for row in server_rows(workers, "household"):
        homes.setdefault(row["collector"], []).append(row["id"])
    devices = [(user, f"work-{user}-{n}") for user, count in PUSHERS for n in range(count)]
    auth = {device: api_login(workers, user, device) for user, device in devices}
    url = workers.url + "/api/v1/sync"
    walkers = [
        FeedWalker(url + "/pull", api_login(workers, "thu.lt", f"work-reader-{limit}"), limit)
        for limit in (3, 25)
    ]
    first_batches: dict[str, list[dict[str, object]]] = {}

    def push(user: str, device: str) -> list[str]:
        rng, created, seq = random.Random(device), [], 0
        for batch in range(4):
            ops = []
            for _ in range(10):
                seq += 1
                created.append(str(uuid.uuid4()))
                ops.append(visit_op(seq, created[-1], rng.choice(homes[user])))
            if batch == 0:
                first_batches[device] = ops
            answer = requests.post(
                url + "/push",
                headers=auth[device] | CLOSE,
                json={"device_id": device, "ops": ops},
                timeout=30,
            )
            assert answer.status_code == 200, answer.text
            assert {r["status"] for r in answer.json()["results"]} == {"applied"}
        return created

    results = push_while_walking(devices, walkers, push)
    created: dict[str, list[str]] = {user: [] for user, _ in PUSHERS}
    for (user, _device), result in zip(devices, results, strict=True):
        created[user] += result
    visits = server_rows(workers, "visit")
    assert sorted(v["id"] for v in visits) == sorted(created["thu.lt"] + created["nam.vh"])
    for walker in walkers:
        walker.walk()  # once more from the cursor: what the walks skipped is lost for good
        assert walker.pages >= 5
        assert walker.seen == set(created["thu.lt"]), f"limit {walker.limit}"

    device = devices[0][1]  # its first batch again, on a new connection
    again = requests.post(
        url + "/push",
        headers=auth[device] | CLOSE,
        json={"device_id": device, "ops": first_batches[device]},
        timeout=30,
    )
    assert {r["status"] for r in again.json()["results"]} == {"duplicate"}
    assert len(server_rows(workers, "visit")) == len(visits)

    text = requests.get(workers.url + "/metrics", timeout=10).text
    assert f'vss_sync_ops_total{{status="applied"}} {6 * 4 * 10}.0' in text
    assert 'vss_sync_ops_total{status="duplicate"} 10.0' in text
    assert 'status="5xx"' not in text
    assert len(list((workers.data_dir / "metrics").glob("counter_*.db"))) >= 2  # shared work


def test_a_console_session_holds_whichever_worker_answers(workers: ServerProcess) -> None:
    """Log in through the form and browse on a new connection per request: every page is
    served (no worker sends the supervisor back to the login form), pages come from
    several workers, and a logout on one ends the session on all."""
    browser = Browser(workers)
    browser.http.headers.update(CLOSE)
    before = counts_by_worker(workers, "/console/overview")
    assert browser.login("giamsat").status_code == 303  # the form's CSRF cookie, any worker
    for _ in range(24):
        page = browser.get("/console/overview", allow_redirects=False)
        assert page.status_code == 200
    after = counts_by_worker(workers, "/console/overview")
    served = {pid for pid, n in after.items() if n > before.get(pid, 0)}
    assert len(served) >= 2, f"all pages from one worker: {after}"
    out = browser.post("/console/logout", {"csrf": hidden(page.text, "csrf")})
    assert out.url.endswith("/console/login")
    for _ in range(8):
        page = browser.get("/console/overview", allow_redirects=False)
        assert page.status_code == 303 and "/console/login" in page.headers["location"]


def test_the_login_limiter_counts_across_workers(workers: ServerProcess) -> None:
    """Five free failures in all, not five per worker: the sixth attempt is refused."""
    statuses = []
    for _ in range(7):
        answer = requests.post(
            workers.url + "/api/v1/auth/login",
            json={"username": "doan.kt", "password": "sai", "device_id": "guess-device-01"},
            headers=CLOSE,
            timeout=30,
        )
        statuses.append(answer.status_code)
    assert statuses == [401] * 5 + [429] * 2, statuses


def test_workers_refuse_a_database_behind_head(tmp_path: Path) -> None:
    """Behind head, `serve --workers` exits with the command to run, and a worker's
    own check (the app factory) refuses it too (at head they start: the fixture's)."""
    from alembic.script import ScriptDirectory

    from vss_server.app import create_app
    from vss_server.config import ServerConfig
    from vss_server.migrate import SchemaNotCurrent, alembic_config, head_revision, upgrade

    head = ScriptDirectory.from_config(alembic_config()).get_revision(head_revision())
    assert isinstance(head.down_revision, str)
    with postgres_database() as url:
        server = ServerProcess(tmp_path / "server", database_url=url, workers=2)
        engine = server_engine(server)
        upgrade(engine, head.down_revision)
        engine.dispose()
        run = subprocess.run(
            [sys.executable, "-m", "vss_server", *server._db_args(), "serve", "--workers", "2"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 2
        assert f"revision {head.down_revision}" in run.stderr
        assert "run `vss-server migrate` first" in run.stderr

        config = ServerConfig(database_url=url, data_dir=tmp_path, migrate_on_start=False)
        with pytest.raises(SchemaNotCurrent, match="vss-server migrate"):
            create_app(config)
