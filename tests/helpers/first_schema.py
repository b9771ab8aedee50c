"""A store database as the first schema (version 0.1 of the app) wrote it, with data.

Used by the tests of what upgrading an old database keeps (migrations, encryption, targets).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vss_desktop import paths
from vss_desktop.store import migrate, open_store

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
