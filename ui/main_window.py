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
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from liaison_desk.milestones import format_when
from liaison_desk.paths import log_dir
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.matches import MatchCounts, count_matches
from liaison_desk.services.permissions import Action, can
from liaison_desk.services.queues import (
    QUEUE_BY_KEY,
    RESOLVED_PAGE,
    InquiryDetail,
    QueueCounts,
    QueueFilter,
    QueueKey,
    QueuePage,
    QueueRow,
    WatchedMilestone,
    active_mcos,
    count_queues,
    distinct_assignees,
    inquiry_detail,
    load_queue,
    queues_for,
    watched_milestones,
)
from ui import ops
from ui import settings as cfg
from ui.access import ViewRecorder
from ui.context import AppContext
from ui.countdown import Countdowns
from ui.detail_pane import DetailPane
from ui.icons import clear_cache, icon, stylesheet
from ui.live import ChangeWatcher
from ui.lock import WorkstationLock
from ui.notifications import Notifier
from ui.qt import (
    QAction,
    QDesktopServices,
    QEvent,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSettings,
    QSize,
    QSplitter,
    Qt,
    QThreadPool,
    QTimer,
    QToolBar,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.queue_model import COL_TIME_LEFT, HEADERS, SERVER_SORTS, QueueModel
from ui.queue_panel import QueueList, QueuePanel
from ui.status import ConnectionBanner, StatusBar
from ui.widgets.timers import named_timer

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
class _Loaded:
    key: QueueKey
    counts: QueueCounts
    page: QueuePage
    detail: InquiryDetail | None
    detail_id: int | None
    watched: list[WatchedMilestone]
    choices: tuple[list[tuple[int, str]], list[tuple[int, str]]] | None
    now: datetime
    appended: bool = False


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
        self.setWindowIcon(icon("queue-all-open"))
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
        self.notifier = Notifier(app_ctx.calendar, app_ctx.clock.now(), self, self.windowIcon())
        self.notifier.enabled = cfg.NOTIFICATIONS.get(self.store)
        self.notifier.warn_enabled = cfg.NOTIFY_WARN.get(self.store)

        self.views = ViewRecorder(app_ctx, self)

        self._build_layout()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._apply_style()

        self.queue_key: QueueKey = self.queues[0].key
        self._gen = 0
        self._inflight = 0
        self._again = False
        self._want_follow_ups = False
        self._started = False
        self._next_due_change: datetime | None = None
        self._pinned_id: int | None = None
        self._detail_gen = 0
        self._choices_loaded = False
        self._shown_first = False
        self._resolved_after: tuple[datetime | None, int] | None = None
        self._resolved_offset: int | None = None
        self._windows: dict[str, QWidget] = {}
        self._inquiry_actions: list[_InquiryAction] = []
        self.actions_controller: Any = None

        self._detail_timer = named_timer(
            self, "detailLoadTimer", 40, self._load_detail, single_shot=True
        )
        self._search_timer = named_timer(
            self, "resolvedSearchTimer", 300, self._reload_paged, single_shot=True
        )
        self._match_timer = named_timer(
            self, "searchMatchTimer", 300, self._count_matches, single_shot=True
        )

        self.queue_list.queueChosen.connect(self.set_queue)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.activated_row.connect(lambda _row: self.detail_pane.setFocus())
        self.model.modelReset.connect(self._after_reset)
        self.model.fetchMoreRequested.connect(self._fetch_more)
        self.model.serverSortRequested.connect(lambda *_: self._reload_paged())
        self.filters.filterChanged.connect(self._filter_changed)
        self.countdowns.ticked.connect(self._on_tick)
        self.countdowns.watch_table(self.table, COL_TIME_LEFT, self.proxy.row_at)
        self.watcher.changed.connect(lambda: self.refresh(reason="changed elsewhere"))
        ops.changes().inquiryChanged.connect(self.inquiry_saved)
        self.watcher.connectionLost.connect(self._connection_lost)
        self.watcher.connectionRestored.connect(self._connection_restored)
        self.banner.retryRequested.connect(self.watcher.probe)
        self.databaseReopened.connect(self._database_reopened)
        self._stop_hearing_reopens = app_ctx.db.on_reopened(self.databaseReopened.emit)
        self.notifier.openInquiry.connect(self.show_inquiry)
        self.notifier.notified.connect(lambda title, _t, _i: self.status.showMessage(title, 8000))

        # The working actions load their dialogs (and the PDF library) on import: they join
        # the window right after its first queue is on screen, not before.
        self.firstQueueShown.connect(
            lambda: QTimer.singleShot(0, self.install_plugins), Qt.ConnectionType.QueuedConnection
        )
        self.restore_layout()
        last = cfg.LAST_QUEUE.get(self.store)
        wanted = QueueKey(last) if last in QueueKey.__members__.values() else self.queue_key
        if not self.queue_list.choose(wanted):
            self.queue_list.choose(self.queue_key)
        if start:
            self.start()

    # ================================================================== building

    def _build_layout(self) -> None:
        sidebar = QWidget()
        sidebar.setObjectName("queueSidebar")
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(0, 0, 0, 8)
        side.setSpacing(0)
        title = QLabel("QUEUES")
        title.setProperty("role", "sidebarTitle")
        side.addWidget(title)
        side.addWidget(self.queue_list, 1)

        self.work_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.work_splitter.setObjectName("workSplitter")
        self.work_splitter.setChildrenCollapsible(False)
        self.work_splitter.addWidget(self.queue_panel)
        self.work_splitter.addWidget(self.detail_pane)
        self.work_splitter.setStretchFactor(0, 3)
        self.work_splitter.setStretchFactor(1, 2)
        self.detail_pane.setMinimumWidth(320)
        self.queue_panel.setMinimumWidth(420)
        if cfg.DETAIL_BELOW.get(self.store):
            self.work_splitter.setOrientation(Qt.Orientation.Vertical)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(sidebar)
        self.splitter.addWidget(self.work_splitter)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setHandleWidth(1)
        self.work_splitter.setHandleWidth(1)

        central = QWidget()
        central.setObjectName("central")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        side_width = self.queue_list.sizeHint().width()
        self.splitter.setSizes([side_width, 1200])
        self.work_splitter.setSizes([900, 460])
        self.resize(QSize(1440, 860))

    def _action(
        self,
        text: str,
        name: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if icon_name:
            action.setIcon(icon(icon_name))
            self._icon_actions.append((action, icon_name))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        plain = text.replace("&", "").rstrip("…")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or plain} ({keys})" if keys else tip or plain)
        action.setStatusTip(tip or plain)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _build_actions(self) -> None:
        self._icon_actions: list[tuple[QAction, str]] = []
        role = self.app_ctx.actor.role
        self.act_new_member = self._action(
            "New &member inquiry…",
            "actionNewMember",
            self.open_member_intake,
            "Ctrl+M",
            "action-new-member",
            "Take in an MCO escalation from member services",
        )
        self.act_new_provider = self._action(
            "New &provider inquiry…",
            "actionNewProvider",
            self.open_provider_intake,
            "Ctrl+P",
            "action-new-provider",
            "Take in an MCO escalation from provider services",
        )
        self.act_new_callback = self._action(
            "New &callback request…",
            "actionNewCallback",
            self.open_callback_request,
            "Ctrl+B",
            "action-new-callback",
            "Request a supervisor callback for an IME escalated call",
        )
        for action, allowed in (
            (self.act_new_member, can(role, Action.CREATE_INQUIRY)),
            (self.act_new_provider, can(role, Action.CREATE_INQUIRY)),
            (self.act_new_callback, can(role, Action.CREATE_CALLBACK_REQUEST)),
        ):
            action.setVisible(allowed)
            action.setEnabled(allowed)
        self.act_refresh = self._action(
            "&Refresh",
            "actionRefresh",
            lambda: self.refresh(reason="F5", follow_ups=True),
            QKeySequence.StandardKey.Refresh,
            "action-refresh",
            "Reload the queues and the selected inquiry",
        )
        if self.act_refresh.shortcut().isEmpty():
            self.act_refresh.setShortcut(QKeySequence("F5"))
        self.act_show_matches = self._action(
            "Show the &matches in other queues",
            "actionShowMatches",
            self.show_other_matches,
            "F3",
        )
        self.act_find = self._action(
            "&Find…",
            "actionFind",
            self.focus_search,
            QKeySequence.StandardKey.Find,
            "action-find",
            "Search by reference, name, state ID, NPI or phone",
        )
        self.act_clear = self._action(
            "C&lear search and filters",
            "actionClearFilters",
            self.filters.clear,
            "Ctrl+Shift+X",
        )
        self.act_import = self._action(
            "&Import from Excel…",
            "actionImport",
            self.open_import,
            None,
            "action-import",
            "Import the legacy MCO Inquiry Log workbook",
        )
        self.act_export = self._action(
            "&Export to Excel…",
            "actionExport",
            self.open_export,
            "Ctrl+E",
            "action-export",
            "Export the log (or the selected queue) to an Excel workbook",
        )
        # Bringing the legacy log in is an administrator's (or a manager's) job.
        self.act_import.setVisible(can(role, Action.ADMINISTER) or can(role, Action.EXPORT))
        self.act_export.setVisible(can(role, Action.EXPORT))
        self.act_reports = self._action(
            "&Dashboard and compliance…",
            "actionReports",
            lambda: self.open_reports(),
            "Ctrl+Shift+M",
            None,
            "Open work by track, MCO and assignee; compliance with each standard",
        )
        self.act_qc = self._action(
            "&QC audits…",
            "actionQcAudits",
            lambda: self.open_reports("qc"),
            "Ctrl+Shift+Q",
            None,
            "Draw and score a random sample of resolved inquiries (quality control)",
        )
        self.act_daily = self._action(
            "Export the d&aily report…",
            "actionDailyReport",
            self.export_daily_report,
            None,
            None,
            "The morning report: open work by assignee, completed, due today",
        )
        self.act_reports.setVisible(can(role, Action.VIEW_REPORTS))
        self.act_daily.setVisible(can(role, Action.VIEW_REPORTS))
        self.act_qc.setVisible(can(role, Action.QC_AUDIT))
        self.act_admin = self._action(
            "&Administration…",
            "actionAdmin",
            self.open_admin,
            None,
            None,
            "Users and roles, MCOs, the business calendar, response-time policies",
        )
        self.act_admin.setVisible(can(role, Action.ADMINISTER))
        self.act_settings = self._action(
            "&Settings…", "actionSettings", self.open_settings, QKeySequence.StandardKey.Preferences
        )
        if self.act_settings.shortcut().isEmpty():
            self.act_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.act_quit = self._action(
            "&Quit", "actionQuit", self.close, QKeySequence.StandardKey.Quit
        )
        if self.act_quit.shortcut().isEmpty():
            self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.act_detail_below = self._action(
            "Inquiry &below the queue",
            "actionDetailBelow",
            self._toggle_detail_below,
            "Ctrl+Shift+B",
        )
        self.act_detail_below.setCheckable(True)
        self.act_detail_below.setChecked(cfg.DETAIL_BELOW.get(self.store))
        self.act_focus_queues = self._action(
            "Go to the queue &list", "actionFocusQueues", self.queue_list.setFocus, "Ctrl+0"
        )
        self.act_focus_table = self._action(
            "Go to the &table", "actionFocusTable", self.table.setFocus, "Ctrl+T"
        )
        self.act_focus_detail = self._action(
            "Go to the &inquiry", "actionFocusDetail", self.detail_pane.setFocus, "Ctrl+I"
        )
        self.queue_actions: list[QAction] = []
        for i, q in enumerate(self.queues[:9]):
            act = self._action(
                q.label,
                f"actionQueue_{q.key}",
                partial(self.queue_list.choose, q.key),
                f"Ctrl+{i + 1}",
            )
            self.queue_actions.append(act)
        self.act_shortcuts = self._action(
            "&Keyboard shortcuts", "actionShortcuts", self.show_shortcuts, "F1"
        )
        self.act_logs = self._action("Open the &log folder", "actionLogs", self.open_log_folder)
        self.act_about = self._action("&About Liaison Desk", "actionAbout", self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.setObjectName("fileMenu")
        file_menu.addActions([self.act_new_member, self.act_new_provider, self.act_new_callback])
        file_menu.addSeparator()
        file_menu.addActions([self.act_import, self.act_export])
        file_menu.addSeparator()
        file_menu.addAction(self.act_admin)
        file_menu.addAction(self.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.setObjectName("editMenu")
        edit_menu.addActions([self.act_find, self.act_show_matches, self.act_clear])

        view = bar.addMenu("&View")
        view.setObjectName("viewMenu")
        view.addAction(self.act_refresh)
        view.addSeparator()
        queues = view.addMenu("&Queue")
        queues.addActions(self.queue_actions)
        self.columns_menu = view.addMenu("&Columns")
        self.columns_menu.setObjectName("columnsMenu")
        self._column_actions: list[QAction] = []
        header = self.table.horizontalHeader()
        for col, name in enumerate(HEADERS):
            act = QAction(name, self)
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(col))
            act.toggled.connect(lambda on, c=col: self.table.setColumnHidden(c, not on))
            self.columns_menu.addAction(act)
            self._column_actions.append(act)
        view.addAction(self.act_detail_below)
        view.addSeparator()
        view.addActions([self.act_focus_queues, self.act_focus_table, self.act_focus_detail])

        if self.act_reports.isVisible() or self.act_qc.isVisible():
            reports = bar.addMenu("&Reports")
            reports.setObjectName("reportsMenu")
            reports.addActions([self.act_reports, self.act_qc])
            reports.addSeparator()
            reports.addAction(self.act_daily)

        self.inquiry_menu = bar.addMenu("&Inquiry")
        self.inquiry_menu.setObjectName("inquiryMenu")
        self._inquiry_placeholder: QAction | None = self.inquiry_menu.addAction(
            "Select an inquiry to work it"
        )
        self._inquiry_placeholder.setEnabled(False)

        help_menu = bar.addMenu("&Help")
        help_menu.setObjectName("helpMenu")
        help_menu.addActions([self.act_shortcuts, self.act_logs])
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)

        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self.columns_menu.exec(header.mapToGlobal(pos))
        )

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main toolbar")
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setIconSize(QSize(18, 18))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addActions([self.act_new_member, self.act_new_provider, self.act_new_callback])
        bar.addSeparator()
        bar.addAction(self.act_refresh)
        self._toolbar_actions_separator = bar.addSeparator()
        self._toolbar_actions_separator.setVisible(False)
        self.toolbar = bar
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _apply_style(self) -> None:
        self.setStyleSheet(stylesheet())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            # The system switched between light and dark: recolour icons and the sheet.
            clear_cache()
            self._apply_style()
            for action, name in self._icon_actions:
                action.setIcon(icon(name))
            self.filters.recolour()
            self.setWindowIcon(icon("queue-all-open"))
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
        row = self.current_inquiry()
        target = row.id if row is not None else self._pinned_id
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
            if self._inquiry_placeholder is not None:
                self.inquiry_menu.removeAction(self._inquiry_placeholder)
                self._inquiry_placeholder = None
            self.inquiry_menu.addAction(action)
        if toolbar is None:
            toolbar = action.objectName() in TOOLBAR_ACTIONS
        if toolbar:
            self._toolbar_actions_separator.setVisible(True)
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
        self._started = True
        self.workstation_lock = WorkstationLock(self, self.app_ctx)
        self.workstation_lock.load_setting()
        self.countdowns.start()
        self.watcher.start()
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
        self._detail_timer.stop()
        self._search_timer.stop()

    def closeEvent(self, event: Any) -> None:
        self.views.flush_now()
        self._stop_hearing_reopens()
        self.save_layout()
        self.stop()
        # Let background loads finish while their receivers still exist.
        QThreadPool.globalInstance().waitForDone(3000)
        if self.notifier.tray is not None:
            self.notifier.tray.hide()
        super().closeEvent(event)

    def save_layout(self) -> None:
        s = self.store
        s.setValue(cfg.GEOMETRY_KEY, self.saveGeometry())
        s.setValue(cfg.STATE_KEY, self.saveState())
        s.setValue(cfg.SPLITTER_KEY, self.splitter.saveState())
        s.setValue(cfg.DETAIL_SPLITTER_KEY, self.work_splitter.saveState())
        s.setValue(cfg.HEADER_KEY, self.table.horizontalHeader().saveState())
        cfg.LAST_QUEUE.set(str(self.queue_key), s)
        cfg.DETAIL_BELOW.set(self.act_detail_below.isChecked(), s)
        s.sync()

    def restore_layout(self) -> None:
        s = self.store
        geometry = s.value(cfg.GEOMETRY_KEY)
        if geometry:
            self.restoreGeometry(geometry)
        state = s.value(cfg.STATE_KEY)
        if state:
            self.restoreState(state)
        split = s.value(cfg.SPLITTER_KEY)
        if split:
            self.splitter.restoreState(split)
        detail_split = s.value(cfg.DETAIL_SPLITTER_KEY)
        if detail_split:
            self.work_splitter.restoreState(detail_split)
        header_state = s.value(cfg.HEADER_KEY)
        if header_state:
            self.table.horizontalHeader().restoreState(header_state)
        header = self.table.horizontalHeader()
        for col, act in enumerate(self._column_actions):
            act.setChecked(not header.isSectionHidden(col))
        # Splitter states override orientation; keep what the menu says.
        below = self.act_detail_below.isChecked()
        self.work_splitter.setOrientation(
            Qt.Orientation.Vertical if below else Qt.Orientation.Horizontal
        )

    # ================================================================== queues

    def set_queue(self, key: QueueKey | str) -> None:
        if key not in QUEUE_BY_KEY:
            return
        key = QueueKey(key)
        changed = key != self.queue_key or not self._shown_first
        self.queue_key = key
        queue = QUEUE_BY_KEY[key]
        self.model.server_sorted = queue.paged
        self.queue_panel.set_queue(queue)
        if not self._started:
            return  # start() loads it
        if changed:
            self._resolved_after = None
            self.model.set_rows([])
            self.queue_panel.set_loading(True)
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
        if select_id is not None:
            self._pinned_id = select_id
        self._want_follow_ups = self._want_follow_ups or follow_ups
        if self._busy and not queue_changed:
            self._again = True  # one more when the running load is back
            return
        self._gen += 1
        gen = self._gen
        self._inflight += 1
        self._again = False
        key = self.queue_key
        paged = QUEUE_BY_KEY[key].paged
        filt = self.proxy.queue_filter if paged else None
        keep = max(self.model.rowCount(), RESOLVED_PAGE) if paged and not queue_changed else None
        if paged and queue_changed:
            keep = None
        detail_id = self._detail_target()
        want_choices = not self._choices_loaded
        follow = self._want_follow_ups
        self._want_follow_ups = False
        ctx = self.app_ctx
        log.debug("refresh (%s) queue=%s", reason, key)

        sort = self._server_sort() if paged else None

        def job() -> _Loaded:
            if follow:
                _raise_follow_ups(ctx)
            now = ctx.clock.now()
            # Builds this year's business days (holidays library) here, not in the paint.
            ctx.calendar.business_hours_between(now, now + timedelta(days=7))
            with ctx.db.read_session() as s:
                counts = count_queues(s, actor=ctx.actor, now=now)
                page = load_queue(
                    s, key, actor=ctx.actor, now=now, filt=filt, limit=keep, sort=sort
                )
                detail = inquiry_detail(s, detail_id) if detail_id is not None else None
                watched = watched_milestones(s, actor=ctx.actor)
                choices = (active_mcos(s), distinct_assignees(s)) if want_choices else None
            return _Loaded(key, counts, page, detail, detail_id, watched, choices, now)

        ops.background(self, job, verb="loaded", where="loading the queue").done(
            lambda r: self._loaded(gen, r)
        ).failed(lambda p: self._failed(gen, p)).start()

    @property
    def _busy(self) -> bool:
        return self._inflight > 0

    def _loaded(self, gen: int, result: _Loaded) -> None:
        self._inflight -= 1
        if gen != self._gen or result.key != self.queue_key:
            return  # a newer load (another queue, a new search) is on its way
        if self.banner.isVisible() and not self.watcher.lost:
            self.banner.clear()
            self.status.set_connected(True)
        counts = result.counts
        self.queue_list.list_model.set_counts(counts.counts)
        self.queue_panel.set_total(counts[result.key])
        self._next_due_change = counts.next_due_change
        self.countsLoaded.emit(counts)
        if result.choices is not None:
            self.filters.set_choices(*result.choices)
            self._choices_loaded = True

        # Keep the inquiry the person is looking at: through a reset it stays shown (pinned)
        # and is selected again; if it left this queue it stays in the detail pane.
        selected = self.current_inquiry_id()
        keep = self._pinned_id if self._pinned_id is not None else selected
        self._pinned_id = keep
        page = result.page
        self._resolved_after = page.next_after
        self._resolved_offset = page.next_offset
        more = page.next_after is not None or page.next_offset is not None
        in_place = self.model.replace_rows(page.rows, can_fetch_more=more)
        if (in_place and keep is not None and keep == selected) or (
            keep is not None and self.queue_panel.select_inquiry(keep)
        ):
            self._pinned_id = None
        self.queue_panel.set_loading(False)
        if not self.filters.value().is_empty:
            self._match_timer.start()  # the data changed: so may the matches elsewhere
        self.notifier.set_watch(result.watched)
        if result.detail_id == self._detail_target():
            self._show_detail(result.detail)
        self.status.set_updated(f"Updated {format_when(result.now, self.app_ctx.calendar)}")
        self.queueLoaded.emit(result.key)
        if not self._shown_first:
            self._shown_first = True
            QTimer.singleShot(0, self.firstQueueShown.emit)
        if self._again and not self._busy:
            self._again = False
            self.refresh(reason="again")

    def _failed(self, gen: int, problem: ops.Problem) -> None:
        self._inflight = max(0, self._inflight - 1)
        self.model.fetch_failed()
        self.queue_panel.set_loading(False)
        if problem.kind in (ops.ProblemKind.REFUSED, ops.ProblemKind.NOT_ALLOWED):
            self.status.showMessage(problem.text, 10_000)
        else:  # unreachable, or a fault the banner reports while the app tries again
            self._connection_lost(problem.reason, 1.0)
        if self._again and not self._busy:
            self._again = False
            self.refresh(reason="again")

    def _fetch_more(self) -> None:
        """The paged (resolved) queue scrolled to its end: load the next page."""
        key = self.queue_key
        after = self._resolved_after
        sort = self._server_sort()
        offset = self._resolved_offset
        if (after is None and sort is None) or (sort is not None and offset is None):
            self.model.fetch_failed()
            return
        filt = self.proxy.queue_filter
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
            if gen != self._gen or key != self.queue_key:
                self.model.fetch_failed()
                return
            self._resolved_after = page.next_after
            self._resolved_offset = page.next_offset
            more = page.next_after is not None or page.next_offset is not None
            self.model.append_rows(page.rows, can_fetch_more=more)

        ops.read(self, self.app_ctx, work, where="loading more of the queue").done(done).failed(
            lambda p: self._failed(gen, p)
        ).start()

    def _filter_changed(self, _filt: QueueFilter) -> None:
        # Open queues are filtered in memory as the person types (the proxy); the paged
        # resolved queue also asks the database, once the typing pauses.
        if QUEUE_BY_KEY[self.queue_key].paged:
            self._search_timer.start()
        self._match_timer.start()

    def _count_matches(self) -> None:
        """How many match the search in every queue, once the typing pauses."""
        filt = self.filters.value()
        if filt.is_empty:
            self.queue_panel.set_matches(None)
            return

        def work(s: Session, c: ServiceContext) -> MatchCounts:
            return count_matches(s, filt, actor=c.actor)

        def done(counts: MatchCounts) -> None:
            if self.filters.value() == filt:  # not overtaken by more typing
                self.queue_panel.set_matches(counts)

        ops.read(self, self.app_ctx, work, verb="counted", where="counting matches").done(
            done
        ).failed(lambda p: log.warning("matches not counted: %s", p.kind.value)).start()

    def show_other_matches(self) -> None:
        """F3: go where the search's other matches are (the open queues, then resolved)."""
        other_open, other_resolved = self.queue_panel.other_matches()
        if other_open and self.queue_key != QueueKey.ALL_OPEN:
            self.queue_list.choose(QueueKey.ALL_OPEN)
        elif other_resolved and self.queue_key != QueueKey.RESOLVED:
            self.queue_list.choose(QueueKey.RESOLVED)

    def _server_sort(self) -> tuple[str, bool] | None:
        """The column the paged queue is sorted by in the database, or None (newest first)."""
        column = self.model.sort_column
        if column not in SERVER_SORTS:
            return None
        return SERVER_SORTS[column], self.model.sort_descending

    def _reload_paged(self) -> None:
        if QUEUE_BY_KEY[self.queue_key].paged:
            self._resolved_after = None
            self.refresh(reason="resolved search", queue_changed=True)

    def _after_reset(self) -> None:
        if self.current_inquiry_id() is None and self._pinned_id is None:
            self._current_row_changed()

    # ================================================================== selection and detail

    def current_inquiry(self) -> QueueRow | None:
        return self.queue_panel.current_row()

    def current_inquiry_id(self) -> int | None:
        row = self.current_inquiry()
        return row.id if row is not None else None

    def _detail_target(self) -> int | None:
        current = self.current_inquiry_id()
        return current if current is not None else self._pinned_id

    def _current_row_changed(self, *_args: Any) -> None:
        row = self.current_inquiry()
        if row is not None:
            self._pinned_id = None
        self.currentInquiryChanged.emit(row)
        for entry in self._inquiry_actions:
            if entry.enabled_when is not None:
                entry.action.setEnabled(entry.enabled_when(row))
        if self.actions_controller is not None:
            self.actions_controller.set_inquiry(row.id if row is not None else self._pinned_id)
        shown = self.detail_pane.detail
        target = self._detail_target()
        if target is None:
            self._show_detail(None)
        elif (
            shown is None
            or shown.row.id != target
            or shown.row.version != (row.version if row is not None else shown.row.version)
        ):
            self._detail_timer.start()

    def _load_detail(self) -> None:
        target = self._detail_target()
        if target is None:
            self._show_detail(None)
            return
        self._detail_gen += 1
        gen = self._detail_gen

        def done(detail: InquiryDetail | None) -> None:
            if gen == self._detail_gen and target == self._detail_target():
                self._show_detail(detail)

        ops.read(self, self.app_ctx, lambda s, _c: inquiry_detail(s, target)).done(done).failed(
            lambda p: self._failed(self._gen, p)
        ).start()

    def _show_detail(self, detail: InquiryDetail | None) -> None:
        self.detail_pane.show_detail(detail)
        self.views.opened(detail.row.id if detail is not None else None)
        self.detailLoaded.emit(detail)

    def show_inquiry(self, inquiry_id: int) -> None:
        """Select ``inquiry_id`` in the table if it is in the queue, else show it pinned."""
        if not self.queue_panel.select_inquiry(inquiry_id):
            self._pinned_id = inquiry_id
            self.table.clearSelection()
            self.table.setCurrentIndex(self.proxy.index(-1, -1))
            self._load_detail()
        self.raise_()
        self.activateWindow()

    def inquiry_saved(self, inquiry_id: int) -> None:
        """A dialog saved ``inquiry_id``: refresh everything and show it."""
        if self.current_inquiry_id() != inquiry_id:
            self._pinned_id = inquiry_id
        self.refresh(reason="saved", select_id=None)

    # ================================================================== ticking

    def _on_tick(self, now: datetime) -> None:
        if not self.locked:  # nothing about members on a locked screen, tray included
            self.notifier.check(now)
        if self._next_due_change is not None and now >= self._next_due_change:
            # Something fell due: Overdue and Follow-up due counts change with no write.
            self._next_due_change = None
            self.refresh(reason="due", follow_ups=True)

    # ================================================================== connection

    def _connection_lost(self, problem: str, retry_in: float) -> None:
        self.banner.show_problem(problem, retry_in)
        self.status.set_connected(False, problem)

    def _database_reopened(self, message: str) -> None:
        self.status.showMessage(message, 30_000)
        self.refresh(reason="reopened")

    def _connection_restored(self) -> None:
        self.banner.clear()
        self.status.set_connected(True)
        self.refresh(reason="reconnected", follow_ups=True)

    # ================================================================== commands

    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def _open_intake(self, name: str) -> QWidget:
        import ui.intake

        dialog: QWidget = getattr(ui.intake, name)(self.app_ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_member_intake(self) -> QWidget:
        return self._open_intake("MemberIntakeDialog")

    def open_provider_intake(self) -> QWidget:
        return self._open_intake("ProviderIntakeDialog")

    def open_callback_request(self) -> QWidget:
        return self._open_intake("CallbackRequestDialog")

    def open_import(self) -> QWidget:
        from ui.excel_dialogs import open_import_dialog

        return open_import_dialog(self.app_ctx, self)

    def open_export(self) -> QWidget:
        """Export what the table shows (queue, filters and search), or everything."""
        from ui.excel_dialogs import open_export_dialog

        ids = [r.id for r in self._shown_rows()] or None
        return open_export_dialog(self.app_ctx, self, inquiry_ids=ids)

    def _shown_rows(self) -> list[QueueRow]:
        rows = []
        for i in range(self.proxy.rowCount()):
            row = self.proxy.row_at(i)
            if row is not None:
                rows.append(row)
        return rows

    def _one_window(self, name: str, make: Callable[[], QWidget]) -> Any:
        """The reports or the administration window: one of each per main window, raised
        when it is already open. Their modules load on first use, not at start-up."""
        window = self._windows.get(name)
        if window is None:
            window = self._windows[name] = make()
            window.destroyed.connect(lambda *_: self._windows.pop(name, None))
        window.raise_()
        window.activateWindow()
        return window

    def open_reports(self, tab: str = "") -> Any:
        from ui.reports import open_reports_window

        window = self._one_window("reports", lambda: open_reports_window(self.app_ctx, self))
        if tab == "qc" and window.qc is not None:
            window.tabs.setCurrentWidget(window.qc)
        return window

    def open_admin(self) -> Any:
        from ui.admin import open_admin_window

        return self._one_window("admin", lambda: open_admin_window(self.app_ctx, self))

    def export_daily_report(self) -> None:
        window = self.open_reports()
        window.export_daily()

    def open_settings(self) -> None:
        dialog = cfg.SettingsDialog(self, self.store)
        if dialog.exec():
            self.notifier.enabled = cfg.NOTIFICATIONS.get(self.store)
            self.notifier.warn_enabled = cfg.NOTIFY_WARN.get(self.store)
            self.watcher.interval_ms = cfg.POLL_MS.get(self.store)
            self.watcher.timer.setInterval(self.watcher.interval_ms)
            below = cfg.DETAIL_BELOW.get(self.store)
            if below != self.act_detail_below.isChecked():
                self.act_detail_below.setChecked(below)
                self._toggle_detail_below()

    def _toggle_detail_below(self) -> None:
        below = self.act_detail_below.isChecked()
        self.work_splitter.setOrientation(
            Qt.Orientation.Vertical if below else Qt.Orientation.Horizontal
        )
        cfg.DETAIL_BELOW.set(below, self.store)

    def show_shortcuts(self) -> None:
        lines = []
        for action in self.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and action.isVisible():
                lines.append(
                    f"<tr><td><b>{keys}</b></td><td>{action.text().replace('&', '')}</td></tr>"
                )
        QMessageBox.information(
            self,
            "Keyboard shortcuts",
            "<table cellspacing='6'>" + "".join(lines) + "</table>"
            "<p>Tab moves between the queues, the search box, the filters, the table and "
            "the inquiry. Enter in the table moves to the inquiry; Esc in the search box "
            "clears it.</p>",
        )

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    def show_about(self) -> None:
        from liaison_desk import __version__

        QMessageBox.about(
            self,
            "About Liaison Desk",
            f"<b>Liaison Desk</b> {__version__}<br>Escalated member and provider inquiries, "
            "timed in business time.<br><br>Iowa Medicaid — Member and Provider Services.",
        )


def _raise_follow_ups(ctx: AppContext) -> None:
    """Give missed MCO contacts their follow-up milestones (idempotent; see services.clocks)."""
    from liaison_desk.services.clocks import raise_follow_ups_where_allowed

    raise_follow_ups_where_allowed(ctx.db, ctx.service_context())
