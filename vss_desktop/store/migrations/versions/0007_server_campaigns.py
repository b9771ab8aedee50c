"""campaign: district campaigns from the server beside the local ones (issue 15)

A campaign gains ``source`` ('local'|'server'), ``server_version``, ``targets`` (JSON
object metric -> int), ``communes`` (JSON list of [province, commune]) and ``status``
('open'|'closed'). Existing rows are local, open, without targets or communes: the
server defaults fill them in, so no row is rewritten by hand.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(
            sa.Column("source", sa.String(length=8), nullable=False, server_default="local")
        )
        batch.add_column(sa.Column("server_version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("targets", sa.Text(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("communes", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("status", sa.String(length=8), nullable=False, server_default="open")
        )


def downgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        for name in ("status", "communes", "targets", "server_version", "source"):
            batch.drop_column(name)
