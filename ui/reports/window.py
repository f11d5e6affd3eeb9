"""Reports → the reports window: the open-work dashboard, compliance over a period, QC
audits, and the morning report to export (SPEC §8). One window, tabs for what the person's
role may read; F5 reloads the tab shown, Esc closes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liaison_desk.services.daily_report import write_daily_report
from liaison_desk.services.permissions import Action, can
from ui import ops
from ui.context import AppContext
from ui.files import choose_save_file
from ui.qt import (
    QDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QPushButton,
    QShortcut,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.reports.access_tab import AccessTab
from ui.reports.audit_tab import AuditTab
from ui.reports.compliance_tab import ComplianceTab
from ui.reports.consideration_tab import ConsiderationTab
from ui.reports.dashboard_tab import DashboardTab
from ui.reports.packet_dialog import PacketDialog, open_packet_dialog
from ui.reports.qc_tab import QcTab


class ReportsWindow(QDialog):
    openInquiry = Signal(int)
    dailyExported = Signal(str)

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("reportsWindow")
        self.setWindowTitle("Reports")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1240, 800)
        role = app_ctx.actor.role
        box = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("reportTabs")
        self.dashboard: DashboardTab | None = None
        self.compliance: ComplianceTab | None = None
        self.qc: QcTab | None = None
        if can(role, Action.VIEW_REPORTS):
            self.dashboard = DashboardTab(app_ctx, self.tabs)
            self.tabs.addTab(self.dashboard, "&Open work")
            self.compliance = ComplianceTab(app_ctx, self.tabs)
            self.compliance.openInquiry.connect(self.openInquiry)
            self.tabs.addTab(self.compliance, "&Compliance")
        self.considerations: ConsiderationTab | None = None
        if can(role, Action.VIEW_REPORTS):
            self.considerations = ConsiderationTab(app_ctx, self.tabs)
            self.tabs.addTab(self.considerations, "Enro&llment cases")
        if can(role, Action.QC_AUDIT):
            self.qc = QcTab(app_ctx, self.tabs)
            self.tabs.addTab(self.qc, "&QC audits")
        self.audit: AuditTab | None = None
        if can(role, Action.VIEW_AUDIT):
            self.audit = AuditTab(app_ctx, self.tabs)
            self.tabs.addTab(self.audit, "A&udit trail")
        self.access: AccessTab | None = None
        if can(role, Action.VIEW_ACCESS_LOG):
            self.access = AccessTab(app_ctx, self.tabs)
            self.tabs.addTab(self.access, "Who op&ened")
        box.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.status = QLabel("", self)
        self.status.setObjectName("reportsStatus")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.daily_button = QPushButton("Export the &daily report…", self)
        self.daily_button.setObjectName("exportDaily")
        self.daily_button.setToolTip(
            "The morning report: open work by assignee, completed since the previous "
            "business day, and clocks due today or overdue (an Excel workbook)"
        )
        self.daily_button.clicked.connect(lambda: self.export_daily())
        self.packet_button: QPushButton | None = None
        if can(role, Action.VIEW_AUDIT):  # the packet states the whole history verifies
            self.packet_button = QPushButton("Compliance pac&ket…", self)
            self.packet_button.setObjectName("openPacket")
            self.packet_button.setToolTip(
                "One PDF (and workbook) for a period to hand to the state: the standards, "
                "trend, MCO scorecard, QC audits and every breach explained"
            )
            self.packet_button.clicked.connect(lambda: self.open_packet())
        self.refresh_button = QPushButton("&Refresh (F5)", self)
        self.refresh_button.clicked.connect(self.refresh)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        for b in (self.packet_button, self.daily_button, self.refresh_button, close):
            if b is None:
                continue
            b.setAutoDefault(False)
            row.addWidget(b)
        box.addLayout(row)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._loaded: set[int] = set()
        self.packet: PacketDialog | None = None

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        if index >= 0 and index not in self._loaded:
            self._loaded.add(index)
            self._load(self.tabs.widget(index))

    def _load(self, tab: QWidget | None) -> None:
        if tab is not None and hasattr(tab, "load"):
            tab.load()

    def refresh(self) -> None:
        self._load(self.tabs.currentWidget())

    def open_packet(self) -> PacketDialog:
        """The packet dialog: one per reports window, raised when it is already open."""
        if self.packet is None:
            self.packet = open_packet_dialog(self.app_ctx, self)
            self.packet.destroyed.connect(lambda *_: setattr(self, "packet", None))
        self.packet.raise_()
        self.packet.activateWindow()
        return self.packet

    def export_daily(self, path: str | None = None) -> None:
        ctx = self.app_ctx
        today = ctx.clock.now().astimezone(ctx.calendar.timezone).date()
        if path is None:
            suggested = str(Path.home() / f"Daily report {today:%Y-%m-%d}.xlsx")
            path = choose_save_file(
                self, "Export the daily report", suggested, "Excel workbooks (*.xlsx)"
            )
            if not path:
                return
        target = path

        def job() -> str:
            return str(write_daily_report(ctx.db, ctx.service_context(), target))

        def done(out: str) -> None:
            self.status.setText(f"Daily report saved to {out}.")
            self.dailyExported.emit(out)

        self.status.setText("Writing the daily report…")
        ops.background(self, job, verb="written", where="writing the daily report").done(
            done
        ).failed(lambda p: self.status.setText(p.text)).start()


def open_reports_window(app_ctx: AppContext, parent: Any = None) -> ReportsWindow:
    window = ReportsWindow(app_ctx, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    show = getattr(parent, "show_inquiry", None)
    if callable(show):
        window.openInquiry.connect(show)
    show_list = getattr(parent, "show_list", None)
    if callable(show_list) and window.dashboard is not None:
        window.dashboard.drill.connect(show_list)
    window.show()
    return window
