"""Fuzz the real server (SQLite and PostgreSQL) from its own OpenAPI document.

Schemathesis generates valid and invalid requests for every operation in the
document and checks each answer: never a 5xx, status, headers and body as
documented, invalid input refused, valid input not refused for its form. Push
gets a second, deeper round: batches of ops built from the real entity and
field names and the ids of real records, which reach the per-op rules the
schema alone cannot express. After every push, a refused batch must have
written nothing, and at the end the database must hold no half-applied op.

The run is derandomized (the same cases every run, so a failure replays);
VSS_FUZZ_EXAMPLES raises the number of cases per operation and mode.
"""

from __future__ import annotations

import os
import secrets
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode

from helpers.fuzzing import hypothesis_settings
from helpers.server_api import (
    API,
    World,
    assert_server_consistent,
    build_world,
    db_rows,
    table_counts,
)
from helpers.server_harness import POSTGRES_ENV, ServerProcess, postgres_database
from helpers.sync_helpers import server_engine
from vss_core.records import FIELDS_BY_ENTITY
from vss_server.models import DeviceToken, UserAccount
from vss_server.security import token_hash

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("VSS_FUZZ_EXAMPLES", "20"))
MIN_CASES = 8 * EXAMPLES  # at least half of 8 operations x 2 modes x EXAMPLES
# Statuses that mean "refused, with a reason", beyond what schemathesis expects by default:
# 410 (a well-formed cursor this server never made) and 413 (a batch over the op limit).
SETTINGS = {
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "401", "403", "404", "409", "410", "429"]
        },
        "negative_data_rejection": {
            "expected-statuses": ["400", "401", "403", "404", "409", "410", "413", "422", "429"]
        },
    }
}
# Tokens are minted straight into the database: logging in costs a password check,
# and logout and rotate-device each spend the token they are called with.
SPENT_BY_CALL = {f"{API}/auth/logout", f"{API}/auth/rotate-device"}


def distinct_op_ids(ops: list[Any]) -> None:
    """One op id twice in a batch is refused whole (400 duplicate_op_id, a rule JSON
    Schema cannot state): a schema-valid batch gets distinct ids, still within 36 chars."""
    seen: set[str] = set()
    for n, op in enumerate(ops):
        if isinstance(op, dict) and isinstance(op.get("op_id"), str):
            if op["op_id"] in seen:
                op["op_id"] = f"{op['op_id'][:28]}~{n:07d}"
            seen.add(op["op_id"])


@pytest.fixture(params=["sqlite", "postgres"])
def fuzz_server(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ServerProcess]:
    """The real server, with the per-address login limit low enough that fuzzed logins
    soon meet the 429 path instead of each paying for a password check."""
    monkeypatch.setenv("VSS_SERVER_LOGIN_FREE_PER_ADDRESS", "3")
    if request.param == "postgres":
        if not os.environ.get(POSTGRES_ENV):
            pytest.skip(f"{POSTGRES_ENV} not set")
        with postgres_database() as url:
            proc = ServerProcess(tmp_path / "server", database_url=url).start()
            yield proc
            proc.stop()
    else:
        proc = ServerProcess(tmp_path / "server").start()
        yield proc
        proc.stop()


def mint_tokens(server: ServerProcess, username: str, device_id: str, count: int) -> list[str]:
    engine = server_engine(server)
    tokens = [secrets.token_urlsafe(32) for _ in range(count)]
    try:
        # Read, then write: on SQLite the write lock is taken at the start, as the server's
        # own writers do, or the insert is refused at once while the server refreshes its
        # kept tables after the pushes just made.
        with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
            user_id = (
                conn.execute(UserAccount.__table__.select().where(UserAccount.username == username))
                .one()
                ._mapping["id"]
            )
            conn.execute(
                DeviceToken.__table__.insert(),
                [
                    {
                        "token_hash": token_hash(t),
                        "user_id": user_id,
                        "device_id": device_id,
                        "device_name": "",
                        "created_at": datetime.now(UTC),
                        "expires_at": datetime.now(UTC) + timedelta(days=1),
                    }
                    for t in tokens
                ],
            )
    finally:
        engine.dispose()
    return tokens


