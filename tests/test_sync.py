"""Sync against the real server on loopback (SQLite and PostgreSQL)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
import requests

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import VILLAGES, api_login, app, local_rows, seed_server, server_rows
from vss_core.enums import Outcome, ResultKind
from vss_core.records import field_names
from vss_desktop.store import open_store, services
from vss_desktop.sync import overview as sync_overview
from vss_desktop.sync.engine import SyncEngine

pytestmark = pytest.mark.slow


def assert_local_matches_server(store, server: ServerProcess) -> None:
    """Every live local record equals the server's copy, field by field."""
    for entity in ("household", "person", "visit", "collection"):
        remote = {r["id"]: r for r in server_rows(server, entity)}
        for record_id, local in local_rows(store, entity).items():
            assert record_id in remote, f"{entity} missing on the server"
            for name in field_names(entity):
                mine, theirs = getattr(local, name), remote[record_id][name]
                if hasattr(mine, "isoformat"):
                    mine, theirs = mine.isoformat()[:19], str(theirs).replace(" ", "T")[:19]
                assert mine == theirs or (mine in (False, True) and bool(theirs) == mine), (
                    entity,
                    name,
                )


def test_full_day_offline_then_back(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path)
    store, engine = app(tmp_path, "laptop", server)
    report = engine.sync()
    assert report.status == "ok"
    mine = [h for h in local_rows(store, "household").values()]
    assert {h.village for h in mine} == {VILLAGES[0]}  # only the assigned village
    assert len(mine) == 3

    server.stop()  # the collector walks into the valley: no signal all day
    recorded = []
    for household in mine:
        person = services.create_person(
            store, household.id, {"full_name": "Lò Thị Mai", "relation": "spouse"}
        )
        visit = services.record_visit(
            store,
            household.id,
            {
                "outcome": Outcome.ENROLLED,
                "amount_collected": 105_300 * 3,
                "receipt_number": f"BL-{household.code}",
            },
            [
                {
                    "person_id": person.id,
                    "kind": ResultKind.BHYT_HOUSEHOLD_ENROLLED,
                    "amount": 315_900,
                    "months": 3,
                }
            ],
        )
        recorded.append(visit.id)
    offline = engine.sync()
    assert offline.status == "offline"
    assert services.pending_changes(store) == 9  # the app kept everything queued

    server.start()
    back = engine.sync()
    assert back.status == "ok", back.message
    assert services.pending_changes(store) == 0
    visits = server_rows(server, "visit")
    assert sorted(v["id"] for v in visits) == sorted(recorded)  # each exactly once
    assert len(server_rows(server, "collection")) == 3
    # A second sync sends nothing and changes nothing.
    again = engine.sync()
    assert (again.sent, again.status) == (0, "ok")
    assert len(server_rows(server, "visit")) == 3
    assert_local_matches_server(store, server)
    # The server's log holds no personal data: no names, no receipt or phone numbers.
    log_text = server.log.read_text(encoding="utf-8", errors="replace")
    assert "POST /api/v1/sync/push" in log_text  # the log is really there
    assert "Nguyễn" not in log_text and "Lò Thị Mai" not in log_text and "BL-" not in log_text
    store.close()


