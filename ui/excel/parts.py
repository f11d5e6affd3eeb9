"""What the Excel dialogs share: the progress row of a running job, the words for its failure,
and small read-only tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.ops import Problem, ProblemKind
from ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from ui.widgets.tones import tone

XLSX_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"

Progress = Callable[[int, int], None]
Work = Callable[[Progress, Callable[[], bool]], Any]


def failure_text(problem: Problem) -> str:
    if problem.kind is ProblemKind.UNEXPECTED:
        return "Something went wrong and nothing was written; the log says where it happened."
    return problem.reason


class ProgressRow(QWidget):
    """A progress bar and a status line for a running job (its Cancel is the dialog's)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel("", self)
        self.status.setObjectName("excelStatus")
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("excelProgress")
        self.bar.setVisible(False)
        row.addWidget(self.status, 1)
        row.addWidget(self.bar, 1)

    def busy(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("")
        self.bar.setRange(0, 0)
        self.bar.setVisible(True)

    def step(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(done, total) / total))

    def idle(self, text: str = "", error: bool = False) -> None:
        self.bar.setVisible(False)
        self.status.setText(text)
        # Error text is red and says what went wrong in words too (not colour alone).
        self.status.setStyleSheet(f"color: {tone('error')};" if error else "")


def plain_table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def item(value: object) -> QTableWidgetItem:
    cell = QTableWidgetItem()
    if isinstance(value, int):
        cell.setData(Qt.ItemDataRole.DisplayRole, value)
    else:
        cell.setText(str(value))
    return cell


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))
