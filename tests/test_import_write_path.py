"""The list import's batched write (services.WriteBatch, issue 17): the same outbox ops,
records and search documents as writing each record at once, in the same seq order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import list_files as lf
from vss_core.importing import parse_list
from vss_core.importing.outcome import ListImportResult
from vss_desktop.store import Store, list_import, open_store, services

# Columns that differ between two stores whatever the path (random ids, clocks).
RANDOM = {"id", "op_id", "recorded_at", "created_at", "updated_at", "local_key"}


def _import(store: Store, path: Path, batched: bool) -> None:
    parsed = parse_list(path, today=lf.TODAY)
    assert parsed.ok, parsed.errors[:3]
    if batched:
        assert list_import.apply_import(store, parsed).written
        return
    # The per-record path: the import's own plan and write loop, each record written at once.
    with store.write() as session:
        result = ListImportResult()
        plans = list_import._plan(session, parsed, result)
        assert not any(o.status == "refused" for o in result.rows.values())
        list_import._write(session, plans, services.IndexBatch(), None, None)


def _rows(store: Store, sql: str) -> list[dict[str, Any]]:
    with store.read() as session:
        result = session.connection().exec_driver_sql(sql)
        return [dict(row._mapping) for row in result]


class _Ids:
    """Random ids replaced by their order of first appearance, to compare two stores."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str) and len(value) == 36 and value.count("-") == 4:
            return self.names.setdefault(value, f"#{len(self.names)}")
        return value


def _ops(store: Store) -> list[dict[str, Any]]:
    ids = _Ids()
    out = []
    for row in _rows(store, "SELECT * FROM outbox ORDER BY seq"):
        fields = {k: ids(v) for k, v in json.loads(row.pop("fields")).items()}
        op = {k: ids(v) for k, v in row.items() if k not in RANDOM | {"seq"}}
        out.append(op | {"fields": fields})
    return out


def _records(store: Store, table: str) -> list[dict[str, Any]]:
    """Live rows without their random columns, in the outbox's order of creation."""
    ids = _Ids()
    for op in _rows(store, "SELECT entity_id FROM outbox ORDER BY seq"):
        ids(op["entity_id"])
    rows = [
        {k: ids(v) for k, v in row.items() if k not in RANDOM}
        | {"id": ids(row["id"]), "created_at_set": row["created_at"] is not None}
        for row in _rows(store, f"SELECT * FROM {table}")  # noqa: S608 (a fixed table name)
    ]
    return sorted(rows, key=lambda row: int(row["id"][1:]))


def _search_docs(store: Store) -> list[tuple[str, str]]:
    ids = _Ids()
    for op in _rows(store, "SELECT entity_id FROM outbox ORDER BY seq"):
        ids(op["entity_id"])
    sql = "SELECT d.ref, f.body FROM search_doc d JOIN search_fts f ON f.rowid = d.rowid"
    docs = [(row["ref"][:2] + ids(row["ref"][2:]), row["body"]) for row in _rows(store, sql)]
    return sorted(docs)


def _changed(district: list[lf.Household]) -> list[lf.Household]:
    """The second file: a renamed head, changed members, new members and households,
    and a new household whose head's name differs from the household's (a head sync)."""
    first, second, third = district[0], district[1], district[2]
    first.values["head_name"] = "Trần Văn Mới"
    second.members[-1]["phone"] = "0912345678"
    second.members.append(dict(second.members[-1], full_name="Lê Thị Thêm", bhxh_code="0899999001"))
    second.members[-1].update(cccd="", bhyt_card_number="", relation="Con")
    third.values["village"] = "Thôn Mới"
    extra = lf.district(2, 5, seed=77)
    for number, household in enumerate(extra):
        household.values["code"] = f"HGDX{number:04d}"
        for index, member in enumerate(household.members):
            member["bhxh_code"] = f"077{number:03d}{index:04d}"
            member["bhyt_card_number"] = member["cccd"] = ""
    extra[0].values["head_name"] = "Tên Khác Chủ Hộ"  # the head member keeps its own name
    return district + extra


@pytest.fixture
def two_stores(tmp_path: Path) -> Any:
    stores = (open_store(tmp_path / "batched"), open_store(tmp_path / "per-record"))
    yield stores
    for store in stores:
        store.close()


def test_the_batched_write_equals_the_per_record_write(
    two_stores: tuple[Store, Store], tmp_path: Path
) -> None:
    batched, per_record = two_stores
    first = lf.write_xlsx(tmp_path / "first.xlsx", lf.district(30, 100))
    second = lf.write_xlsx(tmp_path / "second.xlsx", _changed(lf.district(30, 100)))
    for path in (first, second):
        _import(batched, path, batched=True)
        _import(per_record, path, batched=False)

    ops = _ops(batched)
    assert ops == _ops(per_record)
    kinds = {(op["entity"], op["kind"]) for op in ops}
    assert kinds == {(e, k) for e in ("household", "person") for k in ("create", "update")}
    # The head sync of a new household: its create, then its update to the head's name.
    renamed = [op for op in ops if op["fields"].get("head_name") == "Tên Khác Chủ Hộ"]
    assert [op["kind"] for op in renamed] == ["create"]
    assert any(op["kind"] == "update" and op["entity_id"] == renamed[0]["entity_id"] for op in ops)
    for table in ("household", "person"):
        assert _records(batched, table) == _records(per_record, table)
    assert _search_docs(batched) == _search_docs(per_record)
    assert len(_search_docs(batched)) == len(_records(batched, "household")) + len(
        _records(batched, "person")
    )


def test_seq_follows_the_write_order_across_batches(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several batch writes in one import: seq has no gap, and each household's create
    comes before its members' (the order the sync engine pushes in)."""
    monkeypatch.setattr(list_import, "INDEX_EVERY", 7)
    _import(store, lf.write_xlsx(tmp_path / "list.xlsx", lf.district(40, 130)), batched=True)
    ops = _rows(store, "SELECT seq, entity, entity_id, fields FROM outbox ORDER BY seq")
    assert [op["seq"] for op in ops] == list(range(1, 171))
    created_at: dict[str, int] = {}
    for op in ops:
        created_at.setdefault(op["entity_id"], op["seq"])
        if op["entity"] == "person":
            household = json.loads(op["fields"])["household_id"]
            assert created_at[household] < op["seq"]
