"""Running slow work (database, import, export, PDF) off the GUI thread.

``run_async(parent, fn, on_done, on_error)`` runs ``fn()`` on the thread pool and delivers its
result (or its exception) back on the GUI thread through queued signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from liaison_desk.logs import describe_failure
from ui.qt import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("liaison_desk.ui.workers")


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to the GUI thread, which decides what to show
            log.debug("background job failed: %s", describe_failure(exc))
            self._deliver(self._relay.failed, exc)
        else:
            self._deliver(self._relay.done, result)

    def _deliver(self, signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The window that asked was closed meanwhile (its relay went with it): there is
            # nobody to tell. A save that finished is saved; the next refresh shows it.
            _live.discard(self._relay)


_live: set[_Relay] = set()


def run_async(
    parent: QObject,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> _Relay:
    relay = _Relay(parent)
    _live.add(relay)

    def finish(result: Any) -> None:
        _live.discard(relay)
        on_done(result)

    def fail(exc: Any) -> None:
        _live.discard(relay)
        if on_error is not None:
            on_error(exc)
        else:
            log.error("background job failed: %s", exc)

    relay.done.connect(finish)
    relay.failed.connect(fail)
    QThreadPool.globalInstance().start(_Job(fn, relay))
    return relay
