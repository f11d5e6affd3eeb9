"""Write letter…: choose a template, fill in the answer and the address, see the letter as it
will print while typing, and store it with the inquiry (then print it or save a copy)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.letters import LetterContent, LetterTemplate, list_templates
from liaison_desk.services import actions, letters_store
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.letters_store import LetterDefaults, LetterResult
from ui import ops
from ui.actions.common import (
    Field,
    Notice,
    TextBox,
    describe_inquiry,
    hint_label,
    section_title,
)
from ui.actions.pdf_view import PdfPane, ask_and_print, save_pdf_as
from ui.context import AppContext
from ui.ops import Problem
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QLocale,
    QScrollArea,
    QShortcut,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.frame import DialogFooter, DialogHeader
from ui.widgets.timers import named_timer
from ui.widgets.tones import tone

log = logging.getLogger("liaison_desk.ui.letters")

PREVIEW_DELAY_MS = 350


# --------------------------------------------------------------------------- the dialog


class LetterDialog(QDialog):
    """Write a letter for an inquiry, see it as it will print, store it with the inquiry."""

    inquiryChanged = Signal(int)  # saved something on this inquiry
    letter_saved = Signal(int)
    preview_ready = Signal()

    def __init__(self, app_ctx: AppContext, inquiry_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LetterDialog")
        self.setWindowTitle("Write a letter")
        self.setSizeGripEnabled(True)
        self.app_ctx = app_ctx
        self.inquiry_id = inquiry_id
        self.defaults: LetterDefaults | None = None
        self.templates: list[LetterTemplate] = []
        self.content: LetterContent | None = None
        self.saved: LetterResult | None = None
        self.ready = False
        self.saving = False
        self._preview_serial = 0
        self.previews_rendered = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = DialogHeader("Write a letter")
        self.subtitle = self.header.subtitle
        outer.addWidget(self.header)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._form())
        preview_side = QWidget()
        side = QVBoxLayout(preview_side)
        side.setContentsMargins(12, 12, 16, 12)
        side.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(section_title("Preview"))
        self.preview_state = QLabel("Rendering…")
        self.preview_state.setStyleSheet(f"color: {tone('hint')};")
        top.addStretch(1)
        top.addWidget(self.preview_state)
        side.addLayout(top)
        self.pdf_pane = PdfPane()
        side.addWidget(self.pdf_pane, 1)
        splitter.addWidget(preview_side)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        outer.addWidget(splitter, 1)

        footer = DialogFooter()
        self.status = footer.status
        self.save_as_button = footer.add_button("Save as &PDF…", self.save_as_pdf)
        self.print_button = footer.add_button("P&rint…", self.print_letter)
        self.cancel_button = footer.add_button("Cancel", self.reject)
        self.save_button = footer.add_button(
            "&Save to inquiry",
            self.save,
            name="saveButton",
            tip="Store the letter with the inquiry (Ctrl+Enter)",
        )
        outer.addWidget(footer)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(lambda: self.save())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self).activated.connect(
            self.print_letter
        )

        self.timer = named_timer(
            self, "letterPreviewTimer", PREVIEW_DELAY_MS, self.render_preview, single_shot=True
        )
        self._set_enabled(False)
        self.status.setText("Loading the inquiry…")
        self.resize(1280, 860)
        self._load()

    # --- form ------------------------------------------------------------------------------
    def _form(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(20, 14, 12, 14)
        layout.setSpacing(10)
        self.notice = Notice("error")
        layout.addWidget(self.notice)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, Field] = {}

        def add(name: str, label: str, widget: QWidget, hint: str = "", req: bool = False) -> Field:
            field = Field(widget, hint)
            text = QLabel(label + (" *" if req else ""))
            text.setBuddy(widget)
            text.setContentsMargins(0, 4, 0, 0)
            widget.setAccessibleName(label.replace("&", ""))
            form.addRow(text, field)
            self.fields[name] = field
            return field

        self.template = QComboBox()
        add("template", "&Letter", self.template, req=True)
        self.recipient = QLineEdit()
        add("recipient_name", "&To", self.recipient, "The name as it goes on the envelope.", True)
        self.address = TextBox("Street and number\nCity, IA ZIP", 4)
        self.address.setMaximumHeight(self.address.minimumHeight() + 10)
        self.address_field = add("address", "Mailing &address", self.address, "", True)
        self.keep_address = QCheckBox("&Keep this address with the inquiry")
        self.keep_address.setChecked(True)
        self.keep_address.hide()
        form.addRow("", self.keep_address)
        self.letter_date = QDateEdit()
        self.letter_date.setCalendarPopup(True)
        self.letter_date.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        self.letter_date.setDisplayFormat("MMMM d, yyyy")
        add("letter_date", "&Date", self.letter_date, req=True)
        self.answer = TextBox(
            "The answer to the caller's question, in plain words. Leave a blank line between "
            "paragraphs.",
            12,
        )
        add(
            "answer",
            "A&nswer",
            self.answer,
            "Printed where the template says {answer}; long answers run onto more pages.",
            True,
        )
        layout.addLayout(form)
        self.missing = Notice("warning")
        layout.addWidget(self.missing)
        self.signed = hint_label("")
        layout.addWidget(self.signed)
        layout.addStretch(1)
        scroll.setWidget(body)
        scroll.setMinimumWidth(480)

        self.template.currentIndexChanged.connect(self._changed)
        self.recipient.textChanged.connect(self._changed)
        self.address.textChanged.connect(self._changed)
        self.letter_date.dateChanged.connect(self._changed)
        self.answer.textChanged.connect(self._changed)
        return scroll

    # --- loading -----------------------------------------------------------------------
    def _load(self) -> None:
        inquiry_id = self.inquiry_id

        def work(
            session: Session, ctx: ServiceContext
        ) -> tuple[LetterDefaults, list[LetterTemplate], Any]:
            defaults = letters_store.letter_defaults(session, ctx, inquiry_id)
            brief = actions.brief(session, ctx, inquiry_id)
            return defaults, list_templates(), brief

        ops.read(self, self.app_ctx, work).done(self._loaded).failed(self._load_failed).start()

    def _loaded(self, payload: tuple[LetterDefaults, list[LetterTemplate], Any]) -> None:
        self.defaults, self.templates, brief = payload
        defaults = self.defaults
        self.subtitle.setText(describe_inquiry(brief))
        for template in self.templates:
            self.template.addItem(template.title, template.key)
        self.template.setCurrentIndex(max(self.template.findData(defaults.template_key), 0))
        self.recipient.setText(defaults.recipient_name)
        self.address.setText(defaults.address)
        if defaults.needs_address:
            self.address_field.message.show_hint(
                "The inquiry has no mailing address: type the address the letter goes to."
            )
            self.keep_address.show()
        self.letter_date.setDate(
            QDate(defaults.letter_date.year, defaults.letter_date.month, defaults.letter_date.day)
        )
        self.signed.setText(f"Signed: {defaults.signer_name}, {defaults.signer_title}")
        self.ready = True
        self._set_enabled(True)
        self.status.setText("")
        (self.address if defaults.needs_address else self.answer).setFocus()
        self.render_preview()

    def _load_failed(self, problem: Problem) -> None:
        self.notice.say(f"The letter cannot be written. {problem.text}", "error")
        self.status.setText("")

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.save_button, self.save_as_button, self.print_button):
            button.setEnabled(enabled)

    # --- values ------------------------------------------------------------------------
    def values(self) -> tuple[str, str, str, str, date]:
        qdate = self.letter_date.date()
        return (
            str(self.template.currentData() or ""),
            self.answer.text(),
            self.recipient.text(),
            self.address.text(),
            date(qdate.year(), qdate.month(), qdate.day()),
        )

    def set_answer(self, text: str) -> None:
        self.answer.setText(text)

    # --- preview -------------------------------------------------------------------------
    def _changed(self, *_args: object) -> None:
        if not self.ready or self.saved is not None:
            return
        for field in self.fields.values():
            if field.message.has_error:
                field.clear_error()
        if self.defaults is not None and self.defaults.needs_address:
            typed = len(letters_store.address_lines(self.address.text())) >= 2
            self.address_field.message.show_hint(
                ""
                if typed
                else "The inquiry has no mailing address: type the address the letter goes to."
            )
        self.preview_state.setText("Changes not shown yet…")
        self.timer.start()

    def render_preview(self) -> None:
        if not self.ready:
            return
        self.timer.stop()
        self._preview_serial += 1
        serial = self._preview_serial
        inquiry_id = self.inquiry_id
        key, answer, recipient, address, day = self.values()
        shown_answer = answer if answer.strip() else "[Your answer will appear here.]"

        def work(session: Session, ctx: ServiceContext) -> tuple[int, LetterContent, bytes]:
            content, pdf = letters_store.preview_letter(
                session, ctx, inquiry_id, key, shown_answer, recipient, address, day
            )
            return serial, content, pdf

        self.preview_state.setText("Rendering…")
        ops.read(self, self.app_ctx, work, where="the letter preview").done(self._previewed).failed(
            self._preview_failed
        ).start()

    def _previewed(self, payload: tuple[int, LetterContent, bytes]) -> None:
        serial, content, pdf = payload
        if serial != self._preview_serial:
            return  # a newer preview is on its way
        self.content = content
        self.pdf_pane.show_pdf(pdf)
        self.previews_rendered += 1
        self.preview_state.setText("Up to date")
        missing = [m for m in content.missing if m != "answer"]
        if missing:
            names = ", ".join(m.replace("_", " ") for m in missing)
            marks = ", ".join(f"[{m}?]" for m in missing)
            where = "where it belongs" if len(missing) == 1 else "where they belong"
            self.missing.say(
                f"The letter has no value for: {names}. It shows {marks} {where}; fill it "
                "in or choose another letter before saving."
            )
        else:
            self.missing.hide()
        self.preview_ready.emit()

    def _preview_failed(self, problem: Problem) -> None:
        self.preview_state.setText("Preview not available")
        self.notice.say(f"The preview could not be made: {problem.reason}", "error")

    # --- saving --------------------------------------------------------------------------
    def check(self) -> dict[str, str]:
        _key, answer, recipient, address, _day = self.values()
        problems: dict[str, str] = {}
        if not recipient.strip():
            problems["recipient_name"] = "Give the name of the person the letter goes to."
        if len(letters_store.address_lines(address)) < 2:
            problems["address"] = (
                "Give the mailing address: the street on the first line, then city, state and ZIP."
            )
        if not answer.strip():
            problems["answer"] = "Write the answer."
        return problems

    def _show_problems(self, problems: dict[str, str]) -> None:
        first: Field | None = None
        other: list[str] = []
        for name, message in problems.items():
            field = self.fields.get(name)
            if field is None:
                other.append(message)
                continue
            field.set_error(message)
            first = first or field
        self.notice.say(" ".join(other) or "Please correct the fields marked below.", "error")
        if first is not None:
            first.inner.setFocus()

    def save(self, allow_missing: bool = False) -> None:
        if not self.ready or self.saving or self.saved is not None:
            return
        self.notice.hide()
        problems = self.check()
        if problems:
            self._show_problems(problems)
            return
        inquiry_id = self.inquiry_id
        key, answer, recipient, address, day = self.values()
        keep = self.keep_address.isVisible() and self.keep_address.isChecked()

        def work(session: Session, ctx: ServiceContext) -> LetterResult:
            return letters_store.create_letter(
                session,
                ctx,
                inquiry_id,
                key,
                answer,
                recipient,
                address,
                day,
                save_address=keep,
                allow_missing=allow_missing,
            )

        self.saving = True
        self._set_enabled(False)
        self.status.setText("Saving the letter…")
        ops.write(self, self.app_ctx, work, where="saving a letter").done(self._saved).failed(
            self._save_failed, kept=ops.KEPT
        ).announces(lambda _r: inquiry_id).start()

    def _saved(self, result: LetterResult) -> None:
        self.saving = False
        self.saved = result
        self.pdf_pane.show_pdf(result.pdf)
        self.preview_state.setText("Saved with the inquiry")
        self.notice.say(
            f"{result.action.message} It is in the timeline; print it or save a copy as PDF.",
            "success",
        )
        self.status.setText("")
        for widget in (self.template, self.recipient, self.address, self.letter_date, self.answer):
            widget.setEnabled(False)
        self.keep_address.setEnabled(False)
        self.save_as_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(False)
        self.cancel_button.setText("Close")
        self.print_button.setFocus()
        self.letter_saved.emit(result.letter_id)
        self.inquiryChanged.emit(self.inquiry_id)

    def _save_failed(self, problem: Problem) -> None:
        self.saving = False
        self._set_enabled(True)
        self.status.setText("")
        if problem.fields:
            if set(problem.fields) == {"template"}:
                self.notice.say(problem.fields["template"], "warning")
                button = self.notice.add_button("Save &anyway", lambda: self.save(True))
                button.setObjectName("saveAnywayButton")
                return
            self._show_problems(dict(problem.fields))
        else:
            self.notice.say(problem.text, "error")

    # --- output ----------------------------------------------------------------------------
    def current_pdf(self) -> bytes:
        return self.saved.pdf if self.saved is not None else self.pdf_pane.pdf

    def suggested_filename(self) -> str:
        if self.saved is not None:
            return self.saved.filename
        _key, _answer, recipient, _address, day = self.values()
        reference = self.defaults.reference if self.defaults else "letter"
        return letters_store.letter_filename(reference, day, recipient)

    def save_as_pdf(self) -> Path | None:
        pdf = self.current_pdf()
        if not pdf:
            return None
        path = save_pdf_as(self, pdf, self.suggested_filename())
        if path is not None:
            self.status.setText(f"Saved a copy as {path}")
        return path

    def print_letter(self) -> bool:
        pdf = self.current_pdf()
        if not pdf:
            return False
        printed = ask_and_print(self, pdf, self.suggested_filename())
        if printed:
            self.status.setText("Sent to the printer.")
        return printed
