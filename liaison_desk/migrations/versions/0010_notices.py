"""notices, alert_marks, absences, policies.default_warn_percent (SPEC §11)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from liaison_desk.db.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, cascade: bool = False) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE" if cascade else None,
    )  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("policies") as batch:
        batch.add_column(
            sa.Column("default_warn_percent", sa.Float(), nullable=False, server_default="75")
        )
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("event_key", sa.String(length=80), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("for_user_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=True),
        sa.Column("mailed_at", UTCDateTime(), nullable=True),
        _fk("notices", "user_id", "users"),
        _fk("notices", "inquiry_id", "inquiries", cascade=True),
        _fk("notices", "milestone_id", "milestones", cascade=True),
        _fk("notices", "by_user_id", "users"),
        _fk("notices", "for_user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("user_id", "event_key", name=op.f("uq_notices_user_id")),
    )
    op.create_index("ix_notices_user_read", "notices", ["user_id", "read_at"])
    op.create_index("ix_notices_mailed", "notices", ["mailed_at"])
    op.create_table(
        "alert_marks",
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        _fk("alert_marks", "milestone_id", "milestones", cascade=True),
        sa.PrimaryKeyConstraint("milestone_id", "stage", name=op.f("pk_alert_marks")),
    )
    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("cover_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _fk("absences", "user_id", "users"),
        _fk("absences", "cover_id", "users"),
        _fk("absences", "created_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absences")),
    )
    op.create_index("ix_absences_user", "absences", ["user_id", "last_day"])


def downgrade() -> None:
    op.drop_index("ix_absences_user", table_name="absences")
    op.drop_table("absences")
    op.drop_table("alert_marks")
    op.drop_index("ix_notices_mailed", table_name="notices")
    op.drop_index("ix_notices_user_read", table_name="notices")
    op.drop_table("notices")
    with op.batch_alter_table("policies") as batch:
        batch.drop_column("default_warn_percent")
