"""household.local_key, and a counter of household list changes

The search index packs household.local_key into its row ids so a search yields
households without a join; list_version lets readers cache the sorted list and
notice any change, whoever wrote it (the app, a sync, another process).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BUMP = "UPDATE list_version SET n = n + 1 WHERE id = 1;"


def upgrade() -> None:
    with op.batch_alter_table("household") as batch_op:
        batch_op.add_column(sa.Column("local_key", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_household_local_key", ["local_key"])
    op.execute("UPDATE household SET local_key = rowid")
    op.execute(
        "CREATE TRIGGER household_local_key AFTER INSERT ON household"
        " WHEN NEW.local_key IS NULL BEGIN"
        " UPDATE household SET local_key ="
        " (SELECT coalesce(max(local_key), 0) + 1 FROM household) WHERE id = NEW.id; END"
    )
    op.execute("CREATE TABLE list_version (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    op.execute("INSERT INTO list_version (id, n) VALUES (1, 0)")
    op.execute(f"CREATE TRIGGER household_list_insert AFTER INSERT ON household BEGIN {BUMP} END")
    op.execute(f"CREATE TRIGGER household_list_delete AFTER DELETE ON household BEGIN {BUMP} END")
    op.execute(
        "CREATE TRIGGER household_list_update AFTER UPDATE OF"
        f" village, house_number, head_name, deleted_at ON household BEGIN {BUMP} END"
    )
    # The search index changes its row-id scheme: emptied here, rebuilt by the app.
    op.execute("DELETE FROM search_fts")
    op.execute("DELETE FROM search_doc")


def downgrade() -> None:
    for trigger in (
        "household_list_update",
        "household_list_delete",
        "household_list_insert",
        "household_local_key",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE list_version")
    with op.batch_alter_table("household") as batch_op:
        batch_op.drop_constraint("uq_household_local_key", type_="unique")
        batch_op.drop_column("local_key")
