"""E-mail intake (issue 14; seeds 000 and 004): drop an Outlook ``.msg`` or an ``.eml`` on the
form (or choose one) and the sender, subject, received time and body fill it; the message is
kept with the inquiry when it is saved. Phone optional where an address is given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from liaison_desk.domain import Priority, Track
from liaison_desk.email_files import EMAIL_SUFFIXES
from liaison_desk.services import email_intake
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.email_intake import EmailDraft, EmailIntake
from liaison_desk.services.intake import IntakeResult
from liaison_desk.services.permissions import Action, can
from ui import ops
from ui.context import AppContext
from ui.files import choose_open_file
from ui.intake.base import IntakeDialog
from ui.intake.checks import check_email, check_npi, check_state_id
from ui.intake.common import phrase_problems, set_pair
from ui.intake.edits import PhoneEdit, TextArea, ValidatedLineEdit
from ui.intake.email_reply import AcknowledgementButtons
from ui.ops import Problem
from ui.qt import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QWidget,
)
from ui.widgets.fields import Field
from ui.widgets.tones import tone

NOT_ASSIGNED = "Not assigned yet"


def email_paths(event: Any) -> list[Path]:
    """The e-mail files of a drag or a drop (saved messages, files from the desktop)."""
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in data.urls()
            if u.isLocalFile() and u.toLocalFile().lower().endswith(EMAIL_SUFFIXES)]  # fmt: skip


class EmailIntakeDialog(IntakeDialog):
    """The account manager, a Unit Lead or a liaison takes in an e-mail inquiry."""

    KIND = "email"
    TITLE = "New e-mail inquiry"
    SUBTITLE = "Drop the e-mail here (Outlook .msg or .eml), or fill it in."
    UNTYPED = frozenset({"received", "about", "channel", "assignee_id"})
    TRACK = str(Track.EMAIL)

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        self.message_path: Path | None = None
        super().__init__(app_ctx, parent)
        self.setAcceptDrops(True)
        self.ack = AcknowledgementButtons(app_ctx, self.saved_panel)

    # --- the form ---------------------------------------------------------------------
    def build_form(self) -> None:
        form = self.add_section("The e-mail")
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.message_label = QLabel("No file yet — drop the e-mail on this form.")
        self.message_label.setStyleSheet(f"color: {tone('hint')};")
        self.message_label.setWordWrap(True)
        self.choose_button = QPushButton("&Open an e-mail file…")
        self.choose_button.clicked.connect(lambda _c=False: self.choose_file())
        line.addWidget(self.message_label, 1)
        line.addWidget(self.choose_button)
        self.add_row(form, "Message", row)
        self.channel = QComboBox()
        self.channel.setPlaceholderText("Choose the mailbox…")
        self.channel_box = Field(self.channel, clears_on=(self.channel.currentIndexChanged,))
        self.add_row(form, "C&hannel", self.channel_box, required=True)
        self.subject = ValidatedLineEdit("Subject", max_length=300)
        self.add_row(form, "Su&bject", self.subject)

        form = self.add_section("Who wrote", "An e-mail address, a phone number or both.")
        about = QWidget()
        about_line = QHBoxLayout(about)
        about_line.setContentsMargins(0, 0, 0, 0)
        self.from_member = QRadioButton("A &member (or someone for one)")
        self.from_provider = QRadioButton("A pro&vider's office")
        self.about = QButtonGroup(self)
        self.about.addButton(self.from_member)
        self.about.addButton(self.from_provider)
        self.from_member.setChecked(True)
        about_line.addWidget(self.from_member)
        about_line.addWidget(self.from_provider)
        about_line.addStretch(1)
        self.add_row(form, "From", about).set_buddy(self.from_member, required=False)
        self.sender_name = ValidatedLineEdit("Sender's name", required=True)
        self.add_row(form, "Sender's &name", self.sender_name, required=True)
        self.email = ValidatedLineEdit("E-mail address", check_email, max_length=254,
                                       placeholder="pat.smith@example.org")  # fmt: skip
        self.add_row(form, "&E-mail address", self.email)
        self.phone = PhoneEdit("Phone", required=False)
        self.add_row(form, "&Phone", self.phone)

        self.about_form = self.add_section("About")
        self.member_name = ValidatedLineEdit("Member name")
        self.add_row(self.about_form, "Member n&ame", self.member_name)
        self.state_id = ValidatedLineEdit("State ID", check_state_id, upper=True, max_length=12,
                                          width_chars=12, placeholder="1234567A")  # fmt: skip
        self.add_row(self.about_form, "S&tate ID", self.state_id)
        self.provider_name = ValidatedLineEdit("Provider name")
        self.add_row(self.about_form, "Provider n&ame", self.provider_name)
        self.npi = ValidatedLineEdit("NPI", check_npi, max_length=14, width_chars=14,
                                     placeholder="10 digits")  # fmt: skip
        self.add_row(self.about_form, "NP&I", self.npi)

        form = self.add_section("The request")
        self.description = TextArea(
            "What the e-mail asks", required=True, lines=6,
            placeholder="The e-mail's text, or what it asks for",
        )  # fmt: skip
        self.add_row(form, "What it as&ks", self.description, required=True)
        self.add_issue_type(form)
        self.assignee = QComboBox()
        self.assignee.setAccessibleName("Assigned to")
        self.add_row(form, "Assi&gned to", self.assignee)
        self.add_row(form, "Deadlines", self.preview)
        self.add_row(form, "Re&ceived", self.received, required=True)

        self.populate_lists()
        self.about.buttonToggled.connect(lambda *_a: self.update_dependents())
        self.update_dependents()
        self.watch(
            self.channel.currentIndexChanged, self.subject.changed, self.sender_name.changed,
            self.email.changed, self.phone.changed, self.member_name.changed,
            self.state_id.changed, self.provider_name.changed, self.npi.changed,
            self.description.changed,
            self.assignee.currentIndexChanged, self.about.buttonToggled,
        )  # fmt: skip

    def populate_lists(self) -> None:
        self.fill_combo(self.channel, [(n, n) for n in self.lists.choices.channels])
        if self.channel.currentIndex() < 0 and self.channel.count():
            self.channel.setCurrentIndex(0)
        keep = self.assignee.currentData()
        self.assignee.clear()
        self.assignee.addItem(NOT_ASSIGNED, None)
        for worker in self.lists.workers:
            self.assignee.addItem(worker.name, worker.id)
        me = self.app_ctx.actor.user_id
        wanted = keep if keep is not None else (me if self._works() else None)
        self.assignee.setCurrentIndex(max(self.assignee.findData(wanted), 0))

    def _works(self) -> bool:
        return can(self.app_ctx.actor.role, Action.LOG_CONTACT)

    def update_dependents(self) -> None:
        provider = self.from_provider.isChecked()
        for widget in (self.member_name, self.state_id):
            self.about_form.setRowVisible(widget, not provider)
        for widget in (self.provider_name, self.npi):
            self.about_form.setRowVisible(widget, provider)

    def first_field(self) -> QWidget:
        return self.choose_button

    # --- a dropped or chosen message -------------------------------------------------
    def dragEnterEvent(self, event: Any) -> None:
        if email_paths(event) and self.stack.currentWidget() is self.form_page:
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        paths = email_paths(event)
        if paths:
            event.acceptProposedAction()
            self.take_file(paths[0])

    def choose_file(self) -> None:
        name = choose_open_file(
            self, "Open an e-mail", "", "E-mail messages (*.msg *.eml);;All files (*)"
        )
        if name:
            self.take_file(Path(name))

    def take_file(self, path: Path) -> None:
        """Read the message off the GUI thread and fill the form with it."""
        self.message_label.setText(f"Reading “{path.name}”…")

        def work(session: Session, ctx: ServiceContext) -> EmailDraft:
            return email_intake.draft_from_file(session, ctx, path)

        ops.read(self, self.app_ctx, work, where=f"reading “{path.name}”").done(
            self.fill_from
        ).failed(self._unreadable).start()

    def _unreadable(self, problem: Problem) -> None:
        self.message_path = None
        self.message_label.setText(problem.text)
        self.message_label.setStyleSheet(f"color: {tone('error')};")

    def fill_from(self, draft: EmailDraft) -> None:
        self.message_path = draft.path
        words = f"✓ “{draft.path.name}” — kept with the inquiry when you save."
        self.message_label.setText(" ".join([words, *draft.notes]))
        self.message_label.setStyleSheet(f"color: {tone('ok' if not draft.notes else 'hint')};")
        self.sender_name.set_text(draft.sender_name)
        self.email.set_text(draft.email)
        self.email.finish()
        self.subject.set_text(draft.subject)
        self.description.set_text(draft.description)
        self.received.set_value(draft.received_at)
        if draft.channel and self.channel.currentIndex() < 0:
            self.channel.setCurrentIndex(self.channel.findData(draft.channel))
        self.on_changed()
        self.sender_name.setFocus()

    # --- rules and saving -------------------------------------------------------------
    def preview_for(self) -> tuple[str, str | None, str] | str:
        return (str(Track.EMAIL), str(Priority.ESCALATED), "")

    def problems(self) -> list[str]:
        missing: list[str] = []
        fix: list[str] = []
        if self.channel.currentIndex() < 0:
            missing.append("Channel")
        if not self.sender_name.is_valid():
            missing.append("Sender's name")
        for field in (self.email, self.phone, self.state_id, self.npi):
            if field.text().strip() and not field.is_valid():
                fix.append(field.name)
        if not self.email.text().strip() and not self.phone.text().strip():
            missing.append("E-mail address or phone")
        if not self.description.is_valid():
            missing.append("What the e-mail asks")
        it = self.issue_type
        if it is not None and it.required_for(self.TRACK) and it.value()[0] is None:
            missing.append("Issue type")
        return phrase_problems(missing, fix)

    def field_widgets(self) -> dict[str, QWidget]:
        return {
            "channel": self.channel_box, "sender_name": self.sender_name, "email": self.email,
            "phone": self.phone, "member_name": self.member_name, "state_id": self.state_id,
            "provider_name": self.provider_name, "npi": self.npi,
            "description": self.description, "received_at": self.received,
            "assignee": self.assignee,
            **({"category": it, "sub_category": it} if (it := self.issue_type) else {}),
        }  # fmt: skip

    def collect(self) -> EmailIntake:
        provider = self.from_provider.isChecked()
        return EmailIntake(
            channel=str(self.channel.currentData() or ""),
            sender_name=self.sender_name.value(),
            email=self.email.value() or None,
            phone=self.phone.value() or None,
            subject=self.subject.value() or None,
            description=self.description.value(),
            from_provider=provider,
            member_name=None if provider else self.member_name.value() or None,
            member_state_id=None if provider else self.state_id.value() or None,
            provider_name=self.provider_name.value() or None if provider else None,
            npi=self.npi.value() or None if provider else None,
            received_at=self.received.value(),
            assignee_id=self.assignee.currentData(),
        )

    def service(self) -> Callable[[Session, ServiceContext, Any], IntakeResult]:
        path = self.message_path

        def save(session: Session, ctx: ServiceContext, data: Any) -> IntakeResult:
            return email_intake.create_email_inquiry(session, ctx, data, path)

        return save

    def _on_saved(self, info: Any) -> None:
        super()._on_saved(info)
        self.ack.show_for(info, self.email.value())

    def fields_state(self) -> dict[str, Any]:
        return {
            "channel": self.channel.currentData(), "subject": self.subject.text(),
            "from_provider": self.from_provider.isChecked(),
            "sender_name": self.sender_name.text(), "email": self.email.text(),
            "phone": self.phone.text(), "member_name": self.member_name.text(),
            "state_id": self.state_id.text(), "provider_name": self.provider_name.text(),
            "npi": self.npi.text(), "description": self.description.text(),
            "assignee_id": self.assignee.currentData(),
            "received": self.received.value().isoformat(),
        }  # fmt: skip

    def apply_fields_state(self, state: dict[str, Any]) -> None:
        self.channel.setCurrentIndex(self.channel.findData(state.get("channel")))
        self.subject.set_text(state.get("subject", ""))
        set_pair(self.about, self.from_provider, self.from_member,
                 bool(state.get("from_provider")))  # fmt: skip
        for name in ("sender_name", "email", "phone", "member_name", "state_id",
                     "provider_name", "npi", "description"):  # fmt: skip
            getattr(self, name).set_text(state.get(name, ""))
        self.assignee.setCurrentIndex(max(self.assignee.findData(state.get("assignee_id")), 0))
        if state.get("received"):
            self.received.set_value(datetime.fromisoformat(state["received"]))
        self.update_dependents()

    def reset_fields(self) -> None:
        self.message_path = None
        self.message_label.setText("No file yet — drop the e-mail on this form.")
        self.message_label.setStyleSheet(f"color: {tone('hint')};")
        self.from_member.setChecked(True)
        if self.issue_type is not None:
            self.issue_type.set_value(None)
        self.populate_lists()

    def draft_summary(self) -> str:
        name = self.sender_name.text().strip()
        return f"e-mail from {name}" if name else ""
