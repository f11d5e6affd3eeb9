"""one MCO clock per MCO referred

A provider issue escalated to several MCOs has an "MCO contacts provider" clock for each,
met only by that MCO's update; the clock names its MCO.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("milestones") as batch:
        batch.add_column(sa.Column("mco_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_milestones_mco_id_mcos"), "mcos", ["mco_id"], ["id"])
    # Clocks started by a referral before this revision belong to the inquiry's MCO.
    op.execute(
        "UPDATE milestones SET mco_id = (SELECT inquiries.mco_id FROM inquiries "
        "WHERE inquiries.id = milestones.inquiry_id) "
        "WHERE kind IN ('mco_contact', 'follow_up_mco')"
    )


def downgrade() -> None:
    with op.batch_alter_table("milestones") as batch:
        batch.drop_constraint(op.f("fk_milestones_mco_id_mcos"), type_="foreignkey")
        batch.drop_column("mco_id")
