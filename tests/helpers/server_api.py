"""Talking to the real server like a device does, and reading its database back.

Shared by the server tests (security, fuzzing, NFC, plausible values, duplicate op ids):
logged-in clients, a world of two collectors and a supervisor with records of their own,
and the consistency check that no op is ever half-applied.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import PASSWORD, seed_server, server_engine, server_rows

API = "/api/v1"
RECORD_TABLES = ("household", "person", "visit", "collection")
# With the records that belong to no household (tests/test_events_server.py covers their scope).
SYNCED_TABLES = (*RECORD_TABLES, "event")


# --- clients --------------------------------------------------------------------------


def new_id() -> str:
    return str(uuid.uuid4())


def op(entity: str, kind: str, entity_id: str, fields: dict | None = None, base=None) -> dict:
    return {
        "entity": entity,
        "kind": kind,
        "entity_id": entity_id,
        "fields": fields or {},
        "base_version": base,
    }


@dataclass
class Client:
    """One logged-in device, talking plain HTTP like the app does."""

    server: ServerProcess
    username: str
    device_id: str
    token: str = ""
    seq: int = 0
    sent: list[dict] = field(default_factory=list)

    @classmethod
    def login(cls, server: ServerProcess, username: str, device_id: str) -> Client:
        client = cls(server, username, device_id)
        answer = requests.post(
            server.url + f"{API}/auth/login",
            json={"username": username, "password": PASSWORD, "device_id": device_id},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["collector"]["username"] == username
        client.token = answer.json()["token"]
        return client

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **params: Any) -> requests.Response:
        return requests.get(
            self.server.url + API + path, headers=self.headers, params=params, timeout=10
        )

    def post(self, path: str, body: Any = None) -> requests.Response:
        return requests.post(
            self.server.url + API + path, headers=self.headers, json=body, timeout=30
        )

    def push_raw(self, ops: list[dict], device_id: str | None = None) -> requests.Response:
        return self.post("/sync/push", {"device_id": device_id or self.device_id, "ops": ops})

    def push(self, *ops: dict) -> list[dict]:
        """Send ops with fresh op ids and the next seqs; the answers, in order."""
        wire = []
        for o in ops:
            self.seq += 1
            wire.append({"op_id": new_id(), "seq": self.seq} | o)
        answer = self.push_raw(wire)
        assert answer.status_code == 200, answer.text
        self.sent += wire
        return answer.json()["results"]

    def pull_all(self, cursor: str | None = None, limit: int = 4) -> tuple[list[dict], str]:
        changes: list[dict] = []
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            answer = self.get("/sync/pull", **params)
            assert answer.status_code == 200, answer.text
            page = answer.json()
            changes += page["changes"]
            cursor = page["cursor"]
            if not page["has_more"]:
                return changes, cursor


def applied(results: list[dict]) -> None:
    assert [r["status"] for r in results] == ["applied"] * len(results), results


# --- a world of two collectors and a supervisor --------------------------------------

PERSONAL = {
    "thu.lt": {"name": "Lò Thị Mai", "cccd": "001185000123", "phone": "0981234567"},
    "nam.vh": {"name": "Giàng A Pao", "cccd": "011190004567", "phone": "0912345678"},
}


@dataclass
class World:
    server: ServerProcess
    a: Client
    b: Client
    sup: Client
    ids: dict[str, dict[str, str]]  # username -> entity -> id of its records
    personal: list[str]  # values that must never reach a log or the audit


def build_world(server: ServerProcess, tmp_path: Path) -> World:
    seed_server(server, tmp_path, households=4)
    a = Client.login(server, "thu.lt", "device-a-000001")
    b = Client.login(server, "nam.vh", "device-b-000001")
    sup = Client.login(server, "giamsat", "device-s-000001")
    ids: dict[str, dict[str, str]] = {}
    personal = [f"Nguyễn Văn Hộ {i}" for i in range(4)]
    for n, client in enumerate((a, b)):
        changes, _ = client.pull_all()
        households = [c for c in changes if c["entity"] == "household"]
        assert len(households) == 2
        household = households[0]
        values = PERSONAL[client.username]
        person, visit, collection = new_id(), new_id(), new_id()
        receipt, note = f"BL-77{n}01", f"Nhà sau chợ {n}"
        personal += [*values.values(), receipt, note]
        applied(
            client.push(
                op(
                    "person",
                    "create",
                    person,
                    {
                        "household_id": household["id"],
                        "full_name": values["name"],
                        "cccd": values["cccd"],
                        "phone": values["phone"],
                        "date_of_birth": "1985-03-04",
                        "sex": "F",
                        "relation": "spouse",
                    },
                ),
                op(
                    "visit",
                    "create",
                    visit,
                    {
                        "household_id": household["id"],
                        "visited_at": "2026-11-20T08:00:00Z",
                        "outcome": "enrolled",
                        "amount_collected": 105_300,
                        "receipt_number": receipt,
                    },
                ),
                op(
                    "collection",
                    "create",
                    collection,
                    {
                        "visit_id": visit,
                        "household_id": household["id"],
                        "person_id": person,
                        "kind": "bhyt_household_enrolled",
                        "amount": 105_300,
                        "months": 1,
                    },
                ),
                op(
                    "household",
                    "update",
                    household["id"],
                    {"phone": values["phone"], "notes": note},
                    household["version"],
                ),
            )
        )
        ids[client.username] = {
            "household": household["id"],
            "other_household": households[1]["id"],
            "person": person,
            "visit": visit,
            "collection": collection,
        }
    return World(server, a, b, sup, ids, personal)


# --- reading the server's database ------------------------------------------------


def db_rows(server: ServerProcess, table: str) -> list[dict[str, Any]]:
    return server_rows(server, table)


def table_counts(server: ServerProcess) -> dict[str, int]:
    engine = server_engine(server)
    names = (*RECORD_TABLES, "applied_op", "audit_entry", "auth_event", "change_feed", "target")
    try:
        with engine.connect() as conn:
            counts = {
                n: conn.execute(sa.text(f"SELECT count(*) FROM {n}")).scalar_one() for n in names
            }
            counts["live_tokens"] = conn.execute(
                sa.text("SELECT count(*) FROM device_token WHERE revoked_at IS NULL")
            ).scalar_one()
            return counts
    finally:
        engine.dispose()


# --- nothing half-applied --------------------------------------------------------------


def assert_server_consistent(server: ServerProcess) -> dict[str, int]:
    """The server database after anything: no half-applied op, feed and records agree.

    Returns the counts checked, for callers that report them.
    """
    rows = {
        t: db_rows(server, t)
        for t in (*SYNCED_TABLES, "change_feed", "applied_op", "audit_entry", "conflict", "device")
    }
    feed = {(r["entity"], r["entity_id"]): r for r in rows["change_feed"] if r["audience"] is None}
    records = {(t, r["id"]): r for t in SYNCED_TABLES for r in rows[t]}
    # Every record sits in the feed at its version, and the feed points only at records.
    assert set(feed) == set(records)
    for key, record in records.items():
        assert feed[key]["seq"] == record["version"], key
        if key[0] == "household":
            household = record["id"]
        elif key[0] == "event":  # no household: its feed entries carry "" (vss_server.push)
            household = ""
        else:
            household = record["household_id"]
        assert feed[key]["household_id"] == household, key
        history = json.loads(record["field_versions"])
        assert all(v <= record["version"] for v, _device in history.values()), key
    # Every processed op has its stored answer; every op that changed data, one audit line.
    ops = {o["op_id"]: o for o in rows["applied_op"]}
    for op_id, o in ops.items():
        answer = json.loads(o["result"])
        assert (answer["op_id"], answer["status"]) == (op_id, o["status"])
        assert o["status"] in ("applied", "conflict", "rejected")
    audited = Counter(a["op_id"] for a in rows["audit_entry"] if a["op_id"])
    assert audited == Counter(k for k, o in ops.items() if o["status"] != "rejected")
    for a in rows["audit_entry"]:
        if a["op_id"]:
            o = ops[a["op_id"]]
            assert (a["entity"], a["entity_id"], a["user_id"]) == (
                o["entity"],
                o["entity_id"],
                o["user_id"],
            )
    # No record without the audit line of its creation; conflicts belong to conflict answers.
    created = {
        (a["entity"], a["entity_id"]) for a in rows["audit_entry"] if a["action"] == "create"
    }
    assert set(records) <= created
    assert {c["op_id"] for c in rows["conflict"]} <= {
        k for k, o in ops.items() if o["status"] == "conflict"
    }
    # A device's counter covers every op it sent, and its ops are its owner's.
    devices = {d["device_id"]: d for d in rows["device"]}
    for o in ops.values():
        if o["device_id"] in devices:
            assert devices[o["device_id"]]["last_seq"] >= o["seq"]
    return {t: len(r) for t, r in rows.items()}
