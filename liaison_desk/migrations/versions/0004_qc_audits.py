"""quality-control audits

A sampled audit of a period's inquiries (seed 000's audit tool) and its scored items.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qc_audits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("drawn_by_id", sa.Integer(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("ack_target_days", sa.Integer(), nullable=False),
        sa.Column("resolution_target_days", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["drawn_by_id"], ["users.id"], name=op.f("fk_qc_audits_drawn_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qc_audits")),
    )
    op.create_table(
        "qc_audit_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("request_date", sa.Date(), nullable=False),
        sa.Column("ack_date", sa.Date(), nullable=True),
        sa.Column("ack_days", sa.Integer(), nullable=True),
        sa.Column("ack_met", sa.Boolean(), nullable=False),
        sa.Column("resolution_date", sa.Date(), nullable=True),
        sa.Column("resolution_days", sa.Integer(), nullable=True),
        sa.Column("resolution_met", sa.Boolean(), nullable=False),
        sa.Column("answered_correctly", sa.Boolean(), nullable=True),
        sa.Column("professional", sa.Boolean(), nullable=True),
        sa.Column("accurate", sa.Boolean(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("scored_by_id", sa.Integer(), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["qc_audits.id"],
            name=op.f("fk_qc_audit_items_audit_id_qc_audits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiries.id"], name=op.f("fk_qc_audit_items_inquiry_id_inquiries")
        ),
        sa.ForeignKeyConstraint(
            ["scored_by_id"], ["users.id"], name=op.f("fk_qc_audit_items_scored_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qc_audit_items")),
        sa.UniqueConstraint("audit_id", "inquiry_id", name=op.f("uq_qc_audit_items_audit_id")),
    )
    with op.batch_alter_table("qc_audit_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qc_audit_items_audit_id"), ["audit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("qc_audit_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qc_audit_items_audit_id"))

    op.drop_table("qc_audit_items")
    op.drop_table("qc_audits")
