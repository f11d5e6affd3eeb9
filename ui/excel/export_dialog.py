"""File → Export…: which inquiries (the current view or everything; open, resolved or all),
whether to hide personal data for sharing, and where to save the workbook."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from liaison_desk.excel.exporter import ExportResult, export_workbook
from ui import ops
from ui.context import AppContext
from ui.excel.parts import XLSX_FILTER, Progress, ProgressRow, failure_text
from ui.files import choose_save_file
from ui.ops import Problem, ProblemKind
from ui.qt import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    Signal,
)


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
        self.progress = ProgressRow(self)
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
        self.progress.idle(failure_text(problem), error=problem.kind is not ProblemKind.CANCELLED)
