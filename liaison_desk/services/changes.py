"""What tells a client that a colleague saved something (PostgreSQL; SQLite clients read
``PRAGMA data_version``): the newest change of each kind, read in one statement."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from ..db.models import ChangeMark, Inquiry, Milestone, TimelineEntry


def change_token(conn: Connection) -> tuple[Any, ...]:
    """A value that differs whenever an inquiry, an entry, a clock or a mark changed."""
    row = conn.execute(
        select(
            select(func.max(Inquiry.updated_at)).scalar_subquery(),
            select(func.max(TimelineEntry.id)).scalar_subquery(),
            select(func.max(Milestone.id)).scalar_subquery(),
            select(func.max(ChangeMark.seq)).scalar_subquery(),
        )
    ).one()
    return tuple(row)
