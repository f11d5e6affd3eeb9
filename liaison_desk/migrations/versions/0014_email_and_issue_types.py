"""choices (channels, issue categories, outcomes) and the e-mail track's inquiry columns;
the shipped e-mail standards apply to the e-mail track, on by default (issue 14)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("channel", 200),
    ("email", 254),
    ("subject", 300),
    ("category", 200),
    ("sub_category", 200),
    ("outcome", 200),
)
SHIPPED = ("email.first_response", "email.resolution_2", "email.resolution_5",
           "email.resolution_15")  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("synonyms", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["choices.id"],
                                name=op.f("fk_choices_parent_id_choices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_choices")),
    )  # fmt: skip
    op.create_index("ix_choices_kind", "choices", ["kind", "parent_id"])
    # Plain ADD COLUMN (no table rebuild on SQLite: the inquiries' search triggers stay).
    for name, length in _COLUMNS:
        op.add_column("inquiries", sa.Column(name, sa.String(length=length), nullable=True))
    op.create_index("ix_inquiries_email", "inquiries", ["email"])
    op.create_index("ix_inquiries_category", "inquiries", ["category"])
    # The shipped e-mail standards were for every track and off; an admin who never touched
    # them gets them for the e-mail track and on, met only by a written reply (seed 000
    # VII.1.a-b). One an admin turned on keeps what the admin chose.
    policies = sa.table(
        "policies",
        sa.column("key", sa.String),
        sa.column("track", sa.String),
        sa.column("enabled", sa.Boolean),
        sa.column("met_by", sa.JSON),
    )
    op.execute(
        policies.update()
        .where(policies.c.key.in_(SHIPPED), policies.c.track == "*",
               policies.c.enabled.is_(False))
        .values(track="email", enabled=True)
    )  # fmt: skip
    op.execute(
        policies.update()
        .where(policies.c.key == "email.first_response", policies.c.track == "email")
        .values(met_by=["contact@email", "contact@secure_message"])
    )


def downgrade() -> None:
    op.drop_index("ix_inquiries_category", table_name="inquiries")
    op.drop_index("ix_inquiries_email", table_name="inquiries")
    for name, _length in reversed(_COLUMNS):
        op.drop_column("inquiries", name)
    op.drop_index("ix_choices_kind", table_name="choices")
    op.drop_table("choices")
