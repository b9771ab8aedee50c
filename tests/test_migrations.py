"""Schema migrations: a database made by the first schema, with data, upgrades intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from vss_desktop import paths
from vss_desktop.store import migrate, open_store, queries, services
from vss_desktop.store.models import is_raw_sql_table
from vss_desktop.store.queries import HouseholdFilter

FIRST = "0001"

# Rows written with SQL of the first schema, as version 0.1 of the app wrote them;
# deliberately not through today's models, which may have changed since.
FIRST_SCHEMA_ROWS = [
    "INSERT INTO household (id, created_at, updated_at, server_version, code, head_name, province,"
    " commune, village, house_number, street, phone, notes, collector) VALUES"
    " ('h1', '2026-01-02 03:04:05', '2026-01-02 03:04:05', 7, '1501234567', 'Giàng A Pao',"
    " 'Lào Cai', 'Xã Mường Khương', 'Bản Pha Long', '12', '', '0981234567', '', 'thu.lt')",
    "INSERT INTO person (id, created_at, updated_at, household_id, full_name, date_of_birth, sex,"
    " relation, cccd, bhxh_code, bhyt_card_number, bhyt_expiry, bhyt_status, phone,"
    " ethnic_minority, poor, near_poor, notes) VALUES ('p1', '2026-01-02 03:04:05',"
    " '2026-01-02 03:04:05', 'h1', 'Giàng A Pao', '1980-04-01', 'M', 'head', '010080001122',"
    " '0101234567', 'GD4150101234567', '2026-12-31', 'household', '', 1, 0, 1, '')",
    "INSERT INTO visit (id, created_at, updated_at, household_id, visited_at, collector, outcome,"
    " amount_collected, receipt_number, notes) VALUES ('v1', '2026-01-05 02:00:00',"
    " '2026-01-05 02:00:00', 'h1', '2026-01-05 02:00:00', 'thu.lt', 'renewed', 1263600, 'BL-9', '')",
    "INSERT INTO collection (id, created_at, updated_at, visit_id, household_id, person_id, kind,"
    " amount, months, rule_values) VALUES ('c1', '2026-01-05 02:00:00', '2026-01-05 02:00:00',"
    " 'v1', 'h1', 'p1', 'bhyt_renewed', 1263600, 12, '')",
    "INSERT INTO outbox (op_id, entity, entity_id, kind, fields, recorded_at, state, result)"
    " VALUES ('op1', 'visit', 'v1', 'create', '{}', '2026-01-05 02:00:00', 'pending', '')",
    "INSERT INTO search_doc (ref, household_id) VALUES ('h:h1', 'h1'), ('p:p1', 'h1')",
    "INSERT INTO search_fts (rowid, body) SELECT rowid, 'giang a pao 0981234567' FROM search_doc",
]


def make_first_schema_db(directory: Path) -> None:
    store = open_store(directory, migrate=False)
    migrate.upgrade(store, FIRST)
    store.close()
    with sqlite3.connect(paths.database_path(directory)) as conn:
        for statement in FIRST_SCHEMA_ROWS:
            conn.execute(statement)


def test_upgrade_from_first_schema_keeps_data(tmp_path: Path) -> None:
    make_first_schema_db(tmp_path)
    assert migrate.head_revision() != FIRST, "add a revision before relying on this test"

    store = open_store(tmp_path)  # what the app does at start-up
    try:
        assert migrate.current_revision(store) == migrate.head_revision()
        backups = list((tmp_path / "backups").glob("vss-*.sqlite3"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as conn:  # the backup is the untouched old database
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST,)
            assert conn.execute("SELECT count(*) FROM visit").fetchone() == (1,)

        with store.read() as session:
            ids = queries.household_ids(session, HouseholdFilter(text="giang"))
            assert ids == ["h1"]
            detail = queries.household_detail(session, "h1")
        assert detail.household.server_version == 7
        assert detail.household.could_afford is False
        assert detail.members[0].cccd == "010080001122"
        assert detail.visits[0].results[0].amount == 1263600
        assert services.pending_changes(store) == 1
        # The upgraded database keeps working through today's code.
        services.update_household(store, "h1", {"could_afford": True})
        assert services.pending_changes(store) == 2
    finally:
        store.close()


def test_reopening_an_up_to_date_database_makes_no_backup(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    open_store(tmp_path).close()
    assert not list((tmp_path / "backups").glob("*.sqlite3"))


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """A model change without its migration fails here, not on a collector's laptop."""
    store = open_store(tmp_path)
    try:
        with store.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": _not_search_tables})
            diff = compare_metadata(context, SQLModel.metadata)
    finally:
        store.close()
    assert diff == []


def _not_search_tables(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (type_ == "table" and is_raw_sql_table(name))


def test_triggers_exist_at_head(tmp_path: Path) -> None:
    """Batch migrations rebuild tables and drop their triggers: a later revision that
    rebuilds `household` must create these again, and this test says so."""
    store = open_store(tmp_path)
    try:
        with store.engine.connect() as conn:
            names = {
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                )
            }
    finally:
        store.close()
    assert names >= {
        "household_local_key",
        "household_list_insert",
        "household_list_delete",
        "household_list_update",
    }
