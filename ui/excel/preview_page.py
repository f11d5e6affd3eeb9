"""Step 3 of the import: the dry run's counts per sheet and every problem, by sheet, row,
column and reason (notes can be hidden; a rejected row lists all its reasons)."""

from __future__ import annotations

from liaison_desk.excel.importer import ImportPlan
from ui.excel.parts import item, plain_table
from ui.import_problems import (
    COL_COLUMN,
    COL_OUTCOME,
    COL_PROBLEM,
    COL_ROW,
    COL_SHEET,
    ProblemsModel,
)
from ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COUNT_HEADERS = ["Sheet", "Read as", "To add", "Already imported", "Rejected", "Blank",
                 "Skipped", "Hidden"]  # fmt: skip


class PreviewPage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        box = QVBoxLayout(self)
        self.summary_label = QLabel("", self)
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary_label.setFont(font)
        box.addWidget(self.summary_label)
        self.counts_table = plain_table(self, COUNT_HEADERS)
        self.counts_table.setObjectName("importCounts")
        self.counts_table.setMaximumHeight(130)
        header = self.counts_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box.addWidget(self.counts_table)
        head = QHBoxLayout()
        head.addWidget(
            QLabel(
                "<b>Problems</b> (a rejected row is listed with every reason; "
                "notes do not stop a row)",
                self,
            ),
            1,
        )
        self.notes_box = QCheckBox("Show notes", self)
        self.notes_box.setObjectName("showNotes")
        self.notes_box.setChecked(True)
        self.notes_box.toggled.connect(self._show_notes)
        head.addWidget(self.notes_box)
        box.addLayout(head)
        self.problems_model = ProblemsModel(self)
        self.problems_table = QTableView(self)
        self.problems_table.setObjectName("importProblems")
        self.problems_table.setModel(self.problems_model)
        self.problems_table.setAccessibleName("Problems found by the dry run")
        self.problems_table.verticalHeader().setVisible(False)
        self.problems_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_table.setAlternatingRowColors(True)
        self.problems_table.setWordWrap(True)
        self.problems_table.setSortingEnabled(True)
        header = self.problems_table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        for col in (COL_SHEET, COL_ROW, COL_COLUMN, COL_OUTCOME):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PROBLEM, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.problems_table, 1)

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.summary_label.setText(plan.summary())
        table = self.counts_table
        table.setRowCount(len(plan.counts))
        for r, c in enumerate(plan.counts.values()):
            values = [c.sheet, c.kind.label, c.to_add, c.already, c.rejected, c.blank,
                      c.skipped, c.hidden]  # fmt: skip
            for col, value in enumerate(values):
                cell = item(value)
                if col >= 2:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, col, cell)
        table.resizeColumnsToContents()
        table.setMaximumHeight(
            table.horizontalHeader().height()
            + sum(table.rowHeight(r) for r in range(table.rowCount()))
            + 2 * table.frameWidth()
        )
        self.problems_model.set_show_notes(self.notes_box.isChecked())
        self.problems_model.set_problems(plan.problems, [lay.name for lay in plan.layouts])
        # The problems arrive in reading order (sheet by sheet, top to bottom): keep it
        # until the person clicks a header to sort.
        self.problems_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._fit_rows()

    def _show_notes(self, show: bool) -> None:
        self.problems_model.set_show_notes(show)
        self._fit_rows()

    def _fit_rows(self) -> None:
        # Wrapped messages get their height; a very long list keeps one line a row (measuring
        # every row would cost seconds).
        self.problems_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
            if self.problems_model.rowCount() <= 2000
            else QHeaderView.ResizeMode.Interactive
        )
