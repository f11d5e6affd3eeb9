"""Reports → Compliance packet…: the period, all MCOs or one, where to save the PDF (and, if
wanted, the matching workbook beside it); the packet is written off the GUI thread and can be
opened from here when it is done."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.packet import PacketFiles, write_packet
from liaison_desk.packet.data import mco_names
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.context import AppContext
from ui.files import choose_save_file
from ui.ops import Problem
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDesktopServices,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QShortcut,
    Qt,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.reports.compliance_tab import date_of, periods, qdate_of
from ui.widgets.basics import hint_label
from ui.widgets.frame import DialogFooter, DialogHeader
from ui.widgets.notice import Notice

PDF_FILTER = "PDF documents (*.pdf);;All files (*)"
EVERY_MCO = "Every MCO (a scorecard page for each)"
# "Last quarter" is what a contract review asks for most; any preset or dates can be chosen.
DEFAULT_PERIOD = "Last quarter"


def pdf_name(text: str) -> str:
    """What the person typed as the packet's file, ending .pdf ("" when it names no file)."""
    text = text.strip()
    if not Path(text).name or text.endswith(("/", "\\")):
        return ""
    return text if text.lower().endswith(".pdf") else text + ".pdf"


def workbook_beside(pdf: str) -> str:
    """The workbook written with a packet: the PDF's name, ending .xlsx."""
    return str(Path(pdf).with_suffix(".xlsx")) if pdf else ""


