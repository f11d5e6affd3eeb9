"""File → Administration…: users and roles, MCOs and departments, the business calendar and
the response-time policies (SPEC §1, the Admin row). Admins only; every save goes through
the services, checks the version the admin was looking at and is audited."""

from __future__ import annotations

from typing import Any

from liaison_desk.services import attachments, workstation_lock
from ui import ops
from ui.admin.calendar_tab import CalendarTab
from ui.admin.lists_tab import ListsTab
from ui.admin.mail_tab import MailTab
from ui.admin.mcos_tab import McosTab
from ui.admin.policies_tab import PoliciesTab
from ui.admin.sources_tab import SourcesTab
from ui.admin.users_tab import UsersTab
from ui.context import AppContext
from ui.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


class AdminWindow(QDialog):
    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminWindow")
        self.setWindowTitle("Administration")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1100, 780)
        box = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.users = UsersTab(app_ctx, self.tabs)
        self.mcos = McosTab(app_ctx, self.tabs)
        self.sources = SourcesTab(app_ctx, self.tabs)
        self.calendar = CalendarTab(app_ctx, self.tabs)
        self.policies = PoliciesTab(app_ctx, self.tabs)
        self.mail = MailTab(app_ctx, self.tabs)
        self.lists = ListsTab(app_ctx, self.tabs)
        for tab, title in (
            (self.users, "&Users"),
            (self.mcos, "&MCOs"),
            (self.sources, "Received &From"),
            (self.calendar, "Business &calendar"),
            (self.policies, "Response-time polic&ies"),
            (self.mail, "Alerts b&y e-mail"),
            (self.lists, "Lists"),  # every letter is taken; Ctrl+Tab reaches it
        ):
            self.tabs.addTab(tab, title)
        box.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.app_ctx = app_ctx
        lock_label = QLabel("Loc&k an unused workstation after", self)
        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setRange(*workstation_lock.LIMITS)
        self.lock_minutes.setSuffix(" minutes")
        self.lock_minutes.setValue(workstation_lock.DEFAULT_MINUTES)
        self.lock_minutes.setAccessibleName("Lock an unused workstation after, in minutes")
        lock_label.setBuddy(self.lock_minutes)
        self.lock_save = QPushButton("Sa&ve", self)
        self.lock_save.setAutoDefault(False)
        self.lock_save.clicked.connect(self._save_lock_minutes)
        self.lock_status = QLabel(self)
        for w in (lock_label, self.lock_minutes, self.lock_save, self.lock_status):
            row.addWidget(w)
        files_label = QLabel("Lar&gest file kept", self)
        self.max_mb = QSpinBox(self)
        self.max_mb.setRange(*attachments.LIMITS)
        self.max_mb.setSuffix(" MB")
        self.max_mb.setValue(attachments.DEFAULT_MB)
        self.max_mb.setAccessibleName("Largest file kept with an inquiry, in megabytes")
        files_label.setBuddy(self.max_mb)
        self.max_mb_save = QPushButton("Save si&ze", self)
        self.max_mb_save.setAutoDefault(False)
        self.max_mb_save.clicked.connect(self._save_max_mb)
        row.addSpacing(16)
        for w in (files_label, self.max_mb, self.max_mb_save):
            row.addWidget(w)
        row.addStretch(1)
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        row.addWidget(close)
        box.addLayout(row)
        self._loaded: set[int] = set()
        self.tabs.currentChanged.connect(self._shown)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._shown(self.tabs.currentIndex())
        ops.read(self, self.app_ctx, lambda s, _c: workstation_lock.lock_after_minutes(s)).done(
            self.lock_minutes.setValue
        ).failed(lambda p: self.lock_status.setText(p.text)).start()
        ops.read(self, self.app_ctx, lambda s, _c: attachments.max_mb(s)).done(
            self.max_mb.setValue
        ).start()

    def _save_max_mb(self) -> None:
        mb = self.max_mb.value()
        ops.write(self, self.app_ctx, lambda s, c: attachments.set_max_mb(s, c, mb)).done(
            lambda v: self.lock_status.setText(f"✔ Saved: files up to {v} MB.")
        ).failed(lambda p: self.lock_status.setText(f"✖ {p.text}")).start()

    def _save_lock_minutes(self) -> None:
        minutes = self.lock_minutes.value()

        def done(value: int) -> None:
            self.lock_status.setText(f"✔ Saved: workstations lock after {value} minutes.")

        ops.write(
            self,
            self.app_ctx,
            lambda s, c: workstation_lock.set_lock_after_minutes(s, c, minutes),
        ).done(done).failed(lambda p: self.lock_status.setText(f"✖ {p.text}")).start()

    def _shown(self, index: int) -> None:
        if index >= 0 and index not in self._loaded:
            self._loaded.add(index)
            tab = self.tabs.widget(index)
            if tab is not None and hasattr(tab, "load"):
                tab.load()


def open_admin_window(app_ctx: AppContext, parent: Any = None) -> AdminWindow:
    window = AdminWindow(app_ctx, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window
