"""compliance targets on the response-time standards

The e-mail standards of seed 000 carry a share that must be met on time (95 %, 98 %, 100 %);
compliance shows it and whether it is reached.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SHIPPED = {
    "email.first_response": 100.0,
    "email.resolution_2": 95.0,
    "email.resolution_5": 98.0,
    "email.resolution_15": 100.0,
}


def upgrade() -> None:
    with op.batch_alter_table("policies") as batch:
        batch.add_column(sa.Column("target_percent", sa.Float(), nullable=True))
    policies = sa.table("policies", sa.column("key", sa.String), sa.column("target_percent"))
    for key, target in SHIPPED.items():
        op.execute(
            policies.update()
            .where(policies.c.key == key, policies.c.target_percent.is_(None))
            .values(target_percent=target)
        )


def downgrade() -> None:
    with op.batch_alter_table("policies") as batch:
        batch.drop_column("target_percent")
