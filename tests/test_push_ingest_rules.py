"""The push's fast path (vss_server/push.py) gives the answers and rows of the careful one.

On PostgreSQL a batch first applies its creates without a savepoint each, and inserts a
created record with its feed entry in one statement; a visit's results are added up from
what the batch read. Here one batch mixes what those shortcuts must get right: a create
the database refuses (the batch starts again, one savepoint per op), an update of a
record created earlier in the batch, results checked against their visit before and
after one of them is deleted. Run on SQLite and PostgreSQL, with the same answers.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from helpers.push_batches import collector_with_household, visit_rows
from vss_core.records import FIELDS_BY_ENTITY
from vss_server import db as server_db
from vss_server.push import Op, push_batch

DEVICE = "device-ingest-rules"
REFUSED_NAME = "Refused By The Database"


def refuse_a_name(engine: sa.Engine) -> None:
    """A constraint the push's checks do not know: the database refuses this name."""
    with engine.begin() as conn:
        if server_db.is_postgres(engine):
            conn.exec_driver_sql(
                f"ALTER TABLE person ADD CONSTRAINT refuse_test CHECK (full_name <> '{REFUSED_NAME}')"
            )
        else:
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse_test BEFORE INSERT ON person"
                f" WHEN NEW.full_name = '{REFUSED_NAME}'"
                " BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )


def test_one_batch_of_creates_updates_refusals_and_results(server_engine: Any, tmp_path: Path):
    engine = server_engine
    refuse_a_name(engine)
    user, household = collector_with_household(engine, tmp_path, "thu.ingest", "HGD0000001")
    ids = {name: str(uuid.uuid4()) for name in ("a", "b", "c", "v", "r1", "r2", "r3")}
    person, visit, result = visit_rows(household, ids["v"], "BL-0001")

    planned = [
        ("person", "create", "a", person),
        ("person", "create", "b", person | {"full_name": REFUSED_NAME}),
        ("person", "create", "c", person | {"full_name": "Lò Văn Pao"}),
        ("person", "update", "a", {"full_name": "Lò Thị Mai Anh"}),
        ("visit", "create", "v", visit),
        ("collection", "create", "r1", result(60)),
        ("collection", "create", "r2", result(50)),  # 60 + 50 > 100
        ("collection", "delete", "r1", {}),
        ("collection", "create", "r3", result(50)),  # r1 is gone: 50 <= 100
    ]
    ops = [
        Op(str(uuid.uuid4()), seq, entity, ids[key], kind, None, dict(fields))
        for seq, (entity, kind, key, fields) in enumerate(planned, start=1)
    ]
    with server_db.write_session(engine) as session:
        outcome = push_batch(session, user, DEVICE, ops)

    answers = [(r["status"], r.get("error", {}).get("code")) for r in outcome.results]
    assert answers == [
        ("applied", None),
        ("rejected", "integrity"),
        ("applied", None),
        ("applied", None),
        ("applied", None),
        ("applied", None),
        ("rejected", "results_exceed_visit"),
        ("applied", None),
        ("applied", None),
    ]
    assert outcome.applied_through_seq == len(ops)

    with engine.connect() as conn:
        persons = {r.id: r for r in conn.execute(sa.text("SELECT * FROM person"))}
        feed = conn.execute(
            sa.text("SELECT entity, entity_id, seq FROM change_feed WHERE audience IS NULL")
        ).all()
        answered = conn.execute(sa.text("SELECT count(*) FROM applied_op")).scalar_one()
        audited = (
            conn.execute(sa.text("SELECT op_id FROM audit_entry WHERE op_id IS NOT NULL"))
            .scalars()
            .all()
        )
        results = {r.id: r for r in conn.execute(sa.text("SELECT * FROM collection"))}
    assert set(persons) == {ids["a"], ids["c"]}
    assert persons[ids["a"]].full_name == "Lò Thị Mai Anh"
    # One feed entry per record, at the record's version (an update moved a's).
    entries = {(e, i): seq for e, i, seq in feed}
    assert len(entries) == len(feed)
    for key in ("a", "c"):
        assert entries[("person", ids[key])] == persons[ids[key]].version
    assert entries[("person", ids["a"])] > entries[("person", ids["c"])]
    # A created record's fields are marked at its first version by this device.
    created = persons[ids["c"]]
    marks = json.loads(created.field_versions)
    assert set(marks) == set(FIELDS_BY_ENTITY["person"].model_fields)  # defaults too
    assert all(mark == [created.version, DEVICE] for mark in marks.values())
    assert set(results) == {ids["r1"], ids["r3"]}
    assert results[ids["r1"]].deleted and not results[ids["r3"]].deleted
    assert answered == len(ops)  # rejected ops are answered too
    applied_ops = {
        op.op_id for op, r in zip(ops, outcome.results, strict=True) if r["status"] == "applied"
    }
    assert set(audited) == applied_ops
