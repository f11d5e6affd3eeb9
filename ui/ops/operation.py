"""An operation: work on the thread pool, its outcome delivered on the GUI thread.

Build one with :func:`read`, :func:`write`, :func:`background` or :func:`job`, chain
``.done(...)``, ``.failed(...)`` and ``.progress(...)``, then ``.start()``::

    ops.read(self, self.app_ctx, lambda s, c: actions.brief(s, c, inquiry_id)) \\
        .done(self._loaded).failed(self._load_failed).start()
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar

from liaison_desk.logs import describe_failure
from liaison_desk.services.context import ServiceContext, Session
from ui.context import AppContext
from ui.ops.changes import changes
from ui.ops.problems import Problem, explain
from ui.qt import QObject, QRunnable, QThreadPool, Signal, SignalInstance

log = logging.getLogger("liaison_desk.ui.ops")

T = TypeVar("T")
ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]
Work = Callable[[ProgressFn, CancelledFn], T]


class _Relay(QObject):
    """Carries the outcome across threads; owned by the widget that asked."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


# Relays of running operations: kept alive here until their outcome is delivered.
_running: set[_Relay] = set()


class Operation(Generic[T]):
    def __init__(self, parent: QObject, work: Work[T], *, verb: str, where: str) -> None:
        self._work = work
        self._verb, self._where, self._kept = verb, where, ""
        self._relay = _Relay(parent)
        self._cancel = threading.Event()
        self._on_done: Callable[[T], None] | None = None
        self._on_failed: Callable[[Problem], None] | None = None
        self._changed: Callable[[T], int | None] | None = None
        self.running = False

    # --- building --------------------------------------------------------------------------
    def done(self, fn: Callable[[T], None]) -> Self:
        self._on_done = fn
        return self

    def failed(self, fn: Callable[[Problem], None], *, kept: str = "") -> Self:
        """``fn`` gets the problem already worded; ``kept`` says what typing survived."""
        self._on_failed, self._kept = fn, kept
        return self

    def progress(self, fn: Callable[[int, int], None]) -> Self:
        self._relay.progress.connect(fn)
        return self

    def announces(self, inquiry: Callable[[T], int | None]) -> Self:
        """After success, tell the app-wide bus which inquiry changed."""
        self._changed = inquiry
        return self

    # --- running ---------------------------------------------------------------------------
    def start(self) -> Self:
        self.running = True
        relay = self._relay
        _running.add(relay)
        on_done, on_failed, changed = self._on_done, self._on_failed, self._changed
        verb, where, kept = self._verb, self._where, self._kept

        def delivered(result: T) -> None:  # on the GUI thread
            self.running = False
            _running.discard(relay)
            if on_done is not None:
                on_done(result)
            if changed is not None and (inquiry := changed(result)) is not None:
                changes().inquiryChanged.emit(inquiry)

        def failed(error: BaseException) -> None:  # on the GUI thread
            self.running = False
            _running.discard(relay)
            problem = explain(error, verb=verb, where=where, kept=kept)
            if on_failed is not None:
                on_failed(problem)
            else:
                log.warning("%s: %s", where or "background work", problem.kind.value)

        relay.done.connect(delivered)
        relay.failed.connect(failed)
        # The runnable holds only the work and the relay, never this object: it must not sit
        # in a reference cycle the garbage collector walks while the pool thread frees it.
        QThreadPool.globalInstance().start(_Runnable(self._work, relay, self._cancel))
        # From here the callbacks live only in the relay's connections (on the C++ side): an
        # operation kept by its widget (``self.job``) must not hold the widget in a Python
        # cycle, or the collector may free the widget's C++ object under it.
        self._work = _spent
        self._on_done = self._on_failed = self._changed = None
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next check; it ends with a ``Cancelled`` problem."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


def _spent(_progress: ProgressFn, _cancelled: CancelledFn) -> Any:
    raise RuntimeError("an operation runs once")


class _Runnable(QRunnable):
    def __init__(self, work: Work[T], relay: _Relay, cancel: threading.Event) -> None:
        super().__init__()
        self._work, self._relay, self._cancel = work, relay, cancel

    def run(self) -> None:  # on the pool
        relay = self._relay
        try:
            result = self._work(relay.progress.emit, self._cancel.is_set)
        except BaseException as exc:  # delivered to the GUI thread, which shows it
            log.debug("operation failed: %s", describe_failure(exc))
            _emit(relay, relay.failed, exc)
        else:
            _emit(relay, relay.done, result)


def _emit(relay: _Relay, signal: SignalInstance, value: object) -> None:
    try:
        signal.emit(value)
    except RuntimeError:
        # The window that asked was closed meanwhile (its relay went with it): there is
        # nobody to tell. A save that finished is saved; the next refresh shows it.
        _running.discard(relay)


def read(
    parent: QObject,
    app: AppContext,
    work: Callable[[Session, ServiceContext], T],
    *,
    verb: str = "loaded",
    where: str = "",
) -> Operation[T]:
    """``work`` inside one read transaction (no write lock on the embedded database)."""
    return Operation(parent, _in_session(app, work, writing=False), verb=verb, where=where)


def write(
    parent: QObject,
    app: AppContext,
    work: Callable[[Session, ServiceContext], T],
    *,
    verb: str = "saved",
    where: str = "",
) -> Operation[T]:
    """``work`` as one unit of work: committed when it returns, nothing kept if it raises."""
    return Operation(parent, _in_session(app, work, writing=True), verb=verb, where=where)


def _in_session(
    app: AppContext, work: Callable[[Session, ServiceContext], T], *, writing: bool
) -> Work[T]:
    db, ctx = app.db, app.service_context()  # taken on the GUI thread, when asked
    opened = db.session if writing else db.read_session

    def run(_progress: ProgressFn, _cancelled: CancelledFn) -> T:
        with opened() as session:
            return work(session, ctx)

    return run


def background(
    parent: QObject, work: Callable[[], T], *, verb: str = "done", where: str = ""
) -> Operation[T]:
    """Work without the database (a PDF, a file), or that manages its own sessions."""
    return Operation(parent, lambda _p, _c: work(), verb=verb, where=where)


def job(parent: QObject, work: Work[T], *, verb: str = "done", where: str = "") -> Operation[T]:
    """Long work that reports ``progress(done, total)`` and checks ``cancelled()``."""
    return Operation(parent, work, verb=verb, where=where)
