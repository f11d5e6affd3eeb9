"""The main window: queues on the left, the queue table in the centre, the selected inquiry
on the right (or below), toolbar, menus and status bar.

Everything slow — counting the queues, loading rows, an inquiry's timeline — runs off the GUI
thread (an operation of :mod:`ui.ops`) in one read transaction, and comes back as light rows.
The window refreshes itself when a colleague saves something (:class:`ui.live.ChangeWatcher`),
when one of its own dialogs saves, and when an item falls due.

Hooks for the other parts of the client:

* ``add_inquiry_action(qaction, toolbar=None, menu=True, detail=True)`` puts a working action
  in the Inquiry menu, the toolbar and the detail pane; ``ui.actions.controller.install_actions``
  calls it for every action of the person's role.
* ``current_inquiry()`` / ``currentInquiryChanged`` — the selected row (``QueueRow``) or None.
* ``inquiry_saved(inquiry_id)`` — call after saving: refreshes and shows that inquiry.
* ``open_member_intake()`` / ``open_provider_intake()`` / ``open_callback_request()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from liaison_desk.services.permissions import Action, can
from liaison_desk.services.queues import (
    QueueKey,
    QueueRow,
    queues_for,
)
from ui import ops
from ui import settings as cfg
from ui.access import ViewRecorder
from ui.away import AwayLine
from ui.context import AppContext
from ui.countdown import Countdowns
from ui.detail_pane import DetailPane
from ui.files_box import FilesBox, forget_opened_copies
from ui.icons import app_icon, clear_cache, icon, stylesheet
from ui.inbox import InboxButton, InboxWatch
from ui.live import ChangeWatcher
from ui.lock import WorkstationLock
from ui.main.actions_table import build_actions, build_menus, build_toolbar
from ui.main.alerts_wiring import build_alerts, connect_alerts, start_alerts
from ui.main.commands import WindowCommands
from ui.main.detail_loader import DetailLoader
from ui.main.layout_state import build_layout, restore_layout, save_layout
from ui.main.queue_loader import QueueLoader
from ui.notifications import Notifier
from ui.qt import (
    QAction,
    QEvent,
    QMainWindow,
    QMenu,
    QSettings,
    QSplitter,
    Qt,
    QThreadPool,
    QTimer,
    QWidget,
    Signal,
)
from ui.queue_columns import COL_TIME_LEFT
from ui.queue_list import QueueList
from ui.queue_model import QueueModel
from ui.queue_panel import QueuePanel
from ui.status import ConnectionBanner, StatusBar

log = logging.getLogger("liaison_desk.ui.main_window")

# Toolbar places for the working actions that are used all day; the rest are in the
# Inquiry menu and the detail pane.
TOOLBAR_ACTIONS = {
    "action_contact",
    "action_refer",
    "action_mco_update",
    "action_follow_up",
    "action_callback",
    "action_resolve",
}


@dataclass
class _InquiryAction:
    action: QAction
    enabled_when: Callable[[QueueRow | None], bool] | None


class MainWindow(QMainWindow):
    currentInquiryChanged = Signal(object)  # QueueRow | None
    queueLoaded = Signal(object)  # QueueKey, after its rows are in the table
    countsLoaded = Signal(object)  # QueueCounts
    detailLoaded = Signal(object)  # InquiryDetail | None
    firstQueueShown = Signal()
    databaseReopened = Signal(str)  # why the embedded database had to be reopened

    # Made by ui.main.actions_table from its table of commands.
    act_new_member: QAction
    act_new_provider: QAction
    act_new_callback: QAction
    act_new_email: QAction
    act_refresh: QAction
    act_show_matches: QAction
    act_find: QAction
    act_clear: QAction
    act_go_to: QAction
    act_search_all: QAction
    act_person: QAction
    act_link: QAction
    act_bulk_assign: QAction
    act_bulk_priority: QAction
    act_bulk_note: QAction
    act_away: QAction
    act_inbox: QAction
    act_import: QAction
    act_export: QAction
    act_reports: QAction
    act_qc: QAction
    act_daily: QAction
    act_packet: QAction
    act_sign_out: QAction
    act_admin: QAction
    act_settings: QAction
    act_quit: QAction
    act_detail_below: QAction
    act_focus_queues: QAction
    act_focus_table: QAction
    act_focus_detail: QAction
    act_shortcuts: QAction
    act_logs: QAction
    act_about: QAction
    queue_actions: list[QAction]
    column_actions: list[QAction]
    columns_menu: QMenu
    inquiry_menu: QMenu
    inquiry_placeholder: QAction | None
    toolbar_actions_separator: QAction
    # Made by ui.main.alerts_wiring.build_alerts.
    notifier: Notifier
    inbox_watch: InboxWatch
    inbox_button: InboxButton
    away_line: AwayLine
    # Made by ui.main.layout_state.build_layout.
    splitter: QSplitter
    work_splitter: QSplitter

    def __init__(
        self,
        app_ctx: AppContext,
        parent: QWidget | None = None,
        *,
        store: QSettings | None = None,
        start: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.app_ctx = app_ctx
        self.store = store or cfg.settings_store()
        actor = app_ctx.actor
        # Qt adds the application's display name: "Lee Liaison — Liaison Desk".
        self.setWindowTitle(actor.name)
        self.setWindowIcon(app_icon())
        self.queues = queues_for(actor.role)

        self.countdowns = Countdowns(app_ctx.clock, app_ctx.calendar, self)
        self.model = QueueModel(self.countdowns, app_ctx.calendar, self)
        self.queue_list = QueueList(self.queues)
        self.queue_panel = QueuePanel(self.model, app_ctx.calendar)
        self.table = self.queue_panel.table
        self.proxy = self.queue_panel.proxy
        self.filters = self.queue_panel.filters
        self.detail_pane = DetailPane(self.countdowns, app_ctx.calendar)
        self.banner = ConnectionBanner()
        self.status = StatusBar(app_ctx.db.describe(), actor.name, actor.role.label)
        self.setStatusBar(self.status)
        self.watcher = ChangeWatcher(app_ctx.db, self, cfg.POLL_MS.get(self.store))
        build_alerts(self)

        self.views = ViewRecorder(app_ctx, self)

        self.queue_key: QueueKey = self.queues[0].key
        self.actions_controller: Any = None
        self.icon_actions: list[tuple[QAction, str]] = []
        self.signed_out = False  # File → Sign out closed it (run_app signs the next one in)
        self._inquiry_actions: list[_InquiryAction] = []
        self.loader = QueueLoader(self)
        self.details = DetailLoader(self)
        self.commands = WindowCommands(self)

        self.files_box = FilesBox(app_ctx)
        self.detail_pane.files_slot.addWidget(self.files_box)
        build_layout(self)
        build_actions(self)
        self.act_detail_below.setChecked(cfg.DETAIL_BELOW.get(self.store))
        build_menus(self)
        self.toolbar = build_toolbar(self)
        self._apply_style()

        self.queue_list.queueChosen.connect(self.set_queue)
        self.table.selectionModel().currentRowChanged.connect(self.details.row_changed)
        self.table.activated_row.connect(lambda _row: self.detail_pane.setFocus())
        self.model.modelReset.connect(self._after_reset)
        self.model.fetchMoreRequested.connect(self.loader.fetch_more)
        self.model.serverSortRequested.connect(lambda *_: self.loader.reload_paged())
        self.filters.filterChanged.connect(self.loader.filter_changed)
        self.countdowns.ticked.connect(self._on_tick)
        self.countdowns.watch_table(self.table, COL_TIME_LEFT, self.proxy.row_at)
        self.watcher.changed.connect(lambda: self.refresh(reason="changed elsewhere"))
        ops.changes().inquiryChanged.connect(self.inquiry_saved)
        self.watcher.connectionLost.connect(self.connection_lost)
        self.watcher.connectionRestored.connect(self._connection_restored)
        self.banner.retryRequested.connect(self.watcher.probe)
        self.databaseReopened.connect(self._database_reopened)
        self._stop_hearing_reopens = app_ctx.db.on_reopened(self.databaseReopened.emit)
        connect_alerts(self)
        self.detailLoaded.connect(self.files_box.show_detail)
        self.files_box.message.connect(lambda text: self.status.showMessage(text, 10_000))
        self.files_box.changed.connect(self.inquiry_saved)

        # The working actions load their dialogs (and the PDF library) on import: they join
        # the window right after its first queue is on screen, not before.
        self.firstQueueShown.connect(
            lambda: QTimer.singleShot(0, self.install_plugins), Qt.ConnectionType.QueuedConnection
        )
        restore_layout(self)
        last = cfg.LAST_QUEUE.get(self.store)
        wanted = QueueKey(last) if last in QueueKey.__members__.values() else self.queue_key
        if not self.queue_list.choose(wanted):
            self.queue_list.choose(self.queue_key)
        # An e-mail dropped on the window (the queue, the lists) opens the e-mail form.
        self.setAcceptDrops(can(actor.role, Action.LOG_EMAIL))
        if start:
            self.start()

    def dragEnterEvent(self, event: Any) -> None:
        from ui.intake.email import email_paths

        if email_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        from ui.intake.email import email_paths

        for path in email_paths(event):
            self.commands.open_email_intake(path)
        event.acceptProposedAction()

    # ================================================================== building

    def _apply_style(self) -> None:
        self.setStyleSheet(stylesheet())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            # The system switched between light and dark: recolour icons and the sheet.
            clear_cache()
            self._apply_style()
            for action, name in self.icon_actions:
                action.setIcon(icon(name))
            self.filters.recolour()
            self.setWindowIcon(app_icon())
            self.queue_list.viewport().update()
            self.table.viewport().update()
        super().changeEvent(event)

    # ================================================================== plug-ins

    def install_plugins(self) -> None:
        """Plug in the working actions (ui/actions), once."""
        if self.actions_controller is not None:
            return
        # Imported here, not at the top: it brings the letter and PDF machinery, which the
        # first paint of the queue does not need.
        from ui.actions.controller import install_actions

        try:
            self.actions_controller = install_actions(self, self.app_ctx)
        except Exception:  # a broken plug-in must not take the window down with it
            log.exception("the working actions could not be installed")
            return
        self.detail_pane.letterRequested.connect(self.actions_controller.open_letter)
        self.files_box.letterRequested.connect(self.actions_controller.open_letter)
        row = self.current_inquiry()
        target = row.id if row is not None else self.details.pinned_id
        if target is not None:
            self.actions_controller.set_inquiry(target)

    def add_inquiry_action(
        self,
        action: QAction,
        *,
        toolbar: bool | None = None,
        menu: bool = True,
        detail: bool = True,
        enabled_when: Callable[[QueueRow | None], bool] | None = None,
    ) -> None:
        """Offer a working action in the Inquiry menu, the toolbar and the detail pane.

        ``enabled_when(row)`` (optional) is asked whenever the selection changes; actions
        that manage their own visibility (ui/actions) need none.
        """
        if action.parent() is None:
            action.setParent(self)
        if menu:
            if self.inquiry_placeholder is not None:
                self.inquiry_menu.removeAction(self.inquiry_placeholder)
                self.inquiry_placeholder = None
            self.inquiry_menu.addAction(action)
        if toolbar is None:
            toolbar = action.objectName() in TOOLBAR_ACTIONS
        if toolbar:
            self.toolbar_actions_separator.setVisible(True)
            self.toolbar.addAction(action)
        if detail:
            button = self.detail_pane.add_action(action)
            button.setVisible(action.isVisible())
            action.changed.connect(lambda b=button, a=action: b.setVisible(a.isVisible()))
        if action not in self.actions():
            self.addAction(action)
        self._inquiry_actions.append(_InquiryAction(action, enabled_when))
        if enabled_when is not None:
            action.setEnabled(enabled_when(self.current_inquiry()))

    # ================================================================== start / stop

    def start(self) -> None:
        """Start the timers and the first load.

        Call it before ``show()``: the load then runs on a worker while Qt lays out and
        paints the window (C++ work, in parallel). Missed MCO contacts get their follow-ups
        (a write) just after the first queue is on screen, not before.
        """
        self.loader.started = True
        self.workstation_lock = WorkstationLock(self, self.app_ctx)
        self.workstation_lock.load_setting()
        self.countdowns.start()
        self.watcher.start()
        start_alerts(self)
        self.refresh(reason="start", queue_changed=True)
        self.firstQueueShown.connect(
            lambda: self.refresh(reason="follow-ups", follow_ups=True),
            Qt.ConnectionType.QueuedConnection,
        )

    @property
    def locked(self) -> bool:
        lock = getattr(self, "workstation_lock", None)
        return lock is not None and lock.locked

    def stop(self) -> None:
        self.countdowns.stop()
        self.watcher.stop()
        self.details.timer.stop()
        self.loader.search_timer.stop()

    def closeEvent(self, event: Any) -> None:
        self.views.flush_now()
        self._stop_hearing_reopens()
        save_layout(self)
        self.stop()
        # Let background loads finish while their receivers still exist.
        QThreadPool.globalInstance().waitForDone(3000)
        if self.notifier.tray is not None:
            self.notifier.tray.hide()
        forget_opened_copies()
        super().closeEvent(event)

    # ================================================================== the shown inquiry

    def set_queue(self, key: QueueKey | str) -> None:
        self.loader.set_queue(key)

    def refresh(
        self,
        *,
        reason: str = "",
        select_id: int | None = None,
        follow_ups: bool = False,
        queue_changed: bool = False,
    ) -> None:
        """Reload counts, the current queue, the watch list and the shown inquiry."""
        self.loader.refresh(
            reason=reason, select_id=select_id, follow_ups=follow_ups, queue_changed=queue_changed
        )

    def current_inquiry(self) -> QueueRow | None:
        return self.details.current_row()

    def current_inquiry_id(self) -> int | None:
        return self.details.current_id()

    def show_inquiry(self, inquiry_id: int) -> None:
        """Select ``inquiry_id`` in the table if it is in the queue, else show it pinned."""
        self.details.show_inquiry(inquiry_id)
        self.raise_()
        self.activateWindow()

    def show_list(self, ids: frozenset[int], label: str) -> None:
        """A dashboard figure opened here: All open, only its items, said on the filter bar."""
        self.queue_list.choose(QueueKey.ALL_OPEN)
        self.filters.set_scope(frozenset(ids), label)
        self.raise_()
        self.activateWindow()

    def inquiry_saved(self, inquiry_id: int) -> None:
        """A save of ``inquiry_id`` (here or in any dialog): refresh everything and show it."""
        if self.current_inquiry_id() != inquiry_id:
            self.details.pinned_id = inquiry_id
        self.refresh(reason="saved", select_id=None)

    def open_member_intake(self) -> QWidget:
        return self.commands.open_member_intake()

    def open_provider_intake(self) -> QWidget:
        return self.commands.open_provider_intake()

    def open_callback_request(self) -> QWidget:
        return self.commands.open_callback_request()

    def open_export(self) -> QWidget:
        return self.commands.open_export()

    def focus_search(self) -> None:
        self.commands.focus_search()

    def update_inquiry_actions(self, row: QueueRow | None) -> None:
        for entry in self._inquiry_actions:
            if entry.enabled_when is not None:
                entry.action.setEnabled(entry.enabled_when(row))

    def _after_reset(self) -> None:
        if self.current_inquiry_id() is None and self.details.pinned_id is None:
            self.details.row_changed()

    # ================================================================== ticking

    def _on_tick(self, now: datetime) -> None:
        # Nothing about members on a locked screen, tray included (the inbox keeps it).
        self.inbox_watch.paused = self.locked
        self.inbox_watch.tick(now)
        due = self.loader.next_due_change
        if due is not None and now >= due:
            # Something fell due: Overdue and Follow-up due counts change with no write.
            self.loader.next_due_change = None
            self.refresh(reason="due", follow_ups=True)

    # ================================================================== connection

    def connection_lost(self, problem: str, retry_in: float) -> None:
        self.banner.show_problem(problem, retry_in)
        self.status.set_connected(False, problem)

    def _database_reopened(self, message: str) -> None:
        self.status.showMessage(message, 30_000)
        self.refresh(reason="reopened")

    def _connection_restored(self) -> None:
        self.banner.clear()
        self.status.set_connected(True)
        self.refresh(reason="reconnected", follow_ups=True)
