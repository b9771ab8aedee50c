"""A pulled page applied in bulk gives what applying it record by record gives.

``per_record_apply`` below is the engine's former apply (ORM get, construct and flush and
a search-index upsert per record), kept as the oracle. Two laptops start equal, receive
the same pages and make the same local edits; one applies each page with
``apply.apply_changes``, the other with the oracle; after every page their tables, outbox,
search documents, cursor and the counts returned must be equal. A hand-made page checks
the rules themselves too, and random pages (seeded: replay with VSS_BULK_SEED) mix
creates, updates, deletes, repeats, stale versions, scope removals and households coming
back, around unsent local edits.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from vss_core.enums import OpState
from vss_core.records import FIELDS_BY_ENTITY
from vss_core.wire import encode_value
from vss_desktop.store import Store, open_store, outbox, queries, search, services
from vss_desktop.store.models import (
    ENTITIES,
    Collection,
    Household,
    OutboxOp,
    Person,
    SyncedRecord,
    Visit,
    utcnow,
)
from vss_desktop.store.queries import HouseholdFilter
from vss_desktop.sync import apply, state

Apply = Callable[[Session, list[dict[str, Any]]], int]
BASE_SEED = int(os.environ.get("VSS_BULK_SEED", "20261203"))


# --- the per-record oracle (the former vss_desktop.sync.apply) -------------------------


def per_record_apply(session: Session, changes: list[dict[str, Any]]) -> int:
    session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    applied = 0
    for change in changes:
        if change.get("removed"):
            applied += _drop_household(session, change["id"])
            continue
        if change["entity"] not in ENTITIES:
            continue
        applied += _apply_record(session, change)
    session.flush()
    return applied


def _apply_record(session: Session, change: dict[str, Any]) -> int:
    entity, record_id, version = change["entity"], change["id"], int(change["version"])
    model, deleted = ENTITIES[entity], bool(change.get("deleted"))
    values = apply._typed_fields(entity, change.get("fields") or {})
    record = session.get(model, record_id)
    if record is None:
        record = model(id=record_id, server_version=version, **values)
        if deleted:
            record.deleted_at = utcnow()
    elif record.server_version is not None and record.server_version >= version:
        return 0
    else:
        pending = outbox.pending_fields(session, entity, record_id)
        has_pending = bool(pending) or _has_pending_ops(session, entity, [record_id])
        for name, value in values.items():
            if name not in pending:
                setattr(record, name, value)
        if deleted and not has_pending:
            record.deleted_at = record.deleted_at or utcnow()
        record.server_version = version
        record.updated_at = utcnow()
    session.add(record)
    session.flush()
    if isinstance(record, Household):
        search.index_household(session, record)
    elif isinstance(record, Person):
        search.index_person(session, record)
    return 1


def _has_pending_ops(session: Session, entity: str, ids: list[str]) -> bool:
    stmt = select(OutboxOp.seq).where(
        OutboxOp.state == OpState.PENDING, OutboxOp.entity == entity, OutboxOp.entity_id.in_(ids)
    )
    return session.exec(stmt).first() is not None


def _drop_household(session: Session, household_id: str) -> int:
    ids: dict[str, list[str]] = {"household": [household_id]}
    for entity, model in (("person", Person), ("visit", Visit), ("collection", Collection)):
        ids[entity] = list(session.exec(select(model.id).where(model.household_id == household_id)))
    if any(
        entity_ids and _has_pending_ops(session, e, entity_ids) for e, entity_ids in ids.items()
    ):
        return 0
    session.flush()
    conn = session.connection()
    for person_id in ids["person"]:
        search.remove(session, "p:" + person_id)
    search.remove(session, "h:" + household_id)
    for model in (Collection, Visit, Person):
        conn.execute(sa.delete(model).where(model.household_id == household_id))
    conn.execute(sa.delete(Household).where(Household.id == household_id))
    session.expunge_all()
    return 1


# --- pages as the server sends them ----------------------------------------------------


wire = encode_value


DEFAULTS: dict[str, dict[str, Any]] = {
    "household": {"village": "Bản Pha Long", "province": "Điện Biên", "commune": "Mường Phăng"},
    "person": {"relation": "child", "sex": "F", "bhyt_status": "none"},
    "visit": {"outcome": "not_home", "collector": "thu.lt"},
    "collection": {"kind": "vssid_installed"},
}


def change(
    entity: str, record_id: str, version: int, deleted: bool = False, **fields: Any
) -> dict[str, Any]:
    """A change with every field, as the server sends it (its defaults, then ``fields``)."""
    model = FIELDS_BY_ENTITY[entity]
    full = {
        name: info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
        if not info.is_required()
    }
    full |= DEFAULTS[entity] | fields
    return {
        "entity": entity,
        "id": record_id,
        "version": version,
        "deleted": deleted,
        "fields": {name: wire(value) for name, value in full.items()},
    }


def removal(household_id: str, version: int) -> dict[str, Any]:
    return {"entity": "household", "id": household_id, "version": version, "removed": True}


def apply_page(store: Store, how: Apply, changes: list[dict[str, Any]], cursor: str) -> int:
    """As the engine does: the page and its cursor in one transaction."""
    with store.write() as session:
        applied = how(session, changes)
        state.put(session, state.CURSOR, cursor)
    return applied


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a page can change, without the times it was written at."""
    out: dict[str, Any] = {}
    with store.read() as session:
        conn = session.connection()
        for entity, model in ENTITIES.items():
            table = model.__table__  # type: ignore[attr-defined]
            rows = {}
            for row in conn.execute(sa.select(table)).mappings():
                values = {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}
                values["deleted_at"] = row["deleted_at"] is not None
                rows[row["id"]] = values
            out[entity] = rows
        out["outbox"] = conn.execute(
            sa.text("SELECT seq, entity, entity_id, state, fields FROM outbox ORDER BY seq")
        ).all()
        docs = conn.exec_driver_sql(
            "SELECT d.ref, d.household_id, d.rowid >> ?, f.body FROM search_doc d"
            " JOIN search_fts f ON f.rowid = d.rowid",
            (search.KEY_SHIFT,),
        ).all()
        out["search"] = {ref: (hid, key, body) for ref, hid, key, body in docs}
        out["orphans"] = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM search_fts WHERE rowid NOT IN"
            " (SELECT rowid FROM search_doc)), (SELECT count(*) FROM search_doc WHERE rowid"
            " NOT IN (SELECT rowid FROM search_fts))"
        ).one()
        out["cursor"] = state.get(session, state.CURSOR)
    return out


