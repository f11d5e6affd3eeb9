"""What tells a client that a colleague saved something (PostgreSQL; SQLite clients read
``PRAGMA data_version``): the newest change of each kind, read in one statement."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from ..db.engine import Database, translate_errors
from ..db.models import ChangeMark, Inquiry, Milestone, TimelineEntry
from ..errors import DatabaseUnavailable


def change_token(conn: Connection) -> tuple[Any, ...]:
    """A value that differs whenever an inquiry, an entry, a clock or a mark changed."""
    return tuple(conn.execute(_token_select()).one())


def _token_select() -> Any:
    return select(
        select(func.max(Inquiry.updated_at)).scalar_subquery(),
        select(func.max(TimelineEntry.id)).scalar_subquery(),
        select(func.max(Milestone.id)).scalar_subquery(),
        select(func.max(ChangeMark.seq)).scalar_subquery(),
    )


_TOKEN_SQL: str | None = None


def token_on(conn: Any) -> tuple[Any, ...]:
    """:func:`change_token` on a bare psycopg connection (the change listener's): the same
    statement, so both give equal tokens for the same state."""
    global _TOKEN_SQL
    if _TOKEN_SQL is None:
        from sqlalchemy.dialects import postgresql

        _TOKEN_SQL = str(_token_select().compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    row = conn.execute(_TOKEN_SQL).fetchone()
    return tuple(row)


class ChangeProbe:
    """The cheap question "did anything change?" asked about once a second, off the GUI.

    SQLite: ``PRAGMA data_version`` on a connection of its own (it changes whenever another
    connection commits; it reads no table). PostgreSQL: :func:`change_token`."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._sqlite: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def token(self) -> Any:
        """The current token; raises :class:`DatabaseUnavailable` when it cannot be read."""
        if self.db.is_sqlite:
            try:
                return self._sqlite_version()
            except (OSError, sqlite3.Error) as exc:
                raise DatabaseUnavailable(
                    f"The database file cannot be read right now ({_first_line(exc)})."
                ) from exc
        with translate_errors(), self.db.engine.connect() as conn:
            return change_token(conn)

    def close(self) -> None:
        with self._lock:
            if self._sqlite is not None:
                self._sqlite.close()
                self._sqlite = None

    def _sqlite_version(self) -> int:
        with self._lock:
            if self._sqlite is None:
                path = Path(self.db.url.database or "")
                if not path.is_file():  # never create an empty file where the database was
                    raise OSError(f"The database file {path} is missing.")
                self._sqlite = sqlite3.connect(path, check_same_thread=False, timeout=5)
            try:
                version = self._sqlite.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                self._sqlite.close()
                self._sqlite = None
                raise
            return int(version)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