class PacketDialog(QDialog):
    written = Signal(object)  # PacketFiles

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("packetDialog")
        self.setWindowTitle("Compliance packet")
        self.resize(680, 430)
        self.files: PacketFiles | None = None
        self.job: ops.Operation[Any] | None = None
        self._named_by_hand = False
        self.ready = False  # the MCOs are listed
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.header = DialogHeader(
            "Compliance packet",
            "One PDF for the state or the MCO's contract manager: each standard against its "
            "target, the trend, the MCO scorecard, QC audits, every breach explained, and "
            "whether the history verifies.",
        )
        box.addWidget(self.header)
        body = QVBoxLayout()
        body.setContentsMargins(20, 14, 20, 8)
        form = QFormLayout()
        today = app_ctx.clock.now().astimezone(app_ctx.calendar.timezone).date()
        self.period = QComboBox(self)
        self.period.setObjectName("packetPeriod")
        for label, start, end in periods(today):
            self.period.addItem(label, (start, end))
        self.period.addItem("Other dates", None)
        form.addRow("&Period", self.period)
        dates = QHBoxLayout()
        self.date_from = QDateEdit(self)
        self.date_from.setObjectName("packetFrom")
        self.date_to = QDateEdit(self)
        self.date_to.setObjectName("packetTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("MM/dd/yyyy")
            edit.dateChanged.connect(lambda _d: self._suggest_name())
        dates.addWidget(self.date_from)
        dates.addWidget(hint_label("to"))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        form.addRow("&From", dates)
        form.labelForField(dates).setBuddy(self.date_from)  # type: ignore[attr-defined]
        self.mco = QComboBox(self)
        self.mco.setObjectName("packetMco")
        self.mco.addItem(EVERY_MCO, None)
        form.addRow("&MCO", self.mco)
        where = QHBoxLayout()
        self.pdf_edit = QLineEdit(self)
        self.pdf_edit.setObjectName("packetFile")
        self.pdf_edit.textEdited.connect(lambda _t: setattr(self, "_named_by_hand", True))
        self.pdf_edit.textChanged.connect(lambda _t: self._show_workbook_name())
        browse = QPushButton("&Browse…", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(lambda _c=False: self.browse())
        where.addWidget(self.pdf_edit, 1)
        where.addWidget(browse)
        form.addRow("&Save as", where)
        form.labelForField(where).setBuddy(self.pdf_edit)  # type: ignore[attr-defined]
        self.with_workbook = QCheckBox("Also write the matching E&xcel workbook", self)
        self.with_workbook.setObjectName("packetWorkbook")
        self.with_workbook.setChecked(True)
        self.with_workbook.toggled.connect(lambda _on: self._show_workbook_name())
        form.addRow("", self.with_workbook)
        self.workbook_hint = hint_label("")
        form.addRow("", self.workbook_hint)
        body.addLayout(form)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # writing takes seconds, in one step: busy, not a share
        self.progress.setVisible(False)
        body.addWidget(self.progress)
        self.notice = Notice()
        body.addWidget(self.notice)
        body.addStretch(1)
        box.addLayout(body, 1)
        self.footer = DialogFooter("Ctrl+Enter writes · Esc closes")
        self.open_button = self.footer.add_button(
            "&Open the PDF", self.open_pdf, name="packetOpen", tip="Open the packet just written"
        )
        self.open_button.setEnabled(False)
        self.footer.add_button("Close", self.close, name="packetClose")
        self.write_button = self.footer.add_button(
            "&Write the packet", self.write, name="packetWrite"
        )
        box.addWidget(self.footer)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.write)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.period.setCurrentIndex(max(0, self.period.findText(DEFAULT_PERIOD)))
        self._period_chosen(self.period.currentIndex())
        self._load_mcos()

    # --- choices -------------------------------------------------------------------------
    def _load_mcos(self) -> None:
        def work(session: Session, _ctx: ServiceContext) -> list[str]:
            return mco_names(session)

        ops.read(self, self.app_ctx, work, where="reading the MCOs").done(self._fill_mcos).failed(
            lambda p: self.notice.say(p.text, "warning")
        ).start()

    def _fill_mcos(self, names: list[str]) -> None:
        for name in names:
            self.mco.addItem(name, name)
        self.ready = True

    def _period_chosen(self, index: int) -> None:
        chosen = self.period.itemData(index)
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(chosen is None)
        if chosen is not None:
            start, end = chosen
            self.date_from.setDate(qdate_of(start))
            self.date_to.setDate(qdate_of(end))
        self._suggest_name()

    def dates(self) -> tuple[date, date]:
        return date_of(self.date_from.date()), date_of(self.date_to.date())

    def _suggest_name(self) -> None:
        if self._named_by_hand:
            return
        start, end = self.dates()
        folder = Path(self.pdf_edit.text()).parent if self.pdf_edit.text() else Path.home()
        name = f"Compliance packet {start:%Y-%m-%d} to {end:%Y-%m-%d}.pdf"
        self.pdf_edit.setText(str(folder / name))

    def _show_workbook_name(self) -> None:
        book = workbook_beside(pdf_name(self.pdf_edit.text()))
        on = self.with_workbook.isChecked() and bool(book)
        self.workbook_hint.setVisible(on)
        if on:
            self.workbook_hint.setText(f"Workbook: {book}")

    def browse(self) -> None:
        name = choose_save_file(
            self, "Save the compliance packet", self.pdf_edit.text(), PDF_FILTER
        )
        if name:
            if not name.lower().endswith(".pdf"):
                name += ".pdf"
            self._named_by_hand = True
            self.pdf_edit.setText(name)

    # --- writing -------------------------------------------------------------------------
    def write(self) -> None:
        if self.job is not None and self.job.running:
            return
        start, end = self.dates()
        pdf = pdf_name(self.pdf_edit.text())
        if end < start:
            self.notice.say("The period ends before it starts: choose the dates again.", "error")
            return
        if not pdf:
            self.notice.say("Choose where to save the packet, with a file name.", "error")
            return
        book = workbook_beside(pdf) if self.with_workbook.isChecked() else None
        mco = self.mco.currentData()
        db, ctx = self.app_ctx.db, self.app_ctx.service_context()

        def work() -> PacketFiles:
            return write_packet(db, ctx, start, end, pdf, workbook=book, mco=mco)

        self.job = (
            ops.background(self, work, verb="written", where="writing the compliance packet")
            .done(self._written)
            .failed(self._failed)
        )
        self.write_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.progress.setVisible(True)
        self.notice.hide()
        self.footer.status.setText("Writing the packet…")
        self.job.start()

    def _written(self, files: PacketFiles) -> None:
        self.files = files
        self._idle()
        saved = f"Saved {files.pdf}" + (f" and {files.workbook}" if files.workbook else "")
        counts = f"{files.standards} standards, {files.breaches:,} breaches listed."
        waiting = files.follow_ups_waiting
        if files.chain_ok and waiting:
            self.notice.say(
                f"{saved}.\n{counts} The history verifies. Not yet counted: {waiting:,} "
                "follow-ups with the MCO that your login may not start (the packet's first "
                "page says so); write it again once a liaison's desk or the alert service "
                "has started them.",
                "warning",
            )
        elif files.chain_ok:
            self.notice.say(f"{saved}.\n{counts} The history verifies.", "success")
        else:
            self.notice.say(
                f"{saved}.\n{counts} The history does NOT verify: the packet's first page "
                "names the first changed or missing entry. Tell your administrator.",
                "warning",
            )
        self.open_button.setEnabled(True)
        self.open_button.setFocus()
        self.written.emit(files)

    def _failed(self, problem: Problem) -> None:
        self._idle()
        self.notice.say(problem.text, "error")

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.write_button.setEnabled(True)
        self.footer.status.setText("")

    def open_pdf(self) -> None:
        if self.files is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files.pdf)))

    def closeEvent(self, event: Any) -> None:
        # The packet is written in one step and replaces its file whole: closing while it
        # is being written would leave the person not knowing whether it was.
        if self.job is not None and self.job.running:
            self.footer.status.setText("Still writing the packet: it closes when it is done.")
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.job is not None and self.job.running:
            self.footer.status.setText("Still writing the packet: it closes when it is done.")
            return
        super().reject()


def open_packet_dialog(app_ctx: AppContext, parent: QWidget | None = None) -> PacketDialog:
    dialog = PacketDialog(app_ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
