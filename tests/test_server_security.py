"""Server security against the real server on loopback (SQLite and PostgreSQL).

Tokens and scope are walked over every operation of the server's own OpenAPI
document, so a new endpoint fails these tests until it is covered. See
docs/security.md for what each rule is and why.
"""

from __future__ import annotations

import json
import logging
import secrets
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from helpers.server_api import (
    API,
    RECORD_TABLES,
    Client,
    World,
    applied,
    assert_server_consistent,
    build_world,
    db_rows,
    new_id,
    op,
    table_counts,
)
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, seed_server, server_engine
from vss_server.db import create_server_engine
from vss_server.migrate import upgrade
from vss_server.models import DeviceToken
from vss_server.ratelimit import Attempt, LoginLimiter
from vss_server.security import token_hash

pytestmark = pytest.mark.slow

PUBLIC = {("GET", f"{API}/health"), ("POST", f"{API}/auth/login")}


@pytest.fixture
def world(server: ServerProcess, tmp_path: Path) -> World:
    return build_world(server, tmp_path)


# --- reading the server's database and document --------------------------------------


def snapshot_of(server: ServerProcess, record_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Every column of these records, in every record table (version and field history too)."""
    return {
        t: sorted(
            (
                {k: str(v) for k, v in r.items()}
                for r in db_rows(server, t)
                if r["id"] in record_ids
            ),
            key=lambda r: r["id"],
        )
        for t in RECORD_TABLES
    }


def expire_token(server: ServerProcess, token: str) -> None:
    engine = server_engine(server)
    try:
        with engine.begin() as conn:
            done = conn.execute(
                sa.update(DeviceToken)
                .where(DeviceToken.token_hash == token_hash(token))
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
            assert done.rowcount == 1
    finally:
        engine.dispose()


def openapi_operations(server: ServerProcess) -> dict[tuple[str, str], dict[str, Any]]:
    doc = requests.get(server.url + f"{API}/openapi.json", timeout=10).json()
    return {
        (method.upper(), path): operation
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }


def fill_path(path: str, operation: dict[str, Any]) -> str:
    """The path with a placeholder in each parameter (auth is checked before the value)."""
    for param in operation.get("parameters", []):
        if param["in"] == "path":
            length = max(param.get("schema", {}).get("minLength", 1), 12)
            path = path.replace("{" + param["name"] + "}", "x" * length)
    return path


def call(
    server: ServerProcess, method: str, path: str, headers: dict[str, str]
) -> requests.Response:
    return requests.request(method, server.url + path, headers=headers, timeout=10)


# --- tokens: every operation refuses a missing, bad, expired or revoked one -----------


def test_every_operation_refuses_missing_bad_expired_and_revoked_tokens(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path, households=2)
    operations = openapi_operations(server)
    protected = {key for key, o in operations.items() if o.get("security")}
    # Every operation is either public by design or declares the bearer token.
    assert set(operations) - protected == PUBLIC
    assert len(protected) >= 6
    doc = requests.get(server.url + f"{API}/openapi.json", timeout=10).json()
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"

    def fresh(name: str) -> Client:
        return Client.login(server, "thu.lt", f"token-test-{name}-{secrets.token_hex(4)}")

    bad: dict[str, dict[str, str]] = {
        "missing": {},
        "empty bearer": {"Authorization": "Bearer "},
        "no scheme": {"Authorization": fresh("noscheme").token},
        "basic": {"Authorization": "Basic dGh1Lmx0Om3huq10LWto4bqpdQ=="},
        "unknown": {"Authorization": "Bearer " + secrets.token_urlsafe(32)},
        "non-ascii": {"Authorization": "Bearer t\u00f6k\u00e9n"},
    }
    tampered = fresh("tampered")
    bad["tampered"] = {"Authorization": "Bearer " + tampered.token[:-3] + "AAA"}
    expired = fresh("expired")
    expire_token(server, expired.token)
    bad["expired"] = expired.headers
    logged_out = fresh("logout")
    assert logged_out.post("/auth/logout").status_code == 204
    bad["revoked by logout"] = logged_out.headers
    by_cli = fresh("cli")
    assert "1 tokens revoked" in server.cli(
        "revoke-device", "thu.lt", "--device-id", by_cli.device_id
    )
    bad["revoked by revoke-device"] = by_cli.headers
    by_endpoint = fresh("endpoint")
    assert fresh("revoker").post(f"/devices/{by_endpoint.device_id}/revoke").json() == {
        "revoked": 1
    }
    bad["revoked by the devices endpoint"] = by_endpoint.headers
    rotated = fresh("rotated")
    assert rotated.post("/auth/rotate-device", {"device_id": "token-test-new-device"}).ok
    bad["replaced by rotate-device"] = rotated.headers
    from vss_server import admin

    engine = server_engine(server)
    admin.create_user(engine, "roi.vt", PASSWORD)
    engine.dispose()
    leaver = Client.login(server, "roi.vt", "token-test-leaver")
    assert "disabled" in server.cli("disable-user", "roi.vt")
    bad["disabled account"] = leaver.headers

    before = table_counts(server)
    for method, path in sorted(protected):
        url = fill_path(path, operations[(method, path)])
        for why, headers in bad.items():
            answer = call(server, method, url, headers)
            assert answer.status_code == 401, (method, path, why, answer.text)
            assert answer.json()["error"]["code"] == "unauthorized", (method, path, why)
            assert answer.headers["WWW-Authenticate"] == "Bearer", (method, path, why)
    # Refused calls changed nothing: no op, no audit line, no token revoked or made.
    assert table_counts(server) == before

    # The same calls with a live token get past the check: the walk really reaches each one.
    for method, path in sorted(protected):
        url = fill_path(path, operations[(method, path)])
        answer = call(server, method, url, fresh("control").headers)
        assert answer.status_code != 401, (method, path, answer.text)
    # The disabled account cannot log in again either, until it is enabled.
    login = {"username": "roi.vt", "password": PASSWORD, "device_id": "token-test-leaver"}
    assert (
        requests.post(server.url + f"{API}/auth/login", json=login, timeout=10).status_code == 401
    )
    server.cli("enable-user", "roi.vt")
    assert (
        requests.post(server.url + f"{API}/auth/login", json=login, timeout=10).status_code == 200
    )


def test_token_lifetime_is_configurable_and_enforced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lifetime_s = 2 * 3600.0
    monkeypatch.setenv("VSS_SERVER_TOKEN_TTL_DAYS", str(lifetime_s / 86400))
    server = ServerProcess(tmp_path / "server", clock=True).start()
    try:
        seed_server(server, tmp_path, households=2)
        before = datetime.now(UTC)
        answer = requests.post(
            server.url + f"{API}/auth/login",
            json={"username": "thu.lt", "password": PASSWORD, "device_id": "short-lived-1"},
            timeout=10,
        ).json()
        expires = datetime.fromisoformat(answer["expires_at"].replace("Z", "+00:00"))
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=UTC)
        assert before < expires <= datetime.now(UTC) + timedelta(seconds=lifetime_s)
        headers = {"Authorization": "Bearer " + answer["token"]}
        pull = server.url + f"{API}/sync/pull"
        assert requests.get(pull, headers=headers, timeout=10).status_code == 200
        server.advance_clock(lifetime_s - 60)  # the server's clock: no real time waited
        assert requests.get(pull, headers=headers, timeout=10).status_code == 200
        server.advance_clock(120)
        refused = requests.get(pull, headers=headers, timeout=10)
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "unauthorized"
    finally:
        server.stop()


def test_devices_listed_and_revoked_one_at_a_time(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path, households=2)
    laptop = Client.login(server, "thu.lt", "laptop-0000001")
    spare = Client.login(server, "thu.lt", "spare-laptop-01")
    listed = laptop.get("/devices").json()["devices"]
    assert sorted(d["device_id"] for d in listed) == ["laptop-0000001", "spare-laptop-01"]
    assert [d["current"] for d in listed if d["device_id"] == "laptop-0000001"] == [True]
    assert {d["username"] for d in listed} == {"thu.lt"}
    assert laptop.get("/sync/pull").status_code == 200  # last_used_at is now set
    out = server.cli("list-devices", "thu.lt")
    assert "laptop-0000001" in out and "spare-laptop-01" in out and "\tlive\t" in out

    # The spare laptop is stolen: revoking it leaves the other one working.
    assert "1 tokens revoked" in server.cli(
        "revoke-device", "thu.lt", "--device-id", spare.device_id
    )
    assert spare.get("/sync/pull").status_code == 401
    assert laptop.get("/sync/pull").status_code == 200
    assert [d["device_id"] for d in laptop.get("/devices").json()["devices"]] == ["laptop-0000001"]
    every = server.cli("list-devices", "thu.lt", "--all")
    assert "spare-laptop-01" in every and "\trevoked\t" in every
    tokens = {t["device_id"]: t for t in db_rows(server, "device_token")}
    assert tokens["laptop-0000001"]["last_used_at"] is not None
    assert tokens["spare-laptop-01"]["revoked_at"] is not None

    # A new password ends every session of the account.
    server.cli("set-password", "thu.lt", "--password-stdin", stdin="mật-khẩu-mới-2027\n")
    assert laptop.get("/sync/pull").status_code == 401
    events = Counter(e["event"] for e in db_rows(server, "auth_event"))
    assert events["login"] == 2 and events["revoke_device"] == 1 and events["password_set"] == 1


# --- scope: collector A cannot read or change anything of collector B ----------------


def scope_health(w: World) -> None:
    answer = requests.get(w.server.url + f"{API}/health", timeout=10).json()
    assert set(answer) == {"status", "api_version", "server_time", "features"}


def scope_login(w: World) -> None:
    # A login answers about the account itself, nothing of anyone else.
    again = Client.login(w.server, "thu.lt", "device-a-000009")
    assert again.get("/devices").json()["devices"][0]["username"] == "thu.lt"
    # A device id another account registered does not let A continue that device.
    hijack = Client.login(w.server, "thu.lt", w.b.device_id)
    assert_device_not_taken_over(w, hijack)


def scope_logout(w: World) -> None:
    second = Client.login(w.server, "thu.lt", "device-a-000002")
    assert second.post("/auth/logout").status_code == 204
    assert second.get("/sync/pull").status_code == 401
    assert w.a.get("/sync/pull").status_code == 200
    assert w.b.get("/sync/pull").status_code == 200


def scope_rotate_device(w: World) -> None:
    rotating = Client.login(w.server, "thu.lt", "device-a-000003")
    answer = rotating.post("/auth/rotate-device", {"device_id": w.b.device_id})
    assert answer.status_code == 200
    rotating.token, rotating.device_id = answer.json()["token"], w.b.device_id
    assert_device_not_taken_over(w, rotating)


def assert_device_not_taken_over(w: World, intruder: Client) -> None:
    """A's token carrying B's device id: A cannot push into B's device history or learn it."""
    devices = {d["device_id"]: d for d in db_rows(w.server, "device")}
    before = devices[w.b.device_id]["last_seq"]
    ops = [{"op_id": new_id(), "seq": before + 1} | op("visit", "create", new_id(), {})]
    refused = intruder.push_raw(ops, device_id=w.b.device_id)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "device_reset"
    assert "last_seq" not in refused.json()["error"]  # B's counter is not told
    assert {d["device_id"]: d for d in db_rows(w.server, "device")}[w.b.device_id][
        "last_seq"
    ] == before
    # B goes on as before, with the next seq.
    applied(w.b.push(op("household", "update", w.ids["nam.vh"]["household"], {"notes": "ok"})))


def scope_push(w: World) -> None:
    mine, theirs = w.ids["thu.lt"], w.ids["nam.vh"]
    hb, ha = theirs["household"], mine["household"]
    cases: list[tuple[dict, str]] = [
        (
            op(
                "household",
                "create",
                new_id(),
                {"head_name": "X", "village": "Y", "collector": "nam.vh"},
            ),
            "out_of_scope",
        ),
        (op("household", "create", hb, {"head_name": "X", "village": "Y"}), "already_exists"),
        (op("household", "update", hb, {"notes": "đã đến"}), "out_of_scope"),
        (op("household", "update", hb, {"collector": "thu.lt"}), "out_of_scope"),
        (op("household", "update", ha, {"collector": "nam.vh"}), "out_of_scope"),
        (op("household", "delete", hb), "out_of_scope"),
        (
            op("household", "update", theirs["other_household"], {"phone": "0987654321"}),
            "out_of_scope",
        ),
        (op("person", "create", new_id(), {"household_id": hb, "full_name": "X"}), "out_of_scope"),
        (
            op("person", "create", theirs["person"], {"household_id": ha, "full_name": "X"}),
            "already_exists",
        ),
        (op("person", "update", theirs["person"], {"full_name": "X"}), "out_of_scope"),
        (op("person", "update", mine["person"], {"household_id": hb}), "immutable_field"),
        (op("person", "delete", theirs["person"]), "out_of_scope"),
        (
            op(
                "visit",
                "create",
                new_id(),
                {"household_id": hb, "visited_at": "2026-11-21T08:00:00Z", "outcome": "refused"},
            ),
            "out_of_scope",
        ),
        (op("visit", "update", theirs["visit"], {"notes": "X"}), "out_of_scope"),
        (op("visit", "update", mine["visit"], {"household_id": hb}), "immutable_field"),
        (op("visit", "delete", theirs["visit"]), "out_of_scope"),
        (
            op(
                "collection",
                "create",
                new_id(),
                {"visit_id": theirs["visit"], "household_id": hb, "kind": "vssid_installed"},
            ),
            "out_of_scope",
        ),
        (
            op(
                "collection",
                "create",
                new_id(),
                {"visit_id": theirs["visit"], "household_id": ha, "kind": "vssid_installed"},
            ),
            "bad_reference",
        ),
        (
            op(
                "collection",
                "create",
                new_id(),
                {
                    "visit_id": mine["visit"],
                    "household_id": ha,
                    "person_id": theirs["person"],
                    "kind": "vssid_installed",
                },
            ),
            "bad_reference",
        ),
        (op("collection", "update", theirs["collection"], {"amount": 0}), "out_of_scope"),
        (op("collection", "update", mine["collection"], {"household_id": hb}), "immutable_field"),
        (op("collection", "delete", theirs["collection"]), "out_of_scope"),
    ]
    # Every entity type, every kind of op, aimed at B's records.
    assert {(o["entity"], o["kind"]) for o, _ in cases} == {
        (e, k) for e in RECORD_TABLES for k in ("create", "update", "delete")
    }
    b_ids = {v for v in theirs.values()} | {
        r["id"]
        for t in ("person", "visit", "collection")
        for r in db_rows(w.server, t)
        if r["household_id"] in (hb, theirs["other_household"])
    }
    before = snapshot_of(w.server, b_ids)
    conflicts_before = len(db_rows(w.server, "conflict"))
    results = w.a.push(*(o for o, _ in cases))
    assert [(r["status"], r["error"]["code"]) for r in results] == [
        ("rejected", code) for _, code in cases
    ]
    # Replaying one of B's op ids: A does not get B's stored answer back.
    b_op = w.b.sent[0]
    w.a.seq += 1
    replay = w.a.push_raw([b_op | {"seq": w.a.seq}]).json()["results"][0]
    assert replay["status"] == "rejected" and replay["error"]["code"] == "op_id_taken"
    assert "version" not in replay and "conflict" not in replay
    assert snapshot_of(w.server, b_ids) == before
    assert len(db_rows(w.server, "conflict")) == conflicts_before
    a_user = next(u["id"] for u in db_rows(w.server, "user_account") if u["username"] == "thu.lt")
    touched = {r["entity_id"] for r in db_rows(w.server, "audit_entry") if r["user_id"] == a_user}
    assert touched.isdisjoint(b_ids)


def in_scope_ids(w: World, username: str) -> set[str]:
    households = {r["id"] for r in db_rows(w.server, "household") if r["collector"] == username}
    return households | {
        r["id"]
        for t in ("person", "visit", "collection")
        for r in db_rows(w.server, t)
        if r["household_id"] in households
    }


def scope_pull(w: World) -> None:
    mine, theirs = in_scope_ids(w, "thu.lt"), in_scope_ids(w, "nam.vh")
    changes, cursor = w.a.pull_all(limit=2)
    assert {c["id"] for c in changes} == mine  # all of A's, none of B's
    # B changes its records; A's next pull has nothing of it, nor does B's own cursor help A.
    applied(w.b.push(op("person", "update", w.ids["nam.vh"]["person"], {"notes": "Hẹn tháng sau"})))
    later, _ = w.a.pull_all(cursor)
    assert {c["id"] for c in later}.isdisjoint(theirs)
    _, b_cursor = w.b.pull_all()
    assert {c["id"] for c in w.a.pull_all(b_cursor)[0]}.isdisjoint(theirs)
    # The supervisor sees both collectors' records.
    assert mine | theirs <= {c["id"] for c in w.sup.pull_all(limit=50)[0]}


def scope_list_devices(w: World) -> None:
    only_b = Client.login(w.server, "nam.vh", "device-b-private")
    listed = w.a.get("/devices").json()["devices"]
    assert {d["username"] for d in listed} == {"thu.lt"}
    assert only_b.device_id not in {d["device_id"] for d in listed}
    everyone = {(d["username"], d["device_id"]) for d in w.sup.get("/devices").json()["devices"]}
    assert {("thu.lt", w.a.device_id), ("nam.vh", only_b.device_id)} <= everyone


def scope_revoke_device(w: World) -> None:
    only_b = Client.login(w.server, "nam.vh", "device-b-private-2")
    refused = w.a.post(f"/devices/{only_b.device_id}/revoke")
    assert refused.status_code == 404  # the same answer as for a device that does not exist
    assert w.a.post("/devices/no-such-device-01/revoke").json() == refused.json()
    assert only_b.get("/sync/pull").status_code == 200
    second_b = Client.login(w.server, "nam.vh", "device-b-000002")
    assert w.sup.post(f"/devices/{second_b.device_id}/revoke").json() == {"revoked": 1}
    assert second_b.get("/sync/pull").status_code == 401
    assert w.b.get("/sync/pull").status_code == 200
    own = Client.login(w.server, "thu.lt", "device-a-000004")
    assert own.post(f"/devices/{own.device_id}/revoke").json() == {"revoked": 1}
    assert own.get("/sync/pull").status_code == 401


def put_targets(client: Client, targets: list[dict]) -> requests.Response:
    return requests.put(
        client.server.url + f"{API}/targets",
        headers=client.headers,
        json={"targets": targets},
        timeout=10,
    )


def target(collector: str | None, metric: str, value: int | None) -> dict:
    return {
        "collector": collector,
        "metric": metric,
        "period_kind": "month",
        "period_start": "2026-11-01",
        "value": value,
    }


def scope_list_targets(w: World) -> None:
    done = put_targets(
        w.sup,
        [
            target("thu.lt", "amount_collected", 60_000_000),
            target("nam.vh", "amount_collected", 70_000_000),
            target("nam.vh", "vssid_installed", 40),
            target(None, "amount_collected", 50_000_000),
            target(None, "bhyt_renewed", 12),
        ],
    )
    assert done.status_code == 200, done.text

    def read(client: Client) -> set[tuple]:
        answer = client.get("/targets")
        assert answer.status_code == 200, answer.text
        return {(t["collector"], t["metric"], t["value"]) for t in answer.json()["targets"]}

    # A: their own (over the one for everyone) and those for everyone; nothing of B's.
    assert read(w.a) == {("thu.lt", "amount_collected", 60_000_000), (None, "bhyt_renewed", 12)}
    assert read(w.b) == {
        ("nam.vh", "amount_collected", 70_000_000),
        ("nam.vh", "vssid_installed", 40),
        (None, "bhyt_renewed", 12),
    }
    assert {c for c, _m, _v in read(w.sup)} == {"thu.lt", "nam.vh", None}
    assert len(read(w.sup)) == 5


def scope_put_targets(w: World) -> None:
    before = db_rows(w.server, "target")
    audit = len(db_rows(w.server, "audit_entry"))
    # A collector sets nothing: not for B, not for everyone, not even for themselves.
    for targets in (
        [target("nam.vh", "amount_collected", 1)],
        [target("nam.vh", "vssid_installed", None)],
        [target(None, "bhyt_renewed", 1)],
        [target("thu.lt", "amount_collected", 1)],
    ):
        refused = put_targets(w.a, targets)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "forbidden"
    assert db_rows(w.server, "target") == before
    assert len(db_rows(w.server, "audit_entry")) == audit
    # The supervisor may, for anyone.
    done = put_targets(w.sup, [target("nam.vh", "bhyt_renewed", 3)])
    assert done.status_code == 200 and done.json()["set"] == 1
    assert ("nam.vh", 3) in {
        (t["collector"], t["value"]) for t in w.b.get("/targets").json()["targets"]
    }


def scope_status(w: World) -> None:
    """A collector cannot speak for another collector's laptop."""
    before = db_rows(w.server, "device")
    answer = w.a.post(
        "/sync/status", {"device_id": w.b.device_id, "app_version": "9.9", "pending": 99}
    )
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "device_taken"
    assert db_rows(w.server, "device") == before
    mine = w.a.post("/sync/status", {"device_id": w.a.device_id, "pending": 0})
    assert mine.status_code == 200


def scope_list_campaigns(w: World) -> None:
    """A collector reads the campaigns of their own communes only; a supervisor, all."""
    from datetime import date

    from vss_server import admin, campaigns

    engine = server_engine(w.server)
    try:
        admin.set_areas(engine, "nam.vh", ["Lào Cai/Tả Van"])

        def make(name: str, place: tuple[str, str]) -> str:
            spec = campaigns.CampaignSpec(
                name, date(2026, 11, 10), date(2026, 11, 16), (place,), {}
            )
            return campaigns.create(engine, spec, actor="giamsat")

        b_only = make("Chiến dịch Tả Van", ("Lào Cai", "Xã Tả Van"))
        elsewhere = make("Chiến dịch Lũng Cú", ("Tuyên Quang", "Xã Lũng Cú"))
    finally:
        engine.dispose()

    def read(client: Client) -> set[str]:
        answer = client.get("/campaigns")
        assert answer.status_code == 200, answer.text
        return {c["id"] for c in answer.json()["campaigns"]}

    assert read(w.a) == set()
    assert read(w.b) == {b_only}
    assert read(w.sup) >= {b_only, elsewhere}


SCOPE_SCENARIOS = {
    ("GET", f"{API}/health"): scope_health,
    ("POST", f"{API}/sync/status"): scope_status,
    ("POST", f"{API}/auth/login"): scope_login,
    ("POST", f"{API}/auth/logout"): scope_logout,
    ("POST", f"{API}/auth/rotate-device"): scope_rotate_device,
    ("POST", f"{API}/sync/push"): scope_push,
    ("GET", f"{API}/sync/pull"): scope_pull,
    ("GET", f"{API}/devices"): scope_list_devices,
    ("POST", f"{API}/devices/{{device_id}}/revoke"): scope_revoke_device,
    ("GET", f"{API}/targets"): scope_list_targets,
    ("PUT", f"{API}/targets"): scope_put_targets,
    ("GET", f"{API}/campaigns"): scope_list_campaigns,
}


def test_collector_a_cannot_read_or_change_anything_of_collector_b(world: World) -> None:
    # A scenario for every operation in the document: a new endpoint fails here until it has one.
    assert set(SCOPE_SCENARIOS) == set(openapi_operations(world.server))
    b_records = snapshot_of(world.server, in_scope_ids(world, "nam.vh"))
    for scenario in SCOPE_SCENARIOS.values():
        scenario(world)
        now = snapshot_of(world.server, in_scope_ids(world, "nam.vh"))
        assert {t: len(r) for t, r in now.items()} == {t: len(r) for t, r in b_records.items()}
    assert_server_consistent(world.server)


def test_supervisor_assigns_and_sees_everything(world: World) -> None:
    household = world.ids["thu.lt"]["other_household"]
    [missing] = world.sup.push(op("household", "update", household, {"collector": "nobody"}))
    assert (missing["status"], missing["error"]["code"]) == ("rejected", "unknown_collector")
    applied(world.sup.push(op("household", "update", household, {"collector": "nam.vh"})))
    a_changes, _ = world.a.pull_all()
    assert [c["id"] for c in a_changes if c["removed"]] == [household]
    assert household not in {c["id"] for c in a_changes if not c["removed"]}
    assert household in {c["id"] for c in world.b.pull_all()[0]}
    audit = [r for r in db_rows(world.server, "audit_entry") if r["entity_id"] == household]
    assert [(r["action"], r["field_names"]) for r in audit][-1] == ("update", "collector")
    # The supervisor may change a collector's visit; the collector of another may not.
    applied(
        world.sup.push(
            op("visit", "update", world.ids["thu.lt"]["visit"], {"notes": "Đã kiểm tra"})
        )
    )
    assert_server_consistent(world.server)


# --- brute force ---------------------------------------------------------------------


def login_attempt(
    server: ServerProcess,
    username: str,
    password: str,
    address: str | None = None,
    device: str = "guessing-device",
) -> requests.Response:
    headers = {"X-Forwarded-For": address} if address else {}
    return requests.post(
        server.url + f"{API}/auth/login",
        json={"username": username, "password": password, "device_id": device},
        headers=headers,
        timeout=30,
    )


def test_password_guessing_is_slowed_down(clocked_server: ServerProcess, tmp_path: Path) -> None:
    server = clocked_server
    seed_server(server, tmp_path, households=2)
    statuses = [login_attempt(server, "thu.lt", f"guess-{i}").status_code for i in range(5)]
    assert statuses == [401] * 5
    sixth = login_attempt(server, "thu.lt", "guess-5")
    assert sixth.status_code == 429
    assert sixth.json()["error"]["code"] == "too_many_attempts"
    first_wait = int(sixth.headers["Retry-After"])
    assert first_wait >= 1
    # Locked out, even the right password is refused unchecked: no oracle for the guesser.
    assert login_attempt(server, "thu.lt", PASSWORD).status_code == 429
    # Another collector at the same address is not locked out.
    assert login_attempt(server, "nam.vh", PASSWORD).status_code == 200

    server.advance_clock(first_wait)  # the limiter's clock: no real time waited
    assert login_attempt(server, "thu.lt", "guess-6").status_code == 401
    again = login_attempt(server, "thu.lt", "guess-7")
    assert again.status_code == 429
    assert int(again.headers["Retry-After"]) > first_wait  # the delay grows
    failed = [e for e in db_rows(server, "auth_event") if e["event"] == "login_failed"]
    assert len(failed) == 6  # the attempts checked; refused ones were never checked

    # Guessing one account from many addresses (a proxy's X-Forwarded-For) hits the
    # account's own limit, though each address stays under its limit: a device the account
    # never used is refused; the one it logged in with above is not (its own count).
    for i in range(20):
        answer = login_attempt(
            server, "nam.vh", f"guess-{i}", address=f"203.0.113.{i + 1}", device=f"guesser-{i:04d}"
        )
        assert answer.status_code == 401, i
    new_device = login_attempt(server, "nam.vh", PASSWORD, "203.0.113.99", device="new-laptop-1")
    assert new_device.status_code == 429
    assert login_attempt(server, "nam.vh", PASSWORD, address="203.0.113.99").status_code == 200
    # An unknown username leaves no trace in the database.
    events = len(db_rows(server, "auth_event"))
    assert login_attempt(server, "không-có-ai", "guess").status_code == 401
    assert len(db_rows(server, "auth_event")) == events


def test_login_limiter_grows_caps_forgets_and_resists_bursts(tmp_path: Path) -> None:
    now = [1000.0]
    engine = create_server_engine(f"sqlite:///{tmp_path / 'limiter.sqlite3'}")
    upgrade(engine)
    limiter = LoginLimiter(
        engine,
        free_attempts=3,
        free_per_user=6,
        free_per_address=10,
        base_delay_s=1.0,
        max_delay_s=8.0,
        forget_after_s=600.0,
        clock=lambda: now[0],
    )
    who = Attempt("thu.lt", "10.0.0.1")
    waits = []
    for _ in range(8):
        while wait := limiter.wait(who):  # wait it out, as a patient guesser would
            waits.append(wait)
            now[0] += wait
        limiter.failed(who)
    assert waits == [1, 2, 4, 8, 8]  # doubling after the 3 free failures, capped
    # A success clears the username+address count, not the address's.
    limiter.succeeded(who)
    assert limiter.counts(who)["pair"] == 0 and limiter.counts(who)["addr"] == 8
    # Concurrent failures are all counted (the login route re-checks the limit when its
    # password check starts, so a burst overshoots by at most the checks at once).
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: limiter.failed(Attempt("nam.vh", "10.0.0.2")), range(10)))
    # Capped where the lock is at its longest (3 free, then 1, 2, 4, 8 s), and one more.
    assert limiter.counts(Attempt("nam.vh", "10.0.0.2"))["pair"] == 7
    assert limiter.wait(Attempt("nam.vh", "10.0.0.2")) == 8
    # Failures leak away (3 per 600 s under this key); no key stays once its count is gone.
    now[0] += 7 * 200 + 1
    assert limiter.wait(Attempt("nam.vh", "10.0.0.2")) == 0
    assert limiter.prune() > 0
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM login_failure")).scalar_one() == 0
    engine.dispose()


