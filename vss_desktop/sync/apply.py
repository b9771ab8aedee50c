"""Writing what the server said into the local database.

Push answers are stored on their outbox rows; pulled changes update records
without touching fields that still have unsent local changes (those travel
with their own base version and meet the server's conflict rule).

A pulled page is applied in bulk, not record by record through the ORM: per run of
record changes, one SELECT of the rows it names and one of their unsent ops, then
executemany INSERTs and UPDATEs and one search-index refresh; per run of removals, a few
statements. The result is what applying the changes one by one in page order gives
(tests/test_sync_apply_bulk.py compares the two).

Pulled values are the server's truth and are kept even when today's rules would refuse
them (a year-9999 visit an older server accepted): text is put in NFC like every input,
and only a time that has no UTC form (0001-01-01T05:00+07:00) is moved to the nearest
one, so the record still fits its column. The display shows a placeholder for what it
cannot format (vss_core.formatting).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import cache, partial
from types import SimpleNamespace
from typing import Any, TypeVar

import pydantic
import sqlalchemy as sa
from pydantic_core import PydanticUndefined
from sqlmodel import Session

from vss_core.batching import chunks
from vss_core.clock import utcnow
from vss_core.enums import OpState
from vss_core.plausibility import safe_utc
from vss_core.records import CHILD_ENTITIES, FIELDS_BY_ENTITY
from vss_core.tables import table_of
from vss_core.validation import nfc
from vss_desktop.store import search
from vss_desktop.store.models import (
    ENTITIES,
    OutboxOp,
    SyncedRecord,
)

log = logging.getLogger(__name__)
ANSWER_STATES = {s.value for s in OpState} - {OpState.PENDING.value}
T = TypeVar("T")
Key = tuple[str, str]  # (entity, record id)
Row = dict[str, Any]  # column -> value


def push_answers(answer: dict[str, Any], op_ids: dict[int, str]) -> list[dict[str, Any]]:
    """The per-op answers of a push answer, with its runs of seqs (the compact form,
    docs/sync-protocol.md) turned back into answers by op id.

    ``op_ids`` maps each wire seq of the batch to its op id. A run naming seqs outside
    the batch, or a malformed run, adds nothing: what is not answered stays pending.
    """
    results = [r for r in answer.get("results") or [] if isinstance(r, dict)]
    runs = answer.get("seq_runs") or {}
    if not isinstance(runs, dict) or not op_ids:
        return results
    low, high = min(op_ids), max(op_ids)
    for status, spans in runs.items():
        if status not in ANSWER_STATES or not isinstance(spans, list):
            continue
        for span in spans:
            if not (isinstance(span, list) and len(span) == 2):
                continue
            first, last = span
            if not (isinstance(first, int) and isinstance(last, int)):
                continue
            # Clamped to the batch: a run is never walked beyond the seqs that were sent.
            for seq in range(max(first, low), min(last, high) + 1):
                if seq in op_ids:
                    results.append({"op_id": op_ids[seq], "status": status})
    return results


def store_push_results(
    session: Session, sent: list[OutboxOp], results: list[dict[str, Any]]
) -> Counter[str]:
    """Record the server's answer on each op; returns how many of each status."""
    by_id = {op.op_id: op for op in sent}
    counts: Counter[str] = Counter()
    now = utcnow()
    for result in results:
        op = by_id.get(result.get("op_id", ""))
        status = result.get("status")
        if op is None or status not in ANSWER_STATES:
            continue  # an answer we did not ask for: ignore rather than guess
        if status == OpState.DUPLICATE:
            # A resend whose first answer was lost: the server repeats that answer.
            # Keep its conflict or rejection, or it would vanish from the open issues.
            if result.get("conflict"):
                status = OpState.CONFLICT
            elif result.get("error"):
                status = OpState.REJECTED
        op.state = status
        op.result = json.dumps(result, ensure_ascii=False)
        op.answered_at = now
        session.add(op)
        counts[status] += 1
    # Record versions are not raised here: another device may have changed other
    # fields in between, and only the pull brings the whole record at that version.
    session.flush()
    return counts


@cache
def _field_names(entity: str) -> frozenset[str]:
    return frozenset(FIELDS_BY_ENTITY[entity].model_fields)  # a property: ~1 µs a look-up


