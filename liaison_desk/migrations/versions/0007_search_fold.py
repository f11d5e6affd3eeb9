"""ld_fold(text): names folded for search on PostgreSQL

The resolved queue is searched in SQL; "maria" must find "María" there as it does in the
open queues. SQLite gets the same function from the app on each connection
(:mod:`liaison_desk.text_fold`); PostgreSQL gets it here, from the same table. A change to
that table needs a new revision that replaces the function.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from liaison_desk.text_fold import FOLD_FROM, FOLD_TO

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION ld_fold(value text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS "
        f"$$ SELECT translate(lower(value), {_literal(FOLD_FROM)}, {_literal(FOLD_TO)}) $$"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS ld_fold(text)")