# --- audit and logs -----------------------------------------------------------------


def test_audit_records_who_changed_what_without_values(world: World) -> None:
    # A second laptop of A changes a field A's first laptop changed since: a conflict.
    household = world.ids["thu.lt"]["household"]
    second = Client.login(world.server, "thu.lt", "device-a-000005")
    [conflict] = second.push(
        op("household", "update", household, {"phone": "0961111222", "village": "Bản Mới"}, base=1)
    )
    assert conflict["status"] == "conflict"
    world.server.cli("assign", "nam.vh", "--household", household)

    users = {u["id"]: u["username"] for u in db_rows(world.server, "user_account")}
    ops = {o["op_id"]: o for o in db_rows(world.server, "applied_op")}
    audit = db_rows(world.server, "audit_entry")
    by_op = Counter(r["op_id"] for r in audit if r["op_id"])
    changed = {k for k, o in ops.items() if o["status"] in ("applied", "conflict")}
    assert by_op == Counter(changed)  # one line per op that changed data, none per rejection
    for row in audit:
        if row["op_id"] is None:
            assert row["device_id"] == "admin-cli"
            continue
        o = ops[row["op_id"]]
        mine = (row["user_id"], row["device_id"], row["entity"], row["entity_id"])
        assert mine == (o["user_id"], o["device_id"], o["entity"], o["entity_id"])
        assert json.loads(row["detail"])["op_id"] == row["op_id"]
        assert row["at"] is not None
    update = next(r for r in audit if r["op_id"] == conflict["op_id"])
    who = (users[update["user_id"]], update["action"], update["field_names"])
    assert who == ("thu.lt", "update", "village")
    assert json.loads(update["detail"])["conflicts"] == ["phone"]
    person = next(r for r in audit if r["entity_id"] == world.ids["nam.vh"]["person"])
    assert person["action"] == "create" and "cccd" in person["field_names"].split(",")
    assign = [r for r in audit if r["action"] == "assign"]
    assert [(r["entity_id"], r["field_names"]) for r in assign][-1] == (household, "collector")

    # Names, ID numbers, phones, receipts and notes appear in no audit or event row...
    tables = [db_rows(world.server, "audit_entry"), db_rows(world.server, "auth_event")]
    stored = json.dumps(tables, default=str, ensure_ascii=False)
    leaks = [v for v in [*world.personal, "0961111222", "Bản Mới"] if v in stored]
    assert leaks == []
    # ... nor in the server's log, which is really there and logs every request.
    log_text = world.server.log.read_text(encoding="utf-8", errors="replace")
    assert log_text.count("POST /api/v1/sync/push") >= 3
    assert [v for v in world.personal if v in log_text] == []


