"""index milestones by inquiry

Loading one inquiry's clocks scanned every milestone row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_milestones_inquiry_id", "milestones", ["inquiry_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_milestones_inquiry_id", table_name="milestones")