def test_conflicting_field_reported_other_fields_merge(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path)
    store_a, sync_a = app(tmp_path, "a", server)
    store_b, sync_b = app(tmp_path, "b", server)  # the same collector's second laptop
    assert sync_a.sync().status == sync_b.sync().status == "ok"
    household_id = next(iter(local_rows(store_a, "household")))

    services.update_household(store_a, household_id, {"phone": "0912345678"})
    assert sync_a.sync().status == "ok"
    services.update_household(
        store_b, household_id, {"phone": "0987654321", "notes": "Nhà sau trường"}
    )
    report = sync_b.sync()
    assert report.conflicts == 1
    row = next(r for r in server_rows(server, "household") if r["id"] == household_id)
    assert row["phone"] == "0912345678"  # the server kept its value
    assert row["notes"] == "Nhà sau trường"  # the other field merged
    conflicts = server_rows(server, "conflict")
    assert [
        (c["field_name"], json.loads(c["server_value"]), json.loads(c["client_value"]))
        for c in conflicts
    ] == [("phone", "0912345678", "0987654321")]
    with store_b.read() as session:
        from vss_desktop.store.models import OutboxOp

        op = session.exec(
            __import__("sqlmodel").select(OutboxOp).where(OutboxOp.state == "conflict")
        ).one()
        answer = json.loads(op.result)
        assert answer["conflict"]["phone"] == {"server": "0912345678", "client": "0987654321"}
    # After the pull, B shows the server's value; nothing is pending.
    assert local_rows(store_b, "household")[household_id].phone == "0912345678"

    # The collector looks at the conflict and keeps the value typed on this laptop.
    [issue] = sync_overview.open_issues(store_b)
    assert (issue.kind, issue.label) == ("conflict", "Nguyễn Văn Hộ 0")
    assert [(c.field, c.mine, c.server) for c in issue.conflicts] == [
        ("phone", "0987654321", "0912345678")
    ]
    sync_overview.resolve_conflict(store_b, issue.seq, keep_mine=["phone"])
    assert sync_overview.open_issues(store_b) == []
    assert sync_b.sync().status == "ok"
    row = next(r for r in server_rows(server, "household") if r["id"] == household_id)
    assert row["phone"] == "0987654321"
    sync_a.sync()
    assert local_rows(store_a, "household")[household_id].phone == "0987654321"
    store_a.close()
    store_b.close()


def test_scope_is_enforced(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path)
    store, engine = app(tmp_path, "thu", server)
    engine.sync()
    other = next(r for r in server_rows(server, "household") if r["collector"] == "nam.vh")
    assert other["id"] not in local_rows(store, "household")  # never pulled

    headers = api_login(server, "thu.lt", "scope-test-device")
    op = {
        "op_id": "00000000-0000-4000-8000-000000000001",
        "seq": 1,
        "entity": "household",
        "entity_id": other["id"],
        "kind": "update",
        "base_version": other["version"],
        "fields": {"notes": "x"},
    }
    answer = requests.post(
        server.url + "/api/v1/sync/push",
        headers=headers,
        json={"device_id": "scope-test-device", "ops": [op]},
        timeout=10,
    ).json()
    assert answer["results"][0]["status"] == "rejected"
    assert answer["results"][0]["error"]["code"] == "out_of_scope"
    assert (
        next(r for r in server_rows(server, "household") if r["id"] == other["id"])["notes"] == ""
    )

    # A household moved to the other collector disappears from this laptop.
    mine = next(iter(local_rows(store, "household").values()))
    server.cli("assign", "nam.vh", "--household", mine.id)
    engine.sync()
    assert mine.id not in local_rows(store, "household")
    # ... and reaches the other collector's laptop with its members.
    store_nam, engine_nam = app(tmp_path, "nam", server, user="nam.vh")
    engine_nam.sync()
    assert mine.id in local_rows(store_nam, "household")
    store.close()
    store_nam.close()


