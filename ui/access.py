"""Recording that the person opened an inquiry, cheaply: openings are gathered in memory and
written in one insert every half minute (and when the window closes), so the access report can
answer "who looked at this member's file?" without a write per click."""

from __future__ import annotations

import logging
from datetime import datetime

from liaison_desk.services.access import record_views
from ui import ops
from ui.context import AppContext
from ui.qt import QObject
from ui.widgets.timers import named_timer

log = logging.getLogger("liaison_desk.ui.access")

FLUSH_MS = 30_000


class ViewRecorder(QObject):
    def __init__(self, app_ctx: AppContext, parent: QObject) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.pending: dict[int, datetime] = {}
        self._last: int | None = None
        self.timer = named_timer(self, "viewFlushTimer", FLUSH_MS, self.flush, single_shot=True)

    def opened(self, inquiry_id: int | None) -> None:
        """The detail pane now shows ``inquiry_id`` (a refresh of the same one is not a new
        opening)."""
        if inquiry_id is None or inquiry_id == self._last:
            self._last = inquiry_id
            return
        self._last = inquiry_id
        self.pending.setdefault(inquiry_id, self.app_ctx.clock.now())
        if not self.timer.isActive():
            self.timer.start()

    def _batch(self) -> list[tuple[int, datetime]]:
        batch, self.pending = list(self.pending.items()), {}
        return batch

    def flush(self) -> None:
        batch = self._batch()
        if not batch:
            return

        def failed(problem: ops.Problem) -> None:
            # Kept for the next batch: an opening is not lost to a dropped connection.
            log.warning("openings not recorded yet: %s", problem.kind.value)
            for inquiry_id, at in batch:
                self.pending.setdefault(inquiry_id, at)
            self.timer.start()

        ops.write(self, self.app_ctx, lambda s, c: record_views(s, c, batch)).failed(failed).start()

    def flush_now(self) -> None:
        """At closing: write what is gathered before the window goes (on this thread)."""
        self.timer.stop()
        batch = self._batch()
        if not batch:
            return
        try:
            with self.app_ctx.db.session() as session:
                record_views(session, self.app_ctx.service_context(), batch)
        except Exception as exc:  # closing must not fail on a lost connection
            log.warning("openings not recorded at closing: %s", type(exc).__name__)
