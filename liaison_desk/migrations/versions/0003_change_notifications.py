"""change notifications on PostgreSQL

Every committed change to what the queues show sends one NOTIFY on the channel
``liaison_desk_changes`` (payload: the table), so the other workstations refresh within
milliseconds instead of waiting for their next poll. Statement-level triggers: a bulk import
sends one notice per table, not one per row, and PostgreSQL folds identical notices of one
transaction into one. SQLite has no notifications; its clients poll ``PRAGMA data_version``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHANNEL = "liaison_desk_changes"
# What a client shows: the queues and the detail pane, and the lists behind the forms.
TABLES = (
    "inquiries",
    "inquiry_mcos",
    "timeline_entries",
    "milestones",
    "letters",
    "users",
    "mcos",
    "mco_departments",
    "sources",
    "policies",
    "calendar_days",
    "app_settings",
    "change_marks",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_notify_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
            RETURN NULL;
        END
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER trg_{table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION liaison_desk_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_notify ON {table}")
    op.execute("DROP FUNCTION IF EXISTS liaison_desk_notify_change()")
