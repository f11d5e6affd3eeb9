"""The import preview's problem list: a thin table model over the plan's problems.

A large log can bring one note per row (an "Assigned To" name that is not a user): tens of
thousands of problems. Items made up front (QTableWidget) froze the preview for seconds;
this model hands Qt only the cells it paints. Rows are set with a reset; sorting runs here
on typed keys (sheet in workbook order, row number), not through per-cell comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from liaison_desk.excel.importer import NOTE, Problem
from ui.icons import CANCELLED, MET_ON_TIME, OVERDUE, state_icon
from ui.qt import QAbstractTableModel, QFont, QModelIndex, QObject, QPersistentModelIndex, Qt

COL_SHEET = 0
COL_ROW = 1
COL_COLUMN = 2
COL_PROBLEM = 3
COL_OUTCOME = 4
HEADERS = ("Sheet", "Row", "Column", "Problem", "What happens")

REJECTED = "Row rejected: not imported"
LEFT_OUT = "Row left out"
NOTED = "Row imported (note)"
SHEET_NOTE = "Note"

_ROOT = QModelIndex()


def consequence(problem: Problem) -> str:
    """What the import does about a problem, in words (the last column)."""
    if problem.severity != NOTE:
        return REJECTED
    if problem.row is None:
        return SHEET_NOTE
    if "skipped" in problem.message or "imported once" in problem.message:
        return LEFT_OUT
    return NOTED


# Shape and words, not colour alone: an octagon for a refused row, a ticked box for one
# imported with a note, a dashed circle for one left out.
_ICON_STATES = {REJECTED: OVERDUE, NOTED: MET_ON_TIME, LEFT_OUT: CANCELLED, SHEET_NOTE: CANCELLED}


class ProblemsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Problem] = []
        self._rows: list[Problem] = []
        self._sheet_order: dict[str, int] = {}
        self._show_notes = True
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ----------------------------------------------------------------------

    def set_problems(self, problems: Sequence[Problem], sheets: Sequence[str] = ()) -> None:
        """The plan's problems, in reading order; ``sheets`` in workbook order."""
        self._all = list(problems)
        self._sheet_order = {name: i for i, name in enumerate(sheets)}
        self._sort = None
        self._refill()

    def set_show_notes(self, show: bool) -> None:
        if show != self._show_notes:
            self._show_notes = show
            self._refill()

    def _refill(self) -> None:
        self.beginResetModel()
        rows = self._all if self._show_notes else [p for p in self._all if p.severity != NOTE]
        self._rows = self._sorted(rows)
        self.endResetModel()

    def _sorted(self, rows: list[Problem]) -> list[Problem]:
        if self._sort is None:
            return list(rows)
        column, order = self._sort
        sheet = self._sheet_order
        keys: dict[int, Any] = {
            COL_SHEET: lambda p: (sheet.get(p.sheet, len(sheet)), p.sheet, p.row or 0),
            COL_ROW: lambda p: (p.row or 0, sheet.get(p.sheet, len(sheet))),
            COL_COLUMN: lambda p: ((p.column or "").casefold(), p.row or 0),
            COL_PROBLEM: lambda p: (p.message.casefold(), p.row or 0),
            COL_OUTCOME: lambda p: (consequence(p), p.row or 0),
        }
        return sorted(rows, key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)

    # -- Qt ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_SHEET:
                return p.sheet
            if col == COL_ROW:
                return "" if p.row is None else str(p.row)
            if col == COL_COLUMN:
                return p.column or ""
            if col == COL_PROBLEM:
                return p.message
            return consequence(p)
        if col == COL_OUTCOME:
            if role == Qt.ItemDataRole.DecorationRole:
                return state_icon(_ICON_STATES[consequence(p)])
            if role == Qt.ItemDataRole.FontRole and p.severity != NOTE:
                return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_PROBLEM:
            return p.line()
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:
            return
        self._sort = (column, order)
        # A reset rather than a layout change: no selection to carry across a re-sort.
        self.beginResetModel()
        self._rows = self._sorted(self._rows)
        self.endResetModel()
