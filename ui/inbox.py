"""The person's inbox (SPEC §11): the window that lists their notices, and the watch that
asks the core every minute (sweeping the clocks on the way), keeps the unread count in the
queue list and shows what is new on the tray."""

from __future__ import annotations

from datetime import datetime, timedelta

from liaison_desk.milestones import short_when
from liaison_desk.services.alerts import inbox as inbox_service
from liaison_desk.services.alerts.check import CheckIn, check_in
from liaison_desk.services.alerts.inbox import InboxItem
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.context import AppContext
from ui.icons import icon
from ui.notifications import Notifier
from ui.qt import (
    QAbstractItemView,
    QDialog,
    QFont,
    QKeySequence,
    QObject,
    QPushButton,
    QShortcut,
    Qt,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.frame import DialogFooter, DialogHeader
from ui.widgets.tables import cell, fill, table

# How often an open app sweeps the clocks and looks in the inbox (the watch service too).
EVERY = timedelta(minutes=1)


class InboxWatch(QObject):
    """Every minute of the app's clock one check-in with the sweep (a write); after any save,
    here or elsewhere, a look without it (a read). Off the GUI thread. ``unreadChanged``
    carries the count; new notices go to the notifier."""

    unreadChanged = Signal(int)
    checked = Signal(object)  # CheckIn

    def __init__(self, app_ctx: AppContext, notifier: Notifier, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("inboxWatch")
        self.app_ctx = app_ctx
        self.notifier = notifier
        self.unread = 0
        self.paused = False  # the screen is locked: nothing about members on the tray
        self._last_id: int | None = None
        self._last_check: datetime | None = None
        self._busy = False
        self._again: bool | None = None  # asked while busy: None, or whether to sweep

    def tick(self, now: datetime) -> None:
        if self._last_check is None or now - self._last_check >= EVERY:
            self.check()

    def saved(self, _inquiry_id: int) -> None:
        """A save here (an approval, a hand-off) may change the inbox: look again."""
        self.look()

    def look(self) -> None:
        """The inbox again, without sweeping the clocks (a colleague's save)."""
        self.check(sweep=False)

    def check(self, *, sweep: bool = True) -> None:
        if self._busy:
            self._again = bool(self._again) or sweep
            return
        self._busy = True
        if sweep:
            self._last_check = self.app_ctx.clock.now()
        after = self._last_id

        def work(s: Session, c: ServiceContext) -> CheckIn:
            return check_in(s, c, after, sweep=sweep)

        run = ops.write if sweep else ops.read
        run(self, self.app_ctx, work, where="looking in your inbox").done(self._done).failed(
            self._failed
        ).start()

    def _done(self, result: CheckIn) -> None:
        self._busy = False
        self._last_id = result.last_id
        if not self.paused and result.new:
            self.notifier.show_new(result.new)
        self.unread = result.unread
        self.unreadChanged.emit(result.unread)
        self.checked.emit(result)
        self._repeat()

    def _failed(self, _problem: ops.Problem) -> None:
        # A lost connection is the change watcher's to say; the next minute tries again.
        self._busy = False
        self._repeat()

    def _repeat(self) -> None:
        if self._again is not None:
            sweep, self._again = self._again, None
            self.check(sweep=sweep)


_HEADERS = ("When", "", "What", "Reference", "About", "Details", "From")
_ID = Qt.ItemDataRole.UserRole + 1


class InboxWindow(QDialog):
    """The notices, unread first: Enter (or Open) opens the item and reads its notices."""

    openInquiry = Signal(int)

    def __init__(self, app_ctx: AppContext, watch: InboxWatch, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxWindow")
        self.setWindowTitle("Inbox")
        self.app_ctx = app_ctx
        self.watch = watch
        self.items: list[InboxItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = DialogHeader("Inbox", "Loading…")
        layout.addWidget(self.header)
        self.table = table(self, _HEADERS, "inboxTable")
        self.table.setAccessibleName("Your notices")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, header.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        self.footer = DialogFooter("Enter opens · Ctrl+R marks read")
        self.open_button: QPushButton = self.footer.add_button("&Open", self.open_selected)
        self.read_button = self.footer.add_button("&Mark read", self.mark_selected)
        self.all_button = self.footer.add_button("Mark &all read", self.mark_all)
        self.footer.add_button("Close", self.close)
        layout.addWidget(self.footer)
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_Return), self.open_selected),
            (QKeySequence(Qt.Key.Key_Enter), self.open_selected),
            (QKeySequence("Ctrl+R"), self.mark_selected),
        ):
            shortcut = QShortcut(keys, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        watch.checked.connect(lambda _r: self.load())
        self.resize(1120, 440)

    def load(self) -> None:
        ops.read(self, self.app_ctx, lambda s, c: inbox_service.inbox(s, c.actor),
                 where="loading your inbox").done(self._show).start()  # fmt: skip

    def _show(self, items: list[InboxItem]) -> None:
        selected = {i.id for i in self._selected()}
        self.items = items
        unread = sum(i.unread for i in items)
        self.header.say(
            subtitle=f"{unread} unread of {len(items)}. Warnings, breaches and hand-offs for "
            "you; a callback request reads as handled once a Unit Lead acts on it."
            if items
            else "Nothing here yet: warnings, breaches and hand-offs for you will appear here."
        )
        rows = [self._cells(i) for i in items]
        fill(self.table, rows)
        for r, item in enumerate(items):
            if item.id in selected:
                self.table.selectRow(r)
        if items and not selected:
            self.table.selectRow(0)

    def _cells(self, item: InboxItem) -> list[QTableWidgetItem]:
        cal = self.app_ctx.calendar
        by = item.by or ("Liaison Desk" if item.kind.value in ("warn", "due") else "")
        if item.for_whom:
            by += f" (for {item.for_whom})"
        cells = [
            cell(item.at, short_when(item.at, cal)),
            cell("● New" if item.unread else "Read"),
            cell(item.kind.label),
            cell(item.reference),
            cell(item.subject),
            cell(_detail(item)),
            cell(by),
        ]
        cells[0].setData(_ID, item.id)
        if item.unread:
            for c in cells:
                font = QFont(c.font())
                font.setBold(True)
                c.setFont(font)
        return cells

    def _selected(self) -> list[InboxItem]:
        """The chosen notices, in the table's order (a header click may have sorted it)."""
        by_id = {i.id: i for i in self.items}
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        cells = [self.table.item(r, 0) for r in rows]
        found = [by_id.get(c.data(_ID)) for c in cells if c is not None]
        return [i for i in found if i is not None]

    def open_selected(self) -> None:
        chosen = self._selected()
        if not chosen:
            return
        item = chosen[0]
        self._mark([item.id])
        self.openInquiry.emit(item.inquiry_id)

    def mark_selected(self) -> None:
        ids = [i.id for i in self._selected()]
        if ids:
            self._mark(ids)

    def mark_all(self) -> None:
        self._mark(None)

    def _mark(self, ids: list[int] | None) -> None:
        ops.write(self, self.app_ctx, lambda s, c: inbox_service.mark_read(s, c, ids),
                  where="marking read").done(lambda _n: self.watch.check()).start()  # fmt: skip


def _detail(item: InboxItem) -> str:
    """The summary without its leading reference (shown in its own column)."""
    text = item.summary
    prefix = f"{item.reference}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


class InboxButton(QPushButton):
    """At the top of the queue list: the inbox and its unread count, in words too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxButton")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setIcon(icon("queue-pending"))
        # A row like the queues' below it, not a button in the middle of the sidebar.
        self.setStyleSheet(
            "QPushButton#inboxButton { text-align: left; padding: 8px 12px; border: none; }"
        )
        self.setToolTip("Warnings, breaches and hand-offs for you (Ctrl+Shift+I)")
        self.set_unread(0)

    def set_unread(self, count: int) -> None:
        self.count = count
        self.setText(f"Inbox — {count} new" if count else "Inbox")
        font = QFont(self.font())
        font.setBold(count > 0)
        self.setFont(font)
        self.setAccessibleName(f"Inbox: {count} unread" if count else "Inbox: nothing unread")
