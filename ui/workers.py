"""Running slow work (database, import, export, PDF) off the GUI thread.

``run_async(parent, fn, on_done, on_error)`` runs ``fn()`` on the thread pool and delivers its
result (or its exception) back on the GUI thread through queued signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

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
            log.debug("background job failed", exc_info=True)
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


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