def test_log_formatters_withhold_exception_messages() -> None:
    from vss_server.logs import (
        RedactingFormatter,
        redacting_access_formatter,
        redacting_default_formatter,
        uvicorn_log_config,
    )

    config = uvicorn_log_config()
    assert config["formatters"]["default"]["()"].endswith("redacting_default_formatter")
    assert config["formatters"]["access"]["()"].endswith("redacting_access_formatter")
    # What a database error says: the SQL parameters. (Not on the raise line, which a
    # traceback shows as code.)
    message = "(psycopg.DataError) [parameters: ('Lò Thị Mai', '001185000123')]"
    try:
        raise ValueError(message)
    except ValueError:
        error = sys.exc_info()
    access = ("127.0.0.1:5000", "POST", "/api/v1/sync/push", "1.1", 500)
    for formatter, args in (
        (RedactingFormatter(), None),
        (redacting_default_formatter(fmt="%(levelname)s %(message)s", use_colors=False), None),
        (redacting_access_formatter(fmt="%(request_line)s", use_colors=False), access),
    ):
        msg = '%s - "%s %s HTTP/%s" %d' if args else "boom"
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, msg, args, error)
        text = formatter.format(record)
        assert "Lò Thị Mai" not in text and "001185000123" not in text
        assert "ValueError" in text and "test_server_security.py" in text


def test_old_audit_entries_gain_their_op_id_column(tmp_path: Path) -> None:
    from vss_server.config import ServerConfig
    from vss_server.db import create_server_engine
    from vss_server.migrate import upgrade

    engine = create_server_engine(ServerConfig(data_dir=tmp_path).resolved_database_url())
    try:
        upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO audit_entry (at, user_id, device_id, action, entity, entity_id,"
                    " detail) VALUES (:at, 1, 'd-1', 'update', 'person', 'p-1', :detail)"
                ),
                {
                    "at": datetime(2026, 11, 1),
                    "detail": json.dumps({"op_id": "o-1", "fields": ["phone", "notes"]}),
                },
            )
        upgrade(engine)
        with engine.connect() as conn:
            row = conn.execute(sa.text("SELECT op_id, field_names FROM audit_entry")).one()
        assert tuple(row) == ("o-1", "phone,notes")
    finally:
        engine.dispose()
