"""Desktop notifications: the person's new inbox notices on the system tray.

What is announced, to whom and once, is decided in the core (the sweep and the hand-offs of
:mod:`liaison_desk.services.alerts`) and kept in the database; this only shows on the tray
what arrived in the person's inbox since the app last looked, so two workstations, a restart
or a crossing at night never show a wrong or a repeated message. While the screen is locked
nothing is shown (the notices wait in the inbox).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from liaison_desk.domain import NoticeKind
from liaison_desk.services.alerts.inbox import InboxItem
from ui.qt import QIcon, QObject, QSystemTrayIcon, Signal

log = logging.getLogger("liaison_desk.ui.notifications")

# More at once than this: one message that says how many, not a stream of balloons.
MAX_SHOWN = 3


class Notifier(QObject):
    """Shows new inbox notices on the system tray."""

    # (title, message, inquiry id) — also for tests and for a status-bar echo.
    notified = Signal(str, str, int)
    # The person clicked a notification: open that inquiry (0: open the inbox).
    openInquiry = Signal(int)

    def __init__(self, parent: QObject, icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notifier")
        self.enabled = True
        self.warn_enabled = True
        self._last_inquiry = 0
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon or QIcon(), self)
            self.tray.setObjectName("trayIcon")
            self.tray.setToolTip("Liaison Desk")
            self.tray.messageClicked.connect(lambda: self.openInquiry.emit(self._last_inquiry))
            self.tray.show()

    def show_new(self, items: Sequence[InboxItem]) -> int:
        """Announce ``items`` (new notices, oldest first); returns how many messages."""
        if not self.enabled:
            return 0
        shown = [i for i in items if self.warn_enabled or i.kind is not NoticeKind.WARN]
        if len(shown) > MAX_SHOWN:
            overdue = sum(i.kind is NoticeKind.DUE for i in shown)
            title = f"{len(shown)} new items in your inbox"
            text = f"{overdue} now overdue. Open the inbox (Ctrl+Shift+I) to see them."
            self._show(title, text, 0, overdue > 0)
            return 1
        for item in shown:
            title = f"{item.reference}: {item.kind.label.lower()}"
            who = f" — {item.subject}" if item.subject else ""
            self._show(title, f"{item.summary}{who}", item.inquiry_id, item.kind is NoticeKind.DUE)
        return len(shown)

    def _show(self, title: str, text: str, inquiry_id: int, urgent: bool) -> None:
        log.info("notification shown (inquiry %d)", inquiry_id)  # no names in the log
        self._last_inquiry = inquiry_id
        if self.tray is not None:
            severity = (
                QSystemTrayIcon.MessageIcon.Warning
                if urgent
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.tray.showMessage(title, text, severity, 15_000)
        self.notified.emit(title, text, inquiry_id)
