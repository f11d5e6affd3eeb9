"""Reports → Who opened: every recorded opening of a member's inquiries, newest first — the
answer to "who looked at my file?" (managers and admins)."""

from __future__ import annotations

from typing import Any

from liaison_desk.milestones import format_when
from liaison_desk.services.access import Access, accesses_for_member
from ui import ops
from ui.context import AppContext
from ui.qt import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class AccessTab(QWidget):
    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        box = QVBoxLayout(self)
        intro = QLabel(
            "Every time someone opened one of the member's inquiries (recorded as people work; "
            "the record cannot be changed).",
            self,
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        row = QHBoxLayout()
        label = QLabel("&Member's state ID or name", self)
        self.member = QLineEdit(self)
        self.member.setPlaceholderText("1234567A or Jane Doe")
        self.member.setAccessibleName("Member's state ID or name")
        label.setBuddy(self.member)
        self.show_button = QPushButton("S&how", self)
        self.show_button.setAutoDefault(False)
        self.show_button.clicked.connect(self.search)
        self.member.returnPressed.connect(self.search)
        for w in (label, self.member, self.show_button):
            row.addWidget(w)
        row.addStretch(1)
        box.addLayout(row)
        self.status = QLabel(self)
        self.status.setObjectName("accessStatus")
        box.addWidget(self.status)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("accessTable")
        self.table.setHorizontalHeaderLabels(["Opened", "By", "Inquiry", "Member"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        box.addWidget(self.table, 1)
        self.rows: list[Access] = []

    def load(self) -> None:
        self.member.setFocus()

    def search(self) -> None:
        text = self.member.text()
        self.status.setText("Looking…")
        ops.read(self, self.app_ctx, lambda s, c: accesses_for_member(s, c, text)).done(
            self._show
        ).failed(lambda p: self.status.setText(f"✖ {p.text}")).start()

    def _show(self, rows: list[Access]) -> None:
        self.rows = rows
        cal = self.app_ctx.calendar
        self.table.setRowCount(len(rows))
        for r, access in enumerate(rows):
            when = access.at.astimezone(cal.timezone)
            values: list[Any] = [
                f"{format_when(access.at, cal)} {when.year}",
                access.who,
                access.reference,
                access.about,
            ]
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        self.status.setText(
            f"{len(rows):,} opening{'s' if len(rows) != 1 else ''}."
            if rows
            else "No openings recorded."
        )
