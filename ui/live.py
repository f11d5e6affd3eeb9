"""Seeing colleagues' changes without a manual refresh, and noticing a lost connection.

About once a second a cheap probe runs off the GUI thread:

* SQLite: ``PRAGMA data_version`` on a connection of its own. SQLite changes the number
  whenever another connection (another workstation's app, another window, the CLI) commits
  to the file; it reads no table.
* PostgreSQL: one statement reading a few indexed maxima (the newest inquiry update,
  timeline entry and milestone, the change counter). LISTEN/NOTIFY can replace it later.

When the answer differs from the last one :attr:`ChangeWatcher.changed` is emitted. A probe
that fails emits :attr:`connectionLost` and the watcher backs off (1, 2, 4 … 15 s) until a
probe succeeds again, then emits :attr:`connectionRestored` (and ``changed``).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from liaison_desk.db.engine import Database
from liaison_desk.db.models import ChangeMark, Inquiry, Milestone, TimelineEntry
from ui.qt import QObject, QTimer, Signal
from ui.workers import run_async

log = logging.getLogger("liaison_desk.ui.live")

MAX_BACKOFF_MS = 15_000


class ChangeWatcher(QObject):
    changed = Signal()
    connectionLost = Signal(str, float)  # problem, seconds until the next try
    connectionRestored = Signal()

    def __init__(self, db: Database, parent: QObject, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.setObjectName("changeWatcher")
        self.db = db
        self.interval_ms = max(100, interval_ms)
        self.timer = QTimer(self)
        self.timer.setObjectName("changeWatchTimer")
        self.timer.setInterval(self.interval_ms)
        self.timer.timeout.connect(self.probe)
        self._token: Any = None
        self._busy = False
        self._lost = False
        self._failures = 0
        self._sqlite: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        self.timer.start()
        self.probe()

    def stop(self) -> None:
        self.timer.stop()
        with self._lock:
            if self._sqlite is not None:
                self._sqlite.close()
                self._sqlite = None

    def probe(self) -> None:
        """Ask the database whether anything changed (unless a probe is still running)."""
        if self._busy:
            return
        self._busy = True
        run_async(self, self._read_token, self._on_token, self._on_error)

    def _read_token(self) -> Any:
        if self.db.is_sqlite:
            return self._sqlite_version()
        with self.db.engine.connect() as conn:
            row = conn.execute(
                select(
                    select(func.max(Inquiry.updated_at)).scalar_subquery(),
                    select(func.max(TimelineEntry.id)).scalar_subquery(),
                    select(func.max(Milestone.id)).scalar_subquery(),
                    select(func.max(ChangeMark.seq)).scalar_subquery(),
                )
            ).one()
            return tuple(row)

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

    def _on_token(self, token: Any) -> None:
        self._busy = False
        self._failures = 0
        if self.timer.interval() != self.interval_ms:
            self.timer.setInterval(self.interval_ms)
        was_lost, self._lost = self._lost, False
        if was_lost:
            log.info("database connection restored")
            self.connectionRestored.emit()
        first = self._token is None
        if token != self._token:
            self._token = token
            if not first:
                self.changed.emit()
        elif was_lost:
            self.changed.emit()

    def _on_error(self, exc: BaseException) -> None:
        self._busy = False
        self._failures += 1
        delay = min(self.interval_ms * 2 ** (self._failures - 1), MAX_BACKOFF_MS)
        self.timer.setInterval(int(delay))
        problem = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if not self._lost:
            log.warning("database connection lost: %s", problem)
        self._lost = True
        self.connectionLost.emit(problem, delay / 1000)

    @property
    def lost(self) -> bool:
        return self._lost