def found(store: Store, text: str) -> list[str]:
    with store.read() as session:
        return queries.household_ids(session, HouseholdFilter(text=text))


@pytest.fixture
def laptops(tmp_path: Path):  # type: ignore[no-untyped-def]
    bulk, single = open_store(tmp_path / "bulk"), open_store(tmp_path / "single")
    yield bulk, single
    bulk.close()
    single.close()


def both(laptops: tuple[Store, Store], changes: list[dict[str, Any]], cursor: str) -> int:
    bulk, single = laptops
    applied = apply_page(bulk, apply.apply_changes, changes, cursor)
    assert apply_page(single, per_record_apply, changes, cursor) == applied
    assert snapshot(bulk) == snapshot(single)
    return applied


def get(store: Store, model: type[SyncedRecord], record_id: str) -> Any:
    with store.read() as session:
        return session.get(model, record_id)


# --- a hand-made page ----------------------------------------------------------------------


def first_page() -> list[dict[str, Any]]:
    page = []
    for n in range(1, 8):
        page.append(change("household", f"h{n}", 10 * n, head_name=f"Chủ hộ {n}", code=f"H{n}"))
        page.append(
            change("person", f"p{n}a", 10 * n + 1, household_id=f"h{n}", full_name=f"Vàng A Pó {n}")
        )
    page += [
        change("person", "p1b", 71, household_id="h1", full_name="Lò Thị Ban"),
        change("visit", "v1", 72, household_id="h1", visited_at=datetime(2026, 11, 2, tzinfo=UTC)),
        change("collection", "c1", 73, visit_id="v1", household_id="h1", person_id="p1a"),
        change("visit", "v4", 74, household_id="h4", visited_at=datetime(2026, 11, 3, tzinfo=UTC)),
    ]
    return page


