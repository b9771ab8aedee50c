"""A run of creates written together (vss_server/push.py, Batch.flush) and the checks done
before the feed lock (check_fields): the same answers, versions, feed order and stored
answers as applying each op on its own.

On PostgreSQL the creates of a batch are checked one by one and written a few statements
at a time, before any op or read that needs them. Here a batch mixes creates with an
update of one of them, results checked against a visit created just before, a create
that reads the database while creates are pending, and refusals found without the
database; run on SQLite (each create written at once) and PostgreSQL, same answers.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from helpers.push_batches import collector_with_household, visit_rows
from vss_server import db as server_db
from vss_server.models import UserAccount
from vss_server.push import Op, check_all_fields, push_batch

DEVICE = "device-deferred-creates"
PLACE = {"province": "Lào Cai", "commune": "Xã Tả Van"}
HOME = PLACE | {"code": "HGD0000003", "head_name": "Lò Văn Mới", "village": "Thôn 2"}
EVENT = PLACE | {"kind": "booth", "starts_at": "2026-11-12T02:00:00Z", "attendees": 40}


def ops_of(planned: list[tuple[str, str, str, dict[str, Any]]], ids: dict[str, str], first: int):
    return [
        Op(str(uuid.uuid4()), seq, entity, ids[key], kind, None, dict(fields))
        for seq, (entity, kind, key, fields) in enumerate(planned, start=first)
    ]


def push(
    engine: sa.Engine, user: UserAccount, ops: list[Op], before: bool, writes: bool = False
) -> list[dict]:
    """One batch; ``before``: its database-free checks done before the lock, as the
    route does; ``writes``: it creates records, whose writes (PostgreSQL) go back to
    cached plans after the batch's reads were planned for their ids."""
    checked = check_all_fields(user, ops) if before else None
    with server_db.write_session(engine) as session:
        results = push_batch(session, user, DEVICE, ops, checked).results
        if writes and server_db.is_postgres(engine):
            assert session.execute(sa.text("SHOW plan_cache_mode")).scalar_one() == "auto"
    return results


def test_creates_written_together_answer_as_one_by_one(server_engine: Any, tmp_path: Path):
    engine = server_engine
    user, household = collector_with_household(engine, tmp_path, "thu.deferred", "HGD0000002")
    names = ("e", "a", "c", "v", "r1", "r2", "r3", "bad", "away", "h", "d")
    ids = {name: str(uuid.uuid4()) for name in names}
    person, visit, result = visit_rows(household, ids["v"], "BL-0002")

    first = ops_of([("event", "create", "e", EVENT)], ids, 1)
    assert push(engine, user, first, before=False)[0]["status"] == "applied"
    planned: list[tuple[str, str, str, dict[str, Any]]] = [
        ("person", "create", "a", person),
        ("person", "create", "c", person | {"full_name": "Lo\u0300 Va\u0306n Pao"}),  # NFD
        ("visit", "create", "v", visit),
        ("collection", "create", "r1", result(60)),
        ("collection", "create", "r2", result(50)),  # 60 + 50 > 100, r1 still pending
        ("person", "update", "a", {"full_name": "Lò Thị Mai Anh"}),  # a is written first
        ("collection", "create", "r3", result(40)),  # 60 + 40 = 100
        # Refused without the database, but after the scope check (the same answer).
        ("person", "create", "bad", person | {"cccd": "123"}),
        ("person", "create", "away", {"household_id": str(uuid.uuid4()), "cccd": "123"}),
        # Reads the event from the database while r3 waits to be written.
        ("household", "create", "h", HOME | {"met_at_event": ids["e"]}),
        ("person", "create", "d", person | {"full_name": "Lò Thị Dung"}),
    ]
    ops = ops_of(planned, ids, 2)
    results = push(engine, user, ops, before=True, writes=True)

    answers = [(r["status"], r.get("error", {}).get("code")) for r in results]
    assert answers == [
        ("applied", None),
        ("applied", None),
        ("applied", None),
        ("applied", None),
        ("rejected", "results_exceed_visit"),
        ("applied", None),
        ("applied", None),
        ("rejected", "invalid_value"),
        ("rejected", "out_of_scope"),
        ("applied", None),
        ("applied", None),
    ]
    applied = [(op, r) for op, r in zip(ops, results, strict=True) if r["status"] == "applied"]
    versions = [r["version"] for _, r in applied]
    # Feed order is op order: each applied op's version is newer than the one before.
    assert all(isinstance(v, int) for v in versions)
    assert versions == sorted(versions) and len(set(versions)) == len(versions)

    with engine.connect() as conn:
        feed = {
            (e, i): seq
            for e, i, seq in conn.execute(
                sa.text("SELECT entity, entity_id, seq FROM change_feed WHERE audience IS NULL")
            )
        }
        stored = dict(conn.execute(sa.text("SELECT op_id, result FROM applied_op")).all())
        rows = {
            entity: {r.id: r for r in conn.execute(sa.text(f"SELECT * FROM {entity}"))}
            for entity in ("person", "visit", "collection", "household")
        }
    for op, answer in applied:
        record = rows[op.entity][op.entity_id]
        # The last change of each record is its version and its one feed entry.
        if op.kind == "create" and op.entity_id != ids["a"]:
            assert record.version == answer["version"] == feed[(op.entity, op.entity_id)]
            marks = json.loads(record.field_versions)
            assert {tuple(m) for m in marks.values()} == {(answer["version"], DEVICE)}, op.entity
    assert rows["person"][ids["a"]].version == results[5]["version"]
    assert feed[("person", ids["a"])] == results[5]["version"]
    assert rows["person"][ids["c"]].full_name == "Lò Văn Pao"  # stored in NFC
    assert set(rows["collection"]) == {ids["r1"], ids["r3"]}
    assert ids["bad"] not in rows["person"] and ids["away"] not in rows["person"]
    assert rows["household"][ids["h"]].collector == "thu.deferred"
    # Every answer is stored as it was given: a retry gets the same versions back.
    for op, answer in zip(ops, results, strict=True):
        assert json.loads(stored[op.op_id]) == answer
    again = push(engine, user, ops, before=True)
    assert [r["status"] for r in again] == ["duplicate"] * len(ops)
    assert [r.get("version") for r in again] == [r.get("version") for r in results]


def test_checks_before_the_lock_answer_as_checks_under_it(server_engine: Any, tmp_path: Path):
    """A collector's household for someone else is out of scope before its values are
    looked at; an invalid value is found either way; unknown fields come first."""
    engine = server_engine
    user, household = collector_with_household(engine, tmp_path, "thu.deferred", "HGD0000002")
    planned: list[tuple[str, str, str, dict[str, Any]]] = [
        ("household", "create", "x", {"collector": "someone.else", "phone": "12"}),
        ("household", "create", "y", {"phone": "12"}),
        ("person", "create", "z", {"household_id": household, "nickname": "Mai"}),
        ("collection", "teleport", "w", {}),
    ]
    ids = {key: str(uuid.uuid4()) for key in "xyzw"}
    expected = [
        ("rejected", "out_of_scope"),
        ("rejected", "invalid_value"),
        ("rejected", "unknown_fields"),
        ("rejected", "unknown_kind"),
    ]
    seen = []
    for first, before in ((1, True), (len(planned) + 1, False)):
        ids = {key: str(uuid.uuid4()) for key in ids}
        results = push(engine, user, ops_of(planned, ids, first), before=before)
        seen.append([(r["status"], r["error"]["code"]) for r in results])
        assert seen[-1] == expected
    assert seen[0] == seen[1]
