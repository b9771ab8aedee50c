"""initial server schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Frozen copy of the first server schema: never edit; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applied_op",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("op_id"),
    )
    with op.batch_alter_table("applied_op", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applied_op_device_id"), ["device_id"], unique=False)

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "change_feed",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("audience", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("change_feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_feed_audience"), ["audience"], unique=False)
        batch_op.create_index(
            "ix_change_feed_entity", ["entity", "entity_id", "audience"], unique=False
        )
        batch_op.create_index("ix_change_feed_household", ["household_id", "seq"], unique=False)

    op.create_table(
        "conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("field_name", sa.String(length=64), nullable=False),
        sa.Column("server_value", sa.Text(), nullable=False),
        sa.Column("client_value", sa.Text(), nullable=False),
        sa.Column("base_version", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_op_id"), ["op_id"], unique=False)

    op.create_table(
        "household",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("head_name", sa.String(length=120), nullable=False),
        sa.Column("province", sa.String(length=80), nullable=False),
        sa.Column("commune", sa.String(length=80), nullable=False),
        sa.Column("village", sa.String(length=80), nullable=False),
        sa.Column("house_number", sa.String(length=40), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=15), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("collector", sa.String(length=64), nullable=False),
        sa.Column("could_afford", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("field_versions", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_household_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_household_village"), ["village"], unique=False)

    op.create_table(
        "server_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "device",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("device_id"),
    )
    op.create_table(
        "device_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("device_name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("device_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_token_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_device_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "person",
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
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("field_versions", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
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

    op.create_table(
        "visit",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("visited_at", sa.DateTime(), nullable=False),
        sa.Column("collector", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("promised_date", sa.Date(), nullable=True),
        sa.Column("follow_up_date", sa.Date(), nullable=True),
        sa.Column("amount_collected", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("field_versions", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
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

    op.create_table(
        "collection",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("rule_values", sa.String(length=4000), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("field_versions", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
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


def downgrade() -> None:
    with op.batch_alter_table("collection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collection_visit_id"))
        batch_op.drop_index(batch_op.f("ix_collection_household_id"))

    op.drop_table("collection")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_follow_up_date"))

    op.drop_table("visit")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_household_id"))
        batch_op.drop_index(batch_op.f("ix_person_cccd"))
        batch_op.drop_index(batch_op.f("ix_person_bhyt_expiry"))
        batch_op.drop_index(batch_op.f("ix_person_bhxh_code"))

    op.drop_table("person")
    with op.batch_alter_table("device_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_token_user_id"))
        batch_op.drop_index(batch_op.f("ix_device_token_device_id"))

    op.drop_table("device_token")
    op.drop_table("device")
    op.drop_table("user_account")
    op.drop_table("server_meta")
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_village"))
        batch_op.drop_index(batch_op.f("ix_household_code"))

    op.drop_table("household")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_op_id"))

    op.drop_table("conflict")
    with op.batch_alter_table("change_feed", schema=None) as batch_op:
        batch_op.drop_index("ix_change_feed_household")
        batch_op.drop_index("ix_change_feed_entity")
        batch_op.drop_index(batch_op.f("ix_change_feed_audience"))

    op.drop_table("change_feed")
    op.drop_table("audit_entry")
    with op.batch_alter_table("applied_op", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applied_op_device_id"))

    op.drop_table("applied_op")
