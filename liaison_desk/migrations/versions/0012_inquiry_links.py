"""inquiry_links: inquiries about the same issue, linked both ways (SPEC §11)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from liaison_desk.db.base import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inquiry_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["first_id"], ["inquiries.id"], ondelete="CASCADE",
                                name=op.f("fk_inquiry_links_first_id_inquiries")),
        sa.ForeignKeyConstraint(["second_id"], ["inquiries.id"], ondelete="CASCADE",
                                name=op.f("fk_inquiry_links_second_id_inquiries")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_inquiry_links_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry_links")),
        sa.UniqueConstraint("first_id", "second_id", name=op.f("uq_inquiry_links_first_id")),
    )  # fmt: skip
    op.create_index("ix_inquiry_links_second", "inquiry_links", ["second_id"])


def downgrade() -> None:
    op.drop_index("ix_inquiry_links_second", table_name="inquiry_links")
    op.drop_table("inquiry_links")
