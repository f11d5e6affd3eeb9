"""Bulk work on the selected rows of the queue (SPEC §11): reassign, change the priority, add
a note. One dialog asks what to do; the core does each inquiry on its own (its own entry and
version check) and the person gets one summary of what could not be saved and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.domain import Priority
from liaison_desk.services import bulk
from liaison_desk.services.actions import assignable_users
from liaison_desk.services.bulk import BulkOutcome, Item
from ui import ops
from ui.context import AppContext
from ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

REASSIGN, PRIORITY, NOTE = "reassign", "priority", "note"
_TITLES = {
    REASSIGN: "Reassign the selected inquiries",
    PRIORITY: "Change the priority of the selected inquiries",
    NOTE: "Add a note to the selected inquiries",
}


class BulkDialog(QDialog):
    def __init__(
        self, app_ctx: AppContext, kind: str, items: list[Item], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"bulk_{kind}")
        self.app_ctx, self.kind, self.items = app_ctx, kind, items
        self.setWindowTitle(_TITLES[kind])
        layout = QVBoxLayout(self)
        n = len(items)
        layout.addWidget(QLabel(f"{n} inquir{'y' if n == 1 else 'ies'} selected. Each gets "
                                "its own entry in its timeline.", self))  # fmt: skip
        form = QFormLayout()
        layout.addLayout(form)
        self.assignee = QComboBox(self)
        self.high = QRadioButton("&High", self)
        self.escalated = QRadioButton("&Escalated", self)
        self.reason = QLineEdit(self)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        if kind == REASSIGN:
            form.addRow("&Assign to", self.assignee)
            form.addRow("&Note (optional)", self.reason)
            ops.read(self, app_ctx, lambda s, _c: [(u.id, u.display_name) for u in
                                                   assignable_users(s)],
                     where="loading the team").done(self._people).start()  # fmt: skip
        elif kind == PRIORITY:
            form.addRow("New priority", self.high)
            form.addRow("", self.escalated)
            form.addRow("&Reason", self.reason)
        else:
            form.addRow("&Note", self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save for all")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 220)

    def _people(self, people: list[tuple[int, str]]) -> None:
        for user_id, name in people:
            self.assignee.addItem(name, user_id)

    def work(self) -> Callable[[], BulkOutcome] | str:
        """What to run, or why not yet (in the person's words)."""
        db, ctx, items = self.app_ctx.db, self.app_ctx.service_context(), self.items
        if self.kind == REASSIGN:
            who = self.assignee.currentData()
            if who is None:
                return "Choose whom to assign them to."
            note = self.reason.text()
            return lambda: bulk.reassign(db, ctx, items, int(who), note)
        if self.kind == PRIORITY:
            if not (self.high.isChecked() or self.escalated.isChecked()):
                return "Choose the new priority."
            if not self.reason.text().strip():
                return "Give the reason for the new priority."
            priority = Priority.HIGH if self.high.isChecked() else Priority.ESCALATED
            reason = self.reason.text()
            return lambda: bulk.set_priority(db, ctx, items, priority, reason)
        text = self.text.toPlainText()
        if not text.strip():
            return "Write the note."
        return lambda: bulk.note(db, ctx, items, text)


def run_bulk(window: Any, kind: str, items: list[Item]) -> None:
    """Ask, run off the GUI thread, then one summary; the window refreshes."""
    if not items:
        window.status.showMessage("Select the inquiries first (Shift- or Ctrl-click).", 8000)
        return
    dialog = BulkDialog(window.app_ctx, kind, items, window)
    while dialog.exec():
        work = dialog.work()
        if isinstance(work, str):
            QMessageBox.information(dialog, dialog.windowTitle(), work)
            continue

        def done(outcome: BulkOutcome) -> None:
            window.refresh(reason="bulk")
            box = QMessageBox.information if not outcome.refused else QMessageBox.warning
            box(window, dialog.windowTitle(), outcome.summary())

        ops.background(window, work, verb="saved", where="saving for all").done(done).start()
        return
