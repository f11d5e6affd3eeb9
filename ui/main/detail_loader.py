"""Which inquiry the main window shows, and loading its detail.

The shown inquiry is the selected row, or a *pinned* one: an inquiry just saved, opened
from a notification, or one that left the queue while the person was reading it. Its detail
(the timeline, the clocks) loads shortly after the selection settles, so arrowing down the
table does not load every row it passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from liaison_desk.services.queues import InquiryDetail, QueueRow, inquiry_detail
from ui import ops
from ui.qt import QObject
from ui.widgets.timers import named_timer

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class DetailLoader(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("detailLoader")
        self.window = window
        self.pinned_id: int | None = None
        self._gen = 0
        self.timer = named_timer(self, "detailLoadTimer", 40, self.load, single_shot=True)

    def current_row(self) -> QueueRow | None:
        return self.window.queue_panel.current_row()

    def current_id(self) -> int | None:
        row = self.current_row()
        return row.id if row is not None else None

    def target(self) -> int | None:
        """The inquiry to show: the selected one, else the pinned one."""
        current = self.current_id()
        return current if current is not None else self.pinned_id

    def row_changed(self, *_args: Any) -> None:
        w = self.window
        row = self.current_row()
        if row is not None:
            self.pinned_id = None
        w.currentInquiryChanged.emit(row)
        w.update_inquiry_actions(row)
        if w.actions_controller is not None:
            w.actions_controller.set_inquiry(row.id if row is not None else self.pinned_id)
        shown = w.detail_pane.detail
        target = self.target()
        if target is None:
            self.show(None)
        elif (
            shown is None
            or shown.row.id != target
            or shown.row.version != (row.version if row is not None else shown.row.version)
        ):
            self.timer.start()

    def load(self) -> None:
        target = self.target()
        if target is None:
            self.show(None)
            return
        self._gen += 1
        gen = self._gen

        def done(detail: InquiryDetail | None) -> None:
            if gen == self._gen and target == self.target():
                self.show(detail)

        ops.read(self, self.window.app_ctx, lambda s, _c: inquiry_detail(s, target)).done(
            done
        ).failed(self.window.loader.failed_now).start()

    def show(self, detail: InquiryDetail | None) -> None:
        w = self.window
        w.detail_pane.show_detail(detail)
        w.views.opened(detail.row.id if detail is not None else None)
        w.detailLoaded.emit(detail)

    def show_inquiry(self, inquiry_id: int) -> None:
        """Select ``inquiry_id`` in the table if it is in the queue, else show it pinned."""
        w = self.window
        if not w.queue_panel.select_inquiry(inquiry_id):
            self.pinned_id = inquiry_id
            w.table.clearSelection()
            w.table.setCurrentIndex(w.proxy.index(-1, -1))
            self.load()
