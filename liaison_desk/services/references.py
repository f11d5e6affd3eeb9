"""Reference numbers ``YYMMDD-NNNN``: per-day sequence, unique, never reused.

The counter row is bumped with one atomic upsert inside the saving transaction. PostgreSQL
row-locks it and SQLite serialises writers, so two workstations saving at the same instant
get different numbers; a rolled-back save also rolls back its number, which was never shown.

A number is never handed out twice, even if a counter was set back: the block taken is
moved on past any reference an inquiry already has, so a damaged counter cannot stop intake.
On PostgreSQL the workers' logins may not touch the counters at all; they take numbers
through ``liaison_desk_take_references`` and ``liaison_desk_keep_reference``, functions that
run with the owner's rights (:func:`server_sql`), so the rule holds for psql as for the app.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..db.models import Inquiry, ReferenceCounter
from ..errors import ValidationError

_DAY = re.compile(r"^\d{6}$")
MAX_BLOCK = 1_000_000


def format_reference(day: date, seq: int) -> str:
    # Four digits as the agency writes them; a day with more than 9,999 widens, never wraps.
    return f"{day:%y%m%d}-{seq:04d}"


def next_reference(session: Session, day: date) -> str:
    return format_reference(day, take_block(session, f"{day:%y%m%d}", 1))


def _check(day: str, n: int) -> None:
    if not _DAY.match(day) or not 1 <= n <= MAX_BLOCK:
        raise ValidationError({"reference": f"No block of {n} references for day {day!r}."})


def take_block(session: Session, day: str, n: int) -> int:
    """Reserve ``n`` new numbers of ``day`` (``YYMMDD``); returns the last (the block is
    ``last - n + 1 … last``), none of them used by an inquiry already."""
    _check(day, n)
    if session.get_bind().dialect.name == "postgresql":
        value = session.execute(
            text("SELECT liaison_desk_take_references(:day, :n)"), {"day": day, "n": n}
        ).scalar_one()
        return int(value)
    # The driver's own statements: an import takes a block for each of hundreds of days,
    # and building each statement through the ORM cost more than running it.
    conn = session.connection()
    while True:
        last = int(conn.exec_driver_sql(_SQLITE_TAKE, (day, n)).scalar_one())
        if not _used(session, day, last - n + 1, last):
            return last


def keep_reference(session: Session, day: str, seq: int) -> None:
    """A reference kept from an imported file: the day's counter moves past it."""
    _check(day, max(seq, 1))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT liaison_desk_keep_reference(:day, :seq)"), {"day": day, "seq": seq}
        )
        return
    session.connection().exec_driver_sql(_SQLITE_KEEP, (day, seq))


_COUNTERS = ReferenceCounter.__tablename__
_SQLITE_TAKE = (
    f"INSERT INTO {_COUNTERS} (day, last_seq) VALUES (?, ?) ON CONFLICT (day) "
    "DO UPDATE SET last_seq = last_seq + excluded.last_seq RETURNING last_seq"
)
_SQLITE_KEEP = (
    f"INSERT INTO {_COUNTERS} (day, last_seq) VALUES (?, ?) ON CONFLICT (day) "
    "DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)"
)


def _used(session: Session, day: str, first: int, last: int) -> bool:
    """Whether an inquiry already has a number of the block (SQLite: PostgreSQL's function
    checks this itself)."""
    if last - first < 500:  # an intake (or one day of an import): look the numbers up
        refs = tuple(f"{day}-{seq:04d}" for seq in range(first, last + 1))
        marks = ", ".join("?" * len(refs))
        found = session.connection().exec_driver_sql(
            f"SELECT 1 FROM inquiries WHERE reference IN ({marks}) LIMIT 1", refs
        )
        return found.first() is not None
    for ref in session.scalars(select(Inquiry.reference).where(Inquiry.reference.like(f"{day}-%"))):
        tail = ref[7:]
        if tail.isdigit() and first <= int(tail) <= last:
            return True
    return False


SERVER_FUNCTIONS = (
    "liaison_desk_take_references(text, integer)",
    "liaison_desk_keep_reference(text, integer)",
)


def server_sql(schema: str) -> list[str]:
    """The PostgreSQL functions above, owned by the tables' owner (SECURITY DEFINER): the
    only way a worker's login changes a counter."""
    search = f'SET search_path = "{schema}", pg_temp'
    # Dropped first: CREATE OR REPLACE cannot rename a parameter (earlier builds named them
    # differently); the grants are given again right after.
    return [
        *(f"DROP FUNCTION IF EXISTS {fn}" for fn in SERVER_FUNCTIONS),
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_take_references(p_day text, p_n integer)
        RETURNS integer LANGUAGE plpgsql SECURITY DEFINER {search} AS $$
        DECLARE
            v_last integer;
        BEGIN
            IF p_day !~ '^[0-9]{{6}}$' OR p_n IS NULL OR p_n < 1 OR p_n > {MAX_BLOCK} THEN
                RAISE EXCEPTION 'no block of % references for day %', p_n, p_day
                    USING ERRCODE = 'check_violation';
            END IF;
            LOOP
                INSERT INTO reference_counters AS c (day, last_seq) VALUES (p_day, p_n)
                ON CONFLICT ON CONSTRAINT pk_reference_counters
                DO UPDATE SET last_seq = c.last_seq + p_n
                RETURNING c.last_seq INTO v_last;
                -- A counter set back (by hand, a restore) must not hand out a used number.
                EXIT WHEN NOT EXISTS (
                    SELECT 1 FROM generate_series(v_last - p_n + 1, v_last) AS s(seq)
                    JOIN inquiries i ON i.reference = p_day || '-' || CASE
                        WHEN s.seq < 10000 THEN lpad(s.seq::text, 4, '0') ELSE s.seq::text END
                );
            END LOOP;
            RETURN v_last;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_keep_reference(p_day text, p_seq integer)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER {search} AS $$
        BEGIN
            IF p_day !~ '^[0-9]{{6}}$' OR p_seq IS NULL OR p_seq < 1 OR p_seq > {MAX_BLOCK}
            THEN
                RAISE EXCEPTION 'no reference % for day %', p_seq, p_day
                    USING ERRCODE = 'check_violation';
            END IF;
            INSERT INTO reference_counters AS c (day, last_seq) VALUES (p_day, p_seq)
            ON CONFLICT ON CONSTRAINT pk_reference_counters
            DO UPDATE SET last_seq = greatest(c.last_seq, p_seq);
        END
        $$
        """,
    ]
