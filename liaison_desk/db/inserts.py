"""``INSERT … ON CONFLICT DO NOTHING`` on either database: the way two workstations (or the
watch service) race for the same row and exactly one of them wins."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_new(session: Session, model: Any, values: dict[str, Any]) -> bool:
    """Insert ``values`` into ``model``'s table unless a row with the same key (primary or
    unique) is there already; True when this call added it."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model).values(values).on_conflict_do_nothing()
    # The count of an INSERT is kept only when asked for (SQLAlchemy 2.1).
    result = session.execute(stmt, execution_options={"preserve_rowcount": True})
    return int(result.rowcount) > 0  # type: ignore[attr-defined]
