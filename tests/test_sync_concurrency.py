"""Many devices push at once while others pull: the pull cursor skips nothing.

On PostgreSQL a sequence hands out numbers in call order, not commit order: a pull
taken between two overlapping commits could step over the slower one's rows for
ever. The server serialises feed writers (an advisory lock; SQLite has one writer
anyway); these tests are the proof, on both databases.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from helpers.feed_walker import FeedWalker, push_while_walking
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import api_login, app, local_rows, seed_server, server_rows
from vss_core.enums import Outcome, ResultKind
from vss_desktop.store import Store, services
from vss_desktop.sync.engine import SyncEngine

pytestmark = pytest.mark.slow

ENTITIES = ("household", "person", "visit", "collection")
PUSHERS = [("thu.lt", 3), ("nam.vh", 3)]  # (collector, devices): six laptops at once


def while_running(futures: list[Future[Any]], step: Callable[[], None]) -> None:
    """Call ``step`` over and over until every future is done."""
    while not all(f.done() for f in futures):
        step()
    for future in futures:
        future.result()  # a pusher's failure fails the test, with its traceback


def assert_holds_everything(store: Store, server: ServerProcess, scope: set[str] | None) -> None:
    """The laptop holds every record of ``scope`` (None: all) at the server's latest version."""
    for entity in ENTITIES:
        key = "id" if entity == "household" else "household_id"
        remote = {
            r["id"]: r for r in server_rows(server, entity) if scope is None or r[key] in scope
        }
        local = local_rows(store, entity)
        missing = sorted(set(remote) - set(local))
        assert missing == [], f"{len(missing)} {entity} rows never pulled: {missing[:3]}"
        stale = [i for i, r in remote.items() if local[i].server_version != r["version"]]
        assert stale == [], f"{len(stale)} {entity} rows pulled at an old version"


def test_six_laptops_push_while_a_seventh_pulls(server: ServerProcess, tmp_path: Path) -> None:
    """Six laptops (two collectors, three each) record and sync at once while a
    supervisor's laptop syncs over and over, three changes a page. One more sync from
    its saved cursor, and it holds every record at its latest version."""
    seed_server(server, tmp_path)
    laptops: list[tuple[Store, SyncEngine]] = []
    for user, devices in PUSHERS:
        for n in range(devices):
            laptops.append(app(tmp_path, f"{user}-{n}", server, user=user))
    for _store, engine in laptops:
        engine.page_size = 7
        assert engine.sync().status == "ok"
    watcher, watch = app(tmp_path, "supervisor", server, user="giamsat")  # sees every household
    watch.page_size = 3  # small pages: the cursor moves often, between other commits

    def work(number: int, store: Store, engine: SyncEngine) -> None:
        rng = random.Random(number)
        homes = sorted(local_rows(store, "household"))
        for round_ in range(5):
            home = rng.choice(homes)
            person = services.create_person(
                store, home, {"full_name": f"Hà Văn {number}-{round_}", "relation": "child"}
            )
            services.record_visit(
                store,
                home,
                {"outcome": Outcome.RENEWED, "amount_collected": 50_000, "receipt_number": "R"},
                [{"person_id": person.id, "kind": ResultKind.BHYT_RENEWED, "amount": 50_000}],
            )
            services.update_household(store, rng.choice(homes), {"notes": f"{number}/{round_}"})
            report = engine.sync()
            assert report.status == "ok", report.message

    pages: list[str] = []  # one entry per page pulled while the pushers push

    def pull() -> None:
        try:
            report = watch.sync(lambda phase, *_: pages.append(phase))
        except sa.exc.IntegrityError as exc:  # a child whose parent's change was skipped
            pytest.fail(f"a pulled page refers to a record the feed never sent: {exc}")
        assert report.status == "ok", report.message

    with ThreadPoolExecutor(len(laptops)) as pool:
        futures = [pool.submit(work, i, s, e) for i, (s, e) in enumerate(laptops)]
        while_running(futures, pull)
    assert pages.count("pull") >= 5  # the cursor moved many times amid the commits
    assert watch.sync().status == "ok"  # from the saved cursor, not from scratch
    assert_holds_everything(watcher, server, None)
    assert len(local_rows(watcher, "visit")) == 6 * 5
    for store, _engine in [*laptops, (watcher, watch)]:
        store.close()


def test_raw_feed_walk_sees_every_concurrent_push(server: ServerProcess, tmp_path: Path) -> None:
    """At the API: six devices post batches at once while two devices of one collector
    walk the feed (3 and 25 changes a page: one lags, one keeps up with the head). Each
    walker sees every visit of its collector, and none of the other collector's."""
    seed_server(server, tmp_path)
    homes: dict[str, list[str]] = {}
    for row in server_rows(server, "household"):
        homes.setdefault(row["collector"], []).append(row["id"])
    devices = [(user, f"raw-{user}-{n}") for user, count in PUSHERS for n in range(count)]
    auth = {device: api_login(server, user, device) for user, device in devices}
    url = server.url + "/api/v1/sync"
    walkers = [
        FeedWalker(url + "/pull", api_login(server, "thu.lt", f"raw-reader-{limit}"), limit)
        for limit in (3, 25)
    ]

    def push(user: str, device: str) -> list[str]:
        rng, created, seq = random.Random(device), [], 0
        with requests.Session() as http:
            for _batch in range(4):
                ops = []
                for _ in range(10):  # long transactions: wide windows between commits
                    seq += 1
                    created.append(str(uuid.uuid4()))
                    fields = {
                        "household_id": rng.choice(homes[user]),
                        "visited_at": "2026-03-02T08:30:00Z",
                        "outcome": "not_home",
                    }
                    ops.append(
                        {
                            "op_id": str(uuid.uuid4()),
                            "seq": seq,
                            "entity": "visit",
                            "entity_id": created[-1],
                            "kind": "create",
                            "fields": fields,
                        }
                    )
                answer = http.post(
                    url + "/push",
                    headers=auth[device],
                    json={"device_id": device, "ops": ops},
                    timeout=30,
                )
                assert answer.status_code == 200, answer.text
                assert {r["status"] for r in answer.json()["results"]} == {"applied"}
        return created

    results = push_while_walking(devices, walkers, push)
    during = [(w.pages, len(w.seen)) for w in walkers]
    created: dict[str, set[str]] = {user: set() for user, _ in PUSHERS}
    for (user, _device), result in zip(devices, results, strict=True):
        created[user].update(result)
    on_server = {
        v["id"] for v in server_rows(server, "visit") if v["household_id"] in homes["thu.lt"]
    }
    assert on_server == created["thu.lt"]
    for walker, (pages, seen) in zip(walkers, during, strict=True):
        walker.walk()  # once more from the cursor: what the walks skipped is lost for good
        assert pages >= 5 and seen > 0  # the walks overlapped the pushes
        missed = created["thu.lt"] - walker.seen
        assert not missed, f"limit {walker.limit}: missed {len(missed)} of {len(on_server)} visits"
        assert not walker.seen & created["nam.vh"]  # another collector's visits never leak
