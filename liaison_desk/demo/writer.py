"""Buffering demo rows and writing them in bulk, parents before children, with ids chosen
here (and PostgreSQL's sequences moved past them)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from ..db.models import (
    Inquiry,
    Milestone,
    TimelineEntry,
    inquiry_mcos,
)


class _Writer:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        self.next_id: dict[str, int] = {}
        for model in (Inquiry, Milestone, TimelineEntry):
            top = session.scalar(select(func.max(model.id))) or 0
            self.next_id[model.__tablename__] = int(top) + 1

    def new_id(self, model: Any) -> int:
        name = model.__tablename__
        value = self.next_id[name]
        self.next_id[name] = value + 1
        return value

    def advance_sequences(self) -> None:
        """On PostgreSQL, move each table's id sequence past the ids written here: the rows
        were inserted with their ids, which leaves the sequence where it was, and the next
        inquiry taken in would be refused for a duplicate key."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for model in (Inquiry, Milestone, TimelineEntry):
            name = model.__tablename__
            self.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {name}"
                )
            )

    def add(self, table: Any, row: dict[str, Any]) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        # Parents before children, so foreign keys hold at every statement.
        for table in (
            Inquiry.__table__,
            inquiry_mcos,
            TimelineEntry.__table__,
            Milestone.__table__,
        ):
            rows = self.rows.pop(table, [])
            if rows:
                # executemany needs one shape: every row names every column it sets.
                keys = {k for row in rows for k in row}
                full = [{k: row.get(k) for k in keys} for row in rows]
                self.session.execute(insert(cast(Table, table)), full)
        self.rows.clear()
