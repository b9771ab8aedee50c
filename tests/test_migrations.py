"""Schema migrations: a database made by the first schema, with data, upgrades intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from helpers.first_schema import FIRST, make_first_schema_db
from vss_desktop.store import migrate, open_store, queries, services
from vss_desktop.store.models import is_raw_sql_table
from vss_desktop.store.queries import HouseholdFilter


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
