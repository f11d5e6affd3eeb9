"""The conflict dialog: someone saved the inquiry first. Shows what this person tried to
save ("yours") beside what is stored now ("theirs") and offers Reload or Apply mine again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.domain import Decision, Priority, Status
from liaison_desk.errors import ConflictError
from ui.qt import (
    QAbstractItemView,
    QDialog,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from ui.widgets.basics import hint_label, no_default, when_text
from ui.widgets.tones import tone

FIELD_LABELS = {
    "status": "Status",
    "priority": "Priority",
    "assignee_id": "Assigned to",
    "mco_id": "MCO",
    "description": "Description",
    "member_name": "Member name",
    "member_state_id": "State ID",
    "caller_name": "Caller name",
    "caller_phone": "Caller phone",
    "mailing_address": "Mailing address",
    "provider_name": "Provider name",
    "npi": "NPI",
    "contact_name": "Contact name",
    "contact_phone": "Contact phone",
    "resolution": "Resolution",
    "decision": "Decision",
}


def _value_text(
    name: str, value: Any, calendar: BusinessCalendar, names: dict[str, dict[int, str]]
) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return when_text(value, calendar)
    if name == "status":
        try:
            return Status(value).label
        except ValueError:
            return str(value)
    if name == "priority":
        try:
            return Priority(value).label
        except ValueError:
            return str(value)
    if name == "decision":
        try:
            return {"ime": "Resolved by IME", "mco": "Sent to MCO"}[Decision(value).value]
        except (ValueError, KeyError):
            return str(value)
    if name in ("assignee_id", "mco_id") and isinstance(value, int):
        return names.get(name, {}).get(value, f"#{value}")
    return str(value)


class ConflictDialog(QDialog):
    RELOAD = "reload"
    APPLY_MINE = "apply"
    CANCEL = "cancel"

    def __init__(
        self,
        error: ConflictError,
        calendar: BusinessCalendar,
        parent: QWidget | None = None,
        *,
        names: dict[str, dict[int, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ConflictDialog")
        self.setWindowTitle("Someone else saved first")
        self.error = error
        self.choice = self.CANCEL
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)

        top = QHBoxLayout()
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_LargeIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        words = QVBoxLayout()
        title = QLabel(f"{error.what} was changed while you were working on it")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        title.setWordWrap(True)
        title.setStyleSheet(f"color: {tone('header')};")
        words.addWidget(title)
        words.addWidget(
            hint_label(
                f"You were looking at version {error.expected_version}; someone else saved "
                f"version {error.current_version}. Nothing of yours was saved yet. Compare "
                "below, then reload to see their change or apply yours on top of it."
            )
        )
        top.addLayout(words, 1)
        layout.addLayout(top)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels(["", "Yours (not saved)", "Theirs (saved now)"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setAccessibleName("Your change and theirs")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setStyleSheet(f"QTableWidget {{ border: 1px solid {tone('border')}; }}")
        lookup = names or {}
        keys = [k for k in error.mine if k in FIELD_LABELS or k in error.theirs]
        keys += [
            k
            for k in error.theirs
            if k not in keys and k in ("status", "priority", "assignee_id", "decision")
        ]
        for key in keys:
            mine = _value_text(key, error.mine.get(key), calendar, lookup)
            theirs = _value_text(key, error.theirs.get(key), calendar, lookup)
            row = self.table.rowCount()
            self.table.insertRow(row)
            label = QTableWidgetItem(FIELD_LABELS.get(key, key.replace("_", " ").capitalize()))
            bold = QFont(label.font())
            bold.setBold(True)
            label.setFont(bold)
            self.table.setItem(row, 0, label)
            self.table.setItem(row, 1, QTableWidgetItem(mine if key in error.mine else "—"))
            theirs_item = QTableWidgetItem(theirs)
            if key in error.mine and mine != theirs:
                # Marked in words as well as colour.
                theirs_item.setText(f"{theirs}   ≠ differs")
                theirs_item.setForeground(Qt.GlobalColor.darkRed)
            self.table.setItem(row, 2, theirs_item)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 4
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(min(max(height, 60), 320))
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.table)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Cancel")
        self.reload_button = QPushButton("&Reload")
        self.reload_button.setToolTip("Show their change; your typing stays in the form")
        self.apply_button = QPushButton("&Apply mine again")
        self.apply_button.setToolTip("Save your change on top of theirs")
        self.apply_button.setStyleSheet(f"QPushButton {{ color: {tone('error')}; }}")
        for button in (self.cancel_button, self.reload_button, self.apply_button):
            buttons.addWidget(button)
        no_default(self.cancel_button, self.apply_button)
        self.reload_button.setDefault(True)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.reload_button.clicked.connect(lambda: self._choose(self.RELOAD))
        self.apply_button.clicked.connect(lambda: self._choose(self.APPLY_MINE))

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
