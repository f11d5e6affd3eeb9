"""history_chain: each timeline and audit entry's place in its chain and its hash (issue 15)

Plain ADD COLUMN (no table rebuild on SQLite: the search triggers stay). The entries already
kept are chained in the order they were written (by id), then the database's triggers chain
every new one (:mod:`liaison_desk.db.chain`).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from liaison_desk.db import chain

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_BATCH = 2000


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    for chained in chain.CHAINED:
        op.add_column(chained.table, sa.Column("chain_seq", sa.Integer(), nullable=True))
        op.add_column(chained.table, sa.Column("chain_hash", sa.String(length=64), nullable=True))
        _backfill(bind, dialect, chained)
        op.create_index(
            f"uq_{chained.table}_chain", chained.table, [*chained.key, "chain_seq"], unique=True
        )
    for statement in chain.trigger_statements(dialect):
        op.execute(statement)


def _backfill(bind: sa.Connection, dialect: str, chained: chain.Chained) -> None:
    keys = ", ".join(f"t.{c}" for c in chained.key)
    numbered = bind.execute(
        sa.text(
            f"SELECT t.id, row_number() OVER (PARTITION BY {keys} ORDER BY t.id) "
            f"FROM {chained.table} t"
        )
    ).all()
    _update(bind, chained.table, [{"i": i, "s": int(s), "h": None} for i, s in numbered], False)
    rows = bind.execute(
        sa.text(
            f"SELECT t.id, t.chain_seq, {chain.content_sql(dialect, chained, 't')} "
            f"FROM {chained.table} t ORDER BY {keys}, t.chain_seq"
        )
    ).all()
    previous: str | None = None
    hashes = []
    for entry_id, seq, content in rows:
        if seq == 1:
            previous = None
        previous = chain.digest(previous, content)
        hashes.append({"i": entry_id, "h": previous})
    _update(bind, chained.table, hashes, True)


def _update(bind: sa.Connection, table: str, rows: list[dict[str, object]], hashes: bool) -> None:
    column = "chain_hash = :h" if hashes else "chain_seq = :s"
    statement = sa.text(f"UPDATE {table} SET {column} WHERE id = :i")
    for start in range(0, len(rows), _BATCH):
        bind.execute(statement, rows[start : start + _BATCH])


def downgrade() -> None:
    for statement in chain.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    for chained in reversed(chain.CHAINED):
        op.drop_index(f"uq_{chained.table}_chain", table_name=chained.table)
        op.drop_column(chained.table, "chain_hash")
        op.drop_column(chained.table, "chain_seq")
