"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Frozen copy of the first schema: never edit; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The search index DDL is copied here (not imported) so this revision never changes.
SEARCH_DDL = (
    "CREATE TABLE search_doc (rowid INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE,"
    " household_id TEXT NOT NULL)",
    "CREATE INDEX ix_search_doc_household ON search_doc (household_id)",
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    " body, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
)


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "household",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("head_name", sa.String(length=120), nullable=False),
        sa.Column("province", sa.String(length=80), nullable=False),
        sa.Column("commune", sa.String(length=80), nullable=False),
        sa.Column("village", sa.String(length=80), nullable=False),
        sa.Column("house_number", sa.String(length=40), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=15), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("collector", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_household_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_household_village"), ["village"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("fields", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("result", sa.String(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("op_id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("cccd", sa.String(length=12), nullable=False),
        sa.Column("bhxh_code", sa.String(length=10), nullable=False),
        sa.Column("bhyt_card_number", sa.String(length=15), nullable=False),
        sa.Column("bhyt_expiry", sa.Date(), nullable=True),
        sa.Column("bhyt_status", sa.String(length=16), nullable=False),
        sa.Column("vsi_paid_until", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=15), nullable=False),
        sa.Column("ethnic_minority", sa.Boolean(), nullable=False),
        sa.Column("poor", sa.Boolean(), nullable=False),
        sa.Column("near_poor", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_bhxh_code"), ["bhxh_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_bhyt_expiry"), ["bhyt_expiry"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_cccd"), ["cccd"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_household_id"), ["household_id"], unique=False)
        batch_op.create_index(
            "ix_person_household_status", ["household_id", "bhyt_status"], unique=False
        )

    op.create_table(
        "visit",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("visited_at", sa.DateTime(), nullable=False),
        sa.Column("collector", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("promised_date", sa.Date(), nullable=True),
        sa.Column("follow_up_date", sa.Date(), nullable=True),
        sa.Column("amount_collected", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_follow_up_date"), ["follow_up_date"], unique=False
        )
        batch_op.create_index(
            "ix_visit_household_time", ["household_id", "visited_at"], unique=False
        )

    op.create_table(
        "collection",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("rule_values", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("collection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_collection_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_collection_visit_id"), ["visit_id"], unique=False)

    for statement in SEARCH_DDL:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_doc")
    with op.batch_alter_table("collection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collection_visit_id"))
        batch_op.drop_index(batch_op.f("ix_collection_household_id"))

    op.drop_table("collection")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_household_time")
        batch_op.drop_index(batch_op.f("ix_visit_follow_up_date"))

    op.drop_table("visit")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_household_status")
        batch_op.drop_index(batch_op.f("ix_person_household_id"))
        batch_op.drop_index(batch_op.f("ix_person_cccd"))
        batch_op.drop_index(batch_op.f("ix_person_bhyt_expiry"))
        batch_op.drop_index(batch_op.f("ix_person_bhxh_code"))

    op.drop_table("person")
    op.drop_table("sync_state")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))
        batch_op.drop_index(batch_op.f("ix_outbox_entity_id"))

    op.drop_table("outbox")
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_village"))
        batch_op.drop_index(batch_op.f("ix_household_code"))

    op.drop_table("household")