class PushWatch:
    """Around each push: a refused batch wrote nothing; an accepted one answered every op."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server

    def __call__(self, send: Any, body: Any) -> Any:
        before = table_counts(self.server)
        response = send()
        after = table_counts(self.server)
        if response.status_code != 200:
            assert after == before, (response.status_code, response.text[:300])
        elif isinstance(body, dict):
            answered = response.json()["results"]
            assert len(answered) == len(body["ops"])
            fresh = sum(r["status"] not in ("duplicate",) for r in answered)
            taken = sum(r.get("error", {}).get("code") == "op_id_taken" for r in answered)
            assert after["applied_op"] - before["applied_op"] == fresh - taken
        return response


def test_fuzz_every_operation_no_server_error_no_partial_write(
    fuzz_server: ServerProcess,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    record_property: Any,
) -> None:
    server = fuzz_server
    world = build_world(server, tmp_path)
    device = world.a.device_id
    spare = iter(mint_tokens(server, "thu.lt", device, 6 * EXAMPLES + 50))
    config = schemathesis.Config.from_dict(SETTINGS)
    schema = schemathesis.openapi.from_url(server.url + f"{API}/openapi.json", config=config)
    watch = PushWatch(server)
    cases: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    by_operation: Counter[str] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    def fuzz(operation: Any, mode: GenerationMode) -> None:
        path = operation.path

        @hypothesis_settings(EXAMPLES)
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            token = next(spare) if path in SPENT_BY_CALL else world.a.token
            headers = {"Authorization": f"Bearer {token}"}
            if operation.schema.is_security_param_negated(case):
                headers = {}  # this case is about the token left out: it must get 401
            cases[f"{operation.method.upper()} {path} {mode.value}"] += 1

            def send() -> Any:
                return case.call_and_validate(headers=headers, timeout=30)

            if path.endswith("/sync/push"):
                valid = mode is GenerationMode.POSITIVE and isinstance(case.body, dict)
                if valid and isinstance(case.body.get("ops"), list):
                    case.body["device_id"] = device  # past the device check, into the ops
                    distinct_op_ids(case.body["ops"])
                response = watch(send, case.body)
            else:
                response = send()
            statuses[response.status_code] += 1
            by_operation[f"{operation.method.upper()} {path} {response.status_code}"] += 1
            assert response.status_code < 500

        run()

    for operation in operations:
        fuzz(operation, GenerationMode.POSITIVE)
        takes_input = any(
            len(p) for p in (operation.path_parameters, operation.query, operation.body)
        )
        if takes_input:  # an operation without parameters or body has nothing to get wrong
            fuzz(operation, GenerationMode.NEGATIVE)

    deep = fuzz_push_ops(world, schema, watch)
    total = sum(cases.values())
    summary = (
        f"schemathesis: {total} cases over {len(operations)} operations "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(cases.items()))}); "
        f"push ops round: {deep} batches; statuses {dict(sorted(statuses.items()))}; "
        f"server errors: {sum(v for k, v in statuses.items() if k >= 500)}; "
        f"by operation and status: {dict(sorted(by_operation.items()))}"
    )
    with capsys.disabled():  # shown in every run's output, not only when the test fails
        print(f"\n{summary}")
    record_property("fuzz_cases", total)
    assert total >= MIN_CASES
    assert all(k < 500 for k in statuses)
    assert {k.rsplit(" ", 1)[0] for k in cases} == {
        f"{o.method.upper()} {o.path}" for o in operations
    }
    counts = assert_server_consistent(server)
    assert counts["applied_op"] > 0  # the fuzzing really wrote through push
    log_text = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log_text
    assert [v for v in world.personal if v in log_text] == []


# --- the deeper push round --------------------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),  # requests cannot send NaN
    st.text(max_size=30),
    st.sampled_from(
        ["", "2026-11-20", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00", "0981234567"]
    ),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def op_strategy(world: World) -> st.SearchStrategy[dict[str, Any]]:
    known = [i for ids in world.ids.values() for i in ids.values()]
    ids = st.one_of(st.sampled_from(known), st.uuids().map(str), st.text(min_size=1, max_size=36))
    names = sorted({n for model in FIELDS_BY_ENTITY.values() for n in model.model_fields})
    taken = [o["op_id"] for o in world.a.sent + world.b.sent]  # duplicates, and B's op ids

    @st.composite
    def one(draw: st.DrawFn) -> dict[str, Any]:
        entity = draw(st.sampled_from([*FIELDS_BY_ENTITY, "spaceship"]))
        own = list(FIELDS_BY_ENTITY.get(entity, FIELDS_BY_ENTITY["household"]).model_fields)
        keys = draw(
            st.lists(
                st.sampled_from(own) | st.sampled_from(names) | st.text(max_size=8), max_size=6
            )
        )
        fields = {}
        for key in keys:
            if key.endswith("_id") or key == "collector":
                fields[key] = draw(ids | st.sampled_from(["thu.lt", "nam.vh", ""]))
            else:
                fields[key] = draw(JSON_VALUES)
        return {
            "op_id": draw(st.uuids().map(str) | st.sampled_from(taken)),
            "entity": entity,
            "entity_id": draw(ids),
            "kind": draw(st.sampled_from(["create", "update", "delete", "merge"])),
            "base_version": draw(st.none() | st.integers(min_value=0, max_value=10**6)),
            "fields": fields,
        }

    return one()


def fuzz_push_ops(world: World, schema: Any, watch: PushWatch) -> int:
    """Batches of plausible ops from collector A, each checked like a schemathesis case."""
    operation = schema[f"{API}/sync/push"]["POST"]
    client = world.a
    devices = {d["device_id"]: d for d in db_rows(client.server, "device")}
    client.seq = devices[client.device_id]["last_seq"]  # the schemathesis round may have pushed
    batches = 0

    @hypothesis_settings(EXAMPLES * 2)
    @given(ops=st.lists(op_strategy(world), min_size=1, max_size=5))
    def run(ops: list[dict[str, Any]]) -> None:
        nonlocal batches
        wire = []
        for o in ops:
            client.seq += 1
            wire.append({"seq": client.seq} | o)
        body = {"device_id": client.device_id, "ops": wire}
        response = watch(
            lambda: requests.post(
                client.server.url + f"{API}/sync/push",
                headers=client.headers,
                json=body,
                timeout=30,
            ),
            body,
        )
        operation.validate_response(response)
        if response.status_code == 422:  # text no database can store, in an op's own strings
            client.seq -= len(wire)
            return
        if response.status_code == 400:  # one op_id twice in the batch (ops draw taken ids)
            assert response.json()["error"]["code"] == "duplicate_op_id", response.text[:300]
            client.seq -= len(wire)
            return
        assert response.status_code == 200, response.text[:500]
        batches += 1

    run()
    return batches
