"""Reference numbers ``YYMMDD-NNNN``: per-day sequence, unique, never reused.

The counter row is bumped with one atomic upsert inside the saving transaction. PostgreSQL
row-locks it and SQLite serialises writers, so two workstations saving at the same instant
get different numbers; a rolled-back save also rolls back its number, which was never shown.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..db.models import ReferenceCounter


def format_reference(day: date, seq: int) -> str:
    # Four digits as the agency writes them; a day with more than 9,999 widens, never wraps.
    return f"{day:%y%m%d}-{seq:04d}"


def next_reference(session: Session, day: date) -> str:
    key = f"{day:%y%m%d}"
    dialect = session.get_bind().dialect.name
    stmt: Insert
    if dialect == "postgresql":
        pg = postgresql.insert(ReferenceCounter).values(day=key, last_seq=1)
        stmt = pg.on_conflict_do_update(
            index_elements=[ReferenceCounter.day],
            set_={"last_seq": ReferenceCounter.last_seq + 1},
        )
    else:
        lite = sqlite.insert(ReferenceCounter).values(day=key, last_seq=1)
        stmt = lite.on_conflict_do_update(
            index_elements=[ReferenceCounter.day],
            set_={"last_seq": ReferenceCounter.last_seq + 1},
        )
    seq = session.execute(stmt.returning(ReferenceCounter.last_seq)).scalar_one()
    return format_reference(day, int(seq))
