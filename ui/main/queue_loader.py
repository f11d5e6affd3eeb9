"""Loading what the main window lists: every queue's count, the chosen queue's rows, the
watched clocks and the shown inquiry, in one operation per refresh (:func:`desk_view`).

Refreshes do not pile up: while one runs, asking again marks one more to run when it is
back. The resolved queue comes a page at a time (``fetch_more``); a search of it asks the
database once the typing pauses, and the other queues' matches are counted the same way.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from liaison_desk.milestones import format_when
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.desk import DeskView, desk_view
from liaison_desk.services.matches import MatchCounts, count_matches
from liaison_desk.services.queues import (
    QUEUE_BY_KEY,
    RESOLVED_PAGE,
    QueueFilter,
    QueueKey,
    QueuePage,
    load_queue,
)
from ui import ops
from ui.qt import QObject, QTimer
from ui.queue_columns import SERVER_SORTS
from ui.widgets.timers import named_timer

if TYPE_CHECKING:
    from datetime import datetime

    from ui.main_window import MainWindow

log = logging.getLogger("liaison_desk.ui.main_window")


class QueueLoader(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("queueLoader")
        self.window = window
        self.started = False
        self.shown_first = False
        self.next_due_change: datetime | None = None
        self._gen = 0
        self._inflight = 0
        self._again = False
        self._want_follow_ups = False
        self._choices_loaded = False
        self._resolved_after: tuple[datetime | None, int] | None = None
        self._resolved_offset: int | None = None
        self.search_timer = named_timer(
            self, "resolvedSearchTimer", 300, self.reload_paged, single_shot=True
        )
        self.match_timer = named_timer(
            self, "searchMatchTimer", 300, self.count_matches, single_shot=True
        )

    @property
    def busy(self) -> bool:
        return self._inflight > 0

    def set_queue(self, key: QueueKey | str) -> None:
        if key not in QUEUE_BY_KEY:
            return
        w = self.window
        key = QueueKey(key)
        changed = key != w.queue_key or not self.shown_first
        w.queue_key = key
        queue = QUEUE_BY_KEY[key]
        w.model.server_sorted = queue.paged
        w.queue_panel.set_queue(queue)
        if not self.started:
            return  # start() loads it
        if changed:
            self._resolved_after = None
            w.model.set_rows([])
            w.queue_panel.set_loading(True)
        self.refresh(reason="queue", queue_changed=True)

    def refresh(
        self,
        *,
        reason: str = "",
        select_id: int | None = None,
        follow_ups: bool = False,
        queue_changed: bool = False,
    ) -> None:
        """Reload counts, the current queue, the watch list and the shown inquiry."""
        w = self.window
        if select_id is not None:
            w.details.pinned_id = select_id
        self._want_follow_ups = self._want_follow_ups or follow_ups
        if self.busy and not queue_changed:
            self._again = True  # one more when the running load is back
            return
        self._gen += 1
        gen = self._gen
        self._inflight += 1
        self._again = False
        key = w.queue_key
        paged = QUEUE_BY_KEY[key].paged
        keep = max(w.model.rowCount(), RESOLVED_PAGE) if paged and not queue_changed else None
        follow, self._want_follow_ups = self._want_follow_ups, False
        app = w.app_ctx
        log.debug("refresh (%s) queue=%s", reason, key)
        options: dict[str, Any] = {
            "filt": w.proxy.queue_filter if paged else None,
            "limit": keep,
            "sort": self.server_sort() if paged else None,
            "detail_id": w.details.target(),
            "with_choices": not self._choices_loaded,
            "follow_ups": follow,
        }

        def job() -> DeskView:
            return desk_view(app.db, app.service_context(), key, **options)

        ops.background(self, job, verb="loaded", where="loading the queue").done(
            lambda r: self._loaded(gen, r)
        ).failed(lambda p: self._failed(p)).start()

    def _loaded(self, gen: int, result: DeskView) -> None:
        w = self.window
        self._inflight -= 1
        if gen != self._gen or result.key != w.queue_key:
            return  # a newer load (another queue, a new search) is on its way
        if w.banner.isVisible() and not w.watcher.lost:
            w.banner.clear()
            w.status.set_connected(True)
        counts = result.counts
        w.queue_list.list_model.set_counts(counts.counts)
        w.queue_panel.set_total(counts[result.key])
        self.next_due_change = counts.next_due_change
        w.countsLoaded.emit(counts)
        if result.choices is not None:
            w.filters.set_choices(*result.choices)
            self._choices_loaded = True

        # Keep the inquiry the person is looking at: through a reset it stays shown (pinned)
        # and is selected again; if it left this queue it stays in the detail pane.
        details = w.details
        selected = details.current_id()
        keep = details.pinned_id if details.pinned_id is not None else selected
        details.pinned_id = keep
        page = result.page
        self._resolved_after = page.next_after
        self._resolved_offset = page.next_offset
        more = page.next_after is not None or page.next_offset is not None
        in_place = w.model.replace_rows(page.rows, can_fetch_more=more)
        if (in_place and keep is not None and keep == selected) or (
            keep is not None and w.queue_panel.select_inquiry(keep)
        ):
            details.pinned_id = None
        w.queue_panel.set_loading(False)
        if not w.filters.value().is_empty:
            self.match_timer.start()  # the data changed: so may the matches elsewhere
        if result.detail_id == details.target():
            details.show(result.detail)
        w.status.set_updated(f"Updated {format_when(result.now, w.app_ctx.calendar)}")
        w.queueLoaded.emit(result.key)
        if not self.shown_first:
            self.shown_first = True
            QTimer.singleShot(0, w.firstQueueShown.emit)
        self._again_if_asked()

    def _failed(self, problem: ops.Problem) -> None:
        self._inflight = max(0, self._inflight - 1)
        self.window.model.fetch_failed()
        self.window.queue_panel.set_loading(False)
        self.failed_now(problem)
        self._again_if_asked()

    def failed_now(self, problem: ops.Problem) -> None:
        """Say why a load failed: a refusal in the status bar; anything else is the banner,
        and the change watcher keeps trying."""
        if problem.kind in (ops.ProblemKind.REFUSED, ops.ProblemKind.NOT_ALLOWED):
            self.window.status.showMessage(problem.text, 10_000)
        else:
            self.window.connection_lost(problem.reason, 1.0)

    def _again_if_asked(self) -> None:
        if self._again and not self.busy:
            self._again = False
            self.refresh(reason="again")

    # --- the resolved queue, a page at a time ------------------------------------------
    def fetch_more(self) -> None:
        """The paged (resolved) queue scrolled to its end: load the next page."""
        w = self.window
        key, after, offset = w.queue_key, self._resolved_after, self._resolved_offset
        sort = self.server_sort()
        if (after is None and sort is None) or (sort is not None and offset is None):
            w.model.fetch_failed()
            return
        filt = w.proxy.queue_filter
        gen = self._gen

        def work(s: Session, c: ServiceContext) -> QueuePage:
            return load_queue(
                s,
                key,
                actor=c.actor,
                now=c.clock.now(),
                filt=filt,
                after=after,
                sort=sort,
                offset=offset or 0,
            )

        def done(page: QueuePage) -> None:
            if gen != self._gen or key != w.queue_key:
                w.model.fetch_failed()
                return
            self._resolved_after = page.next_after
            self._resolved_offset = page.next_offset
            more = page.next_after is not None or page.next_offset is not None
            w.model.append_rows(page.rows, can_fetch_more=more)

        def failed(problem: ops.Problem) -> None:
            w.model.fetch_failed()
            self.failed_now(problem)

        ops.read(self, w.app_ctx, work, where="loading more of the queue").done(done).failed(
            failed
        ).start()

    def server_sort(self) -> tuple[str, bool] | None:
        """The column the paged queue is sorted by in the database, or None (newest first)."""
        model = self.window.model
        column = model.sort_column
        if column not in SERVER_SORTS:
            return None
        return SERVER_SORTS[column], model.sort_descending

    def reload_paged(self) -> None:
        if QUEUE_BY_KEY[self.window.queue_key].paged:
            self._resolved_after = None
            self.refresh(reason="resolved search", queue_changed=True)

    # --- searching -----------------------------------------------------------------------
    def filter_changed(self, _filt: QueueFilter) -> None:
        # Open queues are filtered in memory as the person types (the proxy); the paged
        # resolved queue also asks the database, once the typing pauses.
        if QUEUE_BY_KEY[self.window.queue_key].paged:
            self.search_timer.start()
        self.match_timer.start()

    def count_matches(self) -> None:
        """How many match the search in every queue, once the typing pauses."""
        w = self.window
        filt = w.filters.value()
        if filt.is_empty:
            w.queue_panel.set_matches(None)
            return

        def work(s: Session, c: ServiceContext) -> MatchCounts:
            return count_matches(s, filt, actor=c.actor)

        def done(counts: MatchCounts) -> None:
            if w.filters.value() == filt:  # not overtaken by more typing
                w.queue_panel.set_matches(counts)

        ops.read(self, w.app_ctx, work, verb="counted", where="counting matches").done(done).failed(
            lambda p: log.warning("matches not counted: %s", p.kind.value)
        ).start()

    def show_other_matches(self) -> None:
        """F3: go where the search's other matches are (the open queues, then resolved)."""
        w = self.window
        other_open, other_resolved = w.queue_panel.other_matches()
        if other_open and w.queue_key != QueueKey.ALL_OPEN:
            w.queue_list.choose(QueueKey.ALL_OPEN)
        elif other_resolved and w.queue_key != QueueKey.RESOLVED:
            w.queue_list.choose(QueueKey.RESOLVED)
