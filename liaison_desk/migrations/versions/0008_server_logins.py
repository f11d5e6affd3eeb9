"""server_logins: the PostgreSQL logins this database made

An admin adds, moves and disables team members through functions that act only on the
logins listed here (and on Liaison Desk's own groups), so an admin's login needs no right
over the server's other logins.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from liaison_desk.db.base import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_logins",
        sa.Column("login", sa.String(63), nullable=False),
        sa.Column("made_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_server_logins")),
    )


def downgrade() -> None:
    op.drop_table("server_logins")
