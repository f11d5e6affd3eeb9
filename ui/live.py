"""Seeing colleagues' changes without a manual refresh, and noticing a lost connection.

About once a second a cheap probe runs off the GUI thread:

* SQLite: ``PRAGMA data_version`` on a connection of its own. SQLite changes the number
  whenever another connection (another workstation's app, another window, the CLI) commits
  to the file; it reads no table.
* PostgreSQL: one statement reading a few indexed maxima (the newest inquiry update,
  timeline entry and milestone, the change counter).

On PostgreSQL a :class:`~liaison_desk.db.notify.ChangeListener` also LISTENs on its own
connection: a colleague's commit is heard within milliseconds and answered at once with a
probe, so the refresh does not wait for the next tick (the poll stays, as the check that
the connection is alive and as a fallback while the listener reconnects).

When the answer differs from the last one :attr:`ChangeWatcher.changed` is emitted. A probe
that fails emits :attr:`connectionLost` and the watcher backs off (1, 2, 4 … 15 s) until a
probe succeeds again, then emits :attr:`connectionRestored` (and ``changed``).
"""

from __future__ import annotations

import logging
from typing import Any

from liaison_desk.db.engine import Database
from liaison_desk.db.notify import ChangeListener
from liaison_desk.services.changes import ChangeProbe, token_on
from ui import ops
from ui.qt import QObject, Signal
from ui.widgets.timers import named_timer

log = logging.getLogger("liaison_desk.ui.live")

MAX_BACKOFF_MS = 15_000


class ChangeWatcher(QObject):
    changed = Signal()
    connectionLost = Signal(str, float)  # problem, seconds until the next try
    connectionRestored = Signal()
    # Emitted from the listener's thread; delivered (queued) on the GUI thread.
    heard = Signal(str)
    answered = Signal(object)  # the listener's token, or the exception its question raised

    def __init__(self, db: Database, parent: QObject, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.setObjectName("changeWatcher")
        self.db = db
        self.interval_ms = max(100, interval_ms)
        self.timer = named_timer(self, "changeWatchTimer", self.interval_ms, self.probe)
        self._token: Any = None
        self._busy = False
        self._lost = False
        self._failures = 0
        self._probe = ChangeProbe(db)
        # A notice says something changed even when the maxima do not show it (an edit of
        # an MCO, a user): the probe it starts reports a change whatever the token says.
        self._forced = False
        self.listener: ChangeListener | None = None
        self.heard.connect(self._on_heard)
        self.answered.connect(self._on_answer)

    def start(self) -> None:
        self.timer.start()
        if self.db.is_postgres and self.listener is None:
            # A dropped listener connection is checked at once (banner), unless the watcher
            # already knows and is backing off.
            self.listener = ChangeListener(
                self.db.conninfo(),
                self.heard.emit,
                on_error=lambda _exc: self.heard.emit(""),
                # Its waits are this short so the probe a notice starts, asked down this
                # connection, is answered at once (the wait itself costs nothing).
                poll_seconds=0.05,
            )
            self.listener.start()
        self.probe()

    def stop(self) -> None:
        self.timer.stop()
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
        self._probe.close()

    def probe(self) -> None:
        """Ask the database whether anything changed (unless a probe is still running)."""
        if self._busy:
            return
        self._busy = True
        # Listening: the question goes down the listener's own connection (no pool
        # connection for it); otherwise, or if that fails, a connection of the pool.
        if self.listener is not None and self.listener.ask(token_on, self.answered.emit):
            return
        self._probe_with_pool()

    def _probe_with_pool(self) -> None:
        ops.background(self, self._probe.token, verb="checked", where="the change probe").done(
            self._on_token
        ).failed(self._on_error).start()

    def _on_answer(self, value: Any) -> None:
        if isinstance(value, BaseException):
            self._probe_with_pool()  # the listener lost its connection: ask the pool
        else:
            self._on_token(value)

    def _on_heard(self, table: str) -> None:
        if not table:  # the listener lost its connection
            if not self._lost:
                self.probe()
            return
        log.debug("heard a change in %s", table)
        self._forced = True
        # A running probe reports the change when it ends; the refresh that follows reads
        # after this commit, so it sees it.
        self.probe()

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
        forced, self._forced = self._forced, False
        if token != self._token:
            self._token = token
            if not first:
                self.changed.emit()
        elif was_lost or forced:
            self.changed.emit()

    def _on_error(self, failure: ops.Problem) -> None:
        self._busy = False
        self._failures += 1
        delay = min(self.interval_ms * 2 ** (self._failures - 1), MAX_BACKOFF_MS)
        self.timer.setInterval(int(delay))
        problem = failure.reason.strip().splitlines()[0] if failure.reason.strip() else "?"
        if not self._lost:
            log.warning("database connection lost: %s", problem)
        self._lost = True
        self.connectionLost.emit(problem, delay / 1000)

    @property
    def lost(self) -> bool:
        return self._lost