def test_mixed_page_bulk_equals_per_record_and_keeps_the_rules(
    laptops: tuple[Store, Store],
) -> None:
    assert both(laptops, first_page(), "c1") == 18
    for store in laptops:  # the same unsent edits on both laptops
        services.update_person(store, "p1a", {"phone": "0981234567"})
        services.update_household(store, "h2", {"notes": "hẹn chiều thứ bảy"})
        services.update_person(store, "p2a", {"notes": "đi làm xa"})
        services.update_person(store, "p4a", {"notes": "ốm"})  # h4 holds an unsent change
    page = [
        # new household with its member, visit and result; the parent's own entry repeats
        change("household", "h8", 100, head_name="Giàng Thị Mỷ", code="H8"),
        change(
            "person", "p8a", 101, household_id="h8", full_name="Giàng Thị Mỷ", cccd="011190001234"
        ),
        change("visit", "v8", 102, household_id="h8", visited_at=datetime(2026, 11, 5, tzinfo=UTC)),
        change("collection", "c8", 103, visit_id="v8", household_id="h8", person_id="p8a"),
        change("household", "h8", 100, head_name="Giàng Thị Mỷ", code="H8"),
        # updates of rows with unsent local changes: those fields stay the collector's
        change("person", "p1a", 104, household_id="h1", full_name="Vàng A Páo", phone="0900000001"),
        change("household", "h2", 105, head_name="Chủ hộ mới", code="H2", notes="server"),
        # deletes: applied without unsent changes, not over them
        change("person", "p1b", 106, deleted=True, household_id="h1", full_name="Lò Thị Ban"),
        change("person", "p2a", 107, deleted=True, household_id="h2", full_name="Vàng A Pó 2"),
        # a stale version and an entity this app does not know: skipped
        change("household", "h1", 5, head_name="Cũ", code="H1"),
        {"entity": "target", "id": "t1", "version": 108, "fields": {}},
        # scope removals: h7 goes, h4 stays (unsent change), h5 goes and comes back
        removal("h7", 109),
        removal("h4", 110),
        removal("h5", 111),
        change("household", "h5", 112, head_name="Chủ hộ 5 trở lại", code="H5"),
        change("person", "p5a", 113, household_id="h5", full_name="Vàng A Pó 5"),
        change("person", "p6a", 114, household_id="h6", full_name="Thào Seo Chứ"),
    ]
    assert both(laptops, page, "c2") == 13  # all but the repeat, the stale, the unknown, h4
    bulk = laptops[0]
    p1a = get(bulk, Person, "p1a")
    assert (p1a.full_name, p1a.phone, p1a.server_version) == ("Vàng A Páo", "0981234567", 104)
    h2 = get(bulk, Household, "h2")
    assert (h2.head_name, h2.notes) == ("Chủ hộ mới", "hẹn chiều thứ bảy")
    assert get(bulk, Person, "p1b").deleted_at is not None
    assert get(bulk, Person, "p2a").deleted_at is None  # its unsent change goes out first
    assert get(bulk, Household, "h1").head_name == "Chủ hộ 1"
    assert get(bulk, Household, "h7") is None and get(bulk, Person, "p7a") is None
    assert get(bulk, Household, "h4") is not None and get(bulk, Visit, "v4") is not None
    assert get(bulk, Household, "h5").server_version == 112
    assert get(bulk, Collection, "c8").person_id == "p8a"
    assert found(bulk, "thao seo chu") == ["h6"]
    assert found(bulk, "011190001234") == ["h8"]
    assert found(bulk, "ho 5 tro lai") == ["h5"]
    assert found(bulk, "Vàng A Pó 7") == [] and found(bulk, "Vàng A Pó 4") == ["h4"]
    assert found(bulk, "Lò Thị Ban") == []
    assert snapshot(bulk)["orphans"] == (0, 0)
    # The same page again: every version is there already, except that h5 is dropped by its
    # removal and comes back; the removal of h7 (gone) counts as before.
    assert both(laptops, page, "c3") == 4


