"""Applying a batch of pushed operations: idempotent, one savepoint per op.

Every processed op is recorded in ``applied_op`` with its answer, in the same
transaction as the data change it made, so a batch retried after a lost
response applies nothing twice and gets the same answers back.

Cost per op is what limits ingest, so a batch reads once what its ops need (their
stored answers, their records, the households that scope them) and each op's
savepoint holds only its data writes: the feed entry and the record (plus conflicts
and reassignments when there are some). The answers and audit lines of the ops whose
savepoint was released are written together at the end, in the same transaction: a
rejected op leaves nothing, and a batch commits its changes, answers and audit lines
together or not at all.

On PostgreSQL, where each statement is a network round trip, a create writes once,
after all its checks, so it needs no savepoint of its own (the batch takes one to start
again from, one savepoint per op, if the database ever refuses such a write). Creates
are not written one by one: a run of them waits in ``Batch.pending`` and goes in a few
statements (``Batch.flush``: seqs for their feed entries drawn in op order, then the
entries and the records, one COPY per table: vss_server.bulk_insert) before anything
that could see them: the next update or delete, any read, the end of the batch. So a
batch of 100 creates costs about 17 statements (four to six of them COPY), not 110.
Other ops release the previous op's savepoint in the round trip that takes theirs
(``RELEASE SAVEPOINT ...; SAVEPOINT ...``). A visit's results are added up from what the
batch read, not queried per result.

The checks that read no database (check_fields: entity, kind, text, field names, a
create's values) run before the route's session takes the feed lock, so the lock is
held for what needs the database; what they find is raised where the op's own checks
would have found it, so the answers do not change.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pydantic
import sqlalchemy as sa
from sqlmodel import Session

from vss_core import plausibility, wire
from vss_core import validation as checks
from vss_core.batching import chunks
from vss_core.clock import utcnow
from vss_core.identifiers import Problem
from vss_core.records import CHILD_ENTITIES, FIELDS_BY_ENTITY
from vss_core.tables import table_of
from vss_server import feed
from vss_server.bulk_insert import insert_rows
from vss_server.inputs import safe_name, unstorable_paths
from vss_server.models import (
    RECORDS,
    AppliedOp,
    AuditEntry,
    Conflict,
    Device,
    ServerRecord,
    UserAccount,
)

MERGED_ENTITIES = ("household", "person")  # field-level merge; visits/collections have one author
# The shared domain checks; "today" is the latest calendar day on earth (a laptop in
# Vietnam may be a day ahead of the server's UTC date), "now" the server's clock.
DOMAIN_CHECKS = {
    "household": lambda v: checks.check_household(v),
    "person": lambda v: checks.check_person(v, today=plausibility.latest_today()),
    "visit": lambda v: checks.check_visit(v, [], now=datetime.now(UTC)),
    "collection": lambda v: checks.check_result(v),
    "event": lambda v: checks.check_event(v, now=datetime.now(UTC)),
}
# Changing a visit's time moves the range its follow-up and promised dates must fit in.
DEPENDENT_FIELDS = {"visited_at": ("follow_up_date", "promised_date")}
VISIT_LINKS = frozenset({"event_id", "referred_by"})  # a visit's links, checked as the pusher's
NO_HOUSEHOLD = ""  # the feed's household id of an event (it belongs to no household)
TABLES: dict[str, sa.Table] = {e: table_of(m) for e, m in RECORDS.items()}
FIELD_NAMES = {entity: tuple(FIELDS_BY_ENTITY[entity].model_fields) for entity in RECORDS}
APPLIED = table_of(AppliedOp)
AUDIT = table_of(AuditEntry)
CONFLICTS = table_of(Conflict)
DEVICES = table_of(Device)
USERS = table_of(UserAccount)
SAVEPOINT = "push_op"  # the savepoint of the op being applied
BATCH_SAVEPOINT = "push_batch"  # the batch's, to start again op by op (PostgreSQL)
# What the database may refuse of an op that passed its checks: the op is rejected.
REFUSED = (sa.exc.IntegrityError, sa.exc.DataError, OverflowError)
# A created record's references, read with the batch: (field, entity it names).
REFERENCES = (
    ("household_id", "household"),
    ("visit_id", "visit"),
    ("person_id", "person"),
    ("event_id", "event"),
    ("referred_by", "person"),
)
Row = dict[str, Any]
# PostgreSQL plans the batch's reads for the ids they name (see push_batch): a plan
# psycopg's prepared statement cached while a table was small (a new server's first
# pushes) scans the whole table once it has grown, until autovacuum analyses it.
CUSTOM_PLANS = "SET LOCAL plan_cache_mode = force_custom_plan"
# New feed seqs for the pending creates, drawn in one statement (Batch.flush). From
# there on the batch only writes: its inserts keep their cached plans (planning each of
# them again would cost more than the reads' plans save).
NEXT_SEQS = sa.text(
    "WITH plans AS (SELECT set_config('plan_cache_mode', 'auto', true))"
    " SELECT nextval(pg_get_serial_sequence('change_feed', 'seq'))"
    " FROM plans, generate_series(1, :n)"
)
# Parents before children: the order pending creates are inserted in (foreign keys).
INSERT_ORDER = ("event", "household", "person", "visit", "collection")


class BatchRefused(Exception):
    """The whole batch is refused (409, or 400 for a malformed batch): nothing in it was
    applied."""

    def __init__(self, code: str, message: str, status: int = 409, **extra: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.status, self.extra = code, message, status, extra


class _DatabaseRefused(Exception):
    """The database refused a create applied without its own savepoint: the transaction
    is in error, so the batch is applied again from its savepoint, one savepoint per op."""


class OpRejected(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message

    def again(self) -> OpRejected:
        """The same refusal, raised anew (a batch may apply its ops twice)."""
        return OpRejected(self.code, self.message)


@dataclass
class Op:
    op_id: str
    seq: int
    entity: str
    entity_id: str
    kind: str
    base_version: int | None
    fields: dict[str, Any]


@dataclass
class PushOutcome:
    results: list[dict[str, Any]] = field(default_factory=list)
    applied_through_seq: int = 0


@dataclass(frozen=True)
class StoredAnswer:
    """An op the server processed before (or earlier in this batch), with its answer."""

    user_id: int
    device_id: str
    seq: int
    result: str  # JSON


def record_fields(record: ServerRecord, entity: str) -> dict[str, Any]:
    return {name: wire.encode_value(getattr(record, name)) for name in FIELD_NAMES[entity]}


def check_op_ids(ops: list[Op]) -> None:
    """One op id names one change: a batch repeating one is malformed (400), because the
    second op would be answered "duplicate" and its record never written."""
    repeated = [op_id for op_id, n in Counter(op.op_id for op in ops).items() if n > 1]
    if repeated:
        raise BatchRefused(
            "duplicate_op_id",
            f"{len(repeated)} op_id(s) used more than once in this batch; nothing was applied",
            status=400,
        )


def push_batch(
    session: Session,
    user: UserAccount,
    device_id: str,
    ops: list[Op],
    checked: dict[str, FieldCheck] | None = None,
) -> PushOutcome:
    """Apply ``ops``; ``checked``: check_all_fields(user, ops), done before the session
    took the feed lock (else the ops are checked as they are applied)."""
    check_op_ids(ops)
    checked = {} if checked is None else checked
    conn = session.connection()
    # PostgreSQL: first without a savepoint per create (see Batch.apply); if the database
    # refuses one of them, the batch starts again from its own savepoint, one per op.
    optimistic = conn.dialect.name == "postgresql"
    if optimistic:  # the reads' plans (CUSTOM_PLANS) and the batch's savepoint: one round trip
        conn.exec_driver_sql(f"{CUSTOM_PLANS}; SAVEPOINT {BATCH_SAVEPOINT}")
    device = conn.execute(
        sa.select(DEVICES.c.user_id, DEVICES.c.last_seq).where(DEVICES.c.device_id == device_id)
    ).first()
    if device is not None and device.user_id != user.id:
        # Another account's device id (a laptop handed over, or a forged id): its history
        # is not this account's to continue, nor its last seq to learn. The app answers
        # device_reset by going on under a new random device id; nothing is lost.
        raise BatchRefused(
            "device_reset", "this device id belongs to another account; register a new one"
        )
    last_seq = device.last_seq if device is not None else 0
    answers = _stored_answers(conn, [op.op_id for op in ops])
    _check_sequence(device_id, last_seq, ops, answers)
    if optimistic:
        try:
            batch, outcome, processed = _apply_ops(
                conn, user, device_id, ops, answers, checked, True
            )
        except _DatabaseRefused:
            conn.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {BATCH_SAVEPOINT}")
            optimistic = False
    if not optimistic:
        batch, outcome, processed = _apply_ops(conn, user, device_id, ops, answers, checked, False)
    last_seq = max([last_seq, *(op.seq for op in ops)])
    # One statement each for the whole batch, in its transaction (see the module's doc).
    if processed:
        insert_rows(conn, APPLIED, processed)
    if batch.audit_rows:
        insert_rows(conn, AUDIT, batch.audit_rows)
    if device is None:
        conn.execute(
            DEVICES.insert(),
            {"device_id": device_id, "user_id": user.id or 0, "last_seq": last_seq},
        )
    elif last_seq != device.last_seq:
        conn.execute(
            DEVICES.update().where(DEVICES.c.device_id == device_id).values(last_seq=last_seq)
        )
    outcome.applied_through_seq = last_seq
    return outcome


def _apply_ops(
    conn: sa.Connection,
    user: UserAccount,
    device_id: str,
    ops: list[Op],
    answers: dict[str, StoredAnswer],
    checked: dict[str, FieldCheck],
    optimistic: bool,
) -> tuple[Batch, PushOutcome, list[Row]]:
    """Apply a checked batch: each op's answer, and the ``applied_op`` rows to write.
    ``optimistic``: see Batch.apply (raises _DatabaseRefused; the caller starts again)."""
    batch = Batch(conn, user, device_id, checked, optimistic=optimistic)
    batch.read_records([op for op in ops if op.op_id not in answers])
    outcome = PushOutcome()
    processed: list[Row] = []
    for op in ops:
        known = answers.get(op.op_id)
        if known is not None and known.user_id != user.id:
            # Another account's op id: its stored answer is not this caller's to read.
            # Not recorded (the id is taken); a retry gets the same answer again.
            outcome.results.append(
                {
                    "op_id": op.op_id,
                    "status": "rejected",
                    "error": {"code": "op_id_taken", "message": "this operation id is taken"},
                }
            )
            continue
        if known is not None:
            outcome.results.append(json.loads(known.result) | {"status": "duplicate"})
            continue
        answer = batch.apply(op)
        processed.append(
            {
                "op_id": op.op_id,
                "device_id": device_id,
                "seq": op.seq,
                "user_id": user.id or 0,
                "entity": op.entity[:16],
                "entity_id": op.entity_id[:36],
                "status": answer["status"],
                "result": answer,  # made JSON below, once deferred creates have versions
                "applied_at": utcnow(),
            }
        )
        outcome.results.append(answer)
    batch.finish()
    for row in processed:
        row["result"] = json.dumps(row["result"], ensure_ascii=False)
    return batch, outcome, processed


def _stored_answers(conn: sa.Connection, op_ids: list[str]) -> dict[str, StoredAnswer]:
    found: dict[str, StoredAnswer] = {}
    columns = (APPLIED.c.op_id, APPLIED.c.user_id, APPLIED.c.device_id, APPLIED.c.seq)
    for chunk in chunks(sorted(set(op_ids))):
        query = sa.select(*columns, APPLIED.c.result).where(APPLIED.c.op_id.in_(chunk))
        for row in conn.execute(query):
            found[row.op_id] = StoredAnswer(row.user_id, row.device_id, row.seq, row.result)
    return found


def _check_sequence(
    device_id: str, last_seq: int, ops: list[Op], answers: dict[str, StoredAnswer]
) -> None:
    """Seq must rise by one from what this device last sent; else the batch is refused."""
    expected = last_seq + 1
    previous = None
    for op in ops:
        if previous is not None and op.seq <= previous:
            raise BatchRefused("bad_order", "ops must be sent in increasing seq order")
        previous = op.seq
        if op.seq < expected:
            known = answers.get(op.op_id)
            if known is None or known.device_id != device_id or known.seq != op.seq:
                # An old seq with an op we never saw: the device's database was restored.
                raise BatchRefused(
                    "device_reset",
                    "this device's history does not match the server; register a new device id",
                    last_seq=last_seq,
                )
            continue
        if op.seq != expected:
            raise BatchRefused(
                "seq_gap", "operations are missing before this batch", expected_seq=expected
            )
        expected += 1


@dataclass
class FieldCheck:
    """An op's checks that read no database, done before the batch takes the feed lock
    (check_fields): what they found is raised where the op's checks would have found it,
    so the answers are the same; the lock is held only for what needs the database."""

    shape: OpRejected | None = None  # entity, kind, text, field names: raised first
    data: dict[str, Any] | None = None  # a create's typed, checked values
    invalid: OpRejected | None = None  # or why they are not valid


def check_fields(user: UserAccount, op: Op) -> FieldCheck:
    """Check ``op`` as far as it can be without the database; puts its text in NFC."""
    if op.entity not in RECORDS:
        return FieldCheck(OpRejected("unknown_entity", f"unknown entity '{safe_name(op.entity)}'"))
    if op.kind not in ("create", "update", "delete"):
        kind = safe_name(op.kind)
        return FieldCheck(OpRejected("unknown_kind", f"unknown operation kind '{kind}'"))
    unstorable = unstorable_paths(op.fields)
    if unstorable:
        where = ", ".join(unstorable[:10])
        return FieldCheck(OpRejected("invalid_fields", f"text that cannot be stored at: {where}"))
    unknown = set(op.fields) - set(FIELD_NAMES[op.entity])
    if unknown:
        names = ", ".join(safe_name(n) for n in sorted(unknown)[:10])
        return FieldCheck(OpRejected("unknown_fields", f"unknown fields: {names}"))
    # Text is stored in NFC: a name typed with decomposed accents matches in searches.
    op.fields = checks.nfc_values(op.fields)
    if op.kind != "create":
        return FieldCheck()  # an update's values are checked merged with the record's
    values = dict(op.fields)
    # The collector a create is stored with (Batch._create refuses any other first).
    if op.entity == "event" or (op.entity == "household" and user.role != "supervisor"):
        values["collector"] = user.username
    try:
        return FieldCheck(data=_validated(op.entity, values))
    except OpRejected as rejected:
        return FieldCheck(invalid=rejected)


def check_all_fields(user: UserAccount, ops: list[Op]) -> dict[str, FieldCheck]:
    """check_fields for a batch, by op id: the route calls it before the feed lock."""
    return {op.op_id: check_fields(user, op) for op in ops}


def _validated(
    entity: str, values: dict[str, Any], changed: Iterable[str] | None = None
) -> dict[str, Any]:
    """The typed values of a record, or OpRejected naming the fields (never the values).

    ``changed``: on an update, the fields the op sets. A stored value outside today's
    plausible range (an older server's) does not block changes to the other fields.
    """
    not_whole = plausibility.not_whole_amounts(entity, values)
    if not_whole:
        raise OpRejected(
            "invalid_fields",
            f"a whole number of dong (a JSON integer) expected for: {', '.join(not_whole)}",
        )
    counts = plausibility.not_whole_counts(entity, values)
    if counts:
        raise OpRejected(
            "invalid_fields", f"a whole number (a JSON integer) expected for: {', '.join(counts)}"
        )
    model = FIELDS_BY_ENTITY[entity]
    try:
        parsed = model.model_validate(values)
    except pydantic.ValidationError as exc:
        names = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise OpRejected("invalid_fields", f"invalid values for: {', '.join(names)}") from exc
    data = {name: getattr(parsed, name) for name in FIELD_NAMES[entity]}
    unstorable = _unstorable_fields(entity, data)
    if unstorable:
        raise OpRejected("invalid_fields", f"values out of range for: {', '.join(unstorable)}")
    domain_check = DOMAIN_CHECKS.get(entity)
    if domain_check is not None:
        _raise_on_problems(domain_check(data), _checked_names(changed))
    return data


def _checked_names(changed: Iterable[str] | None) -> set[str] | None:
    if changed is None:
        return None
    names = set(changed)
    for name in list(names):
        names.update(DEPENDENT_FIELDS.get(name, ()))
    return names


def _raise_on_problems(problems: checks.Problems, changed: set[str] | None) -> None:
    """Values not accepted: "invalid_value"; only dates or amounts out of their plausible
    range: "out_of_range", with the ranges (never the values) in the message."""
    errors: dict[str, list[Problem]] = {}
    for name, items in problems.items():
        found = [p for p in items if p.severity == "error"]
        in_range_only = all(p.code in plausibility.RANGE_CODES for p in found)
        if found and (changed is None or name in changed or not in_range_only):
            errors[name] = found  # a stored out-of-range value the op leaves alone: ignored
    invalid = sorted(
        name
        for name, items in errors.items()
        if any(p.code not in plausibility.RANGE_CODES for p in items)
    )
    if invalid:
        raise OpRejected("invalid_value", f"values not accepted for: {', '.join(invalid)}")
    if errors:
        ranges = "; ".join(_range_text(name, items[0]) for name, items in sorted(errors.items()))
        raise OpRejected("out_of_range", f"values out of the plausible range: {ranges}")


def _range_text(name: str, problem: Problem) -> str:
    params = problem.params
    if problem.code == "amount.too_large":
        return f"{name} (at most {params.get('max')})"
    if problem.code == "date.future":
        return f"{name} (not in the future)"
    return f"{name} ({params.get('min')} to {params.get('max')})"


def _unstorable_fields(entity: str, data: dict[str, Any]) -> list[str]:
    """Fields whose valid-looking value the database column cannot hold.

    Integers beyond the column's size (PostgreSQL's INTEGER is 32 bits), times without
    a time zone (the server stores UTC and will not guess the device's zone).
    """
    columns = TABLES[entity].columns
    bad = []
    for name, value in data.items():
        if isinstance(value, int) and not isinstance(value, bool):
            bits = 64 if isinstance(columns[name].type, sa.BigInteger) else 32
            if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
                bad.append(name)
        elif isinstance(value, datetime) and value.tzinfo is None:
            bad.append(name)
    return sorted(bad)


def _field_versions(data: Iterable[str], version: int, device_id: str) -> str:
    """A new record's ``field_versions``: every field set at its first version."""
    return json.dumps({name: [version, device_id] for name in data})


def _field_versions_template(names: list[str], device_id: str) -> tuple[str, str]:
    """``_field_versions`` text with a marker where the version goes (the database puts
    the feed's seq there), and the marker: one that occurs nowhere else in the text."""
    marker = "#v#"
    while True:
        parts = [f"{json.dumps(name)}: [{marker}, {json.dumps(device_id)}]" for name in names]
        text = "{" + ", ".join(parts) + "}"
        if text.count(marker) == len(names):
            return text, marker
        marker += "#"


@functools.cache
def _insert_with_entry_statement(entity: str, columns: tuple[str, ...]) -> sa.Insert:
    """INSERT of a record whose version is the seq of its new feed entry, inserted by a
    CTE of the same statement (PostgreSQL); built once per entity and column set."""
    table = TABLES[entity]
    entry = (
        sa.insert(feed.FEED)
        .values(
            entity=sa.bindparam("feed_entity"),
            entity_id=sa.bindparam("feed_entity_id"),
            household_id=sa.bindparam("feed_household_id"),
        )
        .returning(feed.FEED.c.seq)
        .cte("new_entry")
    )
    template = sa.bindparam("fv_template", type_=sa.Text)
    marker = sa.bindparam("fv_marker", type_=sa.Text)
    source = sa.select(
        *(sa.bindparam(f"v_{name}", type_=table.c[name].type) for name in columns),
        entry.c.seq,
        sa.func.replace(template, marker, sa.cast(entry.c.seq, sa.Text)),
    ).select_from(entry)
    return (
        table.insert()
        .from_select([*columns, "version", "field_versions"], source)
        .returning(table.c.version)
        .add_cte(entry)
    )


@dataclass
class PendingCreate:
    """A create that passed every check, written later by Batch.flush with the creates
    next to it (PostgreSQL, optimistic mode): each statement is a round trip, so a run of
    creates costs a few statements instead of one each."""

    entity: str
    row: Row  # the record as the batch keeps it (version and field_versions filled in)
    household_id: str
    names: list[str]  # the fields marked at the first version
    answer: dict[str, Any] | None = None  # the op's answer, whose version flush fills in


class Batch:
    """The ops of one push applied on one connection, with the records they name.

    ``rows`` holds, per entity, the records read or written by this batch (None: not on
    the server). Only this transaction writes records while it holds the feed lock, so
    they stay true; after a savepoint rolls back writes, they are read again.
    """

    def __init__(
        self,
        conn: sa.Connection,
        user: UserAccount,
        device_id: str,
        checked: dict[str, FieldCheck],
        *,
        optimistic: bool = False,
    ) -> None:
        self.conn, self.user, self.device_id = conn, user, device_id
        self.checked = checked  # per op id, filled in as ops are applied if not before
        self.optimistic = optimistic
        self.rows: dict[str, dict[str, Row | None]] = {entity: {} for entity in RECORDS}
        # Per visit, its stored results not deleted (id: amount), kept like ``rows``.
        self.results: dict[str, dict[str, int]] = {}
        self.audit_rows: list[Row] = []
        self.wrote = False  # the current op wrote something its savepoint must undo
        # The last applied op's savepoint, not yet released: released with the next
        # op's SAVEPOINT in one round trip (PostgreSQL), or by release() at the end.
        self.held = False
        self.postgres = conn.dialect.name == "postgresql"
        # Checked creates not yet written (see PendingCreate): only in optimistic mode,
        # where a create has no savepoint of its own to keep its write apart.
        self.defer = optimistic and self.postgres
        self.pending: list[PendingCreate] = []
        self.deferred: PendingCreate | None = None  # the current op's, if it is pending

    # --- the records ------------------------------------------------------------------

    def read_records(self, ops: list[Op]) -> None:
        """Read, a few statements for the whole batch, every record the ops may need."""
        wanted: dict[str, set[str]] = {entity: set() for entity in RECORDS}
        for op in ops:
            if op.entity not in RECORDS:
                continue
            wanted[op.entity].add(op.entity_id)
            if op.kind == "create":
                for name, entity in REFERENCES:
                    value = op.fields.get(name)
                    if isinstance(value, str):
                        wanted[entity].add(value)
        self._read("event", wanted["event"])
        for entity in CHILD_ENTITIES:
            self._read(entity, wanted[entity])
            # The households that scope updates of existing records.
            wanted["household"].update(r["household_id"] for r in self.rows[entity].values() if r)
        self._read("household", wanted["household"])
        # The results of the visits whose totals the ops check (see _results_total).
        visits = {r["visit_id"] for r in self.rows["collection"].values() if r}
        visits |= {op.entity_id for op in ops if op.entity == "visit"}
        visits |= {
            op.fields["visit_id"]
            for op in ops
            if op.entity == "collection" and isinstance(op.fields.get("visit_id"), str)
        }
        self._read_results(visits)

    def _read_results(self, visit_ids: Iterable[str]) -> None:
        table = TABLES["collection"]
        missing = sorted(set(visit_ids) - set(self.results))
        if missing:
            self.flush()  # the database answers for the creates checked before this read
        for chunk in chunks(missing):
            query = sa.select(table.c.visit_id, table.c.id, table.c.amount).where(
                table.c.visit_id.in_(chunk), table.c.deleted == sa.false()
            )
            for row in self.conn.execute(query):
                self.results.setdefault(row.visit_id, {})[row.id] = row.amount or 0
        for visit_id in missing:
            self.results.setdefault(visit_id, {})

    def _read(self, entity: str, ids: Iterable[str]) -> None:
        known = self.rows[entity]
        table = TABLES[entity]
        missing = sorted(set(ids) - set(known))
        if missing:
            self.flush()
        for chunk in chunks(missing):
            for row in self.conn.execute(sa.select(table).where(table.c.id.in_(chunk))):
                known[row.id] = dict(row._mapping)
        for record_id in missing:
            known.setdefault(record_id, None)

    def record(self, entity: str, record_id: Any) -> Row | None:
        if not isinstance(record_id, str):
            return None
        if record_id not in self.rows[entity]:
            self._read(entity, [record_id])
        return self.rows[entity][record_id]

    # --- one op -------------------------------------------------------------------------

    def apply(self, op: Op) -> dict[str, Any]:
        """Apply one op in its own savepoint (a create in optimistic mode: none, see
        below); its answer (the op's own failure included)."""
        base = {"op_id": op.op_id}
        self.wrote = False
        if self.optimistic and op.kind == "create":
            # A create writes once, its last step, after every check: a rejected one
            # has written nothing, so it needs no savepoint of its own. Only the
            # database refusing that write puts the transaction in error; then the
            # caller applies the whole batch again, one savepoint per op.
            self.deferred = None
            try:
                answer, audit = self._apply(op)
            except OpRejected as rejected:
                if self.wrote:  # not so today; if it ever were, its write must go
                    raise _DatabaseRefused() from rejected
                return base | {
                    "status": "rejected",
                    "error": {"code": rejected.code, "message": rejected.message},
                }
            except REFUSED as refused:
                raise _DatabaseRefused() from refused
            self.audit_rows.append(audit)
            result = base | answer
            if self.deferred is not None:  # flush() writes it and fills in its version
                self.deferred.answer = result
            return result
        # This op may read or move what the creates before it wrote: written first.
        self.flush()
        # Plain statements with one fixed name (each op's savepoint is gone before the
        # next one starts): SQLAlchemy's begin_nested compiles a new name every time.
        if self.held:
            self._savepoint_sql(f"RELEASE SAVEPOINT {SAVEPOINT}", f"SAVEPOINT {SAVEPOINT}")
        else:
            self._savepoint_sql(f"SAVEPOINT {SAVEPOINT}")
        self.held = False
        try:
            answer, audit = self._apply(op)
        except OpRejected as rejected:
            self._roll_back()
            return base | {
                "status": "rejected",
                "error": {"code": rejected.code, "message": rejected.message},
            }
        except sa.exc.IntegrityError:
            self._roll_back()
            return base | {
                "status": "rejected",
                "error": {
                    "code": "integrity",
                    "message": "the change refers to records that do not exist",
                },
            }
        except (sa.exc.DataError, OverflowError):  # the rest of REFUSED
            # A value the database cannot store that the checks above let through (or a
            # time with no UTC form): the op is refused like any invalid value, and only
            # its savepoint is rolled back.
            self._roll_back()
            return base | {
                "status": "rejected",
                "error": {"code": "invalid_value", "message": "a value cannot be stored"},
            }
        self.held = True  # released before the next op's savepoint, or by release()
        self.audit_rows.append(audit)
        return base | answer

    def finish(self) -> None:
        """After the batch's last op: write the creates still pending, release the last
        savepoint."""
        self.flush()
        self.release()

    def flush(self) -> None:
        """Write the pending creates: their feed entries at new seqs in op order (the
        record's version), then their records, a few statements for all of them.

        The same rows and order as writing each create when it was checked: no op between
        them read or wrote the database (every read and every other op flushes first).
        Raises _DatabaseRefused if the database refuses any (the batch starts again).
        """
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        try:
            seqs = sorted(self.conn.execute(NEXT_SEQS, {"n": len(pending)}).scalars())
            entries: list[Row] = []
            records: dict[str, list[Row]] = {entity: [] for entity in INSERT_ORDER}
            for create, seq in zip(pending, seqs, strict=True):
                row = create.row
                row["version"] = seq
                row["field_versions"] = _field_versions(create.names, seq, self.device_id)
                if create.answer is not None:
                    create.answer["version"] = seq
                entries.append(
                    {
                        "seq": seq,
                        "entity": create.entity,
                        "entity_id": row["id"],
                        "household_id": create.household_id,
                        "audience": None,
                    }
                )
                records[create.entity].append(row)
            insert_rows(self.conn, feed.FEED, entries)
            # Parents before children, for the foreign keys (a visit and its results).
            for entity, rows in records.items():
                if rows:
                    insert_rows(self.conn, TABLES[entity], rows)
        except REFUSED as refused:
            raise _DatabaseRefused() from refused

    def release(self) -> None:
        """Release the last applied op's savepoint (its changes stay in the transaction)."""
        if self.held:
            self._savepoint_sql(f"RELEASE SAVEPOINT {SAVEPOINT}")
            self.held = False

    def _savepoint_sql(self, *statements: str) -> None:
        """Savepoint statements (no parameters): one round trip on PostgreSQL, whose
        simple query protocol takes several; sqlite3 takes one statement per call."""
        if self.postgres:
            self.conn.exec_driver_sql("; ".join(statements))
        else:
            for statement in statements:
                self.conn.exec_driver_sql(statement)

    def _roll_back(self) -> None:
        self._savepoint_sql(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}", f"RELEASE SAVEPOINT {SAVEPOINT}")
        if self.wrote:  # the rows kept here may hold what was just undone: read them again
            self.rows = {entity: {} for entity in RECORDS}
            self.results = {}

    def _apply(self, op: Op) -> tuple[dict[str, Any], Row]:
        checked = self.checked.get(op.op_id)
        if checked is None:
            checked = self.checked[op.op_id] = check_fields(self.user, op)
        if checked.shape is not None:
            raise checked.shape.again()
        record = self.record(op.entity, op.entity_id)
        if op.kind == "create":
            return self._create(op, record, checked)
        if record is None:
            raise OpRejected("unknown_record", "this record is not on the server")
        if op.entity == "event":
            household_id = NO_HOUSEHOLD
            self._event_in_scope(record)
        else:
            household_id = record["id"] if op.entity == "household" else record["household_id"]
            self._household_in_scope(household_id)
        if (
            op.entity not in MERGED_ENTITIES
            and record["created_by"] != self.user.username
            and self.user.role != "supervisor"
        ):
            raise OpRejected("not_author", "only the collector who recorded it can change it")
        if record["deleted"]:
            raise OpRejected("deleted", "this record was deleted on the server")
        if op.kind == "delete":
            self.wrote = True
            version = feed.move_to_head(self.conn, op.entity, op.entity_id, household_id)
            self._write(op.entity, record, {"deleted": True, "version": version})
            return {"status": "applied", "version": version}, self._audit("delete", op, [])
        return self._update(op, record, household_id)

    def _create(
        self, op: Op, existing: Row | None, checked: FieldCheck
    ) -> tuple[dict[str, Any], Row]:
        if existing is not None:
            raise OpRejected("already_exists", "a record with this id already exists")
        values = op.fields
        if op.entity == "household":
            if self.user.role != "supervisor":
                # Validated as the pusher's (check_fields): theirs is the only one allowed.
                if values.get("collector") not in (None, "", self.user.username):
                    raise OpRejected(
                        "out_of_scope", "a collector creates households for themselves"
                    )
            else:
                self._check_collector(values.get("collector"))
            household_id = op.entity_id
        elif op.entity == "event":
            # Whoever pushes it ran it, a supervisor's own event too (check_fields).
            household_id = NO_HOUSEHOLD
        else:
            # The household the record belongs to, checked in scope (the same id).
            household_id = self._household_in_scope(values.get("household_id"))["id"]
            self._check_parents(op.entity, values, household_id)
        if checked.invalid is not None:  # _validated(op.entity, values), done before
            raise checked.invalid.again()
        assert checked.data is not None
        data = checked.data
        if op.entity == "household" and data.get("met_at_event") is not None:
            self._check_event_reference(data["met_at_event"])
        if op.entity == "collection":  # a new visit has no results yet
            self._check_amounts(op.entity, op.entity_id, data)
        self.wrote = True
        now = utcnow()
        row = {
            "id": op.entity_id,
            **data,
            "deleted": False,
            "created_by": self.user.username,
            "created_at": now,
            "updated_at": now,
        }
        if self.defer:
            # Written by flush() with the creates around it; its version comes then.
            version = None
            self.deferred = PendingCreate(op.entity, row, household_id, list(data))
            self.pending.append(self.deferred)
        elif self.postgres:
            version = self._insert_with_entry(op.entity, row, household_id, list(data))
        else:
            version = feed.append(self.conn, op.entity, op.entity_id, household_id)
            row["version"] = version
            row["field_versions"] = _field_versions(data, version, self.device_id)
            self.conn.execute(TABLES[op.entity].insert(), row)
        self.rows[op.entity][op.entity_id] = row
        if op.entity == "collection" and data["visit_id"] in self.results:
            self.results[data["visit_id"]][op.entity_id] = data["amount"] or 0
        return {"status": "applied", "version": version}, self._audit("create", op, list(data))

    def _update(self, op: Op, record: Row, household_id: str) -> tuple[dict[str, Any], Row]:
        if "household_id" in op.fields and op.fields["household_id"] != record.get("household_id"):
            raise OpRejected("immutable_field", "a record cannot move to another household")
        if (
            op.entity == "event"
            and op.fields.get("collector", record["collector"]) != record["collector"]
        ):
            raise OpRejected("immutable_field", "an event stays with the collector who ran it")
        new_collector = op.fields.get("collector", record.get("collector"))
        reassigned = op.entity == "household" and new_collector != record["collector"]
        if reassigned:
            if self.user.role != "supervisor":
                raise OpRejected("out_of_scope", "assignments are made by a supervisor")
            self._check_collector(new_collector)
            if not isinstance(new_collector, str):
                raise OpRejected("invalid_fields", "invalid values for: collector")
            self.wrote = True
            version = feed.reassign(self.conn, record["id"], record["collector"], new_collector)
            record.update(collector=new_collector, version=version)
            for entity in CHILD_ENTITIES:  # re-sequenced: their versions are read again
                self.rows[entity] = {}
        current = {name: wire.encode_value(record[name]) for name in FIELD_NAMES[op.entity]}
        merged = _validated(op.entity, current | op.fields, op.fields)
        if op.entity == "visit" and VISIT_LINKS & set(op.fields):
            # Only the links this op sets: an event deleted since (or a referrer's
            # household handed to someone else) does not block changes to the rest.
            self._check_visit_links(merged, household_id, set(op.fields))
        if op.entity == "household" and op.fields.get("met_at_event") is not None:
            self._check_event_reference(merged["met_at_event"])
        if {"amount", "amount_collected"} & set(op.fields):
            self._check_amounts(op.entity, record["id"], merged)
        versions: dict[str, list[Any]] = json.loads(record["field_versions"] or "{}")
        conflicts: dict[str, dict[str, Any]] = {}
        applied: list[str] = []
        base = op.base_version or 0
        for name in op.fields:
            new_value = merged[name]
            server_value = record[name]
            if new_value == server_value:
                continue
            last = versions.get(name)
            changed_elsewhere = last is not None and last[0] > base and last[1] != self.device_id
            if op.entity in MERGED_ENTITIES and changed_elsewhere:
                conflicts[name] = {
                    "server": wire.encode_value(server_value),
                    "client": wire.encode_value(new_value),
                }
                continue
            applied.append(name)
        if reassigned:  # reassign already wrote it; the change is still this op's
            applied.append("collector")
        if applied:
            self.wrote = True
            version = feed.move_to_head(self.conn, op.entity, record["id"], household_id)
            changes = {name: merged[name] for name in applied}
            for name in applied:
                versions[name] = [version, self.device_id]
            changes |= {
                "version": version,
                "field_versions": json.dumps(versions),
                "updated_at": utcnow(),
            }
            self._write(op.entity, record, changes)
        if conflicts:
            self.wrote = True
            self.conn.execute(
                CONFLICTS.insert(),
                [
                    {
                        "op_id": op.op_id,
                        "entity": op.entity,
                        "entity_id": record["id"],
                        "field_name": name,
                        "server_value": json.dumps(values["server"], ensure_ascii=False),
                        "client_value": json.dumps(values["client"], ensure_ascii=False),
                        "base_version": op.base_version,
                        "created_at": utcnow(),
                    }
                    for name, values in conflicts.items()
                ],
            )
        answer: dict[str, Any] = {
            "status": "conflict" if conflicts else "applied",
            "version": record["version"],
        }
        if conflicts:
            answer["conflict"] = conflicts
            answer["applied_fields"] = applied
        return answer, self._audit("update", op, applied, sorted(conflicts))

    def _insert_with_entry(self, entity: str, row: Row, household_id: str, names: list[str]) -> int:
        """Insert a new record and its first feed entry in one statement (PostgreSQL):
        the entry's seq is the record's version, marked on each of ``names`` as
        ``_field_versions`` would. Fills in ``row``'s version and field_versions."""
        template, marker = _field_versions_template(names, self.device_id)
        params = {f"v_{name}": value for name, value in row.items()}
        params |= {
            "feed_entity": entity,
            "feed_entity_id": row["id"],
            "feed_household_id": household_id,
            "fv_template": template,
            "fv_marker": marker,
        }
        statement = _insert_with_entry_statement(entity, tuple(row))
        version = int(self.conn.execute(statement, params).scalar_one())
        row["version"] = version
        row["field_versions"] = _field_versions(names, version, self.device_id)
        return version

    def _write(self, entity: str, record: Row, changes: Row) -> None:
        table = TABLES[entity]
        self.conn.execute(table.update().where(table.c.id == record["id"]).values(changes))
        if entity == "collection":  # its visit's results are read again when needed
            self.results.pop(record["visit_id"], None)
        record.update(changes)
        if entity == "collection":
            self.results.pop(record["visit_id"], None)

    # --- checks -------------------------------------------------------------------------

    def _check_collector(self, value: Any) -> None:
        """A household is assigned to an active account, or to nobody ('')."""
        if value in (None, ""):
            return
        active = (
            self.conn.execute(
                sa.select(USERS.c.active).where(USERS.c.username == value)
            ).scalar_one_or_none()
            if isinstance(value, str)
            else None
        )
        if not active:
            raise OpRejected("unknown_collector", "no active account has this username")

    def _check_amounts(self, entity: str, record_id: str, data: Row) -> None:
        """A visit's results never add up to more than the amount collected at the visit
        (the stored visit; the results stored plus this one)."""
        if entity == "collection":
            visit = self.record("visit", data["visit_id"])
            if visit is None:
                return  # refused as a bad reference before
            others = self._results_total(visit["id"], exclude=record_id)
            if others + data["amount"] > visit["amount_collected"]:
                raise OpRejected(
                    "results_exceed_visit",
                    "the results of this visit add up to more than its amount_collected",
                )
        elif entity == "visit" and self._results_total(record_id) > data["amount_collected"]:
            raise OpRejected(
                "results_exceed_visit",
                "the results of this visit add up to more than its amount_collected",
            )

    def _results_total(self, visit_id: str, exclude: str | None = None) -> int:
        """The stored (not deleted) results of a visit added up, but for ``exclude``."""
        if visit_id not in self.results:
            self._read_results([visit_id])
        return sum(amount for rid, amount in self.results[visit_id].items() if rid != exclude)

    def _household_in_scope(self, household_id: Any) -> Row:
        household = self.record("household", household_id)
        # Missing, deleted or someone else's: one answer, so scope leaks nothing.
        if (
            household is None
            or household["deleted"]
            or (self.user.role != "supervisor" and household["collector"] != self.user.username)
        ):
            raise OpRejected("out_of_scope", "this household is not assigned to you")
        return household

    def _event_in_scope(self, event: Row) -> None:
        """An event changes only by the collector who ran it (or a supervisor)."""
        if self.user.role != "supervisor" and event["collector"] != self.user.username:
            raise OpRejected("not_author", "only the collector who recorded it can change it")

    def _check_event_reference(self, event_id: Any) -> None:
        """A walk-in names an event of the collector's own (or any, for a supervisor);
        someone else's event and a missing one get the same answer."""
        event = self.record("event", event_id)
        if (
            event is None
            or event["deleted"]
            or (self.user.role != "supervisor" and event["collector"] != self.user.username)
        ):
            raise OpRejected("bad_reference", "the event is not one of yours")

    def _check_visit_links(
        self, values: Row, household_id: str, changed: Iterable[str] = VISIT_LINKS
    ) -> None:
        """A visit's event is the collector's; its referrer a person they hold, not one of
        the visited household itself (a family does not refer itself). ``changed``: the
        links to check (an update's own)."""
        if "event_id" in changed and values.get("event_id") is not None:
            self._check_event_reference(values["event_id"])
        referrer_id = values.get("referred_by")
        if "referred_by" not in changed or referrer_id is None:
            return
        person = self.record("person", referrer_id)
        if person is None or person["deleted"] or person["household_id"] == household_id:
            raise OpRejected("bad_reference", "the referrer is not a participant you hold")
        try:
            self._household_in_scope(person["household_id"])
        except OpRejected:
            raise OpRejected(
                "bad_reference", "the referrer is not a participant you hold"
            ) from None

    def _check_parents(self, entity: str, values: dict[str, Any], household_id: str) -> None:
        """A visit's results and a person belong to the same household as their parents;
        a visit's event and referrer are the collector's."""
        if entity == "visit":
            self._check_visit_links(values, household_id)
        if entity == "collection":
            visit = self.record("visit", values.get("visit_id"))
            if visit is None or visit["household_id"] != household_id:
                raise OpRejected("bad_reference", "the visit is not in this household")
            person_id = values.get("person_id")
            if person_id is not None:
                person = self.record("person", person_id)
                if person is None or person["household_id"] != household_id:
                    raise OpRejected("bad_reference", "the person is not in this household")

    def _audit(
        self, action: str, op: Op, names: list[str], conflicts: list[str] | None = None
    ) -> Row:
        """The audit line of an op that changed (or tried to change) data: names, never values.

        Written with the batch's answers, only for ops whose savepoint was released.
        """
        detail: dict[str, Any] = {"op_id": op.op_id, "fields": names}
        if conflicts:
            detail["conflicts"] = conflicts
        return {
            "at": utcnow(),
            "user_id": self.user.id,
            "device_id": self.device_id,
            "action": action,
            "entity": op.entity,
            "entity_id": op.entity_id,
            "op_id": op.op_id,
            "field_names": ",".join(names),
            "detail": json.dumps(detail),
        }
