"""A stored letter, opened from the timeline: read it, print it, save a copy as PDF."""

from __future__ import annotations

from pathlib import Path

from liaison_desk.services import letters_store
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.actions.common import (
    Notice,
)
from ui.actions.pdf_view import PdfPane, ask_and_print, save_pdf_as
from ui.context import AppContext
from ui.ops import Problem
from ui.qt import (
    QDialog,
    QVBoxLayout,
    QWidget,
)
from ui.widgets.frame import DialogFooter, DialogHeader

# --------------------------------------------------------------------------- the viewer


class LetterViewer(QDialog):
    """A stored letter, opened again from the timeline: view, save a copy, print."""

    def __init__(self, app_ctx: AppContext, letter_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LetterViewer")
        self.setWindowTitle("Letter")
        self.setSizeGripEnabled(True)
        self.app_ctx = app_ctx
        self.letter_id = letter_id
        self.filename = "letter.pdf"
        self.ready = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = DialogHeader("Letter")
        self.subtitle = self.header.subtitle
        layout.addWidget(self.header)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(16, 12, 16, 12)
        self.notice = Notice("error")
        inner.addWidget(self.notice)
        self.pdf_pane = PdfPane()
        inner.addWidget(self.pdf_pane, 1)
        layout.addWidget(body, 1)
        footer = DialogFooter()
        self.status = footer.status
        self.save_as_button = footer.add_button("Save as &PDF…", self.save_as_pdf)
        self.print_button = footer.add_button("P&rint…", self.print_letter)
        footer.add_button("Close", self.accept)
        layout.addWidget(footer)
        self.resize(760, 900)

        def work(session: Session, ctx: ServiceContext) -> tuple[bytes, str, str]:
            letter = letters_store.get_letter(session, letter_id, ctx)
            pdf = bytes(letter.pdf)
            name = letters_store.stored_letter_filename(session, letter_id)
            title = f"{letter.inquiry.reference} · {letter.subject} · to {letter.recipient_name}"
            return pdf, name, title

        ops.read(self, app_ctx, work, verb="opened").done(self._loaded).failed(self._failed).start()

    def _loaded(self, payload: tuple[bytes, str, str]) -> None:
        pdf, self.filename, title = payload
        self.subtitle.setText(title)
        self.pdf_pane.show_pdf(pdf)
        self.ready = True

    def _failed(self, problem: Problem) -> None:
        self.notice.say(problem.text, "error")
        self.save_as_button.setEnabled(False)
        self.print_button.setEnabled(False)

    def save_as_pdf(self) -> Path | None:
        return save_pdf_as(self, self.pdf_pane.pdf, self.filename) if self.ready else None

    def print_letter(self) -> bool:
        return ask_and_print(self, self.pdf_pane.pdf, self.filename) if self.ready else False
