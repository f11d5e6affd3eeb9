"""The main window's part in SPEC §11: the tray notifier, the inbox watch and its row at the
top of the queue list, the away line, and what connects them to the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import ops
from ui import settings as cfg
from ui.away import AwayLine
from ui.inbox import InboxButton, InboxWatch
from ui.notifications import Notifier

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_alerts(window: MainWindow) -> None:
    window.notifier = Notifier(window, window.windowIcon())
    window.notifier.enabled = cfg.NOTIFICATIONS.get(window.store)
    window.notifier.warn_enabled = cfg.NOTIFY_WARN.get(window.store)
    window.inbox_watch = InboxWatch(window.app_ctx, window.notifier, window)
    window.inbox_button = InboxButton()
    window.away_line = AwayLine()


def connect_alerts(window: MainWindow) -> None:
    w, commands = window, window.commands
    w.notifier.openInquiry.connect(lambda i: w.show_inquiry(i) if i else commands.open_inbox())
    w.notifier.notified.connect(lambda title, _t, _i: w.status.showMessage(title, 8000))
    w.inbox_watch.unreadChanged.connect(w.inbox_button.set_unread)
    # Who is away comes with each look in the inbox (an absence that starts today shows).
    w.inbox_watch.checked.connect(lambda result: w.away_line.show_status(result.away))
    w.inbox_button.clicked.connect(lambda _c=False: commands.open_inbox())
    w.watcher.changed.connect(w.inbox_watch.look)
    # A bound slot, not a lambda: the app-wide bus lets go of it with the window.
    ops.changes().inquiryChanged.connect(w.inbox_watch.saved)
    w.detail_pane.openRelated.connect(w.show_inquiry)
    w.detail_pane.personRequested.connect(commands.open_person_of_current)
    w.detail_pane.explainRequested.connect(commands.explain_deadline)


def start_alerts(window: MainWindow) -> None:
    window.inbox_watch.check()
