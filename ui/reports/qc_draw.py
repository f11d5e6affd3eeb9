"""Draw a QC sample…: the period, the turnaround targets, and (to repeat a draw) its seed."""

from __future__ import annotations

from datetime import date, timedelta

from liaison_desk.services import qc
from ui.qt import (
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)


class DrawDialog(QDialog):
    """The period and targets of a new audit; the seed only when re-drawing a known one."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qcDrawDialog")
        self.setWindowTitle("Draw a QC audit")
        first = today.replace(day=1)
        last_month_end = first - timedelta(days=1)
        form = QFormLayout(self)
        intro = QLabel(
            "The audit reviews a random sample of the resolved inquiries received in the "
            "period: no fewer than 10 or 10 %, whichever is more, at most 50 (the file review "
            "procedure schedules it monthly, for the month before).",
            self,
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.date_from = QDateEdit(QDate(last_month_end.year, last_month_end.month, 1), self)
        self.date_to = QDateEdit(
            QDate(last_month_end.year, last_month_end.month, last_month_end.day), self
        )
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("MM/dd/yyyy")
        form.addRow("Received &from", self.date_from)
        form.addRow("Received &to", self.date_to)
        self.ack = QSpinBox(self)
        self.ack.setRange(0, 30)
        self.ack.setValue(qc.DEFAULT_ACK_TARGET)
        days_suffix(self.ack)
        form.addRow("&Acknowledgement within", self.ack)
        self.resolution = QSpinBox(self)
        self.resolution.setRange(0, 60)
        self.resolution.setValue(qc.DEFAULT_RESOLUTION_TARGET)
        days_suffix(self.resolution)
        form.addRow("&Resolution within", self.resolution)
        self.seed = QLineEdit(self)
        self.seed.setPlaceholderText("empty: a new random sample")
        self.seed.setToolTip(
            "Each audit has a sample number. Type an earlier audit's number, with its period, "
            "to draw exactly the same inquiries again."
        )
        form.addRow("Sample &number (to draw the same sample again)", self.seed)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Draw")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        text = self.seed.text().strip()
        if text and not text.isdigit():
            self.error.setText("The sample number is a whole number (or leave it empty).")
            return
        if self.dates()[1] < self.dates()[0]:
            self.error.setText("The period ends before it starts.")
            return
        self.accept()

    def dates(self) -> tuple[date, date]:
        a, b = self.date_from.date(), self.date_to.date()
        return date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())

    def seed_value(self) -> int | None:
        text = self.seed.text().strip()
        return int(text) if text else None


def days_suffix(spin: QSpinBox) -> None:
    """ "1 business day", "2 business days": the suffix follows the number."""

    def follow(value: int) -> None:
        spin.setSuffix(" business day" if value == 1 else " business days")

    spin.valueChanged.connect(follow)
    follow(spin.value())
