"""the console's figures kept per period (figure_fact, figure_cell) and its household
search (search_doc, search_household), derived from the records (issue 14)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

These tables are derived from the records. They start empty, without a watermark, so the
server's first refresh (at start) derives them from the records
(vss_server.figure_cache, vss_server.search_index). Also an index on visit.household_id.

Frozen: never edit; add a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_fact",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("who", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("collector", sa.String(length=64), nullable=False),
        sa.Column("province", sa.String(length=80), nullable=False),
        sa.Column("commune", sa.String(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_figure_fact_household", "figure_fact", ["household_id"])
    op.create_index("ix_figure_fact_who", "figure_fact", ["who", "kind"])
    op.create_table(
        "figure_cell",
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("collector", sa.String(length=64), nullable=False),
        sa.Column("province", sa.String(length=80), nullable=False),
        sa.Column("commune", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "period", "period_start", "collector", "province", "commune", "kind"
        ),
    )

    op.create_index("ix_visit_household", "visit", ["household_id"])
    op.create_table(
        "search_doc",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_search_doc_household", "search_doc", ["household_id"])
    op.create_table(
        "search_household",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("village_key", sa.String(length=120), nullable=False),
        sa.Column("head_key", sa.String(length=200), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("household_id"),
    )
    op.create_index("ix_search_household_order", "search_household", ["village_key", "head_key"])


def downgrade() -> None:
    op.drop_index("ix_search_household_order", table_name="search_household")
    op.drop_table("search_household")
    op.drop_index("ix_search_doc_household", table_name="search_doc")
    op.drop_table("search_doc")
    op.drop_index("ix_visit_household", table_name="visit")
    op.drop_table("figure_cell")
    op.drop_index("ix_figure_fact_who", table_name="figure_fact")
    op.drop_index("ix_figure_fact_household", table_name="figure_fact")
    op.drop_table("figure_fact")