def test_a_bad_change_leaves_the_page_and_its_cursor_unapplied(store: Store) -> None:
    apply_page(store, apply.apply_changes, first_page(), "c1")
    before = snapshot(store)
    page = [
        change("household", "h9", 200, head_name="Hộ mới"),
        change("person", "p1a", 201, household_id="h1", full_name="Đổi tên"),
        removal("h3", 202),
        change("person", "p9a", 203, household_id="h9", full_name="X", date_of_birth="không rõ"),
    ]
    with pytest.raises(ValueError, match="invalid person fields"):
        apply_page(store, apply.apply_changes, page, "c2")
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("orphan", "error"),
    [
        (change("person", "p1", 1, household_id="nowhere", full_name="Mồ Côi"), LookupError),
        (
            change("visit", "v1", 1, household_id="nowhere", visited_at=datetime.now(UTC)),
            sa.exc.IntegrityError,  # foreign keys are checked at commit
        ),
    ],
)
def test_a_dangling_reference_applies_nothing(
    store: Store, orphan: dict[str, Any], error: type[Exception]
) -> None:
    page = [change("household", "h1", 1, head_name="Có Thật"), orphan]
    with pytest.raises(error):
        apply_page(store, apply.apply_changes, page, "c1")
    assert get(store, Household, "h1") is None and snapshot(store)["cursor"] == ""


# --- random pages --------------------------------------------------------------------------