def test_restored_backup_neither_loses_nor_duplicates(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path)
    store, engine = app(tmp_path, "laptop", server)
    engine.sync()
    household_id = next(iter(local_rows(store, "household")))
    services.record_visit(store, household_id, {"outcome": Outcome.THINKING})
    store.close()
    backup = tmp_path / "backup"
    shutil.copytree(tmp_path / "laptop", backup)  # a copy with one visit still unsent

    store = open_store(tmp_path / "laptop")
    engine = SyncEngine(store, backoff=engine.backoff)
    engine.sync()
    services.record_visit(store, household_id, {"outcome": Outcome.REFUSED})
    engine.sync()
    store.close()

    # The laptop's disk dies; yesterday's backup is restored, and a new visit is recorded.
    shutil.rmtree(tmp_path / "laptop")
    shutil.copytree(backup, tmp_path / "laptop")
    store = open_store(tmp_path / "laptop")
    engine = SyncEngine(store, backoff=engine.backoff)
    services.record_visit(store, household_id, {"outcome": Outcome.NOT_HOME})
    report = engine.sync()
    assert report.status == "ok", report.message
    outcomes = sorted(v["outcome"] for v in server_rows(server, "visit"))
    assert outcomes == ["not_home", "refused", "thinking"]  # nothing lost, nothing twice
    assert services.pending_changes(store) == 0
    # The visit recorded after the backup came back through the pull.
    assert sorted(v.outcome for v in local_rows(store, "visit").values()) == outcomes
    store.close()


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"{not json", {}, 400),
        (json.dumps({"device_id": "x" * 10, "ops": "many"}).encode(), {}, 422),
        (json.dumps({"device_id": "x" * 10, "ops": [{"op_id": 5}]}).encode(), {}, 422),
        (gzip.compress(b"{" + b" " * (6 * 1024 * 1024) + b"}"), {"Content-Encoding": "gzip"}, 413),
        (b"\x1f\x8b\x08garbage", {"Content-Encoding": "gzip"}, 400),
        (b"{}", {"Content-Encoding": "br"}, 415),
    ],
)
def test_bad_input_gets_a_clear_4xx(
    server: ServerProcess, tmp_path: Path, body: bytes, headers: dict, status: int
) -> None:
    seed_server(server, tmp_path, households=2)
    auth = api_login(server, "thu.lt", "x" * 10)
    answer = requests.post(
        server.url + "/api/v1/sync/push",
        data=body,
        headers=auth | headers | {"Content-Type": "application/json"},
        timeout=30,
    )
    assert answer.status_code == status
    assert set(answer.json()["error"]) >= {"code", "message"}
    assert server_rows(server, "applied_op") == []


def test_bad_ops_are_rejected_one_by_one(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path, households=2)
    mine = next(r for r in server_rows(server, "household") if r["collector"] == "thu.lt")
    device = "bad-ops-device"
    auth = api_login(server, "thu.lt", device)
    pid = "11111111-1111-4111-8111-111111111111"
    ops = [
        {
            "op_id": "a0000000-0000-4000-8000-000000000001",
            "seq": 1,
            "entity": "spaceship",
            "entity_id": "x",
            "kind": "create",
        },
        {
            "op_id": "a0000000-0000-4000-8000-000000000002",
            "seq": 2,
            "entity": "person",
            "entity_id": pid,
            "kind": "create",
            "fields": {
                "household_id": mine["id"],
                "full_name": "Giàng A Pao",
                "date_of_birth": "yesterday",
            },
        },
        {
            "op_id": "a0000000-0000-4000-8000-000000000003",
            "seq": 3,
            "entity": "person",
            "entity_id": pid,
            "kind": "create",
            "fields": {"household_id": mine["id"], "full_name": "Giàng A Pao", "cccd": "123"},
        },
        {
            "op_id": "a0000000-0000-4000-8000-000000000004",
            "seq": 4,
            "entity": "person",
            "entity_id": pid,
            "kind": "create",
            "fields": {
                "household_id": mine["id"],
                "full_name": "Giàng A Pao",
                "date_of_birth": "1980-02-01",
            },
        },
        {
            "op_id": "a0000000-0000-4000-8000-000000000005",
            "seq": 5,
            "entity": "person",
            "entity_id": pid,
            "kind": "update",
            "fields": {"wings": 2},
        },
    ]
    answer = requests.post(
        server.url + "/api/v1/sync/push",
        headers=auth,
        json={"device_id": device, "ops": ops},
        timeout=10,
    ).json()
    statuses = [(r["status"], r.get("error", {}).get("code")) for r in answer["results"]]
    assert statuses == [
        ("rejected", "unknown_entity"),
        ("rejected", "invalid_fields"),
        ("rejected", "invalid_value"),
        ("applied", None),
        ("rejected", "unknown_fields"),
    ]
    persons = server_rows(server, "person")
    assert [(p["id"], str(p["date_of_birth"])) for p in persons] == [(pid, "1980-02-01")]
    assert answer["applied_through_seq"] == 5


def test_token_required_and_revocable(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path, households=2)
    store, engine = app(tmp_path, "laptop", server)
    assert engine.sync().status == "ok"
    assert requests.get(server.url + "/api/v1/sync/pull", timeout=5).status_code == 401
    server.cli("revoke-device", "thu.lt")
    report = engine.sync()
    assert report.status == "login"
    store.close()
