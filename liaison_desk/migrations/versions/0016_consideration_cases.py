"""enrollment consideration cases (seed 003): the case's kind, participants and request, and
each step's result (QC vetting, the State Monitors, the supervisor's outreach)

Plain ADD COLUMN, as 0014: no table rebuild on SQLite, so the search triggers stay. The
consideration standards themselves come with the reference data (resources/policies.json).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("consideration_kind", sa.String(length=40)),
    ("for_cause_reason", sa.String(length=100)),
    ("requested_change", sa.String(length=300)),
    ("participants", sa.JSON()),
    ("supervisor_requested", sa.Boolean()),
    ("qc_result", sa.String(length=10)),
    ("monitor_result", sa.String(length=20)),
    ("monitor_reason", sa.String(length=500)),
    ("outreach_attempts", sa.Integer()),
)


def upgrade() -> None:
    for name, kind in _COLUMNS:
        op.add_column("inquiries", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    for name, _kind in reversed(_COLUMNS):
        op.drop_column("inquiries", name)
