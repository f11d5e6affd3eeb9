"""Desktop notifications when an item passes its warning or due time.

Only for the person's own items and their role's unassigned queue
(:func:`~liaison_desk.services.queues.watched_milestones`), only while the office is open
(a deadline at closing time, 5:00 PM, still announces itself in the minutes after), and each
crossing once: the notifier remembers the instant it last looked and announces only the
crossings since then, so a refresh, a restart of the watch list or a crossing that happened
at night (the laptop was asleep) never announces twice or at the wrong hour.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime, timedelta

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.milestones import format_when
from liaison_desk.services.queues import WatchedMilestone
from ui.qt import QIcon, QObject, QSystemTrayIcon, Signal

log = logging.getLogger("liaison_desk.ui.notifications")

WARN = "warn"
DUE = "due"
# A deadline at closing time is crossed when the office has just closed.
CLOSING_GRACE = timedelta(minutes=5)


class Notifier(QObject):
    """Announces warn/due crossings of watched milestones on the system tray."""

    # (title, message, inquiry id) — also for tests and for a status-bar echo.
    notified = Signal(str, str, int)
    # The person clicked a notification: open that inquiry.
    openInquiry = Signal(int)

    def __init__(
        self,
        calendar: BusinessCalendar,
        now: datetime,
        parent: QObject,
        icon: QIcon | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notifier")
        self.calendar = calendar
        self.enabled = True
        self.warn_enabled = True
        self._last = now
        self._events: list[tuple[datetime, int, str, WatchedMilestone]] = []
        self._instants: list[datetime] = []
        self._announced: set[tuple[int, str]] = set()
        self._last_inquiry = 0
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon or QIcon(), self)
            self.tray.setObjectName("trayIcon")
            self.tray.setToolTip("Liaison Desk")
            self.tray.messageClicked.connect(lambda: self.openInquiry.emit(self._last_inquiry))
            self.tray.show()

    def set_watch(self, watched: Sequence[WatchedMilestone]) -> None:
        events: list[tuple[datetime, int, str, WatchedMilestone]] = []
        for w in watched:
            m = w.milestone
            if m.warn_at is not None and m.warn_at < m.due_at:
                events.append((m.warn_at, m.id, WARN, w))
            events.append((m.due_at, m.id, DUE, w))
        events.sort(key=lambda e: (e[0], e[1]))
        self._events = events
        self._instants = [e[0] for e in events]

    def check(self, now: datetime) -> int:
        """Announce the crossings since the last check; returns how many were announced."""
        since, self._last = self._last, now
        if now <= since or not self._events:
            return 0
        start = bisect_right(self._instants, since)
        stop = bisect_right(self._instants, now)
        if start >= stop:
            return 0
        office_open = self.calendar.is_open(now) or self.calendar.is_open(now - CLOSING_GRACE)
        shown = 0
        for at, milestone_id, kind, w in self._events[start:stop]:
            key = (milestone_id, kind)
            if key in self._announced:
                continue
            self._announced.add(key)
            if not (self.enabled and office_open) or (kind == WARN and not self.warn_enabled):
                continue
            self._announce(kind, at, w)
            shown += 1
        return shown

    def _announce(self, kind: str, at: datetime, w: WatchedMilestone) -> None:
        m = w.milestone
        who = f" — {w.subject}" if w.subject else ""
        if kind == WARN:
            title = f"{w.reference}: warning time reached"
            text = f"{m.label}{who}. Due {format_when(m.due_at, self.calendar)}."
        else:
            title = f"{w.reference}: now overdue"
            text = f"{m.label}{who} was due {format_when(at, self.calendar)}."
        log.info("notification: %s %s", w.reference, kind)  # no names in the log
        self._last_inquiry = m.inquiry_id
        if self.tray is not None:
            severity = (
                QSystemTrayIcon.MessageIcon.Warning
                if kind == DUE
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.tray.showMessage(title, text, severity, 15_000)
        self.notified.emit(title, text, m.inquiry_id)
