"""Hearing other workstations' saves: PostgreSQL LISTEN/NOTIFY.

Migration 0003 makes every committed change to the tables a client shows send a notice on
:data:`CHANNEL` (payload: the table's name). :class:`ChangeListener` holds one connection of
its own in autocommit, LISTENs, and calls back for each notice; it runs on a thread of its
own (the client's live view, the sharing benchmark), never on a GUI thread.

SQLite has no notifications; its clients poll ``PRAGMA data_version`` (ui/live.py).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

Question = Callable[[Any], Any]  # run with the listener's psycopg connection
Answer = Callable[[Any], None]  # given the result, or the exception it raised

log = logging.getLogger("liaison_desk.db.notify")

CHANNEL = "liaison_desk_changes"


class ChangeListener:
    """LISTEN on :data:`CHANNEL` until stopped; ``on_change(table)`` for every notice.

    ``on_error(exception)`` is called when the connection fails; the listener then waits
    ``retry_seconds`` and connects again, so a restarted server is heard again without the
    client doing anything. :meth:`stop` returns within about ``poll_seconds``.
    """

    def __init__(
        self,
        conninfo: str,
        on_change: Callable[[str], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        poll_seconds: float = 0.25,
        retry_seconds: float = 2.0,
    ) -> None:
        self._conninfo = conninfo  # Database.conninfo(): the TLS settings and password too
        self._on_change = on_change
        self._on_error = on_error
        self._poll = poll_seconds
        self._retry = retry_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()
        self._asked: queue.SimpleQueue[tuple[Question, Answer]] = queue.SimpleQueue()

    def ask(self, question: Question, answer: Answer) -> bool:
        """Run ``question(connection)`` on the listening connection (between its waits, so
        within ``poll_seconds``) and call ``answer`` with what it returned or raised, on the
        listener's thread. False, and nothing asked, while it is not listening: the change
        probe then uses a connection of the pool instead. So a workstation's once-a-second
        question costs the server no second connection."""
        if not self.listening.is_set():
            return False
        self._asked.put((question, answer))
        return True

    def _answer(self, conn: Any) -> None:
        while True:
            try:
                question, answer = self._asked.get_nowait()
            except queue.Empty:
                return
            try:
                value = question(conn) if conn is not None else ConnectionError("not listening")
            except Exception as exc:  # the question failed: the asker hears why
                value = exc
            answer(value)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self.run, name="liaison-desk-listen", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as exc:  # the connection failed: say so, wait, connect again
                self.listening.clear()
                self._answer(None)  # nobody waits for an answer that will not come
                log.info("change listener disconnected: %s", exc)
                if self._on_error is not None:
                    self._on_error(exc)
                self._stop.wait(self._retry)

    def _listen(self) -> None:
        import psycopg

        conn: Any = psycopg.connect(self._conninfo, autocommit=True)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
            self.listening.set()
            while not self._stop.is_set():
                # Wakes at least every poll_seconds so stop() is prompt; a dropped connection
                # raises here and run() reconnects.
                for notice in conn.notifies(timeout=self._poll):
                    self._on_change(str(notice.payload))
                self._answer(conn)
        finally:
            self.listening.clear()
            conn.close()
            self._answer(None)
