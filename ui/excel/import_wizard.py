"""The import wizard: its steps, the buttons that move between them, and the three jobs
(read the workbook, the dry run, the write) that run between the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.errors import DomainError
from liaison_desk.excel.importer import ImportPlan, ImportResult, plan_import, write_plan
from liaison_desk.excel.reader import open_workbook
from liaison_desk.excel.rejects import write_rejects
from ui import ops
from ui.context import AppContext
from ui.excel.done_page import DonePage
from ui.excel.file_page import FilePage
from ui.excel.mapping_page import MappingPage
from ui.excel.parts import XLSX_FILTER, Progress, ProgressRow, Work, failure_text
from ui.excel.preview_page import PreviewPage
from ui.files import choose_save_file
from ui.ops import Problem, ProblemKind
from ui.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


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
        self.plan: ImportPlan | None = None
        self.outcome: ImportResult | None = None

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
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.done_page):
            self.pages.addWidget(page)
        # The pages' widgets people and tests reach for.
        self.file_edit = self.file_page.file_edit
        self.summary_label = self.preview_page.summary_label
        self.notes_box = self.preview_page.notes_box
        self.problems_table = self.preview_page.problems_table
        self.done_title = self.done_page.done_title
        self.done_label = self.done_page.done_label

        self.progress = ProgressRow(self)
        outer.addWidget(self.progress)
        buttons = QHBoxLayout()
        self.back_button = self._button("&Back", "backButton", self.go_back)
        self.rejects_button = self._button("Save &rejects…", "saveRejectsButton", self.save_rejects)
        self.next_button = self._button("&Next", "nextButton", self.go_next)
        self.next_button.setDefault(True)
        self.cancel_button = self._button("Cancel", "cancelButton", self.cancel_or_close)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.rejects_button, self.next_button, self.cancel_button):
            buttons.addWidget(button)
        outer.addLayout(buttons)
        self.file_page.submitted.connect(self.go_next)
        self._show(self.PAGE_FILE)

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.running

    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        # Where the person is, in words (the current step in bold and marked, not by colour).
        self.steps_label.setText(
            " &nbsp;›&nbsp; ".join(
                f"<b>▸ {i + 1}. {name}</b>" if i == page else f"{i + 1}. {name}"
                for i, name in enumerate(self.STEPS)
            )
        )
        busy = self.busy
        rejected = bool(self.plan and self.plan.rejected)
        self.back_button.setVisible(page in (self.PAGE_MAPPING, self.PAGE_PREVIEW))
        self.back_button.setEnabled(not busy)
        self.rejects_button.setVisible(
            page == self.PAGE_PREVIEW or (page == self.PAGE_DONE and rejected)
        )
        self.rejects_button.setEnabled(rejected and not busy)
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

    def go_back(self) -> None:
        page = self.pages.currentIndex()
        if not self.busy and page > self.PAGE_FILE:
            self.progress.idle()
            self._show(page - 1)

    def go_next(self) -> None:
        if self.busy:
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
        elif self.pages.currentIndex() == self.PAGE_DONE:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        # Esc while a job runs means "stop", not "hide the window and let it finish".
        if self.busy:
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
        self.progress.idle(failure_text(problem), error=not cancelled)
        self._show(self.pages.currentIndex())

    # -- step 1: read the workbook ------------------------------------------------------

    def read_file(self) -> None:
        if not self.file_page.chosen:
            self.progress.idle("Choose a workbook first.", error=True)
            return
        path = self.file_page.path

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
                f"“{self.file_page.path.name}” does not look like the MCO Inquiry Log ({reasons}).",
                error=True,
            )
            return
        self.mapping_page.show_sheets(layouts, skipped, samples)
        self._show(self.PAGE_MAPPING)

    # -- step 2: the dry run --------------------------------------------------------------

    def dry_run(self) -> None:
        layouts = self.mapping_page.mapping()
        if not layouts:
            self.progress.idle("Choose at least one sheet to import.", error=True)
            return
        path = self.file_page.path
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
        self.preview_page.show_plan(plan)
        self._show(self.PAGE_PREVIEW)

    def save_rejects(self) -> None:
        if self.plan is None or not self.plan.rejected:
            return
        path = self.file_page.path
        default = path.with_name(f"{path.stem} - rejects.xlsx")
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
        self.done_page.show_result(result)
        self._show(self.PAGE_DONE)
        self.imported.emit(result)