def _typed_fields(entity: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Server JSON to Python values, by the shared field definitions; unknown names dropped."""
    model = FIELDS_BY_ENTITY[entity]
    names = _field_names(entity)
    known = {k: v for k, v in fields.items() if k in names}
    try:
        parsed = model.model_validate(known)
    except pydantic.ValidationError as exc:
        raise ValueError(f"server sent invalid {entity} fields") from exc
    return {name: _storable(entity, name, getattr(parsed, name)) for name in known}


def _storable(entity: str, name: str, value: Any) -> Any:
    """Text in NFC; a time in UTC, or the nearest one when it has no UTC form."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, datetime):
        utc = safe_utc(value)
        if utc is None:
            log.warning("pulled %s has a time beyond year 1 to 9999 in %s; kept", entity, name)
            edge = datetime.min if value.year < 5000 else datetime.max
            return edge.replace(tzinfo=UTC)
        return utc
    return value


def apply_changes(session: Session, changes: list[dict[str, Any]], *, resync: bool = False) -> int:
    """Apply one pulled page; returns how many changes took effect.

    Foreign keys are checked at commit (parents may follow). Removals split the page
    into runs applied in order, so each removal sees exactly what came before it.
    ``resync``: a page of the full pull after a 410. Its changes are applied whatever
    the local version: after the server was restored from a backup, a laptop may hold
    versions from the lost timeline that are ahead of the server's (or equal to them by
    chance with other values). Fields with unsent changes are still kept.
    """
    session.flush()  # the writes below bypass the ORM: anything it holds goes first
    session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    applied = 0
    for removals, run in _runs(changes):
        if removals:
            applied += drop_households(session, [change["id"] for change in run])
        else:
            applied += _apply_run(session, run, resync)
    session.expire_all()  # rows the session may hold were changed behind its back
    return applied


def _runs(changes: list[dict[str, Any]]) -> Iterator[tuple[bool, list[dict[str, Any]]]]:
    """Consecutive changes of one kind: (True, removals) or (False, record changes)."""
    run: list[dict[str, Any]] = []
    removals = False
    for change in changes:
        removed = bool(change.get("removed"))
        if run and removed != removals:
            yield removals, run
            run = []
        removals = removed
        run.append(change)
    if run:
        yield removals, run


def _apply_run(session: Session, run: list[dict[str, Any]], resync: bool = False) -> int:
    """Record changes (no removals), in page order, against the rows as they stand."""
    conn = session.connection()
    wanted: dict[str, list[str]] = {}
    for change in run:
        if change["entity"] in ENTITIES:
            wanted.setdefault(change["entity"], []).append(change["id"])
    loaded = _load_rows(conn, wanted)  # the rows as they were
    current = {key: dict(row) for key, row in loaded.items()}  # as the run leaves them
    unsent = _unsent_fields(conn, [(e, i) for e, ids in wanted.items() for i in ids])
    touched: dict[Key, None] = {}  # an ordered set: the rows to write and reindex
    applied = 0
    now = utcnow()
    for change in run:
        entity, record_id = change["entity"], change["id"]
        if entity not in ENTITIES:
            continue  # a newer server's entity this app does not know yet
        key, version = (entity, record_id), int(change["version"])
        values = _typed_fields(entity, change.get("fields") or {})
        deleted = bool(change.get("deleted"))
        row = current.get(key)
        if row is None:
            row = current[key] = _new_row(ENTITIES[entity], record_id, values, now)
            row.update(server_version=version, deleted_at=now if deleted else None)
        elif _known(row, version, values, resync):
            continue  # already have this version or a newer one
        else:
            mine = unsent.get(key)  # None: no unsent op for this record
            row.update({k: v for k, v in values.items() if mine is None or k not in mine})
            if deleted and mine is None:
                row["deleted_at"] = row["deleted_at"] or now
            row.update(server_version=version, updated_at=now)
        touched[key] = None
        applied += 1
    for entity, model in ENTITIES.items():
        keys = [key for key in touched if key[0] == entity]
        inserts = [current[key] for key in keys if key not in loaded]
        if inserts:
            conn.execute(sa.insert(table_of(model)), inserts)
        _update_rows(conn, table_of(model), [(loaded[k], current[k]) for k in keys if k in loaded])
    search.index_many(
        session,
        [SimpleNamespace(**current[key]) for key in touched if key[0] == "household"],
        [SimpleNamespace(**current[key]) for key in touched if key[0] == "person"],
    )
    return applied


def _known(row: Row, version: int, values: dict[str, Any], resync: bool) -> bool:
    """Whether a pulled change brings nothing new: the local copy has its version or a
    newer one; in a resync, exactly its version and the same values."""
    have = row["server_version"]
    if have is None:
        return False
    if not resync:
        return bool(have >= version)
    return bool(have == version and all(row.get(k) == v for k, v in values.items()))


def _load_rows(conn: sa.Connection, wanted: dict[str, list[str]]) -> dict[Key, Row]:
    rows: dict[Key, Row] = {}
    for entity, ids in wanted.items():
        table = table_of(ENTITIES[entity])
        for chunk in chunks(list(dict.fromkeys(ids))):
            for row in conn.execute(sa.select(table).where(table.c.id.in_(chunk))).mappings():
                rows[(entity, row["id"])] = dict(row)
    return rows


def _unsent_fields(conn: sa.Connection, keys: list[Key]) -> dict[Key, set[str]]:
    """Records with unsent ops -> the fields those ops set (possibly none, e.g. a delete)."""
    wanted = set(keys)
    ids = list({record_id for _, record_id in keys})
    out: dict[Key, set[str]] = {}
    table = table_of(OutboxOp)
    for chunk in chunks(ids):
        stmt = sa.select(table.c.entity, table.c.entity_id, table.c.fields).where(
            table.c.state == OpState.PENDING, table.c.entity_id.in_(chunk)
        )
        for entity, record_id, fields in conn.execute(stmt):
            if (entity, record_id) in wanted:
                out.setdefault((entity, record_id), set()).update(json.loads(fields))
    return out


@cache
def _defaults(model: type[SyncedRecord]) -> tuple[Row, dict[str, Callable[[], Any]]]:
    """What the model's constructor puts in a column it is not given: (values, factories)."""
    values: Row = {}
    factories: dict[str, Callable[[], Any]] = {}
    for column in table_of(model).columns:
        info = model.model_fields.get(column.name)
        if info is not None and info.default_factory is not None:
            # Through get_default: pydantic types a factory as maybe taking the row's data.
            factories[column.name] = partial(info.get_default, call_default_factory=True)
        else:
            default = None if info is None else info.default
            values[column.name] = None if default is PydanticUndefined else default
    return values, factories


def _new_row(
    model: type[SyncedRecord], record_id: str, values: dict[str, Any], now: datetime
) -> Row:
    defaults, factories = _defaults(model)
    row = dict(defaults)
    row.update({name: make() for name, make in factories.items()})
    row.update(values)
    row.update(id=record_id, created_at=now, updated_at=now)
    return row


def _update_rows(conn: sa.Connection, table: sa.Table, pairs: list[tuple[Row, Row]]) -> None:
    """Write the columns that changed, one executemany per set of changed columns."""
    groups: dict[tuple[str, ...], list[Row]] = {}
    for before, after in pairs:
        names = tuple(name for name in after if after[name] != before.get(name))
        changed = {name: after[name] for name in names}
        changed["_id"] = after["id"]
        groups.setdefault(names, []).append(changed)
    for names, rows in groups.items():
        if names:
            stmt = table.update().where(table.c.id == sa.bindparam("_id"))
            conn.execute(stmt, rows)


def drop_households(session: Session, household_ids: list[str]) -> int:
    """Households that left this collector's scope: remove the local copies and everything
    under them, except those holding unsent changes (they must reach the server first; a
    later pull removes them). Returns how many removal notices took effect."""
    conn = session.connection()
    unique = list(dict.fromkeys(household_ids))
    records: dict[str, list[Key]] = {hid: [("household", hid)] for hid in unique}
    for entity in CHILD_ENTITIES:
        table = table_of(ENTITIES[entity])
        for chunk in chunks(unique):
            stmt = sa.select(table.c.id, table.c.household_id).where(
                table.c.household_id.in_(chunk)
            )
            for record_id, household_id in conn.execute(stmt):
                records[household_id].append((entity, record_id))
    unsent = _unsent_fields(conn, [key for keys in records.values() for key in keys])
    kept = {hid for hid, keys in records.items() if any(key in unsent for key in keys)}
    dropped = [hid for hid in unique if hid not in kept]
    search.remove_households(session, dropped)
    for entity in (*reversed(CHILD_ENTITIES), "household"):
        table = table_of(ENTITIES[entity])
        column = table.c.id if entity == "household" else table.c.household_id
        for chunk in chunks(dropped):
            conn.execute(sa.delete(table).where(column.in_(chunk)))
    return sum(1 for hid in household_ids if hid not in kept)
