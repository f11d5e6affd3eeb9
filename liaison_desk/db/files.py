"""The embedded database's own files, which nothing else in this process may open.

POSIX advisory locks belong to the process, and closing *any* descriptor of a file drops all
of the process's locks on it (SQLite's "How To Corrupt An SQLite Database File", §2.2).
SQLite keeps its own descriptors open for that reason, but a file opened by anything else in
the process — a workbook reader handed the wrong file, a PDF written over it, a file dialog
sniffing the type of what it lists — silently drops the locks that tell other programs the
WAL is in use. The next program to open and close the database then checkpoints and deletes
the WAL under us, and everything written after that goes into a deleted file.

So every place that opens a file a person chose asks :func:`refuse_database_file` first, and
:class:`WalWatch` notices when the WAL or its index was replaced anyway, so the engine can
reopen before it writes into a deleted file.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ..errors import InputRefused

# SQLite's companions of a database file: write-ahead log, its shared-memory index, and the
# rollback journal used while the database is switched into WAL mode.
SUFFIXES = ("", "-wal", "-shm", "-journal")

_lock = threading.Lock()
_protected: dict[Path, int] = {}


def companions(database: Path) -> list[Path]:
    return [database.with_name(database.name + s) for s in SUFFIXES]


def protect(database: str | Path) -> None:
    """Register an SQLite file this process has open (counted, so two engines may share)."""
    key = _key(Path(database))
    with _lock:
        _protected[key] = _protected.get(key, 0) + 1


def release(database: str | Path) -> None:
    key = _key(Path(database))
    with _lock:
        left = _protected.get(key, 0) - 1
        if left > 0:
            _protected[key] = left
        else:
            _protected.pop(key, None)


def protected_database(path: str | Path) -> Path | None:
    """The open database ``path`` belongs to (the file itself or one of its companions)."""
    candidate = Path(path).expanduser()
    try:
        resolved = _key(candidate)
    except OSError:
        return None
    identity = _identity(candidate)
    with _lock:
        databases = list(_protected)
    for database in databases:
        for companion in companions(database):
            if companion == resolved:
                return database
            if identity is not None and _identity(companion) == identity:
                return database  # the same file under another name (a link, another path)
    return None


def refuse_database_file(path: str | Path) -> None:
    """Raise InputRefused when ``path`` is the open database or one of its companion files."""
    database = protected_database(path)
    if database is not None:
        raise InputRefused(
            f"“{Path(path).name}” is Liaison Desk's own database, which is open; "
            "choose another file."
        )


class WalWatch:
    """The identity of the WAL and its index while this process has the database open.

    SQLite never deletes or replaces them while a connection of ours is open, so a change
    means another program removed them (see the module's docstring).
    """

    def __init__(self, database: Path) -> None:
        self._files = companions(database)[1:3]
        self._known: tuple[tuple[int, int] | None, ...] | None = None
        self._open = 0
        self._lock = threading.Lock()

    def opened(self) -> None:
        with self._lock:
            self._open += 1
            if self._known is None:
                self._known = self._snapshot()

    def closed(self) -> None:
        with self._lock:
            self._open = max(0, self._open - 1)
            if self._open == 0:
                self._known = None  # SQLite may remove the files once the last one closes

    def forget(self) -> None:
        with self._lock:
            self._open = 0
            self._known = None

    def replaced(self) -> bool:
        """True when the files our open connections use are no longer the ones on disk."""
        with self._lock:
            if self._known is None:
                return False
            now = self._snapshot()
            # A file that did not exist yet when the first connection opened is taken as
            # it is the first time it is seen.
            self._known = tuple(
                k if k is not None else n for k, n in zip(self._known, now, strict=True)
            )
            return now != self._known

    def _snapshot(self) -> tuple[tuple[int, int] | None, ...]:
        return tuple(_identity(p) for p in self._files)


def _key(path: Path) -> Path:
    return Path(os.path.realpath(path.expanduser()))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
