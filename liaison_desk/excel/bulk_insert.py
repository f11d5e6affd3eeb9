"""Bulk inserts for the import: one statement through the driver for many rows, with the
column types' own bind processing done once per value (SQLAlchemy's per-row handling costs
more than the database itself for hundreds of thousands of rows)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from sqlalchemy import JSON, Connection, Table

from ..db.base import UTCDateTime


class JsonTexts:
    """An entry's ``data`` as JSON text, each distinct flat dict encoded once: an import's
    hundreds of thousands of entries carry a few dozen different ones."""

    # Keyed with each value's type too: True == 1 == 1.0 for a dict, not for JSON.
    _SCALARS = frozenset({str, int, float, bool, type(None)})

    def __init__(self) -> None:
        self._texts: dict[tuple[Any, ...], str] = {}

    def __call__(self, data: dict[str, Any] | None) -> str:
        if not data:
            return "{}"
        values = tuple(data.values())
        types = tuple(v.__class__ for v in values)
        if not self._SCALARS.issuperset(types):
            return json.dumps(data)
        key = (tuple(data), values, types)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = json.dumps(data)
        return found


_SQLITE_TEXT: dict[datetime, str] = {}


def _sqlite_utc_text(value: datetime) -> str:
    """What ``UTCDateTime`` stores on SQLite (``2025-11-24 15:30:00.000000``, UTC), made
    directly: the same text SQLAlchemy's processors make, at a fraction of the cost, for the
    million timestamps of a large import (many repeat: cached)."""
    got = _SQLITE_TEXT.get(value)
    if got is None:
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        got = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        if len(_SQLITE_TEXT) > 200_000:
            _SQLITE_TEXT.clear()
        _SQLITE_TEXT[value] = got
    return got


class BulkInsert:
    """One INSERT run through the driver (executemany; on SQLite, many rows a statement),
    with the column types' own bind processing (UTC datetimes, booleans) applied once per
    value and JSON already encoded.

    SQLAlchemy's per-row parameter handling costs more than the database itself for
    hundreds of thousands of rows; this is the same statement without that overhead.
    """

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str]) -> None:
        dialect = conn.dialect
        marks = ", ".join(["?" if dialect.paramstyle == "qmark" else "%s"] * len(columns))
        quoted = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
        name = dialect.identifier_preparer.format_table(table)
        self.sql = f"INSERT INTO {name} ({quoted}) VALUES ({marks})"
        # SQLite keeps a statement journal of every page a statement changes (the tables
        # carry triggers): one statement of many rows journals each page once, where one
        # statement a row journals the same index pages again for every row.
        self.per_statement = 1
        if dialect.name == "sqlite":
            # As many rows as this SQLite build takes parameters in one statement, up to a
            # few hundred (longer statements measured no faster).
            driver: Any = conn.connection.driver_connection
            limit = min(driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER), 32_766)
            self.per_statement = max(1, limit // len(columns))
        self._head = f"INSERT INTO {name} ({quoted}) VALUES "
        self._marks = f"({marks})"
        self.processors: list[tuple[int, Callable[[Any], Any]]] = []
        sqlite_text = dialect.name == "sqlite"
        for i, c in enumerate(columns):
            col_type = table.c[c].type
            if isinstance(col_type, JSON):
                continue  # encoded by the caller
            if sqlite_text and isinstance(col_type, UTCDateTime):
                self.processors.append((i, _sqlite_utc_text))
                continue
            # The dialect's own variant of the type (SQLite stores datetimes as text in one
            # fixed format that queries compare as strings: it must be exactly SQLAlchemy's).
            proc = col_type.dialect_impl(dialect).bind_processor(dialect)
            if proc is not None:
                self.processors.append((i, proc))

    def run(self, conn: Connection, rows: list[tuple[Any, ...]]) -> None:
        if self.per_statement == 1:
            conn.exec_driver_sql(self.sql, rows)
            return
        for begin in range(0, len(rows), self.per_statement):
            part = rows[begin : begin + self.per_statement]
            sql = self._head + ", ".join([self._marks] * len(part))
            conn.exec_driver_sql(sql, tuple(chain.from_iterable(part)))

    def convert(self, rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        if not self.processors:
            return list(rows)
        procs = self.processors
        out: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(row)
            for i, proc in procs:
                v = values[i]
                if v is not None:
                    values[i] = proc(v)
            out.append(tuple(values))
        return out


__all__ = ["BulkInsert", "JsonTexts"]
