"""inquiry_views: who opened which inquiry, when (the access report)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from liaison_desk.db.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inquiry_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiries.id"], name=op.f("fk_inquiry_views_inquiry_id_inquiries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_inquiry_views_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry_views")),
    )  # fmt: skip
    op.create_index("ix_inquiry_views_inquiry_at", "inquiry_views", ["inquiry_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_inquiry_views_inquiry_at", table_name="inquiry_views")
    op.drop_table("inquiry_views")
