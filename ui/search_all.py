"""The search across every inquiry (Ctrl+Shift+F) and one person's whole history (the Person
view): a list of inquiries, open first, each opening in the main window (SPEC §11)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.milestones import short_when
from liaison_desk.services import person_history
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.queues import QueueRow, search
from ui import ops
from ui.context import AppContext
from ui.qt import (
    QDialog,
    QKeySequence,
    QLineEdit,
    QShortcut,
    Qt,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.queue_columns import priority_label, status_label, track_label
from ui.widgets.frame import DialogFooter, DialogHeader
from ui.widgets.tables import cell, fill, table
from ui.widgets.timers import named_timer

_HEADERS = ("Reference", "State", "Member / provider", "Track", "Priority", "Status",
            "Assigned to", "Received")  # fmt: skip
_ID = Qt.ItemDataRole.UserRole + 1
LIMIT = 200


class InquiryListDialog(QDialog):
    """A list of inquiries from a service call; Enter or a double-click opens one."""

    openInquiry = Signal(int)

    def __init__(self, app_ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = DialogHeader(title, " ")
        layout.addWidget(self.header)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(self.body, 1)
        self.table = table(self, _HEADERS, "inquiryList")
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, header.ResizeMode.Stretch)
        self.body.addWidget(self.table, 1)
        self.footer = DialogFooter("Enter opens the inquiry")
        self.footer.add_button("&Open", self.open_selected)
        self.footer.add_button("Close", self.close)
        layout.addWidget(self.footer)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_selected)
        self.rows: list[QueueRow] = []
        self.resize(1100, 520)

    def run(self, work: Callable[[Session, ServiceContext], list[QueueRow]], what: str) -> None:
        self.footer.status.setText("Looking…")
        ops.read(self, self.app_ctx, work, where=what).done(self.show_rows).failed(
            lambda p: self.footer.status.setText(p.text)
        ).start()

    def show_rows(self, rows: list[QueueRow]) -> None:
        self.rows = rows
        cal = self.app_ctx.calendar
        items: list[list[QTableWidgetItem]] = []
        for r in rows:
            cells = [
                cell(r.reference),
                cell("Resolved" if r.closed else "Open"),
                cell(r.subject),
                cell(track_label(r.track)),
                cell(priority_label(r.priority)),
                cell(status_label(r.status)),
                cell(r.assignee_name or "Unassigned"),
                cell(r.received_at, short_when(r.received_at, cal)),
            ]
            cells[0].setData(_ID, r.id)
            items.append(cells)
        fill(self.table, items)
        opened = sum(not r.closed for r in rows)
        more = " (the first ones; narrow the search to see the rest)" if len(rows) >= LIMIT else ""
        self.footer.status.setText(
            f"{len(rows)} found, {opened} open{more}." if rows else "Nothing found."
        )
        if rows:
            self.table.selectRow(0)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        if item is not None:
            self.openInquiry.emit(int(item.data(_ID)))


class SearchAllDialog(InquiryListDialog):
    """Every inquiry, open and resolved: reference, names (accents or not), state ID, NPI,
    phone digits, and the words of descriptions and timeline notes."""

    def __init__(self, app_ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(app_ctx, "Search all inquiries", parent)
        self.setObjectName("searchAllDialog")
        self.header.say(
            subtitle="Open and resolved, every queue and year: a reference, a name, a state "
            "ID, an NPI, phone digits or words of a description or a note."
        )
        self.box = QLineEdit(self)
        self.box.setObjectName("searchAllBox")
        self.box.setPlaceholderText("Type what you are looking for…")
        self.box.setAccessibleName("Search all inquiries")
        self.box.setClearButtonEnabled(True)
        self.body.insertWidget(0, self.box)
        self.timer = named_timer(self, "searchAllTimer", 250, self.look, single_shot=True)
        self.box.textChanged.connect(lambda _t: self.timer.start())
        self.box.returnPressed.connect(self._enter)
        self.setTabOrder(self.box, self.table)

    def _enter(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.look()
        elif self.rows:
            self.table.setFocus()

    def look(self) -> None:
        text = self.box.text()
        if not text.strip():
            self.show_rows([])
            self.footer.status.setText("")
            return
        self.run(lambda s, c: search(s, text, actor=c.actor, limit=LIMIT), "searching")


class PersonDialog(InquiryListDialog):
    """The Person view: every inquiry of one member (state ID) or provider (NPI)."""

    def __init__(
        self, app_ctx: AppContext, parent: QWidget | None, *, state_id: str | None,
        npi: str | None, name: str,
    ) -> None:  # fmt: skip
        who = f"member {state_id}" if state_id else f"provider NPI {npi}"
        super().__init__(app_ctx, f"Every inquiry of {name or who}", parent)
        self.setObjectName("personDialog")
        self.header.say(subtitle=f"All queues and years, open first — {who}.")
        self.run(
            lambda s, c: person_history.person_inquiries(s, c.actor, state_id=state_id, npi=npi),
            "loading the person's inquiries",
        )


def open_dialog(dialog: Any, show: Callable[[int], None]) -> Any:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.openInquiry.connect(show)
    dialog.show()
    return dialog
