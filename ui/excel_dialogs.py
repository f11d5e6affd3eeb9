"""File → Import legacy log… and File → Export…: the Excel dialogs.

Import is a wizard: choose the workbook → check (and correct) how each sheet's columns are
read → a dry-run preview with the counts and every problem by sheet, row, column and reason
→ Import, or Save rejects…, or Cancel. Export asks for the file, which inquiries (the current
view or everything, open/resolved/all) and whether to hide personal data.

All work on the workbook and the database runs off the GUI thread with a progress bar and a
Cancel button; a cancelled import writes nothing (its transaction is rolled back).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from liaison_desk.errors import DomainError
from liaison_desk.excel.cells import shown
from liaison_desk.excel.exporter import ExportResult, export_workbook
from liaison_desk.excel.headers import FIELDS
from liaison_desk.excel.importer import (
    ImportPlan,
    ImportResult,
    column_gaps,
    plan_import,
    write_plan,
)
from liaison_desk.excel.reader import SheetLayout, SkippedSheet, open_workbook
from liaison_desk.excel.rejects import write_rejects
from ui import ops
from ui.context import AppContext
from ui.files import choose_open_file, choose_save_file
from ui.import_problems import (
    COL_COLUMN,
    COL_OUTCOME,
    COL_PROBLEM,
    COL_ROW,
    COL_SHEET,
    ProblemsModel,
)
from ui.ops import Problem, ProblemKind
from ui.qt import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QStyle,
    Qt,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger("liaison_desk.ui.excel")

IGNORE = "(ignore)"
XLSX_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"

Progress = Callable[[int, int], None]
Work = Callable[[Progress, Callable[[], bool]], Any]


# ------------------------------------------------------------------------ background work


def _message(problem: Problem) -> str:
    if problem.kind is ProblemKind.UNEXPECTED:
        return "Something went wrong and nothing was written; the log says where it happened."
    return problem.reason


class _ProgressRow(QWidget):
    """A progress bar, a status line and the Cancel button of a running job."""

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
        # Error text is red and says so in words too (not colour alone).
        self.status.setStyleSheet("color: #b3261e;" if error else "")


# ------------------------------------------------------------------------------- import


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportResult

    PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_DONE = range(4)
    STEPS = ("Choose the workbook", "Check the columns", "Preview (dry run)", "Imported")

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("importDialog")
        self.setWindowTitle("Import the legacy MCO Inquiry Log")
        self.resize(980, 640)
        self.job: ops.Operation[Any] | None = None
        self.layouts: list[SheetLayout] = []
        self.skipped: list[SkippedSheet] = []
        self.plan: ImportPlan | None = None
        self.outcome: ImportResult | None = None
        self._combos: dict[str, list[tuple[int, QComboBox]]] = {}
        self._include: dict[str, QCheckBox] = {}
        self._gaps: dict[str, QLabel] = {}

        outer = QVBoxLayout(self)
        self.steps_label = QLabel("", self)
        self.steps_label.setObjectName("importSteps")
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        # Lined up with the pages' own margins below it.
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)
        self.steps_label.setContentsMargins(margin, 0, 0, 0)
        outer.addWidget(self.steps_label)
        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages, 1)
        self.pages.addWidget(self._file_page())
        self.mapping_page = QWidget(self)
        QVBoxLayout(self.mapping_page)
        self.pages.addWidget(self.mapping_page)
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._done_page())

        self.progress = _ProgressRow(self)
        outer.addWidget(self.progress)
        buttons = QHBoxLayout()
        self.back_button = QPushButton("&Back", self)
        self.back_button.setObjectName("backButton")
        self.rejects_button = QPushButton("Save &rejects…", self)
        self.rejects_button.setObjectName("saveRejectsButton")
        self.next_button = QPushButton("&Next", self)
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelButton")
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.rejects_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        self.rejects_button.clicked.connect(self.save_rejects)
        self._show(self.PAGE_FILE)

    # -- pages ------------------------------------------------------------------------

    def _file_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        intro = QLabel(
            "<b>Choose the MCO Inquiry Log workbook (.xlsx).</b><br>"
            "The Member, Provider and Supervisor Callbacks sheets are found by their names or "
            "their headers, even below title rows. Nothing is written until you have seen the "
            "preview and chosen Import.",
            page,
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        row = QHBoxLayout()
        self.file_edit = QLineEdit(page)
        self.file_edit.setObjectName("importFile")
        self.file_edit.setPlaceholderText("MCO_Mem_Prv_Tracking_Log.xlsx")
        self.file_edit.returnPressed.connect(self.go_next)
        label = QLabel("&Workbook:", page)
        label.setBuddy(self.file_edit)
        row.addWidget(label)
        browse = QPushButton("&Browse…", page)
        browse.setObjectName("browseButton")
        browse.clicked.connect(self.browse)
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        box.addLayout(row)
        box.addStretch(1)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        self.summary_label = QLabel("", page)
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary_label.setFont(font)
        box.addWidget(self.summary_label)
        self.counts_table = _table(
            page,
            [
                "Sheet",
                "Read as",
                "To add",
                "Already imported",
                "Rejected",
                "Blank",
                "Skipped",
                "Hidden",
            ],
        )
        self.counts_table.setObjectName("importCounts")
        self.counts_table.setMaximumHeight(130)
        self.counts_table.horizontalHeader().setStretchLastSection(False)
        self.counts_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.counts_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.counts_table)
        head = QHBoxLayout()
        head.addWidget(
            QLabel(
                "<b>Problems</b> (a rejected row is listed with every reason; "
                "notes do not stop a row)",
                page,
            ),
            1,
        )
        self.notes_box = QCheckBox("Show notes", page)
        self.notes_box.setObjectName("showNotes")
        self.notes_box.setChecked(True)
        self.notes_box.toggled.connect(self._show_notes)
        head.addWidget(self.notes_box)
        box.addLayout(head)
        self.problems_model = ProblemsModel(self)
        self.problems_table = QTableView(page)
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
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        self.done_title = QLabel("", page)
        self.done_title.setObjectName("importDoneTitle")
        font = self.done_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.done_title.setFont(font)
        box.addWidget(self.done_title)
        self.done_label = QLabel("", page)
        self.done_label.setObjectName("importDone")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.done_label)
        box.addStretch(1)
        return page

    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        # Where the person is, in words (the current step in bold and marked, not by colour).
        self.steps_label.setText(
            " &nbsp;›&nbsp; ".join(
                f"<b>▸ {i + 1}. {name}</b>" if i == page else f"{i + 1}. {name}"
                for i, name in enumerate(self.STEPS)
            )
        )
        busy = self.job is not None and self.job.running
        self.back_button.setVisible(page in (self.PAGE_MAPPING, self.PAGE_PREVIEW))
        self.back_button.setEnabled(not busy)
        self.rejects_button.setVisible(
            page == self.PAGE_PREVIEW
            or (page == self.PAGE_DONE and bool(self.plan and self.plan.rejected))
        )
        self.rejects_button.setEnabled(bool(self.plan and self.plan.rejected) and not busy)
        self.next_button.setVisible(page != self.PAGE_DONE)
        if page == self.PAGE_PREVIEW:
            n = len(self.plan.to_add) if self.plan else 0
            self.next_button.setText(f"Import {n:,} row{'' if n == 1 else 's'}")
            self.next_button.setEnabled(n > 0 and not busy)
        else:
            self.next_button.setText("&Next")
            self.next_button.setEnabled(not busy)
        self.cancel_button.setText("Close" if page == self.PAGE_DONE else "Cancel")

    # -- navigation ---------------------------------------------------------------------

    def browse(self) -> None:
        name = choose_open_file(
            self, "Import the legacy log", self.file_edit.text() or str(Path.home()), XLSX_FILTER
        )
        if name:
            self.file_edit.setText(name)

    def go_back(self) -> None:
        if self.job is not None and self.job.running:
            return
        page = self.pages.currentIndex()
        if page > self.PAGE_FILE:
            self.progress.idle()
            self._show(page - 1)

    def go_next(self) -> None:
        if self.job is not None and self.job.running:
            return
        page = self.pages.currentIndex()
        if page == self.PAGE_FILE:
            self.read_file()
        elif page == self.PAGE_MAPPING:
            self.dry_run()
        elif page == self.PAGE_PREVIEW:
            self.run_import()

    def cancel_or_close(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.progress.busy("Cancelling…")
            return
        if self.pages.currentIndex() == self.PAGE_DONE:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        # Esc while a job runs means "stop", not "hide the window and let it finish".
        if self.job is not None and self.job.running:
            self.cancel_or_close()
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            event.ignore()
            self.progress.busy("Cancelling…")
            return
        super().closeEvent(event)

    def _run(self, text: str, fn: Work, on_done: Callable[[Any], None]) -> None:
        self.job = (
            ops.job(self, fn, where="the Excel import")
            .progress(self.progress.step)
            .done(lambda result: self._after(on_done, result))
            .failed(self._failed)
        )
        self.progress.busy(text)
        self.job.start()
        self._show(self.pages.currentIndex())

    def _after(self, on_done: Callable[[Any], None], result: Any) -> None:
        self.progress.idle()
        on_done(result)

    def _failed(self, problem: Problem) -> None:
        cancelled = problem.kind is ProblemKind.CANCELLED
        self.progress.idle(_message(problem), error=not cancelled)
        self._show(self.pages.currentIndex())

    # -- step 1: read the workbook ------------------------------------------------------

    @property
    def path(self) -> Path:
        return Path(self.file_edit.text().strip())

    def read_file(self) -> None:
        if not self.file_edit.text().strip():
            self.progress.idle("Choose a workbook first.", error=True)
            return
        path = self.path

        def work(progress: Progress, cancelled: Callable[[], bool]) -> Any:
            with open_workbook(path) as book:
                samples: dict[str, list[list[Any]]] = {}
                for layout in book.layouts:
                    rows: list[list[Any]] = []
                    for raw in book.rows(layout):
                        if any(v is not None for v in raw.values):
                            rows.append(raw.values)
                        if len(rows) >= 3 or cancelled():
                            break
                    samples[layout.name] = rows
                return list(book.layouts), list(book.skipped), samples

        self._run("Reading the workbook…", work, self._mapping_ready)

    def _mapping_ready(self, result: Any) -> None:
        layouts, skipped, samples = result
        if not layouts:
            reasons = "; ".join(f"“{s.name}”: {s.reason}" for s in skipped) or "no sheets"
            self.progress.idle(
                f"“{self.path.name}” does not look like the MCO Inquiry Log ({reasons}).",
                error=True,
            )
            return
        self.layouts, self.skipped = layouts, skipped
        self._build_mapping(samples)
        self._show(self.PAGE_MAPPING)

    def _build_mapping(self, samples: dict[str, list[list[Any]]]) -> None:
        old = self.mapping_page.layout()
        assert isinstance(old, QVBoxLayout)
        while old.count():
            item = old.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        intro = QLabel(
            "<b>Check how each column will be read.</b> Change “Imports as” where a column was "
            "misread; choose (ignore) to leave a column out.",
            self.mapping_page,
        )
        intro.setWordWrap(True)
        old.addWidget(intro)
        tabs = QTabWidget(self.mapping_page)
        tabs.setObjectName("mappingTabs")
        self._combos.clear()
        self._include.clear()
        self._gaps.clear()
        for layout in self.layouts:
            tab = QWidget(tabs)
            box = QVBoxLayout(tab)
            include = QCheckBox(
                f"Import this sheet (read as the {layout.kind.label} log; headers on row "
                f"{layout.header_row})",
                tab,
            )
            include.setObjectName(f"include_{layout.name}")
            include.setChecked(True)
            self._include[layout.name] = include
            box.addWidget(include)
            gaps = QLabel(tab)
            gaps.setObjectName(f"gaps_{layout.name}")
            gaps.setWordWrap(True)
            box.addWidget(gaps)
            self._gaps[layout.name] = gaps
            table = _table(tab, ["Column", "Header in the file", "Imports as", "First rows"])
            table.setObjectName(f"mapping_{layout.name}")
            table.setRowCount(len(layout.columns))
            combos: list[tuple[int, QComboBox]] = []
            for r, col in enumerate(layout.columns):
                table.setItem(r, 0, _item(_letter(col.index)))
                table.setItem(r, 1, _item(col.header))
                combo = QComboBox(table)
                combo.addItem(IGNORE, None)
                for f in FIELDS[layout.kind]:
                    if f.key != "next_due":
                        combo.addItem(f.header, f.key)
                combo.setCurrentIndex(max(combo.findData(col.field), 0))
                combo.setAccessibleName(f"Imports as, column {col.header}")
                combo.currentIndexChanged.connect(
                    lambda _i, name=layout.name: self._show_gaps(name)
                )
                table.setCellWidget(r, 2, combo)
                combos.append((col.index, combo))
                values = [
                    shown(row[col.index])
                    for row in samples.get(layout.name, [])
                    if col.index < len(row) and row[col.index] is not None
                ]
                table.setItem(r, 3, _item(" | ".join(v.replace("\n", " ⏎ ") for v in values)))
            table.resizeColumnsToContents()
            table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
            self._combos[layout.name] = combos
            self._show_gaps(layout.name)
            box.addWidget(table, 1)
            tabs.addTab(tab, f"{layout.name} ({layout.kind.label})")
        old.addWidget(tabs, 1)
        if self.skipped:
            text = "; ".join(f"“{s.name}”: {s.reason}" for s in self.skipped)
            note = QLabel(f"Sheets left out: {text}.", self.mapping_page)
            note.setWordWrap(True)
            old.addWidget(note)

    def _show_gaps(self, name: str) -> None:
        """Say before the preview what the columns, as mapped now, leave out."""
        layout = next(lay for lay in self.layouts if lay.name == name)
        chosen = {index: combo.currentData() for index, combo in self._combos.get(name, [])}
        gaps = column_gaps(layout.remap(chosen) if chosen else layout)
        label = self._gaps[name]
        label.setText("\n".join(f"⚠ {g[:1].upper()}{g[1:]}." for g in gaps))
        label.setVisible(bool(gaps))

    def mapping(self) -> dict[str, SheetLayout]:
        """The layouts as corrected by the person (sheets left out are not in it)."""
        out: dict[str, SheetLayout] = {}
        for layout in self.layouts:
            if not self._include[layout.name].isChecked():
                continue
            chosen = {index: combo.currentData() for index, combo in self._combos[layout.name]}
            out[layout.name] = layout.remap(chosen)
        return out

    # -- step 2: the dry run --------------------------------------------------------------

    def dry_run(self) -> None:
        layouts = self.mapping()
        if not layouts:
            self.progress.idle("Choose at least one sheet to import.", error=True)
            return
        path = self.path
        ctx = self.app_ctx.service_context()
        db = self.app_ctx.db

        def work(progress: Progress, cancelled: Callable[[], bool]) -> ImportPlan:
            with open_workbook(path, overrides=layouts) as book:
                book.layouts = [lay for lay in book.layouts if lay.name in layouts]
                with db.read_session() as session:
                    return plan_import(session, ctx, book, progress=progress, cancel=cancelled)

        self._run("Checking every row (nothing is written yet)…", work, self._preview_ready)

    def _preview_ready(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.summary_label.setText(plan.summary())
        self.counts_table.setRowCount(len(plan.counts))
        for r, c in enumerate(plan.counts.values()):
            for col, value in enumerate(
                [
                    c.sheet,
                    c.kind.label,
                    c.to_add,
                    c.already,
                    c.rejected,
                    c.blank,
                    c.skipped,
                    c.hidden,
                ]
            ):
                self.counts_table.setItem(r, col, _item(value))
        for r in range(self.counts_table.rowCount()):
            for col in range(2, self.counts_table.columnCount()):
                cell = self.counts_table.item(r, col)
                if cell is not None:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
        self.counts_table.resizeColumnsToContents()
        self.counts_table.setMaximumHeight(
            self.counts_table.horizontalHeader().height()
            + sum(self.counts_table.rowHeight(r) for r in range(self.counts_table.rowCount()))
            + 2 * self.counts_table.frameWidth()
        )
        self._fill_problems()
        self._show(self.PAGE_PREVIEW)

    def _fill_problems(self) -> None:
        plan = self.plan
        if plan is None:
            return
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

    def save_rejects(self) -> None:
        if self.plan is None or not self.plan.rejected:
            return
        default = self.path.with_name(f"{self.path.stem} - rejects.xlsx")
        name = choose_save_file(self, "Save rejected rows", str(default), XLSX_FILTER)
        if not name:
            return
        try:
            saved = write_rejects(name, self.plan.rejected)
        except DomainError as exc:
            self.progress.idle(str(exc), error=True)
            return
        self.progress.idle(
            f"{len(self.plan.rejected):,} rejected rows saved to {saved}. Fix them there and "
            "import that file."
        )

    # -- step 3: write ----------------------------------------------------------------------

    def run_import(self) -> None:
        plan = self.plan
        if plan is None or not plan.to_add:
            return
        ctx = self.app_ctx.service_context()
        db = self.app_ctx.db

        def work(progress: Progress, cancelled: Callable[[], bool]) -> ImportResult:
            with db.session() as session:
                return write_plan(session, ctx, plan, progress=progress, cancel=cancelled)

        self._run(f"Importing {len(plan.to_add):,} rows…", work, self._imported)

    def _imported(self, result: ImportResult) -> None:
        self.outcome = result
        n = result.added
        self.done_title.setText(f"Imported {n:,} inquir{'y' if n == 1 else 'ies'}")
        lines = [result.summary() + "."]
        if result.references:
            first, last = result.references[0], result.references[-1]
            lines.append(
                f"Reference number {first}."
                if first == last
                else f"Reference numbers {first} to {last} (in the order received)."
            )
        lines.append(
            "Each imported inquiry's timeline starts with the file, sheet and row it came from; "
            "its response-time clocks were worked out from the log's dates."
        )
        if result.rejected:
            r = result.rejected
            lines.append(
                f"{r:,} rejected row{' was' if r == 1 else 's were'} not imported. "
                "“Save rejects…” keeps them, with their reasons, in a workbook to fix and import."
            )
        self.done_label.setText("\n\n".join(lines))
        self._show(self.PAGE_DONE)
        self.imported.emit(result)


# ------------------------------------------------------------------------------- export


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult

    def __init__(
        self,
        app_ctx: AppContext,
        parent: QWidget | None = None,
        inquiry_ids: Sequence[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.inquiry_ids = list(inquiry_ids) if inquiry_ids is not None else None
        self.job: ops.Operation[Any] | None = None
        self.outcome: ExportResult | None = None
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export the log to Excel")
        self.resize(620, 300)
        box = QVBoxLayout(self)
        form = QFormLayout()
        row = QHBoxLayout()
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("exportFile")
        today = app_ctx.clock.now().astimezone(app_ctx.calendar.timezone).date()
        self.file_edit.setText(str(Path.home() / f"MCO Inquiry Log {today:%Y-%m-%d}.xlsx"))
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self.browse)
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        form.addRow("Save as", row)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("exportStatus")
        for label, value in (
            ("All inquiries", "all"),
            ("Open only", "open"),
            ("Resolved only", "resolved"),
        ):
            self.status_combo.addItem(label, value)
        form.addRow("Status", self.status_combo)
        scope = QVBoxLayout()
        self.view_radio = QRadioButton(self)
        self.view_radio.setObjectName("exportCurrentView")
        self.all_radio = QRadioButton("Everything in the database", self)
        self.all_radio.setObjectName("exportEverything")
        group = QButtonGroup(self)
        group.addButton(self.view_radio)
        group.addButton(self.all_radio)
        if self.inquiry_ids is not None:
            n = len(self.inquiry_ids)
            self.view_radio.setText(f"The current view ({n:,} inquir{'y' if n == 1 else 'ies'})")
            self.view_radio.setChecked(True)
        else:
            self.view_radio.setText("The current view (nothing is shown)")
            self.view_radio.setEnabled(False)
            self.all_radio.setChecked(True)
        scope.addWidget(self.view_radio)
        scope.addWidget(self.all_radio)
        form.addRow("Which", scope)
        self.redact_box = QCheckBox(
            "Hide personal data (names, state IDs, phone numbers, addresses) for sharing", self
        )
        self.redact_box.setObjectName("exportRedact")
        form.addRow("", self.redact_box)
        box.addLayout(form)
        self.progress = _ProgressRow(self)
        box.addWidget(self.progress)
        box.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton("Export", self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelButton")
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        box.addLayout(buttons)
        self.export_button.clicked.connect(self.run_export)
        self.cancel_button.clicked.connect(self.cancel_or_close)

    def browse(self) -> None:
        name = choose_save_file(self, "Export to Excel", self.file_edit.text(), XLSX_FILTER)
        if name:
            if not name.lower().endswith((".xlsx", ".xlsm")):
                name += ".xlsx"
            self.file_edit.setText(name)

    def cancel_or_close(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.progress.busy("Cancelling…")
            return
        if self.outcome is not None:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        if self.job is not None and self.job.running:
            self.cancel_or_close()
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def run_export(self) -> None:
        if self.job is not None and self.job.running:
            return
        text = self.file_edit.text().strip()
        if not text:
            self.progress.idle("Choose where to save the workbook.", error=True)
            return
        path = Path(text)
        status = str(self.status_combo.currentData())
        redact = self.redact_box.isChecked()
        ids = self.inquiry_ids if self.view_radio.isChecked() else None
        ctx = self.app_ctx.service_context()
        db = self.app_ctx.db

        def work(progress: Progress, cancelled: Callable[[], bool]) -> ExportResult:
            with db.read_session() as session:
                return export_workbook(
                    session,
                    ctx,
                    path,
                    status=status,
                    redact=redact,
                    inquiry_ids=ids,
                    progress=progress,
                    cancel=cancelled,
                )

        self.job = (
            ops.job(self, work, where="the Excel export")
            .progress(self.progress.step)
            .done(self._exported)
            .failed(self._failed)
        )
        self.export_button.setEnabled(False)
        self.progress.busy("Exporting…")
        self.job.start()

    def _exported(self, result: ExportResult) -> None:
        self.outcome = result
        self.progress.idle(result.summary() + ".")
        self.export_button.setEnabled(True)
        self.cancel_button.setText("Close")
        self.exported.emit(result)

    def _failed(self, problem: Problem) -> None:
        self.export_button.setEnabled(True)
        self.progress.idle(_message(problem), error=problem.kind is not ProblemKind.CANCELLED)


# ------------------------------------------------------------------------------- helpers


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _item(value: object) -> QTableWidgetItem:
    item = QTableWidgetItem()
    if isinstance(value, int):
        item.setData(Qt.ItemDataRole.DisplayRole, value)
    else:
        item.setText(str(value))
    return item


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


# ------------------------------------------------------------------------- entry points


def open_import_dialog(app_ctx: AppContext, parent: QWidget | None = None) -> ImportDialog:
    """File → Import legacy log… (non-modal; the main window refreshes on ``imported``)."""
    dialog = ImportDialog(app_ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    refresh = getattr(parent, "refresh", None)
    if callable(refresh):
        dialog.imported.connect(lambda _result: refresh())
    dialog.show()
    return dialog


def open_export_dialog(
    app_ctx: AppContext, parent: QWidget | None = None, inquiry_ids: Sequence[int] | None = None
) -> ExportDialog:
    """File → Export… ``inquiry_ids``: the inquiries of the current view, if any."""
    dialog = ExportDialog(app_ctx, parent, inquiry_ids)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
