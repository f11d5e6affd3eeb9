"""CSR callback request (SPEC §4, seed 001 "IME Escalated Issues", steps 1–3): the caller,
who the call is about (a member or a provider), the question; saved as a supervisor
callback pending Unit Lead approval, and the caller is told when to expect the call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from liaison_desk.domain import MilestoneKind, Track
from liaison_desk.services import intake
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.deadline_preview import deadlines, format_day
from liaison_desk.services.intake import CallbackRequest, IntakeResult
from ui.context import AppContext
from ui.intake.base import IntakeDialog
from ui.intake.checks import check_npi, check_state_id
from ui.intake.common import phrase_problems, set_pair
from ui.intake.duplicates import DuplicatesBox, attach, linking
from ui.intake.edits import PhoneEdit, TextArea, ValidatedLineEdit
from ui.qt import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QStackedWidget,
    QWidget,
)
from ui.widgets.notice import Banner, BannerKind
from ui.widgets.tones import tone


class CallbackRequestDialog(IntakeDialog):
    """A CSR asks for a supervisor callback on an IME escalated call."""

    KIND = "callback"
    TRACK = str(Track.IME_CALLBACK)
    TITLE = "New supervisor callback request"
    SUBTITLE = "IME escalated call: a Unit Lead approves it, then a supervisor calls back."
    NEW_LABEL = "&New request"
    SAVE_LABEL = "&Save request"

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app_ctx, parent)

    def build_form(self) -> None:
        form = self.add_section("Caller")
        self.caller_name = ValidatedLineEdit("Caller name", required=True)
        self.add_row(form, "&Caller name", self.caller_name, required=True)
        self.caller_phone = PhoneEdit("Caller phone")
        self.caller_phone.edit.setFixedWidth(
            self.caller_phone.edit.fontMetrics().horizontalAdvance("(000) 000-0000 x0000") + 24
        )
        self.add_row(form, "Caller &phone", self.caller_phone, required=True)

        form = self.add_section(
            "Who the call is about", "Give at least a name or an ID; both are better."
        )
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.about_member = QRadioButton("A &member")
        self.about_provider = QRadioButton("A pro&vider")
        self.about = QButtonGroup(self)
        self.about.addButton(self.about_member)
        self.about.addButton(self.about_provider)
        self.about_member.setChecked(True)
        row_layout.addWidget(self.about_member)
        row_layout.addSpacing(12)
        row_layout.addWidget(self.about_provider)
        row_layout.addStretch(1)
        label = self.add_row(form, "About", row)
        label.set_buddy(self.about_member, required=False)

        self.who = QStackedWidget()
        member_page = QWidget()
        member_form = self._subform(member_page)
        self.member_name = ValidatedLineEdit("Member name")
        self.add_row(member_form, "Member &name", self.member_name)
        self.state_id = ValidatedLineEdit(
            "State ID",
            check_state_id,
            placeholder="1234567A",
            hint="7 digits and a letter, if the member has one.",
            upper=True,
            max_length=12,
            width_chars=12,
        )
        self.add_row(member_form, "S&tate ID", self.state_id)
        self.who.addWidget(member_page)
        provider_page = QWidget()
        provider_form = self._subform(provider_page)
        self.npi = ValidatedLineEdit(
            "NPI", check_npi, placeholder="10 digits", max_length=14, width_chars=14
        )
        self.add_row(provider_form, "&NPI", self.npi)
        self.provider_name = ValidatedLineEdit("Provider name")
        self.add_row(provider_form, "Provider nam&e", self.provider_name)
        self.who.addWidget(provider_page)
        form.addRow(self.who)
        self.duplicates = DuplicatesBox(self.app_ctx)
        form.addRow(self.duplicates)
        person = {"state_id": self.state_id, "npi": self.npi, "phone": self.caller_phone,
                  "name": self.member_name}  # fmt: skip
        attach(self.duplicates, self, person)

        form = self.add_section("The question")
        self.question = TextArea(
            "Question",
            required=True,
            placeholder="What the caller needs answered, in their words, and what was "
            "already explained on the call.",
            lines=5,
        )
        self.add_row(form, "&Question", self.question, required=True)
        self.add_issue_type(form)
        self.mailing_address = TextArea(
            "Mailing address",
            placeholder="Street\nCity, IA ZIP — for a letter if the phone attempts fail",
            lines=3,
        )
        self.add_row(form, "Mai&ling address", self.mailing_address)

        form = self.add_section("When it was received")
        self.add_row(form, "Rece&ived", self.received, required=True)

        self.tell = Banner(BannerKind.INFO)
        self.body.addWidget(self.tell)
        self.approval_note = QLabel(
            "The request waits for Unit Lead approval in the Supervisor Callbacks queue."
        )
        self.approval_note.setWordWrap(True)
        self.approval_note.setStyleSheet(f"color: {tone('hint')};")
        self.body.addWidget(self.approval_note)

        self.populate_lists()
        self.watch(
            self.caller_name.changed,
            self.caller_phone.changed,
            self.about.buttonToggled,
            self.member_name.changed,
            self.state_id.changed,
            self.npi.changed,
            self.provider_name.changed,
            self.question.changed,
            self.mailing_address.changed,
        )

    def _subform(self, page: QWidget) -> QFormLayout:
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def populate_lists(self) -> None:
        pass  # the CSR form has no lists; its clock comes from the policies

    def first_field(self) -> QWidget:
        return self.caller_name

    def about_provider_chosen(self) -> bool:
        return self.about_provider.isChecked()

    def update_dependents(self) -> None:
        self.who.setCurrentIndex(1 if self.about_provider_chosen() else 0)

    def preview_for(self) -> tuple[str, str | None, str] | str:
        return (str(Track.IME_CALLBACK), None, "")

    def update_preview(self) -> None:
        received = self.received.value()
        items = deadlines(
            self.calendar, self.lists.policies, str(Track.IME_CALLBACK), None, received
        )
        callback = next((d for d in items if d.milestone == MilestoneKind.CALLBACK), None)
        if callback is None:
            self.tell.say(
                "Tell the caller: a supervisor will call you back within 2 business days."
            )
            return
        self.tell.say(
            f"Tell the caller: a supervisor will call you back within {callback.amount_text} "
            f"(by {format_day(callback.due, self.calendar)})."
        )

    def tell_text(self) -> str:
        return self.tell.text.text()

    def _identifiers(self) -> tuple[list[ValidatedLineEdit], bool]:
        fields = (
            [self.npi, self.provider_name]
            if self.about_provider_chosen()
            else [self.member_name, self.state_id]
        )
        given = any(f.text().strip() for f in fields)
        return fields, given

    def problems(self) -> list[str]:
        missing: list[str] = []
        fix: list[str] = []
        for field in (self.caller_name, self.caller_phone):
            if not field.is_valid():
                (fix if field.text().strip() else missing).append(field.name)
        fields, given = self._identifiers()
        if not given:
            missing.append(
                "provider NPI or name" if self.about_provider_chosen() else "member name or ID"
            )
        for field in fields:
            if not field.is_valid():
                fix.append(field.name)
        if not self.question.is_valid():
            missing.append("Question")
        return phrase_problems(missing, fix)

    def field_widgets(self) -> dict[str, QWidget]:
        provider = self.about_provider_chosen()
        return {
            "caller_name": self.caller_name,
            "phone": self.caller_phone,
            "question": self.question,
            "description": self.question,
            "state_id": self.state_id,
            "npi": self.npi,
            # "Give the member's name or ID, or the provider's NPI or name."
            "member_name": self.npi if provider else self.member_name,
            "mailing_address": self.mailing_address,
            "received_at": self.received,
        }

    def collect(self) -> CallbackRequest:
        provider = self.about_provider_chosen()
        # Only the identifiers on view are sent: a member's name typed before switching to
        # "a provider" must not ride along unseen.
        return CallbackRequest(
            caller_name=self.caller_name.value(),
            caller_phone=self.caller_phone.value(),
            question=self.question.value(),
            member_name=None if provider else (self.member_name.value() or None),
            member_state_id=None if provider else (self.state_id.value() or None),
            npi=(self.npi.value() or None) if provider else None,
            provider_name=(self.provider_name.value() or None) if provider else None,
            mailing_address=self.mailing_address.value() or None,
            received_at=self.received.value(),
        )

    def service(self) -> Callable[[Session, ServiceContext, Any], IntakeResult]:
        return linking(intake.create_callback_request, self.duplicates.link_to)

    def fields_state(self) -> dict[str, Any]:
        return {
            "caller_name": self.caller_name.text(),
            "caller_phone": self.caller_phone.text(),
            "about": "provider" if self.about_provider_chosen() else "member",
            "member_name": self.member_name.text(),
            "state_id": self.state_id.text(),
            "npi": self.npi.text(),
            "provider_name": self.provider_name.text(),
            "question": self.question.text(),
            "mailing_address": self.mailing_address.text(),
            "received": self.received.value().isoformat(),
        }

    def apply_fields_state(self, state: dict[str, Any]) -> None:
        self.caller_name.set_text(state.get("caller_name", ""))
        self.caller_phone.set_text(state.get("caller_phone", ""))
        set_pair(
            self.about,
            self.about_member,
            self.about_provider,
            state.get("about", "member") == "member",
        )
        self.member_name.set_text(state.get("member_name", ""))
        self.state_id.set_text(state.get("state_id", ""))
        self.npi.set_text(state.get("npi", ""))
        self.provider_name.set_text(state.get("provider_name", ""))
        self.question.set_text(state.get("question", ""))
        self.mailing_address.set_text(state.get("mailing_address", ""))
        if state.get("received"):
            self.received.set_value(datetime.fromisoformat(state["received"]))

    def reset_fields(self) -> None:
        set_pair(self.about, self.about_member, self.about_provider, True)

    def draft_summary(self) -> str:
        name = self.caller_name.text().strip()
        return f"caller {name}" if name else ""