class Server:
    """A small model of the feed: records with versions, households in or out of scope."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seq = 0
        self.records: dict[tuple[str, str], dict[str, Any]] = {}  # (entity, id) -> change
        self.out: set[str] = set()  # households out of this collector's scope
        self.count = 0
        self.events: set[str] = set()  # the kinds of change sent so far

    def version(self) -> int:
        self.seq += 1
        return self.seq

    def emit(self, entity: str, record_id: str, deleted: bool = False, **fields: Any) -> dict:
        old = self.records.get((entity, record_id))
        base = dict(old["fields"]) if old else {}
        made = change(entity, record_id, self.version(), deleted, **fields)
        made["fields"] = base | {k: v for k, v in made["fields"].items() if k in fields or not old}
        made["deleted"] = deleted or bool(old and old["deleted"])
        self.records[(entity, record_id)] = made
        return made

    def new_id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def in_scope(self, entity: str) -> list[tuple[str, str]]:
        keys = [k for k in self.records if k[0] == entity]
        return [k for k in keys if self.household_of(k) not in self.out]

    def household_of(self, key: tuple[str, str]) -> str:
        record = self.records[key]
        return key[1] if key[0] == "household" else record["fields"]["household_id"]

    def page(self) -> list[dict[str, Any]]:
        rng, page = self.rng, []
        for _ in range(rng.randint(3, 30)):
            page += self.event(rng.random())
        return page

    def event(self, roll: float) -> list[dict[str, Any]]:
        rng = self.rng
        households = self.in_scope("household")
        if roll < 0.12 or not households:
            hid = self.new_id("h")
            return [self.emit("household", hid, head_name=f"Hộ {hid}", code=hid.upper())]
        hid = rng.choice(households)[1]
        if roll < 0.32:
            name = f"Người {self.count} {rng.choice(['Hồng', 'Đức', 'Páo', 'Mỷ'])}"
            return [self.emit("person", self.new_id("p"), household_id=hid, full_name=name)]
        if roll < 0.40:
            when = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=rng.randint(0, 500))
            return [self.emit("visit", self.new_id("v"), household_id=hid, visited_at=when)]
        if roll < 0.48:
            visits = self.in_scope("visit")
            if not visits:
                return []
            visit_id = rng.choice(visits)[1]
            hid = self.household_of(("visit", visit_id))
            persons = [k[1] for k in self.in_scope("person") if self.household_of(k) == hid]
            return [
                self.emit(
                    "collection",
                    self.new_id("c"),
                    visit_id=visit_id,
                    household_id=hid,
                    person_id=rng.choice([*persons, None]),
                    amount=rng.randrange(0, 2_000_000, 1000),
                )
            ]
        if roll < 0.72:  # an update on the server, sometimes a delete
            key = rng.choice(self.in_scope(rng.choice(list(ENTITIES))) or households)
            deleted = rng.random() < 0.12
            self.events.add("delete" if deleted else "update")
            return [self.emit(*key, deleted, **self.edits(key[0]))]
        if roll < 0.80:  # a repeat at the same version (a parent sent early)
            self.events.add("repeat")
            key = rng.choice(self.in_scope(rng.choice(list(ENTITIES))) or households)
            return [dict(self.records[key])]
        if roll < 0.84:  # an older version than the app has seen
            self.events.add("stale")
            old = dict(self.records[rng.choice(households)])
            return [old | {"version": max(1, old["version"] - rng.randint(1, 5))}]
        if roll < 0.92:  # the household leaves this collector's scope
            self.out.add(hid)
            return [{"entity": "household", "id": hid, "version": self.version(), "removed": True}]
        if roll < 0.97 and self.out:  # a household comes back: everything under it, again
            self.events.add("back")
            back = rng.choice(sorted(self.out))
            self.out.discard(back)
            keys = [k for k in self.records if self.household_of(k) == back]
            keys.sort(key=lambda k: list(ENTITIES).index(k[0]))  # parents first
            return [self.emit(*k, self.records[k]["deleted"]) for k in keys]
        return [{"entity": "campaign", "id": self.new_id("x"), "version": self.version()}]

    def edits(self, entity: str) -> dict[str, Any]:
        rng, n = self.rng, self.count
        options = {
            "household": {"head_name": f"Chủ {n}", "notes": f"ghi chú {n}", "house_number": str(n)},
            "person": {
                "full_name": f"Tên {n} Hờ",
                "notes": f"máy chủ {n}",
                "bhyt_expiry": date(2026, 1, 1) + timedelta(days=n),
                "cccd": f"{n:012d}",
            },
            "visit": {"notes": f"thăm {n}", "amount_collected": 1000 * n},
            "collection": {"amount": 500 * n, "months": rng.choice([3, 6, 12])},
        }[entity]
        names = rng.sample(sorted(options), rng.randint(1, len(options)))
        return {name: options[name] for name in names}


def local_edits(rng: random.Random, laptops: tuple[Store, Store]) -> None:
    """The same edits on both laptops, and some unsent ops answered (as a push would)."""
    bulk = laptops[0]
    with bulk.read() as session:
        persons = sorted(session.exec(select(Person.id).where(Person.deleted_at.is_(None))))
        homes = sorted(session.exec(select(Household.id).where(Household.deleted_at.is_(None))))
        pending = sorted(
            session.exec(select(OutboxOp.seq).where(OutboxOp.state == OpState.PENDING))
        )
    answered = rng.sample(pending, len(pending) // 2)
    edits: list[tuple[Callable[..., Any], str, dict[str, Any]]] = []
    for person_id in rng.sample(persons, min(3, len(persons))):
        edits.append((services.update_person, person_id, {"notes": f"tại chỗ {rng.random():.6f}"}))
    for household_id in rng.sample(homes, min(2, len(homes))):
        edits.append((services.update_household, household_id, {"house_number": "9A"}))
    removed = rng.sample(persons, 1) if persons and rng.random() < 0.5 else []
    for store in laptops:
        with store.write() as session:
            session.connection().execute(
                sa.update(OutboxOp).where(OutboxOp.seq.in_(answered)).values(state="applied")
            )
        for edit, record_id, values in edits:
            edit(store, record_id, values)
        for person_id in removed:
            services.delete_person(store, person_id)


def seen(store: Store, server: Server) -> set[str]:
    """Which of the rules this page exercised: a removal refused for unsent changes, a
    pulled value not written over an unsent one."""
    out = set()
    with store.read() as session:
        if any(session.get(Household, hid) for hid in server.out):
            out.add("removal kept")
        for op in session.exec(select(OutboxOp).where(OutboxOp.state == OpState.PENDING)):
            pulled = server.records.get((op.entity, op.entity_id))
            record = session.get(ENTITIES[op.entity], op.entity_id)
            if pulled is None or record is None or record.server_version != pulled["version"]:
                continue
            for name in json.loads(op.fields):
                if wire(getattr(record, name)) != pulled["fields"][name]:
                    out.add("unsent value kept")
    return out


@pytest.mark.parametrize("trial", range(4))
def test_random_pages_bulk_equals_per_record(laptops: tuple[Store, Store], trial: int) -> None:
    seed = BASE_SEED + trial
    rng = random.Random(seed)
    server = Server(rng)
    kinds: set[str] = set()
    for n in range(12):
        page = server.page()
        kinds.update("removal" if c.get("removed") else c["entity"] for c in page)
        try:
            both(laptops, page, f"c{n}")
        except AssertionError as exc:
            raise AssertionError(f"seed {seed}, page {n}: {exc}") from exc
        kinds |= seen(laptops[0], server)
        local_edits(rng, laptops)
    kinds |= server.events
    wanted = {"household", "person", "visit", "collection", "removal", "removal kept"}
    wanted |= {"unsent value kept", "update", "delete", "repeat", "stale", "back"}
    assert wanted <= kinds, seed
