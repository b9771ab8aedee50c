"""Compact push answers: plain answers as runs of seqs, the rest whole (docs/sync-protocol.md)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import requests

from helpers.server_harness import ServerProcess
from helpers.sync_helpers import api_login, seed_server, server_rows
from vss_desktop.sync.apply import push_answers
from vss_server.compact_answers import compact

REJECTED = {"op_id": "b", "status": "rejected", "error": {"code": "deleted", "message": "x"}}


def test_plain_answers_become_runs_and_the_rest_stays_whole() -> None:
    results = [
        {"op_id": "a", "status": "applied", "version": 7},
        REJECTED,
        {"op_id": "c", "status": "applied", "version": 9},
        {"op_id": "d", "status": "applied", "version": 10},
        {"op_id": "e", "status": "duplicate", "version": 3},
        {"op_id": "f", "status": "conflict", "conflict": {"phone": {"server": "1", "client": "2"}}},
        {"op_id": "g", "status": "applied", "version": 11},
    ]
    listed, runs = compact(results, [11, 12, 13, 14, 15, 16, 18])
    assert listed == [REJECTED, results[5]]
    assert runs == {"applied": [[11, 11], [13, 14], [18, 18]], "duplicate": [[15, 15]]}
    with pytest.raises(ValueError):
        compact(results, [1, 2])


def test_the_app_turns_runs_back_into_answers_and_ignores_what_it_did_not_send() -> None:
    op_ids = {5: "e", 6: "f", 7: "g", 9: "i"}
    answer = {
        "results": [{"op_id": "f", "status": "conflict", "conflict": {}}, "not an answer"],
        "seq_runs": {
            "applied": [[1, 5], [7, 10**15]],  # reaches beyond the batch both ways
            "duplicate": [[9, "x"], [6]],  # malformed runs add nothing
            "teleported": [[6, 6]],  # a status the app does not know
        },
    }
    assert push_answers(answer, op_ids) == [
        {"op_id": "f", "status": "conflict", "conflict": {}},
        {"op_id": "e", "status": "applied"},
        {"op_id": "g", "status": "applied"},
        {"op_id": "i", "status": "applied"},
    ]
    assert push_answers({"seq_runs": "nonsense"}, op_ids) == []
    # A server that predates compact answers answers every op in full: taken as it is.
    full = [{"op_id": op_id, "status": "applied", "version": 3} for op_id in op_ids.values()]
    assert push_answers({"results": full, "applied_through_seq": 9}, op_ids) == full


@pytest.mark.slow
def test_server_answers_in_runs_and_repeats_them_as_duplicates(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed_server(server, tmp_path, households=2)
    mine = next(r for r in server_rows(server, "household") if r["collector"] == "thu.lt")
    device = "compact-answers-device"
    auth = api_login(server, "thu.lt", device)

    def person_create(seq: int, **fields: object) -> dict[str, object]:
        return {
            "op_id": f"c0000000-0000-4000-8000-{seq:012d}",
            "seq": seq,
            "entity": "person",
            "entity_id": f"d0000000-0000-4000-8000-{seq:012d}",
            "kind": "create",
            "fields": {"household_id": mine["id"], "full_name": "Lò Thị Mai"} | fields,
        }

    ops = [person_create(1), person_create(2, cccd="123"), person_create(3), person_create(4)]
    body = gzip.compress(
        json.dumps({"device_id": device, "ops": ops, "answers": "compact"}).encode()
    )
    headers = auth | {"Content-Encoding": "gzip", "Content-Type": "application/json"}

    def push() -> dict[str, object]:
        answer = requests.post(
            server.url + "/api/v1/sync/push", headers=headers, data=body, timeout=30
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    first = push()
    assert first["seq_runs"] == {"applied": [[1, 1], [3, 4]]}
    [rejected] = first["results"]
    assert (rejected["op_id"], rejected["status"], rejected["error"]["code"]) == (
        ops[1]["op_id"],
        "rejected",
        "invalid_value",
    )
    assert first["applied_through_seq"] == 4
    assert len(server_rows(server, "person")) == 3

    again = push()  # the same batch, as after a lost answer: nothing applies twice
    assert again["seq_runs"] == {"duplicate": [[1, 1], [3, 4]]}
    [repeated] = again["results"]
    assert (repeated["status"], repeated["error"]["code"]) == ("duplicate", "invalid_value")
    assert len(server_rows(server, "person")) == 3

    full = requests.post(  # without the option the answers stay one per op
        server.url + "/api/v1/sync/push",
        headers=auth,
        json={"device_id": device, "ops": ops},
        timeout=30,
    ).json()
    assert [r["op_id"] for r in full["results"]] == [op["op_id"] for op in ops]
    assert "seq_runs" not in full
