"""Issue 11, C3: one op_id used for two different changes in one batch.

The server used to answer the second op "duplicate" and never write its record (and a
resend got 409 device_reset). Such a batch is malformed: 400 duplicate_op_id, nothing
applied, and the device goes on with a correct batch. The app never builds one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from helpers.server_api import Client, applied, op, table_counts
from helpers.server_harness import ServerProcess
from helpers.sync_helpers import seed_server
from vss_core.enums import BhytStatus, Outcome, Relation, ResultKind
from vss_desktop.store import Store, outbox, services
from vss_desktop.store.models import OutboxOp


def person_create(household_id: str, name: str) -> dict:
    fields = {"household_id": household_id, "full_name": name}
    return op("person", "create", str(uuid.uuid4()), fields)


def test_a_batch_repeating_an_op_id_is_refused_whole(server: ServerProcess, tmp_path: Path) -> None:
    seed_server(server, tmp_path, households=2)
    client = Client.login(server, "thu.lt", "device-dup-00001")
    changes, _ = client.pull_all()
    hid = next(c["id"] for c in changes if c["entity"] == "household")
    before = table_counts(server)
    shared = str(uuid.uuid4())
    batch = [
        {"op_id": shared, "seq": 1} | person_create(hid, "Lò Thị Mai"),
        {"op_id": str(uuid.uuid4()), "seq": 2} | person_create(hid, "Lò Văn Pao"),
        {"op_id": shared, "seq": 3} | person_create(hid, "Giàng A Pao"),
    ]
    answer = client.push_raw(batch)
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["code"] == "duplicate_op_id"
    assert "Mai" not in error["message"] and shared not in error["message"]
    assert table_counts(server) == before  # nothing applied, no answer stored

    # Sent again, the same batch gets the same clear answer (not device_reset).
    assert client.push_raw(batch).json()["error"]["code"] == "duplicate_op_id"
    # The device goes on from the same seq with a correct batch.
    applied(client.push(person_create(hid, "Lò Thị Mai"), person_create(hid, "Giàng A Pao")))


def make_many_changes(store: Store) -> None:
    for n in range(3):
        household = services.create_household(
            store,
            {"head_name": f"Hộ {n}", "village": "Bản Pha Long"},
            head={"sex": "F", "date_of_birth": date(1980, 1, 2), "bhyt_status": BhytStatus.NONE},
        )
        child = services.create_person(
            store, household.id, {"full_name": f"Con {n}", "relation": Relation.CHILD}
        )
        services.update_person(store, child.id, {"phone": "0981234567"})
        services.record_visit(
            store,
            household.id,
            {
                "visited_at": datetime.now(UTC),
                "outcome": Outcome.RENEWED,
                "amount_collected": 105_300,
                "receipt_number": f"BL-{n}",
            },
            [{"person_id": child.id, "kind": ResultKind.BHYT_RENEWED, "amount": 105_300}],
        )
        services.delete_person(store, child.id)


@pytest.mark.parametrize("batch_size", [1, 4, 500])
def test_outbox_batches_never_repeat_an_op_id(store: Store, batch_size: int) -> None:
    make_many_changes(store)
    with store.read() as session:
        ops = outbox.pending_ops(session, limit=500)
        assert len(ops) >= 20
        for start in range(0, len(ops), batch_size):
            batch = outbox.pending_ops(session, limit=batch_size + start)[start:]
            op_ids = [o.op_id for o in batch]
            assert len(set(op_ids)) == len(op_ids)
    assert len({o.op_id for o in ops}) == len(ops)


def test_the_outbox_refuses_a_second_op_with_one_op_id(store: Store) -> None:
    make_many_changes(store)
    with store.read() as session:
        taken = outbox.pending_ops(session, limit=1)[0].op_id
    with pytest.raises(sa.exc.IntegrityError), store.write() as session:
        session.add(OutboxOp(op_id=taken, entity="household", entity_id="x", kind="update"))
        session.flush()
    with store.read() as session:
        rows = session.execute(sa.select(OutboxOp.op_id).where(OutboxOp.op_id == taken)).all()
    assert len(rows) == 1
